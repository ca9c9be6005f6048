// Acceptance: the azbatch_pool_sizing data source through the real CLI.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/harness.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Environment, CliUnderTestIsConfigured) {
  ASSERT_FALSE(ClisUnderTest().empty())
      << "set TOFU=/path/to/tofu (scripts/test.sh builds it and sets it)";
}

class PoolSizingTest : public CliTest {};

// testdata/pool_sizing/<file>: data "azbatch_pool_sizing" "this", with its
// outputs when `outputs`.
std::string SizingConfig(const std::string& file, bool outputs = false) {
  std::vector<std::string> files = {"pool_sizing/" + file};
  if (outputs) files.push_back("pool_sizing/outputs.tf");
  return TestdataFiles(files);
}

TEST_P(PoolSizingTest, LifecycleInitValidatePlanApplyReplanDestroy) {
  Workspace ws(cli());
  ws.WriteConfig(SizingConfig("mixed_pool.tf", true));
  ws.Init();
  CommandResult validate = ws.Run({"validate", "-no-color"});
  ASSERT_EQ(validate.exit_code, 0) << validate.Combined();

  std::string plan;
  EXPECT_EQ(ws.PlanExitCode(&plan), 2) << plan;  // outputs are new
  ws.Apply();
  nlohmann::json out = ws.Outputs();
  EXPECT_EQ(out["total"]["value"], 3500);
  EXPECT_EQ(out["replicas"]["value"], 12);      // ceil(3500 / 300)
  EXPECT_EQ(out["timeout"]["value"], "PT1H");   // 4 started thousands x 15 minutes

  EXPECT_EQ(ws.PlanExitCode(&plan), 0) << "second plan must be empty:\n" << plan;
  CommandResult destroy = ws.Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
}

TEST_P(PoolSizingTest, GuidanceTable) {
  // testdata/pool_sizing/guidance.tf: data sources c0 to c5, one per case.
  struct Case { std::string args; int replicas; std::string timeout; };
  const Case cases[] = {
      {"target_dedicated_nodes = 0", 1, "PT15M"},
      {"target_dedicated_nodes = 300", 1, "PT15M"},
      {"target_dedicated_nodes = 301", 2, "PT15M"},
      {"target_dedicated_nodes = 1001", 4, "PT30M"},
      {"target_dedicated_nodes = 3000, vms_per_replica = 600", 5, "PT45M"},
      {"target_dedicated_nodes = 4000, target_low_priority_nodes = 500", 15, "PT1H15M"},
  };
  Workspace ws(cli());
  ws.WriteConfig(SizingConfig("guidance.tf"));
  ws.Init();
  ws.Apply();
  nlohmann::json out = ws.Outputs();
  for (size_t i = 0; i < std::size(cases); ++i) {
    const auto& v = out[absl::StrCat("c", i)]["value"];
    EXPECT_EQ(v[0], cases[i].replicas) << cases[i].args;
    EXPECT_EQ(v[1], cases[i].timeout) << cases[i].args;
  }
}

TEST_P(PoolSizingTest, NegativeNodesNamesTheAttribute) {
  Workspace ws(cli());
  std::string err = ws.PlanError(SizingConfig("negative_nodes.tf"));
  // Core quotes the offending line only when the diagnostic carries the attribute path.
  EXPECT_THAT(err, HasSubstr("target_dedicated_nodes = -3"));
  EXPECT_THAT(err, HasSubstr("-3"));
  EXPECT_THAT(err, HasSubstr("whole number"));
}

TEST_P(PoolSizingTest, FractionalNodesAreRefused) {
  Workspace ws(cli());
  std::string err = ws.PlanError(SizingConfig("fractional_nodes.tf"));
  EXPECT_THAT(err, HasSubstr("target_low_priority_nodes = 2.5"));
  EXPECT_THAT(err, HasSubstr("whole number"));
}

TEST_P(PoolSizingTest, ZeroVmsPerReplicaIsRefused) {
  Workspace ws(cli());
  std::string err = ws.PlanError(SizingConfig("zero_vms_per_replica.tf"));
  EXPECT_THAT(err, HasSubstr("vms_per_replica = 0"));
}

TEST_P(PoolSizingTest, NonNumericInputIsAnError) {
  Workspace ws(cli());
  std::string err = ws.PlanError(SizingConfig("non_numeric_nodes.tf"));
  EXPECT_THAT(err, HasSubstr("target_dedicated_nodes"));
  EXPECT_THAT(err, HasSubstr("number is required"));
}

TEST_P(PoolSizingTest, UnknownInputDefersTheReadToApply) {
  Workspace ws(cli());
  ws.WriteConfig(SizingConfig("unknown_nodes.tf", true));
  ws.Init();
  std::string plan;
  EXPECT_EQ(ws.PlanExitCode(&plan), 2) << plan;
  EXPECT_THAT(plan, HasSubstr("data.azbatch_pool_sizing.this will be read during apply"));
  EXPECT_THAT(plan, Not(HasSubstr("Error")));
  ws.Apply();
  EXPECT_EQ(ws.Outputs()["replicas"]["value"], 3);
  EXPECT_EQ(ws.PlanExitCode(&plan), 0) << plan;
}

INSTANTIATE_CLI_TESTS(PoolSizingTest);

}  // namespace
}  // namespace azbatch::acceptance
