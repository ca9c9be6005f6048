// Acceptance: the azbatch_image_version data source through the real CLI,
// against versions seeded in the emulator.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

// Versions of one definition (all in westeurope):
//   1.2.0   westeurope, northeurope
//   1.9.0   westeurope
//   1.10.0  westeurope, northeurope (excluded from latest in northeurope)
//   2.0.0   westeurope, excluded from latest as a whole
//   3.0.0   westeurope, provisioning failed
// Highest semver is 1.10.0 (1.9.0 would win a string comparison).
class ImageVersionDataSourceAccTest : public ImageAccTest {
 protected:
  void SetUp() override {
    ImageAccTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto region = [](const char* name, bool excluded) {
      return nlohmann::json{{"name", name}, {"regionalReplicaCount", 1},
                            {"storageAccountType", "Standard_LRS"},
                            {"excludeFromLatest", excluded}};
    };
    auto version = [&](const char* name, nlohmann::json regions, bool excluded,
                       const char* state = "Succeeded") {
      return nlohmann::json{
          {"id", DefinitionId() + "/versions/" + name},
          {"location", "westeurope"},
          {"properties",
           {{"provisioningState", state},
            {"publishingProfile", {{"targetRegions", regions}, {"excludeFromLatest", excluded}}},
            {"storageProfile", {{"source", {{"id", SnapshotId()}}}}}}}};
    };
    nlohmann::json resources = nlohmann::json::array(
        {{{"id", SnapshotId()}, {"location", "westeurope"}, {"properties", {{"osType", "Linux"}}}},
         {{"id", GalleryId("acc-ds", "accgal")}, {"location", "westeurope"}},
         {{"id", DefinitionId()},
          {"location", "westeurope"},
          {"properties",
           {{"osType", "Linux"},
            {"osState", "Generalized"},
            {"identifier", {{"publisher", "contoso"}, {"offer", "batch"}, {"sku", "22_04"}}}}}},
         version("1.2.0", {region("West Europe", false), region("North Europe", false)}, false),
         version("1.9.0", {region("West Europe", false)}, false),
         version("1.10.0", {region("West Europe", false), region("North Europe", true)}, false),
         version("2.0.0", {region("West Europe", false)}, true),
         version("3.0.0", {region("West Europe", false)}, false, "Failed")});
    HttpResult r = emu_->Admin("POST", "seed", {{"resources", resources}});
    ASSERT_LT(r.status, 300) << r.body;
  }
  static std::string SnapshotId() {
    return RgId("acc-ds") + "/providers/Microsoft.Compute/snapshots/os-snap";
  }
  static std::string DefinitionId() { return GalleryId("acc-ds", "accgal") + "/images/ubuntu"; }
  static std::string VersionId(const std::string& v) { return DefinitionId() + "/versions/" + v; }

  // testdata/image_version_data_source/lookup.tf: one data source, all its
  // computed attributes as outputs; an empty name or region is left out.
  static std::string Lookup(const std::string& name = "", const std::string& region = "",
                            const std::string& definition_id = DefinitionId()) {
    auto hcl = [](const std::string& s) { return s.empty() ? "null" : "\"" + s + "\""; };
    return Testdata("image_version_data_source/lookup.tf",
                    {{"definition_id", definition_id}, {"name", hcl(name)}, {"region", hcl(region)}});
  }
  // Applies `config` (data sources only), checks the next plan is empty and
  // returns the looked-up object.
  nlohmann::json Read(Workspace& ws, const std::string& config) {
    ApplyClean(ws, config);
    return ws.Outputs()["v"]["value"];
  }
};

TEST_P(ImageVersionDataSourceAccTest, ByNameAndLatest) {
  auto ws = NewWorkspace(Lookup("2.0.0"));

  // By name: any version, even one excluded from latest.
  nlohmann::json v = Read(*ws, Lookup("2.0.0"));
  EXPECT_EQ(v["id"], VersionId("2.0.0"));
  EXPECT_EQ(v["version"], "2.0.0");
  EXPECT_EQ(v["location"], "westeurope");
  EXPECT_EQ(v["exclude_from_latest"], true);
  EXPECT_EQ(v["regions"], nlohmann::json::array({"westeurope"}));

  // Latest (the default name): highest semver not excluded nor failed.
  v = Read(*ws, Lookup());
  EXPECT_EQ(v["version"], "1.10.0") << v.dump();
  EXPECT_EQ(v["id"], VersionId("1.10.0"));
  EXPECT_EQ(v["exclude_from_latest"], false);
  EXPECT_EQ(v["regions"], nlohmann::json::array({"westeurope", "northeurope"}));

  // Region filter: 1.10.0 is excluded in North Europe, 1.9.0 is not there.
  v = Read(*ws, Lookup("latest", "North Europe"));
  EXPECT_EQ(v["version"], "1.2.0") << v.dump();
  EXPECT_EQ(v["id"], VersionId("1.2.0"));
  v = Read(*ws, Lookup("", "westeurope"));
  EXPECT_EQ(v["version"], "1.10.0") << v.dump();

  // Out of band, 1.10.0 is excluded from latest: the next plan moves to 1.9.0.
  Drift(VersionId("1.10.0"),
        {{"properties", {{"publishingProfile", {{"excludeFromLatest", true}}}}}});
  ws->WriteConfig(Lookup());
  ws->Apply();
  EXPECT_EQ(ws->Outputs()["v"]["value"]["version"], "1.9.0");
}

TEST_P(ImageVersionDataSourceAccTest, NothingMatchingIsAClearError) {
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  std::string err = ws.PlanError(Lookup("", "eastus"));
  EXPECT_THAT(err, HasSubstr("No image version found"));
  EXPECT_THAT(err, HasSubstr("has no version eligible as latest in region \"eastus\""));
  EXPECT_THAT(err, HasSubstr("ubuntu"));

  err = ws.PlanError(Lookup("9.9.9"));
  EXPECT_THAT(err, HasSubstr("Image version not found"));
  EXPECT_THAT(err, HasSubstr("9.9.9"));

  err = ws.PlanError(Lookup("1.9.0", "northeurope"));
  EXPECT_THAT(err, HasSubstr("Region not replicated"));
  EXPECT_THAT(err, HasSubstr("is not replicated to \"northeurope\""));

  err = ws.PlanError(Lookup("newest"));
  EXPECT_THAT(err, HasSubstr("name = \"newest\""));
  EXPECT_THAT(err, HasSubstr("must be a version Major.Minor.Patch or \"latest\", got \"newest\""));

  err = ws.PlanError(Lookup("", "", GalleryId("acc-ds", "accgal")));  // a gallery's id
  EXPECT_THAT(err, HasSubstr("Attribute image_definition_id must be an ARM resource id of type "
                             "Microsoft.Compute/galleries/images"));
}

INSTANTIATE_CLI_TESTS(ImageVersionDataSourceAccTest);

}  // namespace
}  // namespace azbatch::acceptance
