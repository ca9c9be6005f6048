// Acceptance: azbatch_gallery through the real CLI against the emulator.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

class GalleryAccTest : public ImageAccTest {};

std::string GalleryConfig(const std::string& name, const std::string& extra = "") {
  return absl::StrCat(
      "resource \"azbatch_resource_group\" \"rg\" {\n  name = \"acc-gal\"\n"
      "  location = \"westeurope\"\n}\n"
      "resource \"azbatch_gallery\" \"g\" {\n  name = \"", name,
      "\"\n  resource_group_name = azbatch_resource_group.rg.name\n"
      "  location = azbatch_resource_group.rg.location\n",
      extra, "}\noutput \"unique_name\" { value = azbatch_gallery.g.unique_name }\n");
}

TEST_P(GalleryAccTest, LifecycleCompleteUpdateDriftReplaceImport) {
  const std::string complete = GalleryConfig(
      "acc_gallery", "  description = \"images\"\n  tags = { team = \"hpc\" }\n");
  auto ws = NewWorkspace(complete);
  ApplyClean(*ws, complete);
  const std::string id = GalleryId("acc-gal", "acc_gallery");
  ASSERT_TRUE(Exists(id));
  EXPECT_FALSE(ws->Outputs()["unique_name"]["value"].get<std::string>().empty());

  // In-place update of the description sends a PATCH.
  const std::string updated = GalleryConfig(
      "acc_gallery", "  description = \"batch images\"\n  tags = { team = \"hpc\" }\n");
  EXPECT_THAT(Plan(*ws, updated, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, updated);
  EXPECT_EQ(emu_->Resource(id)["properties"]["description"], "batch images");

  // Drift.
  Drift(id, {{"properties", {{"description", "edited in portal"}}}});
  EXPECT_THAT(Plan(*ws, updated, 2), HasSubstr("\"edited in portal\" -> \"batch images\""));
  ApplyClean(*ws, updated);

  // Replacement.
  EXPECT_THAT(Plan(*ws, GalleryConfig("acc_gallery2", ""), 2), HasSubstr("forces replacement"));

  // Requires import and import.
  auto other = NewWorkspace(updated);
  CommandResult imp_rg = other->Run({"import", "-no-color", "azbatch_resource_group.rg", RgId("acc-gal")});
  ASSERT_EQ(imp_rg.exit_code, 0) << imp_rg.Combined();
  CommandResult r = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(Flat(r.Combined()), HasSubstr(GetParam() + " import ADDRESS " + id));
  CommandResult imp = other->Run({"import", "-no-color", "azbatch_gallery.g", absl::AsciiStrToLower(id)});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;

  // Destroy deletes the gallery, then the group, in one run.
  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(id));
  EXPECT_FALSE(Exists(RgId("acc-gal")));
}

TEST_P(GalleryAccTest, GroupSharingIsSharedAndResetBeforeDelete) {
  const std::string shared =
      GalleryConfig("acc_shared",
                    "  sharing {\n    permission = \"Groups\"\n"
                    "    subscription_ids = [\"11111111-1111-1111-1111-111111111111\"]\n  }\n");
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

TEST_P(GalleryAccTest, CommunitySharingIsEnabledImportedAndResetBeforeDelete) {
  const std::string community = GalleryConfig(
      "acc_community",
      "  description = \"public images\"\n"
      "  sharing {\n    permission = \"Community\"\n"
      "    community_publisher_uri = \"https://contoso.example\"\n"
      "    community_publisher_email = \"images@contoso.example\"\n"
      "    community_eula = \"https://contoso.example/eula\"\n"
      "    community_prefix = \"contoso\"\n  }\n");
  auto ws = NewWorkspace(community);
  ApplyClean(*ws, community);
  const std::string id = GalleryId("acc-gal", "acc_community");
  nlohmann::json sp = emu_->Resource(id)["properties"]["sharingProfile"];
  EXPECT_EQ(sp["permissions"], "Community") << sp.dump();
  const nlohmann::json& info = sp["communityGalleryInfo"];
  EXPECT_EQ(info["communityGalleryEnabled"], true) << sp.dump();
  EXPECT_EQ(info["publisherUri"], "https://contoso.example");
  EXPECT_EQ(info["publisherContact"], "images@contoso.example");
  EXPECT_EQ(info["eula"], "https://contoso.example/eula");
  EXPECT_EQ(info["publicNamePrefix"], "contoso");
  ASSERT_EQ(info["publicNames"].size(), 1u) << sp.dump();
  EXPECT_EQ(info["publicNames"][0].get<std::string>().rfind("contoso-", 0), 0u);

  // An updatable change leaves the sharing alone (no second share call).
  std::string edited = community;
  edited.replace(edited.find("public images"), 13, "community images");
  EXPECT_THAT(Plan(*ws, edited, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, edited);
  EXPECT_EQ(emu_->Resource(id)["properties"]["sharingProfile"]["permissions"], "Community");

  // A different prefix is a new community gallery.
  std::string prefix = edited;
  prefix.replace(prefix.find("\"contoso\""), 9, "\"fabrikam\"");
  EXPECT_THAT(Plan(*ws, prefix, 2), HasSubstr("forces replacement"));

  // Import reads the sharing back: empty plan.
  auto other = NewWorkspace(edited);
  for (auto [addr, rid] :
       {std::pair<std::string, std::string>{"azbatch_resource_group.rg", RgId("acc-gal")},
        {"azbatch_gallery.g", id}}) {
    CommandResult r = other->Run({"import", "-no-color", addr, rid});
    ASSERT_EQ(r.exit_code, 0) << r.Combined();
  }
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;

  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  std::vector<std::string> ops;
  for (const auto& req : emu_->RequestLog()) {
    if (req.value("method", "") == "POST" &&
        req.value("path", "").find("/share") != std::string::npos) {
      ops.push_back(req["body"].value("operationType", ""));
    }
  }
  EXPECT_EQ(ops, (std::vector<std::string>{"EnableCommunity", "Reset"}));
  EXPECT_FALSE(Exists(id));
}

TEST_P(GalleryAccTest, BadNamesAreReportedAtTheirAttribute) {
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  std::string err = ws.PlanError(GalleryConfig("my-gallery"));
  EXPECT_THAT(err, HasSubstr("name = \"my-gallery\""));
  EXPECT_THAT(err, HasSubstr("no hyphens"));
  err = ws.PlanError(GalleryConfig("ok", "  sharing {\n    permission = \"Public\"\n  }\n"));
  EXPECT_THAT(err, HasSubstr("permission = \"Public\""));
  EXPECT_THAT(err, HasSubstr("Community"));
}

INSTANTIATE_CLI_TESTS(GalleryAccTest);

}  // namespace
}  // namespace azbatch::acceptance
