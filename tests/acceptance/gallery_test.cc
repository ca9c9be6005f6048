// Acceptance: azbatch_gallery through the real CLI against the emulator.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

class GalleryAccTest : public ImageAccTest {};

// testdata/gallery: the group every test uses, and a gallery in it.
std::string GalleryConfig(const std::string& file, const std::map<std::string, std::string>& vars) {
  return TestdataFiles({"gallery/group.tf", "gallery/" + file}, vars);
}
// A gallery with a description and tags.
std::string DescribedGallery(const std::string& description) {
  return GalleryConfig("gallery.tf", {{"name", "acc_gallery"}, {"description", description}});
}
std::string CommunityGallery(const std::string& description, const std::string& prefix) {
  return GalleryConfig("community_sharing.tf", {{"description", description}, {"prefix", prefix}});
}

// Each test starts from the gallery "acc_gallery" applied with the description
// "batch images".
class AppliedGalleryAccTest : public AppliedAccTest<GalleryAccTest> {
 protected:
  std::string AppliedConfig() const override { return DescribedGallery("batch images"); }
  const std::string id_ = GalleryId("acc-gal", "acc_gallery");
};

TEST_P(GalleryAccTest, CreatesTheGalleryWithItsUniqueName) {
  const std::string complete = DescribedGallery("images");
  auto ws = NewWorkspace(complete);
  ApplyClean(*ws, complete);
  ASSERT_TRUE(Exists(GalleryId("acc-gal", "acc_gallery")));
  EXPECT_FALSE(ws->Outputs()["unique_name"]["value"].get<std::string>().empty());
}

TEST_P(GalleryAccTest, NewDescriptionIsUpdatedInPlace) {
  const std::string complete = DescribedGallery("images");
  auto ws = NewWorkspace(complete);
  ApplyClean(*ws, complete);
  const std::string updated = DescribedGallery("batch images");
  EXPECT_THAT(Plan(*ws, updated, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, updated);
  EXPECT_EQ(emu_->Resource(GalleryId("acc-gal", "acc_gallery"))["properties"]["description"],
            "batch images");
}

TEST_P(AppliedGalleryAccTest, DriftedDescriptionIsPutBack) {
  Drift(id_, {{"properties", {{"description", "edited in portal"}}}});
  EXPECT_THAT(Plan(*ws_, config_, 2), HasSubstr("\"edited in portal\" -> \"batch images\""));
  ApplyClean(*ws_, config_);
}

TEST_P(AppliedGalleryAccTest, NewNameForcesReplacement) {
  EXPECT_THAT(Plan(*ws_, GalleryConfig("plain.tf", {{"name", "acc_gallery2"}}), 2),
              HasSubstr("forces replacement"));
}

TEST_P(AppliedGalleryAccTest, SecondConfigurationMustImportAndImportGivesAnEmptyPlan) {
  auto other = NewWorkspace(config_);
  CommandResult imp_rg = other->Run({"import", "-no-color", "azbatch_resource_group.rg", RgId("acc-gal")});
  ASSERT_EQ(imp_rg.exit_code, 0) << imp_rg.Combined();
  CommandResult r = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(Flat(r.Combined()), HasSubstr(GetParam() + " import ADDRESS " + id_));
  CommandResult imp = other->Run({"import", "-no-color", "azbatch_gallery.g", absl::AsciiStrToLower(id_)});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
}

// Destroy deletes the gallery, then the group, in one run.
TEST_P(AppliedGalleryAccTest, DestroyDeletesGalleryThenGroup) {
  CommandResult destroy = ws_->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(id_));
  EXPECT_FALSE(Exists(RgId("acc-gal")));
}

TEST_P(GalleryAccTest, GroupSharingIsSharedAndResetBeforeDelete) {
  const std::string shared = GalleryConfig("group_sharing.tf", {});
  auto ws = NewWorkspace(shared);
  ApplyClean(*ws, shared);
  const std::string id = GalleryId("acc-gal", "acc_shared");
  EXPECT_EQ(emu_->Resource(id)["properties"]["sharingProfile"]["permissions"], "Groups");
  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  // Share calls, in order: Add after create, Reset before delete.
  std::vector<std::string> ops;
  for (const auto& req : emu_->RequestLog()) {
    if (req.value("method", "") == "POST" &&
        req.value("path", "").find("/share") != std::string::npos) {
      ops.push_back(req.dump());
    }
  }
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_THAT(ops[0], HasSubstr("Add"));
  EXPECT_THAT(ops[1], HasSubstr("Reset"));
  EXPECT_FALSE(Exists(id));
}

// Each test starts from the community gallery "acc_community" applied with
// the prefix "contoso" and the description "public images".
class CommunityGalleryAccTest : public AppliedAccTest<GalleryAccTest> {
 protected:
  std::string AppliedConfig() const override {
    return CommunityGallery("public images", "contoso");
  }
  // The operationType of each share call, in order.
  std::vector<std::string> ShareOperations() {
    std::vector<std::string> ops;
    for (const auto& req : emu_->RequestLog()) {
      if (req.value("method", "") == "POST" &&
          req.value("path", "").find("/share") != std::string::npos) {
        ops.push_back(req["body"].value("operationType", ""));
      }
    }
    return ops;
  }
  const std::string id_ = GalleryId("acc-gal", "acc_community");
};

TEST_P(CommunityGalleryAccTest, CommunitySharingIsEnabled) {
  nlohmann::json sp = emu_->Resource(id_)["properties"]["sharingProfile"];
  EXPECT_EQ(sp["permissions"], "Community") << sp.dump();
  const nlohmann::json& info = sp["communityGalleryInfo"];
  EXPECT_EQ(info["communityGalleryEnabled"], true) << sp.dump();
  EXPECT_EQ(info["publisherUri"], "https://contoso.example");
  EXPECT_EQ(info["publisherContact"], "images@contoso.example");
  EXPECT_EQ(info["eula"], "https://contoso.example/eula");
  EXPECT_EQ(info["publicNamePrefix"], "contoso");
  ASSERT_EQ(info["publicNames"].size(), 1u) << sp.dump();
  EXPECT_EQ(info["publicNames"][0].get<std::string>().rfind("contoso-", 0), 0u);
}

// An updatable change leaves the sharing alone (no second share call).
TEST_P(CommunityGalleryAccTest, UpdatableChangeLeavesTheSharingAlone) {
  const std::string edited = CommunityGallery("community images", "contoso");
  EXPECT_THAT(Plan(*ws_, edited, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws_, edited);
  EXPECT_EQ(emu_->Resource(id_)["properties"]["sharingProfile"]["permissions"], "Community");
  EXPECT_EQ(ShareOperations(), (std::vector<std::string>{"EnableCommunity"}));
}

// A different prefix is a new community gallery.
TEST_P(CommunityGalleryAccTest, NewPrefixForcesReplacement) {
  EXPECT_THAT(Plan(*ws_, CommunityGallery("community images", "fabrikam"), 2),
              HasSubstr("forces replacement"));
}

// Import reads the sharing back: empty plan.
TEST_P(CommunityGalleryAccTest, ImportReadsTheSharingBack) {
  auto other = NewWorkspace(config_);
  for (auto [addr, rid] :
       {std::pair<std::string, std::string>{"azbatch_resource_group.rg", RgId("acc-gal")},
        {"azbatch_gallery.g", id_}}) {
    CommandResult r = other->Run({"import", "-no-color", addr, rid});
    ASSERT_EQ(r.exit_code, 0) << r.Combined();
  }
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
}

// Share calls, in order: EnableCommunity after create, Reset before delete.
TEST_P(CommunityGalleryAccTest, DestroyResetsTheSharingBeforeDelete) {
  CommandResult destroy = ws_->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_EQ(ShareOperations(), (std::vector<std::string>{"EnableCommunity", "Reset"}));
  EXPECT_FALSE(Exists(id_));
}

TEST_P(GalleryAccTest, BadNamesAreReportedAtTheirAttribute) {
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  std::string err = ws.PlanError(GalleryConfig("plain.tf", {{"name", "my-gallery"}}));
  EXPECT_THAT(err, HasSubstr("name = \"my-gallery\""));
  EXPECT_THAT(err, HasSubstr("no hyphens"));
  err = ws.PlanError(GalleryConfig("public_sharing.tf", {}));
  EXPECT_THAT(err, HasSubstr("permission = \"Public\""));
  EXPECT_THAT(err, HasSubstr("Community"));
}

INSTANTIATE_CLI_TESTS(GalleryAccTest);
INSTANTIATE_CLI_TESTS(AppliedGalleryAccTest);
INSTANTIATE_CLI_TESTS(CommunityGalleryAccTest);

}  // namespace
}  // namespace azbatch::acceptance
