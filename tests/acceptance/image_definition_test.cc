// Acceptance: azbatch_image_definition through the real CLI against the emulator.
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

class ImageDefinitionAccTest : public ImageAccTest {};

// The group and gallery every test uses (testdata/shared/gallery.tf), and a
// definition in the gallery (testdata/image_definition/<file>).
std::string DefConfig(const std::string& file, std::map<std::string, std::string> vars) {
  vars.insert({{"resource_group", "acc-def"}, {"gallery", "accgal"}});
  return TestdataFiles({"shared/gallery.tf", "image_definition/" + file}, vars);
}
// The definition with only what it requires, plus one more attribute line.
std::string BasicDef(const std::string& attribute = "", const std::string& name = "ubuntu-2204") {
  return DefConfig("basic.tf", {{"name", name}, {"attribute", attribute}});
}
// Every optional value set.
std::string CompleteDef(const std::string& description, int max_vcpus,
                        const std::string& sku = "22_04",
                        const std::string& location = "West Europe") {
  return DefConfig("complete.tf", {{"description", description},
                                   {"max_vcpus", std::to_string(max_vcpus)},
                                   {"sku", sku},
                                   {"location", location}});
}

// Each test starts from the complete definition applied with the description
// "Batch pools" and at most 32 vCPUs.
class AppliedDefinitionAccTest : public AppliedAccTest<ImageDefinitionAccTest> {
 protected:
  std::string AppliedConfig() const override { return CompleteDef("Batch pools", 32); }
  const std::string id_ = GalleryId("acc-def", "accgal") + "/images/ubuntu-2204";
};

// Completing a basic definition replaces it (features are immutable); updatable
// fields then change in place.
TEST_P(ImageDefinitionAccTest, FeaturesReplaceUpdatableFieldsChangeInPlace) {
  const std::string basic = BasicDef();
  auto ws = NewWorkspace(basic);
  ApplyClean(*ws, basic);
  const std::string id = GalleryId("acc-def", "accgal") + "/images/ubuntu-2204";
  ASSERT_TRUE(Exists(id));

  const std::string complete = CompleteDef("Batch nodes", 16);
  EXPECT_THAT(Plan(*ws, complete, 2), HasSubstr("forces replacement"));
  ApplyClean(*ws, complete);
  nlohmann::json body = emu_->Resource(id)["properties"];
  EXPECT_EQ(body["hyperVGeneration"], "V2") << body.dump();
  EXPECT_EQ(body["features"].size(), 3u) << body.dump();

  const std::string updated = CompleteDef("Batch pools", 32);
  EXPECT_THAT(Plan(*ws, updated, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, updated);
  body = emu_->Resource(id)["properties"];
  EXPECT_EQ(body["description"], "Batch pools");
  EXPECT_EQ(body["recommended"]["vCPUs"]["max"], 32);
}

TEST_P(AppliedDefinitionAccTest, DriftedReleaseNoteIsPutBack) {
  Drift(id_, {{"properties", {{"releaseNoteUri", "https://elsewhere.example"}}}});
  EXPECT_THAT(Plan(*ws_, config_, 2), HasSubstr("\"https://elsewhere.example\" -> \"https://contoso.example/notes\""));
  ApplyClean(*ws_, config_);
}

TEST_P(AppliedDefinitionAccTest, NewIdentifierForcesReplacement) {
  EXPECT_THAT(Plan(*ws_, CompleteDef("Batch pools", 32, "24_04"), 2),
              HasSubstr("forces replacement"));
}

// The import workspace spells the region as Azure does (see resource_group_test).
TEST_P(AppliedDefinitionAccTest, SecondConfigurationMustImportAndImportGivesAnEmptyPlan) {
  auto other = NewWorkspace(CompleteDef("Batch pools", 32, "22_04", "westeurope"));
  for (auto [addr, rid] : {std::pair<std::string, std::string>{"azbatch_resource_group.rg", RgId("acc-def")},
                           {"azbatch_gallery.g", GalleryId("acc-def", "accgal")}}) {
    CommandResult r = other->Run({"import", "-no-color", addr, rid});
    ASSERT_EQ(r.exit_code, 0) << r.Combined();
  }
  CommandResult dup = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(dup.exit_code, 0);
  EXPECT_THAT(Flat(dup.Combined()), HasSubstr(GetParam() + " import ADDRESS " + id_));
  CommandResult imp = other->Run({"import", "-no-color", "azbatch_image_definition.d", absl::AsciiStrToUpper(id_)});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
}

// Removing optional values removes them in Azure (PATCH with null), with an
// empty plan after.
TEST_P(AppliedDefinitionAccTest, RemovedOptionalValuesAreRemovedInAzure) {
  const std::string cleared = DefConfig("cleared.tf", {});
  EXPECT_THAT(Plan(*ws_, cleared, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws_, cleared);
  nlohmann::json body = emu_->Resource(id_)["properties"];
  for (const char* key : {"endOfLifeDate", "description", "releaseNoteUri", "disallowed"}) {
    EXPECT_FALSE(body.contains(key)) << key << " still in Azure: " << body.dump();
  }
  EXPECT_EQ(body["recommended"], (nlohmann::json{{"vCPUs", {{"max", 32}}}})) << body.dump();
}

// Delete ordering: definition, gallery and group go in one destroy.
TEST_P(AppliedDefinitionAccTest, DestroyDeletesDefinitionGalleryAndGroup) {
  CommandResult destroy = ws_->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(id_));
  EXPECT_FALSE(Exists(GalleryId("acc-def", "accgal")));
}

TEST_P(ImageDefinitionAccTest, BadInputsAreReportedAtTheirAttribute) {
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  std::string err = ws.PlanError(BasicDef("end_of_life_date = \"01/01/2030\""));
  EXPECT_THAT(err, HasSubstr("end_of_life_date = \"01/01/2030\""));
  EXPECT_THAT(err, HasSubstr("RFC 3339"));
  err = ws.PlanError(DefConfig("two_security_types.tf", {}));
  EXPECT_THAT(err, HasSubstr("Conflicting security types"));
  EXPECT_THAT(err, HasSubstr("confidential_vm_enabled = true"));
  err = ws.PlanError(BasicDef("os_state = \"Sysprepped\""));
  EXPECT_THAT(err, HasSubstr("os_state = \"Sysprepped\""));
  err = ws.PlanError(BasicDef("", "-ubuntu"));
  EXPECT_THAT(err, HasSubstr("name = \"-ubuntu\""));
}

INSTANTIATE_CLI_TESTS(ImageDefinitionAccTest);
INSTANTIATE_CLI_TESTS(AppliedDefinitionAccTest);

}  // namespace
}  // namespace azbatch::acceptance
