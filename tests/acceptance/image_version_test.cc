// Acceptance: azbatch_image_version through the real CLI against the emulator.
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

class ImageVersionAccTest : public ImageAccTest {
 protected:
  void SetUp() override {
    ImageAccTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    HttpResult r = emu_->Admin(
        "POST", "seed",
        {{"resources",
          {{{"id", SnapshotId()},
            {"location", "westeurope"},
            {"properties", {{"osType", "Linux"}, {"diskSizeGB", 30}}}}}}});
    ASSERT_LT(r.status, 300) << r.body;
  }
  static std::string SnapshotId() {
    return RgId("acc-src") + "/providers/Microsoft.Compute/snapshots/os-snap";
  }
  static std::string VersionId() {
    return GalleryId("acc-ver", "accgal") + "/images/ubuntu/versions/1.0.0";
  }
};

// The group, gallery and definition every test uses (testdata/shared/), and a
// version of the definition (testdata/image_version/<file>).
std::string VersionConfig(const std::string& file, std::map<std::string, std::string> vars = {}) {
  vars.insert({{"resource_group", "acc-ver"}, {"gallery", "accgal"}});
  return TestdataFiles(
      {"shared/gallery.tf", "shared/image_definition.tf", "image_version/" + file}, vars);
}
// Replicated to westeurope and to North Europe with `replicas` replicas.
std::string TwoRegions(int replicas, int build) {
  return VersionConfig("two_regions.tf",
                       {{"replicas", std::to_string(replicas)}, {"build", std::to_string(build)}});
}
// Replicated to westeurope only.
std::string OneRegion(bool allow_deletion, const std::string& snapshot = "os-snap") {
  return VersionConfig("one_region.tf", {{"allow_deletion", allow_deletion ? "true" : "false"},
                                         {"snapshot", snapshot}});
}

// Each test starts from the version replicated to westeurope only.
class AppliedVersionAccTest : public AppliedAccTest<ImageVersionAccTest> {
 protected:
  std::string AppliedConfig() const override { return OneRegion(true); }
};

TEST_P(ImageVersionAccTest, ApplyWaitsForReplicationThenUpdatesInPlace) {
  const std::string two = TwoRegions(2, 1);
  auto ws = NewWorkspace(two);
  CommandResult apply = ws->Run({"apply", "-no-color", "-auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.Combined();
  std::string plan;
  EXPECT_EQ(ws->PlanExitCode(&plan), 0) << plan;
  // Waited for replication: every region completed.
  nlohmann::json status = ws->Outputs()["status"]["value"];
  ASSERT_EQ(status.size(), 2u) << status.dump();
  for (const auto& s : status) EXPECT_EQ(s["state"], "Completed") << status.dump();
  // Azure echoes display names: no diff (checked by the empty plan above), order kept.
  nlohmann::json regions =
      emu_->Resource(VersionId())["properties"]["publishingProfile"]["targetRegions"];
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[1]["regionalReplicaCount"], 2);

  // In place: replica count and tags.
  const std::string more = TwoRegions(3, 2);
  EXPECT_THAT(Plan(*ws, more, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, more);
}

TEST_P(ImageVersionAccTest, RemovingAReplicatedRegionNeedsTheFlag) {
  const std::string two = TwoRegions(3, 2);
  auto ws = NewWorkspace(two);
  ApplyClean(*ws, two);
  // Refused at plan time...
  ws->WriteConfig(OneRegion(false));
  CommandResult refused = ws->Run({"plan", "-no-color"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(Flat(refused.Combined()), HasSubstr("Removing replicated regions is not allowed"));
  EXPECT_THAT(Flat(refused.Combined()), HasSubstr("northeurope"));
  // ...and allowed with the flag.
  ApplyClean(*ws, OneRegion(true));
}

TEST_P(AppliedVersionAccTest, DriftedTagIsPutBack) {
  Drift(VersionId(), {{"tags", {{"build", "hacked"}}}});
  EXPECT_THAT(Plan(*ws_, config_, 2), HasSubstr("\"hacked\" -> \"2\""));
  ApplyClean(*ws_, config_);
}

TEST_P(AppliedVersionAccTest, NewSourceForcesReplacement) {
  EXPECT_THAT(Plan(*ws_, OneRegion(true, "os-snap2"), 2), HasSubstr("forces replacement"));
}

TEST_P(AppliedVersionAccTest, SecondConfigurationMustImportAndImportGivesTheSameState) {
  auto other = NewWorkspace(config_);
  for (auto [addr, rid] :
       {std::pair<std::string, std::string>{"azbatch_resource_group.rg", RgId("acc-ver")},
        {"azbatch_gallery.g", GalleryId("acc-ver", "accgal")},
        {"azbatch_image_definition.d", GalleryId("acc-ver", "accgal") + "/images/ubuntu"}}) {
    CommandResult r = other->Run({"import", "-no-color", addr, rid});
    ASSERT_EQ(r.exit_code, 0) << r.Combined();
  }
  CommandResult dup = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_THAT(Flat(dup.Combined()),
              HasSubstr(GetParam() + " import ADDRESS " + VersionId()));
  CommandResult imp = other->Run(
      {"import", "-no-color", "azbatch_image_version.v", absl::AsciiStrToUpper(VersionId())});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
}

// Version, definition, gallery and group deleted in one destroy.
TEST_P(AppliedVersionAccTest, DestroyDeletesTheVersion) {
  CommandResult destroy = ws_->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(VersionId()));
}

TEST_P(ImageVersionAccTest, WithoutWaitingApplyEndsBeforeReplication) {
  const std::string nowait = VersionConfig("no_wait.tf", {{"name", "1.0.0"}});
  auto ws = NewWorkspace(nowait);
  ApplyClean(*ws, nowait);
  ASSERT_TRUE(Exists(VersionId()));
}

TEST_P(ImageVersionAccTest, BadInputsAreReportedAtTheirAttribute) {
  Workspace bad(cli_);
  bad.SetEnv(emu_->ProviderEnv());
  std::string err = bad.PlanError(VersionConfig("no_wait.tf", {{"name", "1.0.99999999999"}}));
  EXPECT_THAT(err, HasSubstr("name = \"1.0.99999999999\""));
  EXPECT_THAT(err, HasSubstr("2147483647"));
  err = bad.PlanError(VersionConfig("duplicate_regions.tf"));
  EXPECT_THAT(err, HasSubstr("Duplicate target region"));
  err = bad.PlanError(VersionConfig("two_sources.tf"));
  EXPECT_THAT(err, HasSubstr("managed_image_id"));
}

INSTANTIATE_CLI_TESTS(ImageVersionAccTest);
INSTANTIATE_CLI_TESTS(AppliedVersionAccTest);

}  // namespace
}  // namespace azbatch::acceptance
