// Acceptance: azbatch_managed_image through the real CLI against the emulator,
// built from OS- and data-disk snapshots seeded out of band.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

class ManagedImageAccTest : public ImageAccTest {
 protected:
  void SetUp() override {
    ImageAccTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    HttpResult r = emu_->Admin(
        "POST", "seed",
        {{"resources",
          {{{"id", SnapshotId("os-snap")},
            {"location", "westeurope"},
            {"properties", {{"osType", "Linux"}, {"diskSizeGB", 30}}}},
           {{"id", SnapshotId("data-snap")},
            {"location", "westeurope"},
            {"properties", {{"diskSizeGB", 128}}}}}}});
    ASSERT_LT(r.status, 300) << r.body;
  }
  static std::string SnapshotId(const std::string& name) {
    return RgId("acc-src") + "/providers/Microsoft.Compute/snapshots/" + name;
  }
  static std::string ImageId() {
    return RgId("acc-img") + "/providers/Microsoft.Compute/images/acc-image";
  }
  // Bodies of the ARM writes (PUT/PATCH/DELETE) to `id`, in order.
  std::vector<nlohmann::json> Writes(const std::string& method, const std::string& id) {
    std::vector<nlohmann::json> out;
    for (const auto& req : emu_->RequestLog()) {
      if (req.value("method", "") == method &&
          absl::AsciiStrToLower(req.value("path", "")) == absl::AsciiStrToLower(id)) {
        out.push_back(req["body"]);
      }
    }
    return out;
  }
};

std::string ImageConfig(const std::string& body) {
  return absl::StrCat(
      "resource \"azbatch_resource_group\" \"rg\" {\n  name = \"acc-img\"\n"
      "  location = \"westeurope\"\n}\n"
      "resource \"azbatch_managed_image\" \"img\" {\n  name = \"acc-image\"\n"
      "  resource_group_name = azbatch_resource_group.rg.name\n"
      "  location = azbatch_resource_group.rg.location\n",
      body, "}\n");
}

const char kOsSnap[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/"
    "Microsoft.Compute/snapshots/os-snap";
const char kDataSnap[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/"
    "Microsoft.Compute/snapshots/data-snap";

std::string Basic() {
  return ImageConfig(absl::StrCat("  os_type = \"Linux\"\n  os_disk_snapshot_id = \"", kOsSnap,
                                  "\"\n"));
}

std::string Complete(const std::string& tag) {
  return ImageConfig(absl::StrCat(
      "  os_type = \"Linux\"\n  os_disk_snapshot_id = \"", kOsSnap, "\"\n",
      "  os_disk_caching = \"ReadWrite\"\n  os_disk_storage_type = \"Premium_LRS\"\n",
      "  data_disk = [\n    { lun = 1, snapshot_id = \"", kDataSnap,
      "\", caching = \"ReadOnly\" },\n  ]\n",
      "  hyper_v_generation = \"V2\"\n  zone_resilient = true\n",
      "  tags = { stage = \"", tag, "\" }\n"));
}

TEST_P(ManagedImageAccTest, SnapshotsToImageLifecycle) {
  // Basic: OS-disk snapshot only; Azure fills caching and size without a diff.
  auto ws = NewWorkspace(Basic());
  ApplyClean(*ws, Basic());
  nlohmann::json body = emu_->Resource(ImageId());
  ASSERT_FALSE(body.is_discarded());
  EXPECT_EQ(body["properties"]["storageProfile"]["osDisk"]["snapshot"]["id"], kOsSnap);
  EXPECT_EQ(body["properties"]["storageProfile"]["osDisk"]["diskSizeGB"], 30);
  EXPECT_EQ(body["properties"]["hyperVGeneration"], "V1");

  // Complete: generation and data disks are immutable, so this replaces.
  EXPECT_THAT(Plan(*ws, Complete("one"), 2), HasSubstr("forces replacement"));
  ApplyClean(*ws, Complete("one"));
  body = emu_->Resource(ImageId());
  const nlohmann::json& sp = body["properties"]["storageProfile"];
  EXPECT_EQ(body["properties"]["hyperVGeneration"], "V2");
  EXPECT_EQ(sp["zoneResilient"], true);
  EXPECT_EQ(sp["osDisk"]["caching"], "ReadWrite");
  EXPECT_EQ(sp["osDisk"]["storageAccountType"], "Premium_LRS");
  ASSERT_EQ(sp["dataDisks"].size(), 1u) << sp.dump();
  EXPECT_EQ(sp["dataDisks"][0]["lun"], 1);
  EXPECT_EQ(sp["dataDisks"][0]["snapshot"]["id"], kDataSnap);
  EXPECT_EQ(sp["dataDisks"][0]["caching"], "ReadOnly");
  EXPECT_EQ(body["tags"], (nlohmann::json{{"stage", "one"}}));

  // In-place: tags only, by a PATCH that carries nothing else.
  EXPECT_THAT(Plan(*ws, Complete("two"), 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, Complete("two"));
  std::vector<nlohmann::json> patches = Writes("PATCH", ImageId());
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_EQ(patches[0], (nlohmann::json{{"tags", {{"stage", "two"}}}}));
  EXPECT_EQ(emu_->Resource(ImageId())["tags"], (nlohmann::json{{"stage", "two"}}));

  // Drift of the tags shows in the plan and is repaired by an apply.
  Drift(ImageId(), {{"tags", {{"stage", "hacked"}}}});
  EXPECT_THAT(Plan(*ws, Complete("two"), 2), HasSubstr("\"hacked\" -> \"two\""));
  ApplyClean(*ws, Complete("two"));

  // Replacement on an immutable change (the data disk's caching).
  std::string recache = Complete("two");
  recache.replace(recache.find("caching = \"ReadOnly\""), 20, "caching = \"None\"");
  std::string plan = Plan(*ws, recache, 2);
  EXPECT_THAT(plan, HasSubstr("forces replacement"));
  EXPECT_THAT(plan, HasSubstr("must be replaced"));

  // Requires import: a second configuration cannot create the same image...
  auto other = NewWorkspace(Complete("two"));
  CommandResult imp_rg =
      other->Run({"import", "-no-color", "azbatch_resource_group.rg", RgId("acc-img")});
  ASSERT_EQ(imp_rg.exit_code, 0) << imp_rg.Combined();
  CommandResult dup = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_THAT(Flat(dup.Combined()), HasSubstr("already exists"));
  EXPECT_THAT(Flat(dup.Combined()),
              HasSubstr(GetParam() + " import ADDRESS " + ImageId()));
  // ...and imports it by a lower-cased id with an empty plan after.
  CommandResult imp = other->Run({"import", "-no-color", "azbatch_managed_image.img",
                                  absl::AsciiStrToLower(ImageId())});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;

  // Destroy: the image, then its group, in one run.
  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(ImageId()));
  EXPECT_FALSE(Exists(RgId("acc-img")));
  EXPECT_TRUE(Exists(SnapshotId("os-snap")));  // sources are not ours to delete
}

TEST_P(ManagedImageAccTest, BadInputsAreReportedAtTheirAttribute) {
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  const std::string disk_id =
      "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/"
      "Microsoft.Compute/disks/os-disk";
  // A managed disk id where a snapshot id belongs.
  std::string err = ws.PlanError(
      ImageConfig(absl::StrCat("  os_type = \"Linux\"\n  os_disk_snapshot_id = \"", disk_id,
                               "\"\n")));
  EXPECT_THAT(err, HasSubstr(absl::StrCat("os_disk_snapshot_id = \"", disk_id, "\"")));
  EXPECT_THAT(err, HasSubstr("Attribute os_disk_snapshot_id must be an ARM resource id of type "
                             "Microsoft.Compute/snapshots"));
  // The same inside a data disk: the path names the list element.
  err = ws.PlanError(ImageConfig(absl::StrCat(
      "  os_type = \"Linux\"\n  os_disk_snapshot_id = \"", kOsSnap, "\"\n",
      "  data_disk = [{ lun = 0, snapshot_id = \"", disk_id, "\" }]\n")));
  EXPECT_THAT(err, HasSubstr("Attribute data_disk[0].snapshot_id must be an ARM resource id of "
                             "type Microsoft.Compute/snapshots"));
  // No source at all.
  err = ws.PlanError(ImageConfig("  os_type = \"Linux\"\n"));
  EXPECT_THAT(err, HasSubstr("Exactly one of [source_virtual_machine_id, os_disk_snapshot_id, "
                             "os_disk_managed_disk_id, os_disk_blob_uri] must be set, got 0"));
  // Disks without an os_type.
  err = ws.PlanError(ImageConfig(absl::StrCat("  os_disk_snapshot_id = \"", kOsSnap, "\"\n")));
  EXPECT_THAT(err, HasSubstr("Missing os_type"));
  EXPECT_THAT(err, HasSubstr("os_type is required when the image is built from disks"));
  // Enums and names.
  err = ws.PlanError(ImageConfig(absl::StrCat("  os_type = \"Linux\"\n  os_disk_snapshot_id = \"",
                                              kOsSnap, "\"\n  hyper_v_generation = \"V3\"\n")));
  EXPECT_THAT(err, HasSubstr("hyper_v_generation = \"V3\""));
  EXPECT_THAT(err, HasSubstr("Attribute hyper_v_generation"));
  std::string bad_name = Basic();
  bad_name.replace(bad_name.find("\"acc-image\""), 11, "\"-image\"");
  err = ws.PlanError(bad_name);
  EXPECT_THAT(err, HasSubstr("name = \"-image\""));
  EXPECT_THAT(err, HasSubstr("starting with a letter or digit"));
}

INSTANTIATE_CLI_TESTS(ManagedImageAccTest);

}  // namespace
}  // namespace azbatch::acceptance
