// Acceptance: provider-defined functions called from outputs by the real CLI.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/harness.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

class FunctionsTest : public CliTest {};

TEST_P(FunctionsTest, ValuesInOutputs) {
  Workspace ws(cli());
  ws.WriteConfig(Testdata("functions/values.tf"));
  ws.Init();
  ws.Apply();
  nlohmann::json out = ws.Outputs();
  EXPECT_EQ(out["replicas"]["value"], nlohmann::json({1, 1, 2, 10}));
  const nlohmann::json& id = out["id"]["value"];
  EXPECT_EQ(id["subscription_id"], "00000000-0000-0000-0000-000000000001");
  EXPECT_EQ(id["resource_group_name"], "rg-images");
  EXPECT_EQ(id["provider_namespace"], "Microsoft.Compute");
  EXPECT_EQ(id["resource_type"], "galleries/images/versions");
  EXPECT_EQ(id["name"], "1.2.3");
  std::string plan;
  EXPECT_EQ(ws.PlanExitCode(&plan), 0) << plan;
}

TEST_P(FunctionsTest, MalformedIdNamesTheArgument) {
  Workspace ws(cli());
  std::string err = ws.PlanError(Testdata("functions/malformed_id.tf"));
  EXPECT_THAT(err, HasSubstr("Invalid function argument"));
  EXPECT_THAT(err, HasSubstr("\"/subscriptions/x\""));
  EXPECT_THAT(err, HasSubstr("is not an ARM resource id"));
}

TEST_P(FunctionsTest, NegativeNodesIsAFunctionError) {
  Workspace ws(cli());
  std::string err = ws.PlanError(Testdata("functions/negative_nodes.tf"));
  EXPECT_THAT(err, HasSubstr("Invalid function argument"));
  EXPECT_THAT(err, HasSubstr("whole number"));
}

INSTANTIATE_CLI_TESTS(FunctionsTest);

}  // namespace
}  // namespace azbatch::acceptance
