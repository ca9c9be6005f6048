// Acceptance: azbatch_account through the real CLI against the emulator.
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

std::string AccountConfig(const std::string& name, const std::string& body = "") {
  return absl::StrCat(
      "resource \"azbatch_resource_group\" \"rg\" {\n  name = \"acc-batch\"\n"
      "  location = \"westeurope\"\n}\n"
      "resource \"azbatch_account\" \"a\" {\n  name = \"", name,
      "\"\n  resource_group_name = azbatch_resource_group.rg.name\n"
      "  location = azbatch_resource_group.rg.location\n",
      body,
      "}\n"
      "output \"endpoint\" { value = azbatch_account.a.account_endpoint }\n"
      "output \"principal\" { value = azbatch_account.a.identity == null ? \"\" : "
      "coalesce(azbatch_account.a.identity.principal_id, \"\") }\n"
      "output \"primary\" {\n  value = azbatch_account.a.primary_access_key\n"
      "  sensitive = true\n}\n");
}

const char kKeyVault[] =
    "  pool_allocation_mode = \"UserSubscription\"\n"
    "  key_vault_reference {\n"
    "    id  = \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acc-batch/"
    "providers/Microsoft.KeyVault/vaults/kv1\"\n"
    "    url = \"https://kv1.vault.azure.net/\"\n  }\n";

TEST_P(BatchAccountAccTest, BasicUpdateDriftReplaceImport) {
  const std::string basic = AccountConfig("accbasic");
  auto ws = NewWorkspace(basic);
  ApplyClean(*ws, basic);
  const std::string id = AccountId("accbasic");
  ASSERT_TRUE(Exists(id));

  // SharedKey is allowed by default: the key is there, and only as a sensitive value.
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

  // In-place update: tags and public network access, one PATCH.
  const std::string updated = AccountConfig(
      "accbasic", "  public_network_access = \"Disabled\"\n  tags = { team = \"hpc\" }\n");
  std::string plan = Plan(*ws, updated, 2);
  EXPECT_THAT(plan, HasSubstr("will be updated in-place"));
  EXPECT_THAT(plan, Not(HasSubstr("forces replacement")));
  const int patches = Count("PATCH", "/batchAccounts/accbasic");
  ApplyClean(*ws, updated);
  EXPECT_EQ(Count("PATCH", "/batchAccounts/accbasic"), patches + 1);
  nlohmann::json body = emu_->Resource(id);
  EXPECT_EQ(body["properties"]["publicNetworkAccess"], "Disabled");
  EXPECT_EQ(body["tags"]["team"], "hpc");

  // Drift made out of band shows in the plan and is undone.
  Drift(id, {{"properties", {{"publicNetworkAccess", "Enabled"}}}});
  EXPECT_THAT(Plan(*ws, updated, 2), HasSubstr("\"Enabled\" -> \"Disabled\""));
  ApplyClean(*ws, updated);

  // The allocation mode is create-only: a change replaces the account.
  plan = Plan(*ws, AccountConfig("accbasic", kKeyVault), 2);
  EXPECT_THAT(plan, HasSubstr("forces replacement"));
  EXPECT_THAT(plan, HasSubstr("must be replaced"));

  // An existing account must be imported; a lower-cased id imports with an empty plan.
  auto other = NewWorkspace(updated);
  CommandResult imp_rg =
      other->Run({"import", "-no-color", "azbatch_resource_group.rg", RgId("acc-batch")});
  ASSERT_EQ(imp_rg.exit_code, 0) << imp_rg.Combined();
  CommandResult r = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(Flat(r.Combined()), HasSubstr(GetParam() + " import ADDRESS " + id));
  CommandResult imp =
      other->Run({"import", "-no-color", "azbatch_account.a", absl::AsciiStrToLower(id)});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string after_import;
  EXPECT_EQ(other->PlanExitCode(&after_import), 0) << after_import;

  // Destroy waits until the account is gone.
  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(id));
}

TEST_P(BatchAccountAccTest, CompleteConfigIsStableAndUpdatable) {
  const std::string complete = AccountConfig(
      "acccomplete",
      "  public_network_access = \"Enabled\"\n"
      "  allowed_authentication_modes = [\"AAD\", \"SharedKey\"]\n"
      "  identity {\n    type = \"SystemAssigned\"\n  }\n"
      "  network_profile {\n"
      "    account_access {\n      default_action = \"Deny\"\n"
      "      ip_rule {\n        value = \"203.0.113.0/24\"\n      }\n"
      "      ip_rule {\n        value = \"198.51.100.7\"\n      }\n    }\n"
      "    node_management_access {\n      default_action = \"Deny\"\n"
      "      ip_rule {\n        value = \"203.0.113.0/24\"\n      }\n    }\n  }\n"
      "  tags = { env = \"test\", team = \"hpc\" }\n");
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

  // Dropping SharedKey, the identity and the network rules is an in-place update;
  // no keys are read any more.
  const std::string reduced = AccountConfig(
      "acccomplete", "  allowed_authentication_modes = [\"AAD\"]\n  tags = { env = \"test\" }\n");
  EXPECT_THAT(Plan(*ws, reduced, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, reduced);
  body = emu_->Resource(id);
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
  std::string err = ws.PlanError(AccountConfig("Bad_Name"));
  EXPECT_THAT(err, HasSubstr("name = \"Bad_Name\""));
  EXPECT_THAT(err, HasSubstr("lowercase letters and digits"));
  err = ws.PlanError(AccountConfig("okname", "  pool_allocation_mode = \"UserSubscription\"\n"));
  EXPECT_THAT(err, HasSubstr("key_vault_reference"));
  EXPECT_THAT(err, HasSubstr("UserSubscription"));
  err = ws.PlanError(AccountConfig("okname", "  allowed_authentication_modes = [\"Password\"]\n"));
  EXPECT_THAT(err, HasSubstr("allowed_authentication_modes"));
  EXPECT_THAT(err, HasSubstr("Password"));
}

INSTANTIATE_CLI_TESTS(BatchAccountAccTest);

}  // namespace
}  // namespace azbatch::acceptance
