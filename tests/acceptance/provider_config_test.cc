// Acceptance: the provider block through the real CLI against a private
// arm-emulator: secrets and tokens stay out of TF_LOG=trace output, a wrong
// secret fails the plan with one clear diagnostic, and a provider block that
// is only known at apply does not fail the plan.
#include <regex>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/emulator.h"
#include "tests/acceptance/harness.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Tokens the emulator issues are JWTs, as Entra's are: three base64url parts,
// the first two JSON objects (so they start "eyJ").
const std::regex& EmulatorTokenPattern() {
  static const std::regex* re =
      new std::regex("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{20,}");
  return *re;
}

// testdata/provider_config/sizing.tf: a data source that needs no Azure.
std::string SizingConfig() { return Testdata("provider_config/sizing.tf"); }

class ProviderConfigTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    if (IsSkipped()) return;
    ASSERT_TRUE(emu_.running()) << "arm-emulator did not start";
  }
  // Tokens the emulator issued (the provider really authenticated). Configuring
  // makes no ARM call of its own: registrations are checked at the first write
  // (issue 11), so a configuration without resources reaches only the token
  // endpoint.
  int Authentications() const {
    int n = 0;
    nlohmann::json log = emu_.RequestLog();
    if (!log.is_array()) return 0;
    for (const auto& r : log) {
      if (absl::StrContains(r.value("path", ""), "/oauth2/") && r.value("status", 0) == 200) ++n;
    }
    return n;
  }

  Emulator emu_;
};

TEST_P(ProviderConfigTest, TraceLogCarriesNoSecretOrToken) {
  Workspace ws(cli());
  ws.WriteConfig(
      TestdataFiles({"provider_config/core_registrations.tf", "provider_config/sizing.tf"}));
  std::map<std::string, std::string> env = emu_.ProviderEnv();
  env["TF_LOG"] = "trace";
  ws.SetEnv(env);
  std::string all;
  for (std::vector<std::string> args :
       {std::vector<std::string>{"init", "-no-color"}, {"plan", "-no-color"},
        {"apply", "-no-color", "-auto-approve"}}) {
    CommandResult r = ws.Run(args);
    ASSERT_EQ(r.exit_code, 0) << args[0] << ":\n" << r.err.substr(r.err.size() > 20000 ? r.err.size() - 20000 : 0);
    all += r.Combined();
  }
  // The run really configured the provider against the emulator (it got a
  // token) and traced it.
  EXPECT_GT(Authentications(), 0);
  EXPECT_THAT(all, HasSubstr("provider configured"));
  EXPECT_THAT(all, HasSubstr("ConfigureProvider"));
  EXPECT_THAT(all, Not(HasSubstr(Emulator::kClientSecret)));
  // The pattern does find the emulator's tokens (so its absence means something).
  HttpResult issued = emu_.Request(
      "POST", absl::StrCat("/", Emulator::kTenantId, "/oauth2/v2.0/token"),
      absl::StrCat("grant_type=client_credentials&client_id=", Emulator::kClientId,
                   "&client_secret=", Emulator::kClientSecret,
                   "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default"),
      {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(issued.status, 200) << issued.body;
  EXPECT_TRUE(std::regex_match(issued.Json().value("access_token", ""), EmulatorTokenPattern()));
  std::smatch m;
  EXPECT_FALSE(std::regex_search(all, m, EmulatorTokenPattern()))
      << "an access token leaked into the trace: ..." << m.prefix().str().substr(
             m.prefix().length() > 300 ? m.prefix().length() - 300 : 0);
}

TEST_P(ProviderConfigTest, WrongSecretFailsPlanWithOneClearDiagnostic) {
  const std::string wrong = "not-the-emulator-secret-42";
  Workspace ws(cli());
  ws.WriteConfig(SizingConfig());
  std::map<std::string, std::string> env = emu_.ProviderEnv();
  env["ARM_CLIENT_SECRET"] = wrong;
  ws.SetEnv(env);
  ws.Init();
  CommandResult plan = ws.Run({"plan", "-no-color"});
  EXPECT_EQ(plan.exit_code, 1) << plan.Combined();
  std::string text = Flat(plan.Combined());
  EXPECT_THAT(text, HasSubstr("Unable to authenticate to Azure"));
  EXPECT_THAT(text, HasSubstr("client secret: failed"));
  EXPECT_THAT(text, HasSubstr("AADSTS7000215"));
  EXPECT_THAT(text, HasSubstr("Azure CLI: skipped"));
  EXPECT_THAT(text, Not(HasSubstr(wrong)));
  size_t first = text.find("Unable to authenticate to Azure");
  EXPECT_EQ(text.find("Unable to authenticate to Azure", first + 1), std::string::npos)
      << "one diagnostic, not one per credential: " << text;
}

TEST_P(ProviderConfigTest, SubscriptionKnownOnlyAtApplyDoesNotFailThePlan) {
  Workspace ws(cli());
  ws.WriteConfig(
      TestdataFiles({"provider_config/subscription_at_apply.tf", "provider_config/sizing.tf"},
                    {{"subscription_id", Emulator::kSubscriptionId}}));
  std::map<std::string, std::string> env = emu_.ProviderEnv();
  env.erase("ARM_SUBSCRIPTION_ID");
  ws.SetEnv(env);
  ws.Init();
  CommandResult plan = ws.Run({"plan", "-no-color"});
  EXPECT_EQ(plan.exit_code, 0) << plan.Combined();
  EXPECT_EQ(Authentications(), 0) << "nothing can reach Azure while the subscription is unknown";
  ws.Apply();
  EXPECT_EQ(ws.Outputs()["replicas"]["value"], 2);
  // Now that the subscription is in state, the next plan configures for real.
  std::string replan;
  EXPECT_EQ(ws.PlanExitCode(&replan), 0) << replan;
  EXPECT_GT(Authentications(), 0) << "the provider authenticated once the value was known";
}

INSTANTIATE_CLI_TESTS(ProviderConfigTest);

}  // namespace
}  // namespace azbatch::acceptance
