// Acceptance: azbatch_pool and the azbatch_pool data source through the real
// CLI against the emulator: create, in-place updates that send only what
// changed, replacement only while nodes exist, waiting and resize errors,
// import, drift and destroy order.
#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/pool_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Lt;
using ::testing::Not;
using nlohmann::json;

// Resource group, gallery, definition and a version replicated to the account's
// region, from a snapshot seeded in the emulator.
std::string ImageChain() {
  return absl::StrCat(
      "resource \"azbatch_resource_group\" \"rg\" {\n  name = \"acc-pool\"\n"
      "  location = \"westeurope\"\n}\n"
      "resource \"azbatch_gallery\" \"g\" {\n  name = \"poolgal\"\n"
      "  resource_group_name = azbatch_resource_group.rg.name\n"
      "  location = azbatch_resource_group.rg.location\n}\n"
      "resource \"azbatch_image_definition\" \"d\" {\n  name = \"ubuntu\"\n"
      "  gallery_id = azbatch_gallery.g.id\n  location = \"westeurope\"\n  os_type = \"Linux\"\n"
      "  identifier = {\n    publisher = \"contoso\"\n    offer = \"batch\"\n"
      "    sku = \"22_04\"\n  }\n}\n"
      "resource \"azbatch_image_version\" \"v\" {\n  name = \"1.0.0\"\n"
      "  image_definition_id = azbatch_image_definition.d.id\n  location = \"westeurope\"\n"
      "  os_disk_snapshot_id = \"/subscriptions/", Emulator::kSubscriptionId,
      "/resourceGroups/acc-src/providers/Microsoft.Compute/snapshots/os-snap\"\n"
      "  target_region = [{ name = \"westeurope\" }]\n}\n");
}

std::string StartTask(const std::string& stage) {
  return absl::StrCat("  start_task {\n    command_line = \"/bin/bash -c 'echo stage ", stage,
                      "'\"\n    environment = { STAGE = \"", stage, "\" }\n  }\n");
}

const json& Props(const json& pool) { return pool["properties"]; }

TEST_P(PoolAccTest, GalleryPoolUpdatesInPlaceAndReplacesOnlyWithNodes) {
  SeedAccount("acct1", "westeurope");
  Seed({{{"id", RgId("acc-src") + "/providers/Microsoft.Compute/snapshots/os-snap"},
         {"location", "westeurope"},
         {"properties", {{"osType", "Linux"}, {"diskSizeGB", 30}}}}});
  const std::string chain = ImageChain();
  auto ws = NewWorkspace(chain);
  ApplyStep(*ws, chain);
  const std::string version_id = GalleryId("acc-pool", "poolgal") + "/images/ubuntu/versions/1.0.0";
  ASSERT_TRUE(Exists(version_id));

  // Create from the gallery image (its id is known now, so preflight runs).
  PoolSpec spec;
  spec.account_id = AccountId();
  spec.image = GalleryImage("azbatch_image_version.v.id");
  spec.scale = FixedScale(2);
  spec.extra = StartTask("1") + "  metadata = { team = \"hpc\" }\n";
  auto config = [&](const PoolSpec& s) { return chain + s.Render(); };
  std::string out = ApplyStep(*ws, config(spec));
  EXPECT_THAT(out, HasSubstr("azbatch_pool.p will be created"));
  EXPECT_THAT(out, Not(HasSubstr("Warning")));
  json pool = emu_->Resource(PoolId());
  ASSERT_FALSE(pool.is_discarded());
  EXPECT_EQ(Props(pool)["allocationState"], "Steady");
  EXPECT_EQ(Props(pool)["currentDedicatedNodes"], 2);
  EXPECT_TRUE(absl::EqualsIgnoreCase(
      Props(pool)["deploymentConfiguration"]["virtualMachineConfiguration"]["imageReference"]
          .value("id", ""),
      version_id))
      << pool.dump();
  EXPECT_EQ(Props(pool)["metadata"], json::parse(R"([{"name":"team","value":"hpc"}])"));

  // Scale up and down in place: one PATCH carrying only the scale settings.
  // Scale down with a node deallocation option: Azure never returns it, and no diff follows.
  for (int nodes : {4, 1}) {
    spec.scale = FixedScale(nodes);
    if (nodes == 1) {
      spec.scale.insert(spec.scale.rfind("  }"),
                        "    node_deallocation_option = \"TaskCompletion\"\n");
    }
    ClearLog();
    out = ApplyStep(*ws, config(spec));
    EXPECT_THAT(out, HasSubstr("azbatch_pool.p will be updated in-place"));
    EXPECT_THAT(out, Not(HasSubstr("forces replacement")));
    std::vector<json> patches = Requests("PATCH", "/pools/pool1");
    ASSERT_EQ(patches.size(), 1u) << emu_->RequestLog().dump();
    EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.scaleSettings"));
    const json& fixed = patches[0]["body"]["properties"]["scaleSettings"]["fixedScale"];
    EXPECT_EQ(fixed["targetDedicatedNodes"], nodes);
    EXPECT_EQ(fixed.value("nodeDeallocationOption", ""), nodes == 1 ? "TaskCompletion" : "Requeue");
    EXPECT_TRUE(Requests("PUT", "/pools/pool1").empty());
    pool = emu_->Resource(PoolId());
    EXPECT_EQ(Props(pool)["currentDedicatedNodes"], nodes);
  }

  // A start-task change is in place too, and only sends the start task.
  spec.extra = StartTask("2") + "  metadata = { team = \"hpc\" }\n";
  ClearLog();
  out = ApplyStep(*ws, config(spec));
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  std::vector<json> patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.startTask"));
  EXPECT_EQ(Props(emu_->Resource(PoolId()))["startTask"]["commandLine"],
            "/bin/bash -c 'echo stage 2'");

  // vm_size is accepted only at zero nodes: with a node the plan replaces the pool...
  PoolSpec bigger = spec;
  bigger.vm_size = "Standard_D4s_v3";
  std::string plan = Plan(*ws, config(bigger), 2);
  EXPECT_THAT(plan, HasSubstr("azbatch_pool.p must be replaced"));
  EXPECT_THAT(plan, HasSubstr("~ vm_size = \"Standard_D2s_v3\" -> \"Standard_D4s_v3\" "
                              "# forces replacement"));
  // ...or, with prevent_replacement, refuses with the attribute and the way out.
  bigger.extra += "  prevent_replacement = true\n";
  ws->WriteConfig(config(bigger));
  CommandResult refused = ws->Run({"plan", "-no-color"});
  EXPECT_EQ(refused.exit_code, 1);
  std::string err = Flat(refused.Combined());
  EXPECT_THAT(err, HasSubstr("Error: Change needs a pool without nodes"));
  EXPECT_THAT(err, HasSubstr("in resource \"azbatch_pool\" \"p\":"));
  EXPECT_THAT(err, ::testing::ContainsRegex(": [0-9]+: vm_size = \"Standard_D4s_v3\""));
  EXPECT_THAT(err, HasSubstr("changes to vm_size only while the pool has no nodes, and it has 1"));
  EXPECT_THAT(err, HasSubstr("scale to zero first"));

  // At zero nodes the same change is an in-place PATCH of vmSize alone.
  spec.scale = FixedScale(0);
  out = ApplyStep(*ws, config(spec));
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  EXPECT_EQ(Props(emu_->Resource(PoolId()))["currentDedicatedNodes"], 0);
  bigger.scale = FixedScale(0);
  ClearLog();
  out = ApplyStep(*ws, config(bigger));
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  EXPECT_THAT(out, Not(HasSubstr("forces replacement")));
  patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.vmSize"));
  EXPECT_EQ(patches[0]["body"]["properties"]["vmSize"], "Standard_D4s_v3");
  EXPECT_TRUE(Requests("DELETE", "/pools/pool1").empty());

  // Fixed scale -> autoscale -> fixed scale, in place.
  PoolSpec autoscaled = bigger;
  autoscaled.scale =
      "  auto_scale {\n    formula = \"$TargetDedicatedNodes = 3;\"\n"
      "    evaluation_interval = \"PT5M\"\n  }\n";
  ClearLog();
  out = ApplyStep(*ws, config(autoscaled));
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.scaleSettings"));
  pool = emu_->Resource(PoolId());
  EXPECT_FALSE(Props(pool)["scaleSettings"].contains("fixedScale")) << pool.dump();
  EXPECT_EQ(Props(pool)["scaleSettings"]["autoScale"]["evaluationInterval"], "PT5M");
  EXPECT_EQ(Props(pool)["currentDedicatedNodes"], 3);

  autoscaled.scale = FixedScale(1);
  ClearLog();
  out = ApplyStep(*ws, config(autoscaled));
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.scaleSettings"));
  pool = emu_->Resource(PoolId());
  EXPECT_FALSE(Props(pool)["scaleSettings"].contains("autoScale")) << pool.dump();
  EXPECT_EQ(Props(pool)["currentDedicatedNodes"], 1);

  // One destroy removes the pool first, then the image chain.
  ClearLog();
  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve"});
  ASSERT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(PoolId()));
  EXPECT_FALSE(Exists(version_id));
  EXPECT_FALSE(Exists(RgId("acc-pool")));
  EXPECT_TRUE(Exists(AccountId()));  // not managed here
  std::vector<json> pool_deletes = Requests("DELETE", "/pools/pool1");
  std::vector<json> version_deletes = Requests("DELETE", "/versions/1.0.0");
  ASSERT_FALSE(pool_deletes.empty());
  ASSERT_FALSE(version_deletes.empty());
  EXPECT_THAT(pool_deletes.front()["seq"].get<int64_t>(),
              Lt(version_deletes.front()["seq"].get<int64_t>()));
  EXPECT_TRUE(StateList(*ws).empty());
}

TEST_P(PoolAccTest, DriftImportAndDataSource) {
  SeedAccount("acct1", "westeurope");
  SeedImage("ubuntu", Regions(1));
  PoolSpec spec;
  spec.account_id = AccountId();
  spec.image = GalleryImage(Q(VersionIdOf("ubuntu")));
  spec.scale = FixedScale(2);
  spec.extra = "  metadata = { team = \"hpc\" }\n";
  const std::string config = spec.Render();
  auto ws = NewWorkspace(config);
  ApplyStep(*ws, config);
  ASSERT_TRUE(Exists(PoolId()));

  // Drift of the metadata shows in the plan and is undone by a PATCH of it alone.
  Drift(PoolId(),
        {{"properties", {{"metadata", json::parse(R"([{"name":"team","value":"portal"}])")}}}});
  std::string plan = Plan(*ws, config, 2);
  EXPECT_THAT(plan, HasSubstr("will be updated in-place"));
  EXPECT_THAT(plan, HasSubstr("\"portal\" -> \"hpc\""));
  ClearLog();
  ApplyStep(*ws, config);
  std::vector<json> patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.metadata"));

  // The existing pool must be imported; a lower-cased id imports with an empty plan.
  auto other = NewWorkspace(config);
  CommandResult dup = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_THAT(Flat(dup.Combined()), HasSubstr(GetParam() + " import ADDRESS " + PoolId()));
  EXPECT_THAT(StateList(*other), Not(Contains("azbatch_pool.p")));
  CommandResult imp =
      other->Run({"import", "-no-color", "azbatch_pool.p", absl::AsciiStrToLower(PoolId())});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
  CommandResult show = other->Run({"state", "show", "-no-color", "azbatch_pool.p"});
  EXPECT_THAT(Flat(show.Combined()), HasSubstr("id = \"" + PoolId() + "\""));

  // The data source reads the pool.
  auto reader = NewWorkspace(absl::StrCat(
      "data \"azbatch_pool\" \"d\" {\n  account_id = \"", AccountId(),
      "\"\n  name = \"pool1\"\n}\n",
      "output \"vm_size\" { value = data.azbatch_pool.d.vm_size }\n"
      "output \"nodes\" { value = data.azbatch_pool.d.current_dedicated_nodes }\n"
      "output \"image\" { value = data.azbatch_pool.d.image_reference.id }\n"
      "output \"metadata\" { value = data.azbatch_pool.d.metadata }\n"));
  reader->Apply();
  json outputs = reader->Outputs();
  EXPECT_EQ(outputs["vm_size"]["value"], "Standard_D2s_v3");
  EXPECT_EQ(outputs["nodes"]["value"], 2);
  EXPECT_TRUE(absl::EqualsIgnoreCase(outputs["image"]["value"].get<std::string>(),
                                     VersionIdOf("ubuntu")))
      << outputs.dump();
  EXPECT_EQ(outputs["metadata"]["value"]["team"], "hpc");
  // A pool that does not exist is an error on its name.
  Workspace missing(cli_);
  missing.SetEnv(emu_->ProviderEnv());
  std::string err = missing.PlanError(absl::StrCat(
      "data \"azbatch_pool\" \"d\" {\n  account_id = \"", AccountId(),
      "\"\n  name = \"nopool\"\n}\n"));
  EXPECT_THAT(err, HasSubstr("Pool not found"));
}

TEST_P(PoolAccTest, MarketplaceImagePool) {
  SeedAccount("acct1", "westeurope");
  PoolSpec spec;
  spec.account_id = AccountId();
  spec.image =
      "    publisher = \"canonical\"\n    offer = \"0001-com-ubuntu-server-jammy\"\n"
      "    sku = \"22_04-lts\"\n";
  spec.scale = FixedScale(2);
  auto ws = NewWorkspace(spec.Render());
  ApplyStep(*ws, spec.Render());
  json pool = emu_->Resource(PoolId());
  json ref =
      Props(pool)["deploymentConfiguration"]["virtualMachineConfiguration"]["imageReference"];
  EXPECT_EQ(ref["publisher"], "canonical") << ref.dump();
  EXPECT_EQ(ref["sku"], "22_04-lts");
  EXPECT_FALSE(ref.contains("id"));
  EXPECT_EQ(Props(pool)["currentDedicatedNodes"], 2);
}

// The reported bug: an image id whose resource group Azure refuses ("my images")
// retried an invalid URL for minutes. It is a plan-time error on the attribute.
TEST_P(PoolAccTest, ImageIdWithAResourceGroupAzureRefusesFailsAtPlanTime) {
  SeedAccount("acct1", "westeurope");
  PoolSpec spec;
  spec.account_id = AccountId();
  spec.image = GalleryImage(Q(absl::StrCat(
      "/subscriptions/", Sub(),
      "/resourceGroups/my images/providers/Microsoft.Compute/galleries/g/images/d/versions/1.0.0")));
  spec.scale = FixedScale(1);
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  auto start = std::chrono::steady_clock::now();
  std::string err = ws.PlanError(spec.Render());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
  EXPECT_THAT(err, HasSubstr("id = \"/subscriptions/"));  // core quotes the attribute's line
  EXPECT_THAT(err, HasSubstr("resource group segment \"my images\", which Azure refuses: it "
                             "contains a space (U+0020)"));
}

TEST_P(PoolAccTest, NoWaitThenStopPendingResize) {
  SeedAccount("acct1", "westeurope");
  SeedImage("ubuntu", Regions(1));
  PoolSpec spec;
  spec.account_id = AccountId();
  spec.image = GalleryImage(Q(VersionIdOf("ubuntu")));
  // One replica serves 300 nodes: 6000 nodes take hours of emulated time.
  spec.scale = FixedScale(6000, "PT8H");
  spec.extra = "  wait_for_steady_state = false\n";
  auto ws = NewWorkspace(spec.Render());
  ApplyStep(*ws, spec.Render());
  json pool = emu_->Resource(PoolId());
  EXPECT_EQ(Props(pool)["allocationState"], "Resizing");
  EXPECT_LT(Props(pool)["currentDedicatedNodes"].get<int>(), 6000);

  // The update stops the running resize first, then patches the scale.
  spec.scale = FixedScale(10, "PT8H");
  spec.extra += "  stop_pending_resize = true\n";
  ClearLog();
  std::string out = ApplyStep(*ws, spec.Render());
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  std::vector<json> stops = Requests("POST", "/pools/pool1/stopResize");
  std::vector<json> patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(stops.size(), 1u) << emu_->RequestLog().dump();
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_LT(stops[0]["seq"].get<int64_t>(), patches[0]["seq"].get<int64_t>());
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.scaleSettings"));
  EXPECT_EQ(Props(emu_->Resource(PoolId()))["resizeOperationStatus"]["targetDedicatedNodes"], 10);
}

TEST_P(PoolAccTest, ResizeErrorIsReportedAndThePoolKept) {
  SeedAccount("acct1", "westeurope");
  SeedImage("ubuntu", Regions(1));
  PoolSpec spec;
  spec.account_id = AccountId();
  spec.image = GalleryImage(Q(VersionIdOf("ubuntu")));
  spec.scale = FixedScale(2000, "PT5M");
  auto ws = NewWorkspace(spec.Render());
  CommandResult r = ws->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_EQ(r.exit_code, 1) << r.Combined();
  std::string out = Flat(r.Combined());
  // Plan-time warnings named both causes...
  EXPECT_THAT(out, HasSubstr("Warning: Too few image replicas for this pool size"));
  EXPECT_THAT(out, HasSubstr("Warning: Resize timeout too short"));
  // ...and the apply reports Azure's resize error with the fix.
  EXPECT_THAT(out, HasSubstr("Error: Pool resize failed"));
  EXPECT_THAT(out, HasSubstr("AllocationTimedout"));
  EXPECT_THAT(out, HasSubstr("resize_timeout = \"PT30M\""));
  EXPECT_THAT(out, HasSubstr("The pool was created and is kept in state, marked tainted"));
  EXPECT_THAT(StateList(*ws), Contains("azbatch_pool.p"));
  json pool = emu_->Resource(PoolId());
  EXPECT_EQ(Props(pool)["allocationState"], "Steady");
  EXPECT_LT(Props(pool)["currentDedicatedNodes"].get<int>(), 2000);
  EXPECT_EQ(Props(pool)["resizeOperationStatus"]["errors"][0]["code"], "AllocationTimedout");

  // As the message says: the next plan replaces the tainted pool...
  EXPECT_THAT(Plan(*ws, spec.Render(), 2), HasSubstr("azbatch_pool.p is tainted, so"));
  // ...or, untainted, a fixed_scale change resizes it in place.
  CommandResult untaint = ws->Run({"untaint", "-no-color", "azbatch_pool.p"});
  ASSERT_EQ(untaint.exit_code, 0) << untaint.Combined();
  spec.scale = FixedScale(600, "PT30M");
  ClearLog();
  out = ApplyStep(*ws, spec.Render());
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  std::vector<json> patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.scaleSettings"));
  pool = emu_->Resource(PoolId());
  EXPECT_EQ(Props(pool)["currentDedicatedNodes"], 600);
  EXPECT_FALSE(Props(pool)["resizeOperationStatus"].contains("errors")) << pool.dump();
}

INSTANTIATE_CLI_TESTS(PoolAccTest);

}  // namespace
}  // namespace azbatch::acceptance
