// Acceptance: azbatch_managed_image through the real CLI against the emulator,
// built from OS- and data-disk snapshots seeded out of band.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
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

const char kOsSnap[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/"
    "Microsoft.Compute/snapshots/os-snap";
const char kDataSnap[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/acc-src/providers/"
    "Microsoft.Compute/snapshots/data-snap";

// testdata/managed_image: the group every test uses, and an image in it.
std::string ImageConfig(const std::string& file,
                        const std::map<std::string, std::string>& vars = {}) {
  return TestdataFiles({"managed_image/group.tf", "managed_image/" + file}, vars);
}
// From an OS-disk snapshot only, plus one more attribute line.
std::string Basic(const std::string& attribute = "", const std::string& os_snapshot_id = kOsSnap,
                  const std::string& name = "acc-image") {
  return ImageConfig("basic.tf",
                     {{"name", name}, {"os_snapshot_id", os_snapshot_id}, {"attribute", attribute}});
}
// Every optional value set, with a data disk.
std::string Complete(const std::string& tag, const std::string& data_disk_caching = "ReadOnly") {
  return ImageConfig("complete.tf", {{"stage", tag}, {"data_disk_caching", data_disk_caching}});
}

// Each test starts from the complete image applied with the tag stage = "two".
class AppliedImageAccTest : public AppliedAccTest<ManagedImageAccTest> {
 protected:
  std::string AppliedConfig() const override { return Complete("two"); }
};

// Azure fills caching and size without a diff.
TEST_P(ManagedImageAccTest, ImageFromAnOsDiskSnapshot) {
  auto ws = NewWorkspace(Basic());
  ApplyClean(*ws, Basic());
  nlohmann::json body = emu_->Resource(ImageId());
  ASSERT_FALSE(body.is_discarded());
  EXPECT_EQ(body["properties"]["storageProfile"]["osDisk"]["snapshot"]["id"], kOsSnap);
  EXPECT_EQ(body["properties"]["storageProfile"]["osDisk"]["diskSizeGB"], 30);
  EXPECT_EQ(body["properties"]["hyperVGeneration"], "V1");
}

// Generation and data disks are immutable, so completing the image replaces it.
TEST_P(ManagedImageAccTest, CompletingTheImageReplacesIt) {
  auto ws = NewWorkspace(Basic());
  ApplyClean(*ws, Basic());
  EXPECT_THAT(Plan(*ws, Complete("one"), 2), HasSubstr("forces replacement"));
  ApplyClean(*ws, Complete("one"));
  nlohmann::json body = emu_->Resource(ImageId());
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
}

// In place: tags only, by a PATCH that carries nothing else.
TEST_P(ManagedImageAccTest, TagsChangeByAPatchOfTagsOnly) {
  auto ws = NewWorkspace(Complete("one"));
  ApplyClean(*ws, Complete("one"));
  EXPECT_THAT(Plan(*ws, Complete("two"), 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, Complete("two"));
  std::vector<nlohmann::json> patches = Writes("PATCH", ImageId());
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_EQ(patches[0], (nlohmann::json{{"tags", {{"stage", "two"}}}}));
  EXPECT_EQ(emu_->Resource(ImageId())["tags"], (nlohmann::json{{"stage", "two"}}));
}

// Drift of the tags shows in the plan and is repaired by an apply.
TEST_P(AppliedImageAccTest, DriftedTagIsPutBack) {
  Drift(ImageId(), {{"tags", {{"stage", "hacked"}}}});
  EXPECT_THAT(Plan(*ws_, config_, 2), HasSubstr("\"hacked\" -> \"two\""));
  ApplyClean(*ws_, config_);
}

// Replacement on an immutable change (the data disk's caching).
TEST_P(AppliedImageAccTest, NewDataDiskCachingForcesReplacement) {
  std::string plan = Plan(*ws_, Complete("two", "None"), 2);
  EXPECT_THAT(plan, HasSubstr("forces replacement"));
  EXPECT_THAT(plan, HasSubstr("must be replaced"));
}

TEST_P(AppliedImageAccTest, SecondConfigurationMustImportAndImportGivesAnEmptyPlan) {
  // A second configuration cannot create the same image...
  auto other = NewWorkspace(config_);
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
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
}

// Destroy: the image, then its group, in one run.
TEST_P(AppliedImageAccTest, DestroyDeletesImageThenGroupNotTheSources) {
  CommandResult destroy = ws_->Run({"destroy", "-no-color", "-auto-approve"});
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
  std::string err = ws.PlanError(Basic("", disk_id));
  EXPECT_THAT(err, HasSubstr("os_disk_snapshot_id = \"" + disk_id + "\""));
  EXPECT_THAT(err, HasSubstr("Attribute os_disk_snapshot_id must be an ARM resource id of type "
                             "Microsoft.Compute/snapshots"));
  // The same inside a data disk: the path names the list element.
  err = ws.PlanError(Basic("data_disk = [{ lun = 0, snapshot_id = \"" + disk_id + "\" }]"));
  EXPECT_THAT(err, HasSubstr("Attribute data_disk[0].snapshot_id must be an ARM resource id of "
                             "type Microsoft.Compute/snapshots"));
  // No source at all.
  err = ws.PlanError(ImageConfig("no_source.tf"));
  EXPECT_THAT(err, HasSubstr("Exactly one of [source_virtual_machine_id, os_disk_snapshot_id, "
                             "os_disk_managed_disk_id, os_disk_blob_uri] must be set, got 0"));
  // Disks without an os_type.
  err = ws.PlanError(ImageConfig("no_os_type.tf"));
  EXPECT_THAT(err, HasSubstr("Missing os_type"));
  EXPECT_THAT(err, HasSubstr("os_type is required when the image is built from disks"));
  // Enums and names.
  err = ws.PlanError(Basic("hyper_v_generation = \"V3\""));
  EXPECT_THAT(err, HasSubstr("hyper_v_generation = \"V3\""));
  EXPECT_THAT(err, HasSubstr("Attribute hyper_v_generation"));
  err = ws.PlanError(Basic("", kOsSnap, "-image"));
  EXPECT_THAT(err, HasSubstr("name = \"-image\""));
  EXPECT_THAT(err, HasSubstr("starting with a letter or digit"));
}

INSTANTIATE_CLI_TESTS(ManagedImageAccTest);
INSTANTIATE_CLI_TESTS(AppliedImageAccTest);

}  // namespace
}  // namespace azbatch::acceptance
