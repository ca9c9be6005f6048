// The configured ARM client under stress: short-lived tokens during a long
// operation, injected throttling and server errors, and resource provider
// registration.
#include <iostream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/azure/api_versions.h"
#include "provider/azure/arm_error.h"
#include "provider/azure/lro.h"
#include "provider/azure/resource_id.h"
#include "tests/integration/config_util.h"

namespace azbatch::integration {
namespace {

using ::testing::HasSubstr;

cty::Value S(const std::string& s) { return cty::Value::String(s); }
cty::Value B(bool b) { return cty::Value::Bool(b); }

azure::Context Ctx(absl::Duration timeout = absl::Seconds(120)) {
  return azure::Context().WithTimeout(timeout);
}

std::string GroupPath(const std::string& name) {
  return absl::StrCat(SubscriptionPath(), "/resourceGroups/", name);
}

TEST(ArmIntegrationTest, TokenExpiryDuringLongPollIsSurvived) {
  // 10 emulated seconds per real second: the Batch account takes ~3 s to create.
  EmulatorProcess emu({"--time-scale", "10"});
  emu.SetConfig({{"token_lifetime_seconds", 1}});
  Configured c = ConfigureAgainst(SecretEnv(emu), {{"preflight", B(false)}});
  ASSERT_NE(c.arm, nullptr) << c.resp.diagnostics.ToString();

  ASSERT_TRUE(c.arm->Put(GroupPath("lro"), azure::api_versions::kResourceGroups,
                         {{"location", "westus"}}, Ctx())
                  .ok());
  azure::LroOptions lro;
  lro.min_interval = absl::Milliseconds(500);
  lro.default_interval = absl::Seconds(1);
  int polls = 0;
  lro.on_progress = [&polls](const azure::LroProgress&) { ++polls; };
  absl::Time start = absl::Now();
  absl::StatusOr<azure::ArmResponse> account = azure::PutAndWait(
      *c.arm, GroupPath("lro") + "/providers/Microsoft.Batch/batchAccounts/lroacct",
      azure::api_versions::kBatchAccounts, {{"location", "westus"}}, Ctx(), lro);
  absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(account.ok()) << account.status();
  EXPECT_EQ(account->body["properties"].value("provisioningState", ""), "Succeeded");
  // The operation outlived several token lifetimes ...
  EXPECT_GT(took, absl::Seconds(2)) << "the poll must outlast the 1 s token lifetime";
  // ... and fresh tokens were fetched along the way.
  int fetches = c.settings->azure->credential->fetches();
  std::cout << "long poll: " << absl::FormatDuration(took) << ", " << polls << " progress reports, "
            << fetches << " token fetches\n";
  EXPECT_GE(fetches, 3);
  // Every request the emulator saw during the poll was authenticated.
  for (const auto& r : emu.Requests()) {
    EXPECT_NE(r.value("status", 0), 401) << r.dump();
  }
}

TEST(ArmIntegrationTest, TwentyPercentInjectedFaultsAreRetriedToSuccess) {
  EmulatorProcess emu;
  emu.SetConfig({{"throttling", {{"enabled", false}}},
                 {"faults",
                  {{"seed", 7},
                   {"rate_429", 0.08},
                   {"rate_500", 0.06},
                   {"rate_503", 0.06},
                   {"path_contains", "/subscriptions/"}}}});
  resources::ConfigureOptions options;
  options.retry.initial_delay = absl::Milliseconds(50);
  options.retry.max_delay = absl::Milliseconds(400);
  options.retry.max_retry_after = absl::Milliseconds(200);
  Configured c = ConfigureAgainst(SecretEnv(emu), {{"preflight", B(false)}}, options);
  ASSERT_NE(c.arm, nullptr) << c.resp.diagnostics.ToString();

  const int kCalls = 40;
  int attempts = 0;
  for (int i = 0; i < kCalls; ++i) {
    absl::StatusOr<azure::ArmResponse> r =
        (i % 2 == 0) ? c.arm->Put(GroupPath(absl::StrCat("rg", i % 8)),
                                  azure::api_versions::kResourceGroups,
                                  {{"location", "westus"}}, Ctx())
                     : c.arm->Get(GroupPath(absl::StrCat("rg", (i - 1) % 8)),
                                  azure::api_versions::kResourceGroups, Ctx());
    ASSERT_TRUE(r.ok()) << "call " << i << ": " << r.status();
    attempts += r->attempts;
  }
  int faults = 0;
  for (const auto& r : emu.Requests()) {
    int status = r.value("status", 0);
    if (status == 429 || status >= 500) ++faults;
  }
  std::cout << kCalls << " calls took " << attempts << " attempts; the emulator injected "
            << faults << " faults\n";
  ::testing::Test::RecordProperty("attempts", attempts);
  EXPECT_GT(attempts, kCalls) << "some faults must have been injected";
  EXPECT_EQ(attempts - kCalls, faults) << "each fault costs exactly one extra attempt";
}

TEST(ArmIntegrationTest, UnregisteredBatchIsRegisteredOnDemand) {
  EmulatorProcess emu;
  {
    Configured admin = ConfigureAgainst(SecretEnv(emu), {{"preflight", B(false)}});
    ASSERT_NE(admin.arm, nullptr) << admin.resp.diagnostics.ToString();
    ASSERT_TRUE(admin.arm->Post(SubscriptionPath() + "/providers/Microsoft.Batch/unregister",
                                azure::api_versions::kProviders, nlohmann::json::object(), Ctx())
                    .ok());
  }
  const std::string accounts =
      SubscriptionPath() + "/providers/Microsoft.Batch/batchAccounts";

  // registrations = none: the call fails with Azure's explanation.
  Configured none = ConfigureAgainst(SecretEnv(emu), {{"preflight", B(false)}});
  ASSERT_NE(none.arm, nullptr);
  absl::StatusOr<azure::ArmResponse> refused =
      none.arm->Get(accounts, azure::api_versions::kBatchAccounts, Ctx());
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("MissingSubscriptionRegistration"));

  // registrations = none with preflight: configuring succeeds (it checks
  // nothing, issue 11); the first write under Microsoft.Batch fails with a way
  // out before it is sent.
  Configured preflight = ConfigureAgainst(SecretEnv(emu), {});
  ASSERT_NE(preflight.arm, nullptr) << preflight.resp.diagnostics.ToString();
  absl::StatusOr<azure::ArmResponse> write = preflight.arm->Put(
      SubscriptionPath() + "/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct",
      azure::api_versions::kBatchAccounts, nlohmann::json{{"location", "westeurope"}}, Ctx());
  ASSERT_FALSE(write.ok());
  EXPECT_THAT(std::string(write.status().message()), HasSubstr("Microsoft.Batch"));
  EXPECT_THAT(std::string(write.status().message()), HasSubstr("resource_provider_registrations"));
  for (const auto& r : emu.Requests()) {
    EXPECT_NE(r.value("method", ""), "PUT") << r.dump();
  }

  // registrations = core: the call registers Microsoft.Batch and then succeeds.
  Configured core = ConfigureAgainst(
      SecretEnv(emu), {{"preflight", B(false)}, {"resource_provider_registrations", S("core")}});
  ASSERT_NE(core.arm, nullptr) << core.resp.diagnostics.ToString();
  absl::StatusOr<azure::ArmResponse> listed =
      core.arm->Get(accounts, azure::api_versions::kBatchAccounts, Ctx());
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->status, 200);
  bool registered = false;
  for (const auto& r : emu.Requests()) {
    if (r.value("method", "") == "POST" &&
        absl::EndsWith(r.value("path", ""), "/providers/Microsoft.Batch/register")) {
      registered = true;
    }
  }
  EXPECT_TRUE(registered);
  auto state = emu.Call("GET", "/_emulator/requests");  // the emulator is still healthy
  EXPECT_EQ(state.status, 200);
}

// Names Azure accepts travel percent-encoded and come back decoded; a name
// Azure refuses fails at once with ARM's error instead of being retried.
TEST(ArmIntegrationTest, UnicodeNamesRoundTripAndRefusedNamesFailAtOnce) {
  EmulatorProcess emu({"--time-scale", "10"});
  Configured c = ConfigureAgainst(SecretEnv(emu), {{"preflight", B(false)}});
  ASSERT_NE(c.arm, nullptr) << c.resp.diagnostics.ToString();

  const std::string group = GroupPath("grüße(test)");
  absl::StatusOr<azure::ArmResponse> created =
      c.arm->Put(group, azure::api_versions::kResourceGroups, {{"location", "westus"}}, Ctx());
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->body.value("id", ""), group);
  EXPECT_EQ(created->body.value("name", ""), "grüße(test)");
  // Reading it back through a parsed id, as an import does.
  absl::StatusOr<azure::ResourceId> id = azure::ResourceId::Parse(created->body.value("id", ""));
  ASSERT_TRUE(id.ok()) << id.status();
  absl::StatusOr<azure::ArmResponse> read = c.arm->Get(id->String(), id->api_version(), Ctx());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->body.value("id", ""), group);
  EXPECT_EQ(read->attempts, 1);
  // A long-running create below it: the final GET goes to the encoded path.
  azure::LroOptions lro;
  lro.min_interval = absl::Milliseconds(200);
  lro.default_interval = absl::Milliseconds(500);
  absl::StatusOr<azure::ArmResponse> account = azure::PutAndWait(
      *c.arm, group + "/providers/Microsoft.Batch/batchAccounts/unicodeacct",
      azure::api_versions::kBatchAccounts, {{"location", "westus"}}, Ctx(), lro);
  ASSERT_TRUE(account.ok()) << account.status();
  EXPECT_EQ(account->body.value("id", ""),
            group + "/providers/Microsoft.Batch/batchAccounts/unicodeacct");

  // Azure refuses a space in a resource group name: one request, ARM's error.
  const std::string refused = GroupPath("a b");
  absl::Time start = absl::Now();
  absl::StatusOr<azure::ArmResponse> bad =
      c.arm->Put(refused, azure::api_versions::kResourceGroups, {{"location", "westus"}}, Ctx());
  ASSERT_FALSE(bad.ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status())) << bad.status();
  std::optional<azure::ArmError> error = azure::ArmErrorFromStatus(bad.status());
  ASSERT_TRUE(error.has_value()) << bad.status();
  EXPECT_EQ(error->http_status, 400);
  EXPECT_EQ(error->code, "InvalidResourceGroup");
  EXPECT_THAT(error->message, HasSubstr("has these invalid characters: ' '"));
  int attempts = 0;
  for (const auto& r : emu.Requests()) {
    if (r.value("method", "") == "PUT" && r.value("path", "") == refused) ++attempts;
  }
  EXPECT_EQ(attempts, 1);
}

}  // namespace
}  // namespace azbatch::integration
