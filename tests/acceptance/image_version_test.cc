// Acceptance: azbatch_image_version through the real CLI against the emulator.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
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

std::string VersionConfig(const std::string& regions, const std::string& extra = "") {
  return absl::StrCat(
      "resource \"azbatch_resource_group\" \"rg\" {\n  name = \"acc-ver\"\n"
      "  location = \"westeurope\"\n}\n"
      "resource \"azbatch_gallery\" \"g\" {\n  name = \"accgal\"\n"
      "  resource_group_name = azbatch_resource_group.rg.name\n"
      "  location = azbatch_resource_group.rg.location\n}\n"
      "resource \"azbatch_image_definition\" \"d\" {\n  name = \"ubuntu\"\n"
      "  gallery_id = azbatch_gallery.g.id\n  location = \"westeurope\"\n  os_type = \"Linux\"\n"
      "  identifier = {\n    publisher = \"contoso\"\n    offer = \"batch\"\n    sku = \"22_04\"\n  }\n}\n"
      "resource \"azbatch_image_version\" \"v\" {\n  name = \"1.0.0\"\n"
      "  image_definition_id = azbatch_image_definition.d.id\n  location = \"westeurope\"\n"
      "  os_disk_snapshot_id = \"/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/"
      "acc-src/providers/Microsoft.Compute/snapshots/os-snap\"\n",
      "  target_region = [\n", regions, "  ]\n", extra, "}\n",
      "output \"status\" { value = azbatch_image_version.v.replication_status }\n");
}

const char kTwoRegions[] =
    "    { name = \"westeurope\" },\n    { name = \"North Europe\", regional_replica_count = 2 },\n";

TEST_P(ImageVersionAccTest, ReplicatesUpdatesRefusesRegionRemovalImports) {
  const std::string two = VersionConfig(kTwoRegions, "  tags = { build = \"1\" }\n");
  auto ws = NewWorkspace(two);
  ws->WriteConfig(two);
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
  const std::string more = VersionConfig(
      "    { name = \"westeurope\" },\n    { name = \"North Europe\", regional_replica_count = 3 },\n",
      "  tags = { build = \"2\" }\n");
  EXPECT_THAT(Plan(*ws, more, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, more);

  // Removing a replicated region is refused at plan time...
  const std::string one = VersionConfig("    { name = \"westeurope\" },\n", "  tags = { build = \"2\" }\n");
  ws->WriteConfig(one);
  CommandResult refused = ws->Run({"plan", "-no-color"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(Flat(refused.Combined()), HasSubstr("Removing replicated regions is not allowed"));
  EXPECT_THAT(Flat(refused.Combined()), HasSubstr("northeurope"));
  // ...and allowed with the flag.
  const std::string allowed = VersionConfig(
      "    { name = \"westeurope\" },\n",
      "  tags = { build = \"2\" }\n  allow_deletion_of_replicated_locations = true\n");
  ApplyClean(*ws, allowed);

  // Drift of tags.
  Drift(VersionId(), {{"tags", {{"build", "hacked"}}}});
  EXPECT_THAT(Plan(*ws, allowed, 2), HasSubstr("\"hacked\" -> \"2\""));
  ApplyClean(*ws, allowed);

  // Replacement on an immutable change (source).
  std::string other_source = allowed;
  other_source.replace(other_source.find("os-snap"), 7, "os-snap2");
  EXPECT_THAT(Plan(*ws, other_source, 2), HasSubstr("forces replacement"));

  // Import gives the same state.
  auto other = NewWorkspace(allowed);
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
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;

  // Version, definition, gallery and group deleted in one destroy.
  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(VersionId()));
}

TEST_P(ImageVersionAccTest, NoWaitAndBadInputs) {
  // No output of replication_status here: it keeps changing while Azure replicates.
  std::string nowait = VersionConfig(kTwoRegions, "  wait_for_replication = false\n");
  nowait = nowait.substr(0, nowait.find("output \"status\""));
  auto ws = NewWorkspace(nowait);
  ApplyClean(*ws, nowait);
  ASSERT_TRUE(Exists(VersionId()));

  Workspace bad(cli_);
  bad.SetEnv(emu_->ProviderEnv());
  std::string bad_name = nowait;
  bad_name.replace(bad_name.find("\"1.0.0\""), 7, "\"1.0.99999999999\"");
  std::string err = bad.PlanError(bad_name);
  EXPECT_THAT(err, HasSubstr("name = \"1.0.99999999999\""));
  EXPECT_THAT(err, HasSubstr("2147483647"));
  err = bad.PlanError(VersionConfig("    { name = \"westeurope\" },\n    { name = \"West Europe\" },\n"));
  EXPECT_THAT(err, HasSubstr("Duplicate target region"));
  err = bad.PlanError(VersionConfig(kTwoRegions, "  managed_image_id = \"/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/images/z\"\n"));
  EXPECT_THAT(err, HasSubstr("managed_image_id"));
}

INSTANTIATE_CLI_TESTS(ImageVersionAccTest);

}  // namespace
}  // namespace azbatch::acceptance
