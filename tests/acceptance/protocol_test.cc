// Acceptance: how the CLI finds, starts and talks to the binary.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/harness.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

class ProtocolTest : public CliTest {};

TEST_P(ProtocolTest, ProvidersSchemaListsProviderDataSourceAndFunctions) {
  Workspace ws(cli());
  ws.WriteConfig(Testdata("protocol/provider.tf"));
  ws.Init();
  CommandResult r = ws.Run({"providers", "schema", "-json"});
  ASSERT_EQ(r.exit_code, 0) << r.Combined();
  nlohmann::json j = nlohmann::json::parse(r.out);
  const nlohmann::json& p = j["provider_schemas"][kSourceAddress];
  ASSERT_TRUE(p.is_object()) << r.out;
  EXPECT_TRUE(p["provider"]["block"].is_object());
  const nlohmann::json& ds = p["data_source_schemas"]["azbatch_pool_sizing"]["block"];
  EXPECT_TRUE(ds["attributes"]["target_dedicated_nodes"]["required"].get<bool>());
  EXPECT_TRUE(ds["attributes"]["min_replicas_per_region"]["computed"].get<bool>());
  if (cli().name == "tofu") {  // Terraform 1.8 does not list functions here.
    EXPECT_TRUE(p["functions"].contains("min_replicas")) << p.dump();
    EXPECT_TRUE(p["functions"].contains("parse_resource_id")) << p.dump();
  }
}

TEST_P(ProtocolTest, InitRecordsTheProviderInTheLockFile) {
  Workspace ws(cli());
  ws.WriteConfig(Testdata("protocol/provider.tf"));
  ws.Init();
  CommandResult r = ws.Run({"providers", "-no-color"});
  EXPECT_EQ(r.exit_code, 0) << r.Combined();
  EXPECT_THAT(r.out, HasSubstr(kSourceAddress));
  CommandResult lock = RunCommand({"/bin/cat", ws.dir() + "/.terraform.lock.hcl"}, ws.dir(), {});
  EXPECT_THAT(lock.out, HasSubstr(kSourceAddress));
}

TEST_P(ProtocolTest, DevOverridesNeedNoInit) {
  Workspace ws(cli(), Workspace::Install::kDevOverrides);
  ws.WriteConfig(Testdata("protocol/sizing.tf"));
  CommandResult r = ws.Run({"apply", "-no-color", "-auto-approve"});
  ASSERT_EQ(r.exit_code, 0) << r.Combined();
  EXPECT_THAT(r.Combined(), HasSubstr("development overrides"));
  EXPECT_EQ(ws.Outputs()["r"]["value"], 1);
}

INSTANTIATE_CLI_TESTS(ProtocolTest);

TEST(Binary, RunByHandExplainsItIsAPlugin) {
  CommandResult r = RunCommand({AZBATCH_PROVIDER_BIN}, "/", {{"TF_PLUGIN_MAGIC_COOKIE", ""}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(Flat(r.err), HasSubstr("This binary is a plugin"));
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST(Binary, VersionFlag) {
  CommandResult r = RunCommand({AZBATCH_PROVIDER_BIN, "--version"}, "/", {});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("0.1.0"));
}

}  // namespace
}  // namespace azbatch::acceptance
