// Acceptance: azbatch_image_definition through the real CLI against the emulator.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

class ImageDefinitionAccTest : public ImageAccTest {};

std::string DefConfig(const std::string& body) {
  return absl::StrCat(
      "resource \"azbatch_resource_group\" \"rg\" {\n  name = \"acc-def\"\n"
      "  location = \"westeurope\"\n}\n"
      "resource \"azbatch_gallery\" \"g\" {\n  name = \"accgal\"\n"
      "  resource_group_name = azbatch_resource_group.rg.name\n"
      "  location = azbatch_resource_group.rg.location\n}\n"
      "resource \"azbatch_image_definition\" \"d\" {\n  name = \"ubuntu-2204\"\n"
      "  gallery_id = azbatch_gallery.g.id\n  location = \"West Europe\"\n  os_type = \"Linux\"\n"
      "  identifier = {\n    publisher = \"contoso\"\n    offer = \"batch\"\n    sku = \"22_04\"\n  }\n",
      body, "}\n");
}

const char kComplete[] =
    "  hyper_v_generation = \"V2\"\n  trusted_launch_supported = true\n"
    "  accelerated_network_support_enabled = true\n  disk_controller_type_nvme_enabled = true\n"
    "  min_recommended_vcpu_count = 2\n  max_recommended_vcpu_count = 16\n"
    "  disk_types_not_allowed = [\"Standard_LRS\"]\n  eula = \"https://contoso.example/eula\"\n"
    "  release_note_uri = \"https://contoso.example/notes\"\n"
    "  end_of_life_date = \"2030-01-01T00:00:00Z\"\n  description = \"Batch nodes\"\n"
    "  tags = { os = \"ubuntu\" }\n";

TEST_P(ImageDefinitionAccTest, LifecycleCompleteUpdateDriftReplaceImport) {
  const std::string basic = DefConfig("");
  auto ws = NewWorkspace(basic);
  ApplyClean(*ws, basic);
  const std::string id = GalleryId("acc-def", "accgal") + "/images/ubuntu-2204";
  ASSERT_TRUE(Exists(id));

  // complete: updatable fields in place, immutable ones (features) replace
  const std::string complete = DefConfig(kComplete);
  EXPECT_THAT(Plan(*ws, complete, 2), HasSubstr("forces replacement"));
  ApplyClean(*ws, complete);
  nlohmann::json body = emu_->Resource(id)["properties"];
  EXPECT_EQ(body["hyperVGeneration"], "V2") << body.dump();
  EXPECT_EQ(body["features"].size(), 3u) << body.dump();

  std::string updated = complete;
  updated.replace(updated.find("Batch nodes"), 11, "Batch pools");
  updated.replace(updated.find("max_recommended_vcpu_count = 16"), 31, "max_recommended_vcpu_count = 32");
  EXPECT_THAT(Plan(*ws, updated, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, updated);
  body = emu_->Resource(id)["properties"];
  EXPECT_EQ(body["description"], "Batch pools");
  EXPECT_EQ(body["recommended"]["vCPUs"]["max"], 32);

  // drift
  Drift(id, {{"properties", {{"releaseNoteUri", "https://elsewhere.example"}}}});
  EXPECT_THAT(Plan(*ws, updated, 2), HasSubstr("\"https://elsewhere.example\" -> \"https://contoso.example/notes\""));
  ApplyClean(*ws, updated);

  // replacement on the identifier
  std::string new_sku = updated;
  new_sku.replace(new_sku.find("22_04"), 5, "24_04");
  EXPECT_THAT(Plan(*ws, new_sku, 2), HasSubstr("forces replacement"));

  // requires import, then import
  // The import workspace spells the region as Azure does (see resource_group_test).
  std::string imported = updated;
  imported.replace(imported.find("\"West Europe\""), 13, "\"westeurope\"");
  auto other = NewWorkspace(imported);
  for (auto [addr, rid] : {std::pair<std::string, std::string>{"azbatch_resource_group.rg", RgId("acc-def")},
                           {"azbatch_gallery.g", GalleryId("acc-def", "accgal")}}) {
    CommandResult r = other->Run({"import", "-no-color", addr, rid});
    ASSERT_EQ(r.exit_code, 0) << r.Combined();
  }
  CommandResult dup = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_THAT(Flat(dup.Combined()), HasSubstr(GetParam() + " import ADDRESS " + id));
  CommandResult imp = other->Run({"import", "-no-color", "azbatch_image_definition.d", absl::AsciiStrToUpper(id)});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;

  // Removing optional values removes them in Azure (PATCH with null), with an
  // empty plan after.
  std::string cleared = updated;
  for (const char* line : {"  end_of_life_date = \"2030-01-01T00:00:00Z\"\n",
                           "  description = \"Batch pools\"\n",
                           "  release_note_uri = \"https://contoso.example/notes\"\n",
                           "  min_recommended_vcpu_count = 2\n",
                           "  disk_types_not_allowed = [\"Standard_LRS\"]\n"}) {
    size_t at = cleared.find(line);
    ASSERT_NE(at, std::string::npos) << line;
    cleared.erase(at, std::string(line).size());
  }
  EXPECT_THAT(Plan(*ws, cleared, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, cleared);
  body = emu_->Resource(id)["properties"];
  for (const char* key : {"endOfLifeDate", "description", "releaseNoteUri", "disallowed"}) {
    EXPECT_FALSE(body.contains(key)) << key << " still in Azure: " << body.dump();
  }
  EXPECT_EQ(body["recommended"], (nlohmann::json{{"vCPUs", {{"max", 32}}}})) << body.dump();

  // delete ordering: definition, gallery and group go in one destroy
  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(id));
  EXPECT_FALSE(Exists(GalleryId("acc-def", "accgal")));
}

TEST_P(ImageDefinitionAccTest, BadInputsAreReportedAtTheirAttribute) {
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  std::string err = ws.PlanError(DefConfig("  end_of_life_date = \"01/01/2030\"\n"));
  EXPECT_THAT(err, HasSubstr("end_of_life_date = \"01/01/2030\""));
  EXPECT_THAT(err, HasSubstr("RFC 3339"));
  err = ws.PlanError(DefConfig("  trusted_launch_enabled = true\n  confidential_vm_enabled = true\n"));
  EXPECT_THAT(err, HasSubstr("Conflicting security types"));
  EXPECT_THAT(err, HasSubstr("confidential_vm_enabled = true"));
  err = ws.PlanError(DefConfig("  os_state = \"Sysprepped\"\n"));
  EXPECT_THAT(err, HasSubstr("os_state = \"Sysprepped\""));
  std::string bad_name = DefConfig("");
  bad_name.replace(bad_name.find("ubuntu-2204"), 11, "-ubuntu");
  err = ws.PlanError(bad_name);
  EXPECT_THAT(err, HasSubstr("name = \"-ubuntu\""));
}

INSTANTIATE_CLI_TESTS(ImageDefinitionAccTest);

}  // namespace
}  // namespace azbatch::acceptance
