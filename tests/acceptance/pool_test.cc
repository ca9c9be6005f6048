// Acceptance: azbatch_pool and the azbatch_pool data source through the real
// CLI against the emulator: create, in-place updates that send only what
// changed, replacement only while nodes exist, waiting and resize errors,
// import, drift and destroy order. Configurations: testdata/pool/.
#include <chrono>
#include <map>
#include <memory>
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

const json& Props(const json& pool) { return pool["properties"]; }

// Each test starts from the image chain applied, then a pool of two nodes
// from its version created (create_out_: the flattened apply output).
class GalleryPoolAccTest : public PoolAccTest {
 protected:
  // Resource group, gallery, definition (testdata/shared/) and a version
  // replicated to the account's region (testdata/pool/image_chain.tf), from a
  // snapshot seeded in the emulator; then the pool file `pool_file` (one of
  // testdata/pool/chain_pool*.tf) with `vars` (account_id is given).
  static std::string ImageChain(const std::string& pool_file = "",
                                std::map<std::string, std::string> vars = {}) {
    std::vector<std::string> files = {"shared/gallery.tf", "shared/image_definition.tf",
                                      "pool/image_chain.tf"};
    vars.emplace("resource_group", "acc-pool");
    vars.emplace("gallery", "poolgal");
    vars.emplace("subscription_id", Emulator::kSubscriptionId);
    if (!pool_file.empty()) {
      files.push_back(pool_file);
      vars.emplace("account_id", AccountId());
    }
    return TestdataFiles(files, vars);
  }
  // The image chain and testdata/pool/chain_pool.tf.
  static std::string ChainPool(int nodes, const std::string& vm_size = "Standard_D2s_v3",
                               const std::string& stage = "1") {
    return ImageChain("pool/chain_pool.tf",
                      {{"nodes", absl::StrCat(nodes)}, {"vm_size", vm_size}, {"stage", stage}});
  }

  void SetUp() override {
    PoolAccTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    SeedAccount("acct1", "westeurope");
    Seed({{{"id", RgId("acc-src") + "/providers/Microsoft.Compute/snapshots/os-snap"},
           {"location", "westeurope"},
           {"properties", {{"osType", "Linux"}, {"diskSizeGB", 30}}}}});
    const std::string chain = ImageChain();
    ws_ = NewWorkspace(chain);
    ApplyStep(*ws_, chain);
    ASSERT_TRUE(Exists(version_id_));
    // Create from the gallery image (its id is known now, so preflight runs).
    create_out_ = ApplyStep(*ws_, ChainPool(2));
  }
  // An apply of `config` that must update the pool in place with exactly one
  // PATCH; returns that PATCH's body.
  json PatchStep(const std::string& config) {
    ClearLog();
    std::string out = ApplyStep(*ws_, config);
    EXPECT_THAT(out, HasSubstr("azbatch_pool.p will be updated in-place"));
    EXPECT_THAT(out, Not(HasSubstr("forces replacement")));
    std::vector<json> patches = Requests("PATCH", "/pools/pool1");
    EXPECT_EQ(patches.size(), 1u) << emu_->RequestLog().dump();
    return patches.empty() ? json() : patches[0]["body"];
  }

  const std::string version_id_ =
      GalleryId("acc-pool", "poolgal") + "/images/ubuntu/versions/1.0.0";
  std::unique_ptr<Workspace> ws_;
  std::string create_out_;
};

TEST_P(GalleryPoolAccTest, CreatesThePoolFromTheGalleryImage) {
  EXPECT_THAT(create_out_, HasSubstr("azbatch_pool.p will be created"));
  EXPECT_THAT(create_out_, Not(HasSubstr("Warning")));
  json pool = emu_->Resource(PoolId());
  ASSERT_FALSE(pool.is_discarded());
  EXPECT_EQ(Props(pool)["allocationState"], "Steady");
  EXPECT_EQ(Props(pool)["currentDedicatedNodes"], 2);
  EXPECT_TRUE(absl::EqualsIgnoreCase(
      Props(pool)["deploymentConfiguration"]["virtualMachineConfiguration"]["imageReference"]
          .value("id", ""),
      version_id_))
      << pool.dump();
  EXPECT_EQ(Props(pool)["metadata"], json::parse(R"([{"name":"team","value":"hpc"}])"));
}

// Scaling up is in place: one PATCH carrying only the scale settings.
TEST_P(GalleryPoolAccTest, ScaleUpPatchesOnlyTheScale) {
  json body = PatchStep(ChainPool(4));
  EXPECT_THAT(PatchedKeys(body), ElementsAre("properties.scaleSettings"));
  const json& fixed = body["properties"]["scaleSettings"]["fixedScale"];
  EXPECT_EQ(fixed["targetDedicatedNodes"], 4);
  EXPECT_EQ(fixed.value("nodeDeallocationOption", ""), "Requeue");
  EXPECT_TRUE(Requests("PUT", "/pools/pool1").empty());
  EXPECT_EQ(Props(emu_->Resource(PoolId()))["currentDedicatedNodes"], 4);
}

// Scaling down with a node deallocation option is in place too: Azure never
// returns the option, and no diff follows.
TEST_P(GalleryPoolAccTest, ScaleDownWithADeallocationOptionPatchesOnlyTheScale) {
  json body = PatchStep(ImageChain("pool/chain_pool_deallocation.tf"));
  EXPECT_THAT(PatchedKeys(body), ElementsAre("properties.scaleSettings"));
  const json& fixed = body["properties"]["scaleSettings"]["fixedScale"];
  EXPECT_EQ(fixed["targetDedicatedNodes"], 1);
  EXPECT_EQ(fixed.value("nodeDeallocationOption", ""), "TaskCompletion");
  EXPECT_TRUE(Requests("PUT", "/pools/pool1").empty());
  EXPECT_EQ(Props(emu_->Resource(PoolId()))["currentDedicatedNodes"], 1);
}

// A start-task change is in place, and only sends the start task.
TEST_P(GalleryPoolAccTest, StartTaskChangePatchesOnlyTheStartTask) {
  json body = PatchStep(ChainPool(2, "Standard_D2s_v3", "2"));
  EXPECT_THAT(PatchedKeys(body), ElementsAre("properties.startTask"));
  EXPECT_EQ(Props(emu_->Resource(PoolId()))["startTask"]["commandLine"],
            "/bin/bash -c 'echo stage 2'");
}

// vm_size is accepted only at zero nodes: with nodes the plan replaces the pool.
TEST_P(GalleryPoolAccTest, VmSizeChangeWithNodesReplacesThePool) {
  std::string plan = Plan(*ws_, ChainPool(2, "Standard_D4s_v3"), 2);
  EXPECT_THAT(plan, HasSubstr("azbatch_pool.p must be replaced"));
  EXPECT_THAT(plan, HasSubstr("~ vm_size = \"Standard_D2s_v3\" -> \"Standard_D4s_v3\" "
                              "# forces replacement"));
}

// With prevent_replacement, the same change is refused with the attribute and
// the way out.
TEST_P(GalleryPoolAccTest, VmSizeChangeWithNodesIsRefusedWithPreventReplacement) {
  ApplyStep(*ws_, ChainPool(1));
  ws_->WriteConfig(ImageChain("pool/chain_pool_prevent_replacement.tf"));
  CommandResult refused = ws_->Run({"plan", "-no-color"});
  EXPECT_EQ(refused.exit_code, 1);
  std::string err = Flat(refused.Combined());
  EXPECT_THAT(err, HasSubstr("Error: Change needs a pool without nodes"));
  EXPECT_THAT(err, HasSubstr("in resource \"azbatch_pool\" \"p\":"));
  EXPECT_THAT(err, ::testing::ContainsRegex(": [0-9]+: vm_size = \"Standard_D4s_v3\""));
  EXPECT_THAT(err, HasSubstr("changes to vm_size only while the pool has no nodes, and it has 1"));
  EXPECT_THAT(err, HasSubstr("scale to zero first"));
}

// At zero nodes the same change is an in-place PATCH of vmSize alone.
TEST_P(GalleryPoolAccTest, VmSizeChangeAtZeroNodesPatchesOnlyTheVmSize) {
  std::string out = ApplyStep(*ws_, ChainPool(0));
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  EXPECT_EQ(Props(emu_->Resource(PoolId()))["currentDedicatedNodes"], 0);
  json body = PatchStep(ChainPool(0, "Standard_D4s_v3"));
  EXPECT_THAT(PatchedKeys(body), ElementsAre("properties.vmSize"));
  EXPECT_EQ(body["properties"]["vmSize"], "Standard_D4s_v3");
  EXPECT_TRUE(Requests("DELETE", "/pools/pool1").empty());
}

// Fixed scale -> autoscale -> fixed scale, in place.
TEST_P(GalleryPoolAccTest, SwitchesBetweenFixedScaleAndAutoscaleInPlace) {
  json body = PatchStep(ImageChain("pool/chain_pool_autoscale.tf"));
  EXPECT_THAT(PatchedKeys(body), ElementsAre("properties.scaleSettings"));
  json pool = emu_->Resource(PoolId());
  EXPECT_FALSE(Props(pool)["scaleSettings"].contains("fixedScale")) << pool.dump();
  EXPECT_EQ(Props(pool)["scaleSettings"]["autoScale"]["evaluationInterval"], "PT5M");
  EXPECT_EQ(Props(pool)["currentDedicatedNodes"], 3);

  body = PatchStep(ChainPool(1));
  EXPECT_THAT(PatchedKeys(body), ElementsAre("properties.scaleSettings"));
  pool = emu_->Resource(PoolId());
  EXPECT_FALSE(Props(pool)["scaleSettings"].contains("autoScale")) << pool.dump();
  EXPECT_EQ(Props(pool)["currentDedicatedNodes"], 1);
}

// One destroy removes the pool first, then the image chain.
TEST_P(GalleryPoolAccTest, DestroyRemovesThePoolBeforeTheImageChain) {
  ClearLog();
  CommandResult destroy = ws_->Run({"destroy", "-no-color", "-auto-approve"});
  ASSERT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(PoolId()));
  EXPECT_FALSE(Exists(version_id_));
  EXPECT_FALSE(Exists(RgId("acc-pool")));
  EXPECT_TRUE(Exists(AccountId()));  // not managed here
  std::vector<json> pool_deletes = Requests("DELETE", "/pools/pool1");
  std::vector<json> version_deletes = Requests("DELETE", "/versions/1.0.0");
  ASSERT_FALSE(pool_deletes.empty());
  ASSERT_FALSE(version_deletes.empty());
  EXPECT_THAT(pool_deletes.front()["seq"].get<int64_t>(),
              Lt(version_deletes.front()["seq"].get<int64_t>()));
  EXPECT_TRUE(StateList(*ws_).empty());
}

// An account and a gallery image seeded in the emulator.
class SeededPoolAccTest : public PoolAccTest {
 protected:
  void SetUp() override {
    PoolAccTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    SeedAccount("acct1", "westeurope");
    SeedImage("ubuntu", Regions(1));
  }
};

// Each test starts from testdata/pool/pool_with_metadata.tf applied: two
// nodes from the seeded image, metadata team = "hpc".
class AppliedPoolAccTest : public AppliedAccTest<SeededPoolAccTest> {
 protected:
  std::string AppliedConfig() const override {
    return Testdata("pool/pool_with_metadata.tf",
                    {{"account_id", AccountId()}, {"image_id", VersionIdOf("ubuntu")}});
  }
  void SetUp() override {
    AppliedAccTest<SeededPoolAccTest>::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(Exists(PoolId()));
  }
};

// Drift of the metadata shows in the plan and is undone by a PATCH of it alone.
TEST_P(AppliedPoolAccTest, DriftedMetadataIsPatchedBackAlone) {
  Drift(PoolId(),
        {{"properties", {{"metadata", json::parse(R"([{"name":"team","value":"portal"}])")}}}});
  std::string plan = Plan(*ws_, config_, 2);
  EXPECT_THAT(plan, HasSubstr("will be updated in-place"));
  EXPECT_THAT(plan, HasSubstr("\"portal\" -> \"hpc\""));
  ClearLog();
  ApplyStep(*ws_, config_);
  std::vector<json> patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.metadata"));
}

// The existing pool must be imported; a lower-cased id imports with an empty plan.
TEST_P(AppliedPoolAccTest, SecondConfigurationMustImportAndALowerCasedIdImports) {
  auto other = NewWorkspace(config_);
  CommandResult dup = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_THAT(Flat(dup.Combined()), HasSubstr(GetParam() + " import ADDRESS " + PoolId()));
  EXPECT_THAT(StateList(*other), Not(Contains("azbatch_pool.p")));
  CommandResult imp =
      other->Run({"import", "-no-color", "azbatch_pool.p", absl::AsciiStrToLower(PoolId())});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
  CommandResult show = other->Run({"state", "show", "-no-color", "azbatch_pool.p"});
  EXPECT_THAT(Flat(show.Combined()), HasSubstr("id = \"" + PoolId() + "\""));
}

TEST_P(AppliedPoolAccTest, DataSourceReadsThePool) {
  auto reader = NewWorkspace(
      Testdata("pool/pool_data_source.tf", {{"account_id", AccountId()}, {"name", "pool1"}}));
  reader->Apply();
  json outputs = reader->Outputs();
  EXPECT_EQ(outputs["vm_size"]["value"], "Standard_D2s_v3");
  EXPECT_EQ(outputs["nodes"]["value"], 2);
  EXPECT_TRUE(absl::EqualsIgnoreCase(outputs["image"]["value"].get<std::string>(),
                                     VersionIdOf("ubuntu")))
      << outputs.dump();
  EXPECT_EQ(outputs["metadata"]["value"]["team"], "hpc");
}

// A pool that does not exist is an error on its name.
TEST_P(SeededPoolAccTest, DataSourceOfAMissingPoolIsAnError) {
  Workspace missing(cli_);
  missing.SetEnv(emu_->ProviderEnv());
  std::string err = missing.PlanError(
      Testdata("pool/pool_data_source.tf", {{"account_id", AccountId()}, {"name", "nopool"}}));
  EXPECT_THAT(err, HasSubstr("Pool not found"));
}

TEST_P(PoolAccTest, MarketplaceImagePool) {
  SeedAccount("acct1", "westeurope");
  const std::string config = Testdata("pool/marketplace.tf", {{"account_id", AccountId()}});
  auto ws = NewWorkspace(config);
  ApplyStep(*ws, config);
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
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  auto start = std::chrono::steady_clock::now();
  std::string err = ws.PlanError(PoolConfig(
      {{"account_id", AccountId()},
       {"image_id",
        absl::StrCat("/subscriptions/", Sub(),
                     "/resourceGroups/my images/providers/Microsoft.Compute/galleries/g/images/d/"
                     "versions/1.0.0")},
       {"nodes", "1"}}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
  EXPECT_THAT(err, HasSubstr("id = \"/subscriptions/"));  // core quotes the attribute's line
  EXPECT_THAT(err, HasSubstr("resource group segment \"my images\", which Azure refuses: it "
                             "contains a space (U+0020)"));
}

// Without waiting, the apply ends while the pool resizes; the update then stops
// the running resize first, and patches the scale.
TEST_P(SeededPoolAccTest, NoWaitThenStopPendingResize) {
  const std::map<std::string, std::string> vars = {{"account_id", AccountId()},
                                                   {"image_id", VersionIdOf("ubuntu")}};
  const std::string no_wait = Testdata("pool/no_wait.tf", vars);
  auto ws = NewWorkspace(no_wait);
  ApplyStep(*ws, no_wait);
  json pool = emu_->Resource(PoolId());
  EXPECT_EQ(Props(pool)["allocationState"], "Resizing");
  EXPECT_LT(Props(pool)["currentDedicatedNodes"].get<int>(), 6000);

  ClearLog();
  std::string out = ApplyStep(*ws, Testdata("pool/stop_pending_resize.tf", vars));
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  std::vector<json> stops = Requests("POST", "/pools/pool1/stopResize");
  std::vector<json> patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(stops.size(), 1u) << emu_->RequestLog().dump();
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_LT(stops[0]["seq"].get<int64_t>(), patches[0]["seq"].get<int64_t>());
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.scaleSettings"));
  EXPECT_EQ(Props(emu_->Resource(PoolId()))["resizeOperationStatus"]["targetDedicatedNodes"], 10);
}

TEST_P(SeededPoolAccTest, ResizeErrorIsReportedAndThePoolKept) {
  const std::string config = PoolConfig({{"account_id", AccountId()},
                                         {"image_id", VersionIdOf("ubuntu")},
                                         {"nodes", "2000"},
                                         {"resize_timeout", "PT5M"}});
  auto ws = NewWorkspace(config);
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
  EXPECT_THAT(Plan(*ws, config, 2), HasSubstr("azbatch_pool.p is tainted, so"));
  // ...or, untainted, a fixed_scale change resizes it in place.
  CommandResult untaint = ws->Run({"untaint", "-no-color", "azbatch_pool.p"});
  ASSERT_EQ(untaint.exit_code, 0) << untaint.Combined();
  ClearLog();
  out = ApplyStep(*ws, PoolConfig({{"account_id", AccountId()},
                                   {"image_id", VersionIdOf("ubuntu")},
                                   {"nodes", "600"},
                                   {"resize_timeout", "PT30M"}}));
  EXPECT_THAT(out, HasSubstr("will be updated in-place"));
  std::vector<json> patches = Requests("PATCH", "/pools/pool1");
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_THAT(PatchedKeys(patches[0]["body"]), ElementsAre("properties.scaleSettings"));
  pool = emu_->Resource(PoolId());
  EXPECT_EQ(Props(pool)["currentDedicatedNodes"], 600);
  EXPECT_FALSE(Props(pool)["resizeOperationStatus"].contains("errors")) << pool.dump();
}

INSTANTIATE_CLI_TESTS(PoolAccTest);
INSTANTIATE_CLI_TESTS(GalleryPoolAccTest);
INSTANTIATE_CLI_TESTS(SeededPoolAccTest);
INSTANTIATE_CLI_TESTS(AppliedPoolAccTest);

}  // namespace
}  // namespace azbatch::acceptance
