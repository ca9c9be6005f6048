// Acceptance: the shipped examples run unchanged against the emulator, the way
// README command 1 (scripts/demo.sh) runs the main one.
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ExamplesAccTest : public ImageAccTest {
 protected:
  // A workspace holding the example's own .tf file (it declares the provider).
  std::unique_ptr<Workspace> ExampleWorkspace(const std::string& example) {
    auto ws = std::make_unique<Workspace>(cli_);
    ws->SetEnv(emu_->ProviderEnv());
    const std::string dir = absl::StrCat(AZBATCH_SOURCE_DIR, "/examples/", example);
    std::ofstream(ws->dir() + "/main.tf") << ReadFile(dir + "/main.tf");
    ws->Init();
    return ws;
  }
  void Seed(const json& body) {
    HttpResult r = emu_->Admin("POST", "seed", body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
};

TEST_P(ExamplesAccTest, CustomPoolFromGalleryRunsEndToEnd) {
  const std::string seed = ReadFile(
      absl::StrCat(AZBATCH_SOURCE_DIR, "/examples/custom-pool-from-gallery/emulator-seed.json"));
  Seed(json::parse(seed));
  // Room for 900 two-core nodes (the default quota is 500 cores).
  ASSERT_EQ(emu_->Admin("POST", "config", {{"quotas", {{"dedicated_cores", 5000}}}}).status, 200);
  auto ws = ExampleWorkspace("custom-pool-from-gallery");
  ws->Apply();
  std::string plan;
  EXPECT_EQ(ws->PlanExitCode(&plan), 0) << plan;
  json out = ws->Outputs();
  EXPECT_EQ(out["pool_nodes"]["value"], "4 dedicated nodes, allocation Steady");
  const std::string pool_id = out["pool_id"]["value"];
  const std::string version_id = out["image_version_id"]["value"];
  json pool = emu_->Resource(pool_id);
  EXPECT_EQ(pool["properties"]["deploymentConfiguration"]["virtualMachineConfiguration"]
                ["imageReference"]["id"],
            version_id);
  EXPECT_EQ(pool["properties"]["startTask"]["userIdentity"]["autoUser"]["elevationLevel"], "Admin");

  // Growing the pool: the sizing data source raises the replicas, and both the
  // version and the pool update in place.
  CommandResult grow = ws->Run({"plan", "-no-color", "-var", "dedicated_nodes=900"});
  ASSERT_EQ(grow.exit_code, 0) << grow.Combined();
  EXPECT_THAT(Flat(grow.out), HasSubstr("azbatch_pool.render will be updated in-place"));
  EXPECT_THAT(Flat(grow.out), HasSubstr("azbatch_image_version.v1 will be updated in-place"));
  EXPECT_THAT(Flat(grow.out), Not(HasSubstr("must be replaced")));
  CommandResult apply = ws->Run({"apply", "-no-color", "-auto-approve", "-var", "dedicated_nodes=900"});
  ASSERT_EQ(apply.exit_code, 0) << apply.Combined();
  EXPECT_EQ(emu_->Resource(version_id)["properties"]["publishingProfile"]["targetRegions"][0]
                ["regionalReplicaCount"],
            3);
  EXPECT_EQ(emu_->Resource(pool_id)["properties"]["currentDedicatedNodes"], 900);

  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve", "-var", "dedicated_nodes=900"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(pool_id));
  EXPECT_FALSE(Exists(version_id));
}

TEST_P(ExamplesAccTest, LargePoolIsSizedSoPreflightHasNothingToSay) {
  const std::string rg = RgId("large");
  const std::string def = GalleryId("large", "gal") + "/images/ubuntu";
  const std::string image = rg + "/providers/Microsoft.Compute/images/base";
  const std::string account = rg + "/providers/Microsoft.Batch/batchAccounts/largeacct";
  Seed({{"resources",
         {{{"id", image},
           {"location", "westeurope"},
           {"properties",
            {{"hyperVGeneration", "V2"},
             {"storageProfile", {{"osDisk", {{"osType", "Linux"}, {"osState", "Generalized"}}}}}}}},
          {{"id", GalleryId("large", "gal")}, {"location", "westeurope"}, {"properties", json::object()}},
          {{"id", def},
           {"location", "westeurope"},
           {"properties",
            {{"osType", "Linux"},
             {"osState", "Generalized"},
             {"hyperVGeneration", "V2"},
             {"identifier", {{"publisher", "p"}, {"offer", "o"}, {"sku", "s"}}}}}},
          {{"id", account},
           {"location", "westeurope"},
           {"properties",
            {{"poolAllocationMode", "BatchService"},
             {"dedicatedCoreQuota", 20000},
             {"lowPriorityCoreQuota", 20000},
             {"poolQuota", 100}}}}}}});
  auto ws = ExampleWorkspace("large-pool");
  ws->SetEnv({{"TF_VAR_image_definition_id", def},
              {"TF_VAR_managed_image_id", image},
              {"TF_VAR_batch_account_id", account}});
  CommandResult apply = ws->Run({"apply", "-no-color", "-auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.Combined();
  EXPECT_THAT(apply.Combined(), Not(HasSubstr("Warning:")));
  json out = ws->Outputs();
  EXPECT_EQ(out["replicas"]["value"], 10);
  EXPECT_EQ(out["resize_timeout"]["value"], "PT45M");
  EXPECT_EQ(out["nodes"]["value"], 3000);
  // With the image known, the re-plan runs the preflight: still no warning.
  CommandResult plan = ws->Run({"plan", "-no-color", "-detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.Combined();
  EXPECT_THAT(plan.Combined(), Not(HasSubstr("Warning:")));
}

INSTANTIATE_CLI_TESTS(ExamplesAccTest);

}  // namespace
}  // namespace azbatch::acceptance
