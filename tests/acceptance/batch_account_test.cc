// Acceptance: azbatch_account through the real CLI against the emulator.
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class BatchAccountAccTest : public ImageAccTest {
 protected:
  static std::string AccountId(const std::string& name) {
    return absl::StrCat(RgId("acc-batch"), "/providers/Microsoft.Batch/batchAccounts/", name);
  }
  // The account's entry in `show -json`.
  static nlohmann::json AccountState(Workspace& ws) {
    CommandResult r = ws.Run({"show", "-json"});
    EXPECT_EQ(r.exit_code, 0) << r.Combined();
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    if (j.is_discarded()) return nlohmann::json::object();
    for (const auto& res : j["values"]["root_module"]["resources"]) {
      if (res.value("address", "") == "azbatch_account.a") return res;
    }
    return nlohmann::json::object();
  }
  // Requests of `method` on the account (path ends with the account or an action).
  int Count(const std::string& method, const std::string& suffix) {
    int n = 0;
    for (const auto& r : emu_->RequestLog()) {
      n += r.value("method", "") == method &&
           absl::EndsWithIgnoreCase(r.value("path", ""), suffix);
    }
    return n;
  }
};

// testdata/batch_account: the group every test uses, an account in it, and
// outputs of its endpoint, identity and key.
std::string AccountConfig(const std::string& file,
                          const std::map<std::string, std::string>& vars = {}) {
  return TestdataFiles(
      {"batch_account/group.tf", "batch_account/" + file, "batch_account/outputs.tf"}, vars);
}
// An account with only what it requires, plus one more attribute line.
std::string BasicAccount(const std::string& name, const std::string& attribute = "") {
  return AccountConfig("basic.tf", {{"name", name}, {"attribute", attribute}});
}

// Each test starts from the account "accbasic" applied with public network
// access disabled and a tag.
class AppliedAccountAccTest : public AppliedAccTest<BatchAccountAccTest> {
 protected:
  std::string AppliedConfig() const override { return AccountConfig("updated.tf"); }
  const std::string id_ = AccountId("accbasic");
};

// SharedKey is allowed by default: the key is there, and only as a sensitive value.
TEST_P(BatchAccountAccTest, SharedKeyIsThereOnlyAsASensitiveValue) {
  const std::string basic = BasicAccount("accbasic");
  auto ws = NewWorkspace(basic);
  ApplyClean(*ws, basic);
  ASSERT_TRUE(Exists(AccountId("accbasic")));
  nlohmann::json out = ws->Outputs();
  EXPECT_EQ(out["endpoint"]["value"], "accbasic.westeurope.batch.azure.com");
  EXPECT_TRUE(out["primary"]["sensitive"].get<bool>());
  const std::string key = out["primary"]["value"].get<std::string>();
  EXPECT_FALSE(key.empty());
  CommandResult show = ws->Run({"show", "-no-color"});
  EXPECT_THAT(show.Combined(), Not(HasSubstr(key)));
  EXPECT_THAT(Flat(show.Combined()), HasSubstr("primary_access_key = (sensitive value)"));
  nlohmann::json acct = AccountState(*ws);
  EXPECT_EQ(acct["values"]["primary_access_key"], key);
  EXPECT_TRUE(acct["sensitive_values"]["primary_access_key"].get<bool>()) << acct.dump();
  EXPECT_TRUE(acct["sensitive_values"]["secondary_access_key"].get<bool>());
}

// In-place update: tags and public network access, one PATCH.
TEST_P(BatchAccountAccTest, TagsAndNetworkAccessChangeByOnePatch) {
  const std::string basic = BasicAccount("accbasic");
  auto ws = NewWorkspace(basic);
  ApplyClean(*ws, basic);
  const std::string updated = AccountConfig("updated.tf");
  std::string plan = Plan(*ws, updated, 2);
  EXPECT_THAT(plan, HasSubstr("will be updated in-place"));
  EXPECT_THAT(plan, Not(HasSubstr("forces replacement")));
  const int patches = Count("PATCH", "/batchAccounts/accbasic");
  ApplyClean(*ws, updated);
  EXPECT_EQ(Count("PATCH", "/batchAccounts/accbasic"), patches + 1);
  nlohmann::json body = emu_->Resource(AccountId("accbasic"));
  EXPECT_EQ(body["properties"]["publicNetworkAccess"], "Disabled");
  EXPECT_EQ(body["tags"]["team"], "hpc");
}

// Drift made out of band shows in the plan and is undone.
TEST_P(AppliedAccountAccTest, DriftedNetworkAccessIsPutBack) {
  Drift(id_, {{"properties", {{"publicNetworkAccess", "Enabled"}}}});
  EXPECT_THAT(Plan(*ws_, config_, 2), HasSubstr("\"Enabled\" -> \"Disabled\""));
  ApplyClean(*ws_, config_);
}

// The allocation mode is create-only: a change replaces the account.
TEST_P(AppliedAccountAccTest, NewAllocationModeReplacesTheAccount) {
  std::string plan = Plan(*ws_, AccountConfig("key_vault.tf"), 2);
  EXPECT_THAT(plan, HasSubstr("forces replacement"));
  EXPECT_THAT(plan, HasSubstr("must be replaced"));
}

// An existing account must be imported; a lower-cased id imports with an empty plan.
TEST_P(AppliedAccountAccTest, SecondConfigurationMustImportAndImportGivesAnEmptyPlan) {
  auto other = NewWorkspace(config_);
  CommandResult imp_rg =
      other->Run({"import", "-no-color", "azbatch_resource_group.rg", RgId("acc-batch")});
  ASSERT_EQ(imp_rg.exit_code, 0) << imp_rg.Combined();
  CommandResult r = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(Flat(r.Combined()), HasSubstr(GetParam() + " import ADDRESS " + id_));
  CommandResult imp =
      other->Run({"import", "-no-color", "azbatch_account.a", absl::AsciiStrToLower(id_)});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string after_import;
  EXPECT_EQ(other->PlanExitCode(&after_import), 0) << after_import;
}

// Destroy waits until the account is gone.
TEST_P(AppliedAccountAccTest, DestroyWaitsUntilTheAccountIsGone) {
  CommandResult destroy = ws_->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(id_));
}

TEST_P(BatchAccountAccTest, CompleteConfigIsStableAndImportsWithoutChange) {
  const std::string complete = AccountConfig("complete.tf");
  auto ws = NewWorkspace(complete);
  ApplyClean(*ws, complete);
  const std::string id = AccountId("acccomplete");
  nlohmann::json body = emu_->Resource(id);
  EXPECT_EQ(body["identity"]["type"], "SystemAssigned") << body.dump();
  EXPECT_EQ(body["properties"]["networkProfile"]["accountAccess"]["ipRules"].size(), 2u);
  EXPECT_EQ(body["properties"]["allowedAuthenticationModes"].size(), 2u);
  EXPECT_FALSE(ws->Outputs()["primary"]["value"].get<std::string>().empty());
  // The system-assigned identity's principal, as Azure assigned it.
  EXPECT_EQ(ws->Outputs()["principal"]["value"], body["identity"]["principalId"]);

  // The same account imported elsewhere plans no change either.
  auto other = NewWorkspace(complete);
  for (auto [addr, rid] : {std::pair<std::string, std::string>{"azbatch_resource_group.rg",
                                                              RgId("acc-batch")},
                           {"azbatch_account.a", id}}) {
    CommandResult r = other->Run({"import", "-no-color", addr, rid});
    ASSERT_EQ(r.exit_code, 0) << r.Combined();
  }
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
}

// Dropping SharedKey, the identity and the network rules is an in-place update;
// no keys are read any more.
TEST_P(BatchAccountAccTest, DroppingSharedKeyIdentityAndRulesIsInPlace) {
  const std::string complete = AccountConfig("complete.tf");
  auto ws = NewWorkspace(complete);
  ApplyClean(*ws, complete);
  const std::string id = AccountId("acccomplete");
  const std::string reduced = AccountConfig("reduced.tf");
  EXPECT_THAT(Plan(*ws, reduced, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, reduced);
  nlohmann::json body = emu_->Resource(id);
  EXPECT_EQ(body["identity"]["type"], "None");
  EXPECT_EQ(body["properties"]["allowedAuthenticationModes"], nlohmann::json::array({"AAD"}));
  int refused = 0;
  for (const auto& r : emu_->RequestLog()) {
    refused += absl::EndsWithIgnoreCase(r.value("path", ""), "/listKeys") &&
               r.value("status", 0) >= 400;
  }
  EXPECT_EQ(refused, 0);
  nlohmann::json acct = AccountState(*ws);
  EXPECT_TRUE(acct["values"]["primary_access_key"].is_null()) << acct.dump();
  EXPECT_TRUE(acct["values"]["secondary_access_key"].is_null());
}

TEST_P(BatchAccountAccTest, BadInputsAreReportedAtTheirAttribute) {
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  std::string err = ws.PlanError(BasicAccount("Bad_Name"));
  EXPECT_THAT(err, HasSubstr("name = \"Bad_Name\""));
  EXPECT_THAT(err, HasSubstr("lowercase letters and digits"));
  err = ws.PlanError(BasicAccount("okname", "pool_allocation_mode = \"UserSubscription\""));
  EXPECT_THAT(err, HasSubstr("key_vault_reference"));
  EXPECT_THAT(err, HasSubstr("UserSubscription"));
  err = ws.PlanError(BasicAccount("okname", "allowed_authentication_modes = [\"Password\"]"));
  EXPECT_THAT(err, HasSubstr("allowed_authentication_modes"));
  EXPECT_THAT(err, HasSubstr("Password"));
}

INSTANTIATE_CLI_TESTS(BatchAccountAccTest);
INSTANTIATE_CLI_TESTS(AppliedAccountAccTest);

}  // namespace
}  // namespace azbatch::acceptance
