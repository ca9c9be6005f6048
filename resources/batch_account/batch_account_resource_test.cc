#include "resources/batch_account/batch_account_resource.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "resources/common/test_arm.h"
#include "resources/common/test_resource.h"

namespace azbatch::resources::batch_account {
namespace {

namespace t = common::testing;
namespace fw = azbatch::framework;
using ::testing::HasSubstr;
using cty::Value;

const std::string kId = std::string("/subscriptions/") + t::kSub +
                        "/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct1";
const std::string kStorage = std::string("/subscriptions/") + t::kSub +
                             "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1";
const std::vector<std::string> kComputed = {
    "id", "allowed_authentication_modes", "account_endpoint", "node_management_endpoint",
    "dedicated_core_quota", "low_priority_core_quota", "pool_quota", "primary_access_key",
    "secondary_access_key"};

Value Strings(std::vector<std::string> v) {
  std::vector<Value> e;
  for (auto& s : v) e.push_back(Value::String(s));
  return Value::Set(cty::Type::String(), e);
}

class BatchAccountTest : public ::testing::Test {
 protected:
  BatchAccountTest() {
    // Fill what Azure fills on create.
    arm_.on_put = [](nlohmann::json& b) {
      nlohmann::json& p = b["properties"];
      p["accountEndpoint"] = "acct1.westeurope.batch.azure.com";
      p["nodeManagementEndpoint"] = "abc.westeurope.service.batch.azure.com";
      p["dedicatedCoreQuota"] = 500;
      p["lowPriorityCoreQuota"] = 100;
      p["poolQuota"] = 100;
      if (!p.contains("allowedAuthenticationModes")) {
        p["allowedAuthenticationModes"] = {"SharedKey", "AAD", "TaskAuthenticationToken"};
      }
      if (!p.contains("encryption")) p["encryption"] = {{"keySource", "Microsoft.Batch"}};
      if (!b.contains("identity")) b["identity"] = {{"type", "None"}};
      if (b["identity"]["type"] == "SystemAssigned") {
        b["identity"]["principalId"] = "p-1";
        b["identity"]["tenantId"] = "t-1";
      }
    };
  }
  cty::Type Type() const { return r_.GetSchema().ImpliedType(); }
  Value Plan(std::map<std::string, Value> extra = {},
             std::vector<std::string> unknown = kComputed) {
    std::map<std::string, Value> a = {
        {"name", Value::String("acct1")},
        {"resource_group_name", Value::String("rg")},
        {"location", Value::String("West Europe")},
        {"pool_allocation_mode", Value::String("BatchService")},
        {"public_network_access", Value::String("Enabled")}};
    for (auto& [k, v] : extra) {
      a[k] = v;
      unknown.erase(std::remove(unknown.begin(), unknown.end(), k), unknown.end());
    }
    return t::Planned(r_, a, unknown);
  }
  Value Identity(const std::string& type, Value ids, bool computed_unknown = true) {
    const cty::Type it = Type().AttributeType("identity");
    Value u = computed_unknown ? Value::Unknown(cty::Type::String()) : Value::Null(cty::Type::String());
    return Value::ObjectOf(it, {{"type", Value::String(type)}, {"identity_ids", ids},
                                {"principal_id", u}, {"tenant_id", u}});
  }
  Value NetworkProfile(const std::string& action, const std::string& ip) {
    const cty::Type np = Type().AttributeType("network_profile");
    const cty::Type ep = np.AttributeType("account_access");
    const cty::Type rule = ep.AttributeType("ip_rule").element();
    Value rules = Value::List(rule, {Value::ObjectOf(rule, {{"action", Value::String("Allow")},
                                                            {"value", Value::String(ip)}})});
    return Value::ObjectOf(np, {{"account_access",
                                 Value::ObjectOf(ep, {{"default_action", Value::String(action)},
                                                      {"ip_rule", rules}})},
                                {"node_management_access", Value::Null(ep)}});
  }
  // The last PATCH sent (Read after an update also POSTs listKeys).
  nlohmann::json LastPatch() {
    nlohmann::json out;
    for (const auto& w : arm_.Writes()) {
      if (w.method == "PATCH") out = w.body;
    }
    return out;
  }
  int Posts(const std::string& suffix) {
    int n = 0;
    for (const auto& s : arm_.seen()) n += s.method == "POST" && absl::EndsWith(s.path, suffix);
    return n;
  }
  t::MiniArm arm_;
  BatchAccountResource r_{arm_.Resolver()};
};

TEST_F(BatchAccountTest, BasicCreateKeepsAzureDefaultsOutOfTheDiff) {
  t::Applied a = t::Create(r_, Plan());
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  const nlohmann::json body = arm_.Writes()[0].body;
  EXPECT_EQ(arm_.Writes()[0].method, "PUT");
  EXPECT_EQ(body["location"], "westeurope");
  EXPECT_EQ(body["properties"]["poolAllocationMode"], "BatchService");
  EXPECT_FALSE(body["properties"].contains("allowedAuthenticationModes")) << body.dump();
  EXPECT_FALSE(body["properties"].contains("autoStorage"));
  EXPECT_FALSE(body.contains("identity"));

  const Value& s = a.state;
  EXPECT_EQ(s.GetAttr("id").AsString(), kId);
  EXPECT_EQ(s.GetAttr("location").AsString(), "West Europe");
  EXPECT_EQ(s.GetAttr("allowed_authentication_modes"),
            Strings({"SharedKey", "AAD", "TaskAuthenticationToken"}));
  // No storage account: the mode means nothing and stays null.
  EXPECT_TRUE(s.GetAttr("storage_account_authentication_mode").is_null());
  EXPECT_TRUE(s.GetAttr("identity").is_null());
  EXPECT_TRUE(s.GetAttr("encryption").is_null());
  EXPECT_TRUE(s.GetAttr("network_profile").is_null());
  EXPECT_EQ(s.GetAttr("account_endpoint").AsString(), "acct1.westeurope.batch.azure.com");
  EXPECT_EQ(s.GetAttr("pool_quota").AsNumber().ToInt64(), 100);
  EXPECT_TRUE(s.IsWhollyKnown());
  // SharedKey is allowed: the keys were asked for.
  EXPECT_EQ(Posts("/listKeys"), 1);
  // Reading again changes nothing.
  EXPECT_EQ(t::Read(r_, s).state, s);
}

TEST_F(BatchAccountTest, CompleteCreateMapsEveryBlock) {
  const std::string uai = std::string("/subscriptions/") + t::kSub +
                          "/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
                          "userAssignedIdentities/id1";
  Value plan = Plan({{"tags", Value::Map(cty::Type::String(), {{"env", Value::String("dev")}})},
                     {"public_network_access", Value::String("Disabled")},
                     {"allowed_authentication_modes", Strings({"AAD"})},
                     {"storage_account_id", Value::String(kStorage)},
                     {"storage_account_authentication_mode",
                      Value::String("BatchAccountManagedIdentity")},
                     {"storage_account_node_identity", Value::String(uai)},
                     {"identity", Identity("SystemAssigned", Value::Null(cty::Type::Set(cty::Type::String())))},
                     {"network_profile", NetworkProfile("Deny", "203.0.113.0/24")},
                     {"encryption", Value::ObjectOf(Type().AttributeType("encryption"),
                                                    {{"key_vault_key_id",
                                                      Value::String("https://kv.vault.azure.net/keys/k")}})}});
  t::Applied a = t::Create(r_, plan);
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  const nlohmann::json body = arm_.Writes()[0].body;
  const nlohmann::json& p = body["properties"];
  EXPECT_EQ(body["tags"]["env"], "dev");
  EXPECT_EQ(body["identity"], (nlohmann::json{{"type", "SystemAssigned"}}));
  EXPECT_EQ(p["publicNetworkAccess"], "Disabled");
  EXPECT_EQ(p["allowedAuthenticationModes"], nlohmann::json::array({"AAD"}));
  EXPECT_EQ(p["autoStorage"]["storageAccountId"], kStorage);
  EXPECT_EQ(p["autoStorage"]["authenticationMode"], "BatchAccountManagedIdentity");
  EXPECT_EQ(p["autoStorage"]["nodeIdentityReference"]["resourceId"], uai);
  EXPECT_EQ(p["networkProfile"]["accountAccess"]["defaultAction"], "Deny");
  EXPECT_EQ(p["networkProfile"]["accountAccess"]["ipRules"][0]["value"], "203.0.113.0/24");
  EXPECT_FALSE(p["networkProfile"].contains("nodeManagementAccess"));
  EXPECT_EQ(p["encryption"]["keySource"], "Microsoft.KeyVault");

  const Value& s = a.state;
  EXPECT_EQ(s.GetAttr("identity").GetAttr("principal_id").AsString(), "p-1");
  EXPECT_EQ(s.GetAttr("network_profile"), plan.GetAttr("network_profile"));
  EXPECT_EQ(s.GetAttr("encryption"), plan.GetAttr("encryption"));
  EXPECT_EQ(s.GetAttr("storage_account_node_identity").AsString(), uai);
  // AAD only: no keys, and listKeys is not called.
  EXPECT_TRUE(s.GetAttr("primary_access_key").is_null());
  EXPECT_EQ(Posts("/listKeys"), 0);
  EXPECT_EQ(t::Read(r_, s).state, s);
}

TEST_F(BatchAccountTest, UpdatePatchesOnlyWhatChanged) {
  t::Applied a = t::Create(r_, Plan());
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  Value next = a.state.WithAttr("public_network_access", Value::String("Disabled"))
                   .WithAttr("tags", Value::Map(cty::Type::String(), {{"a", Value::String("b")}}));
  t::Applied u = t::Update(r_, a.state, next);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(LastPatch(), (nlohmann::json{{"tags", {{"a", "b"}}},
                                        {"properties", {{"publicNetworkAccess", "Disabled"}}}}));
  EXPECT_EQ(u.state.GetAttr("public_network_access").AsString(), "Disabled");

  // Nothing changed: no request at all.
  size_t before = arm_.Writes().size();
  EXPECT_FALSE(t::Update(r_, u.state, u.state).diags.HasError());
  EXPECT_EQ(arm_.Writes().size() - before, 1u);  // only the listKeys read
}

TEST_F(BatchAccountTest, EmptyAuthModesAreSentAndDropTheKeys) {
  t::Applied a = t::Create(r_, Plan());
  ASSERT_FALSE(a.diags.HasError());
  t::Applied u =
      t::Update(r_, a.state, a.state.WithAttr("allowed_authentication_modes", Strings({})));
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(LastPatch()["properties"]["allowedAuthenticationModes"],
            nlohmann::json::array());
  EXPECT_EQ(u.state.GetAttr("allowed_authentication_modes"), Strings({}));
  EXPECT_TRUE(u.state.GetAttr("primary_access_key").is_null());
}

TEST_F(BatchAccountTest, IdentityAndNetworkProfileRemovalResetRemotely) {
  t::Applied a = t::Create(
      r_, Plan({{"identity", Identity("SystemAssigned", Value::Null(cty::Type::Set(cty::Type::String())))},
                {"network_profile", NetworkProfile("Deny", "198.51.100.7")}}));
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  Value next = a.state.WithAttr("identity", Value::Null(Type().AttributeType("identity")))
                   .WithAttr("network_profile", Value::Null(Type().AttributeType("network_profile")));
  t::Applied u = t::Update(r_, a.state, next);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  const nlohmann::json body = LastPatch();
  EXPECT_EQ(body["identity"]["type"], "None");
  EXPECT_EQ(body["properties"]["networkProfile"]["accountAccess"]["defaultAction"], "Allow");
  EXPECT_TRUE(body["properties"]["networkProfile"]["accountAccess"]["ipRules"].empty());
  EXPECT_TRUE(u.state.GetAttr("identity").is_null());
  EXPECT_TRUE(u.state.GetAttr("network_profile").is_null());
}

TEST_F(BatchAccountTest, StorageAccountIsDetachedWithAnEmptyId) {
  // As the plan pipeline leaves it: the schema default fills the mode.
  t::Applied a = t::Create(r_, Plan({{"storage_account_id", Value::String(kStorage)},
                                     {"storage_account_authentication_mode",
                                      Value::String("StorageKeys")}}));
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  EXPECT_EQ(arm_.Writes()[0].body["properties"]["autoStorage"]["authenticationMode"], "StorageKeys");
  EXPECT_EQ(a.state.GetAttr("storage_account_authentication_mode").AsString(), "StorageKeys");
  // Azure echoes the id in other casing: the configured spelling stays.
  (*arm_.Find(kId))["properties"]["autoStorage"]["storageAccountId"] = absl::AsciiStrToLower(kStorage);
  EXPECT_EQ(t::Read(r_, a.state).state, a.state);

  // Removing storage_account_id from the configuration: the defaulted mode is
  // planned null with it, and the state agrees after the PATCH.
  Value config = a.state.WithAttr("storage_account_id", Value::Null(cty::Type::String()))
                     .WithAttr("storage_account_authentication_mode", Value::Null(cty::Type::String()));
  Value planned = a.state.WithAttr("storage_account_id", Value::Null(cty::Type::String()));
  fw::ModifyPlanResponse resp = t::ModifyPlan(r_, {config, a.state, planned, {}});
  ASSERT_FALSE(resp.diagnostics.HasError()) << resp.diagnostics.ToString();
  EXPECT_TRUE(resp.planned_state.GetAttr("storage_account_authentication_mode").is_null());
  t::Applied u = t::Update(r_, a.state, resp.planned_state);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(LastPatch()["properties"]["autoStorage"],
            (nlohmann::json{{"storageAccountId", ""}}));
  EXPECT_TRUE(u.state.GetAttr("storage_account_id").is_null());
  EXPECT_TRUE(u.state.GetAttr("storage_account_authentication_mode").is_null());
}

// What `plan -generate-config-out` writes comes from the imported state: every
// optional value in it must be one the configuration may set.
TEST_F(BatchAccountTest, ImportedStateIsAValidConfiguration) {
  arm_.Seed(kId, {{"location", "westeurope"},
                  {"properties",
                   {{"poolAllocationMode", "BatchService"},
                    {"publicNetworkAccess", "Enabled"},
                    {"allowedAuthenticationModes", {"AAD"}},
                    {"encryption", {{"keySource", "Microsoft.Batch"}}}}},
                  {"identity", {{"type", "None"}}}});
  t::Applied i = t::Import(r_, kId);
  ASSERT_FALSE(i.diags.HasError()) << i.diags.ToString();
  EXPECT_TRUE(i.state.GetAttr("storage_account_id").is_null());
  EXPECT_TRUE(i.state.GetAttr("storage_account_authentication_mode").is_null());
  EXPECT_TRUE(i.state.GetAttr("storage_account_node_identity").is_null());
  fw::Diagnostics v = t::Validate(r_, i.state);
  EXPECT_FALSE(v.HasError()) << v.ToString();

  // The configuration generated from it (no mode, no storage account) plans
  // the mode null, equal to the state: no diff.
  Value config = i.state;
  for (const std::string& k : kComputed) {
    config = config.WithAttr(k, Value::Null(Type().AttributeType(k)));
  }
  Value planned = i.state.WithAttr("storage_account_authentication_mode", Value::String("StorageKeys"));
  fw::ModifyPlanResponse resp = t::ModifyPlan(r_, {config, i.state, planned, {}});
  EXPECT_EQ(resp.planned_state, i.state);

  // With a storage account linked the mode is read, and is valid with it.
  (*arm_.Find(kId))["properties"]["autoStorage"] = {{"storageAccountId", kStorage},
                                                    {"authenticationMode", "StorageKeys"}};
  Value linked = t::Read(r_, i.state).state;
  EXPECT_EQ(linked.GetAttr("storage_account_authentication_mode").AsString(), "StorageKeys");
  fw::Diagnostics v2 = t::Validate(r_, linked);
  EXPECT_FALSE(v2.HasError()) << v2.ToString();
}

TEST_F(BatchAccountTest, AConfiguredModeWithoutStorageAccountIsRefused) {
  fw::Diagnostics d = t::Validate(
      r_, Plan({{"storage_account_authentication_mode",
                 Value::String("BatchAccountManagedIdentity")}}));
  ASSERT_TRUE(d.HasError());
  EXPECT_THAT(d.ToString(), HasSubstr("set storage_account_id"));
}

TEST_F(BatchAccountTest, ImportOfALowerCasedIdMatchesTheCreatedState) {
  t::Applied a = t::Create(r_, Plan({{"location", Value::String("westeurope")}}));
  ASSERT_FALSE(a.diags.HasError());
  t::Applied i = t::Import(r_, absl::AsciiStrToLower(kId));
  ASSERT_FALSE(i.diags.HasError()) << i.diags.ToString();
  EXPECT_EQ(i.state.GetAttr("id").AsString(), kId);
  EXPECT_EQ(i.state, a.state) << i.state.DebugString();
}

TEST_F(BatchAccountTest, ExistingAccountNeedsImportAndGoneAccountLeavesState) {
  arm_.Seed(kId, {{"location", "westeurope"}, {"properties", nlohmann::json::object()}});
  t::Applied a = t::Create(r_, Plan());
  ASSERT_TRUE(a.diags.HasError());
  EXPECT_THAT(a.diags.ToString(), HasSubstr("import ADDRESS " + kId));
  EXPECT_EQ(arm_.Writes().size(), 0u);

  arm_.Erase(kId);
  a = t::Create(r_, Plan());
  ASSERT_FALSE(a.diags.HasError());
  arm_.Erase(kId);
  EXPECT_TRUE(t::Read(r_, a.state).state.is_null());
}

TEST_F(BatchAccountTest, DeleteWaitsUntilGone) {
  t::Applied a = t::Create(r_, Plan());
  ASSERT_FALSE(a.diags.HasError());
  EXPECT_FALSE(t::Delete(r_, a.state).HasError());
  EXPECT_EQ(arm_.Find(kId), nullptr);
  EXPECT_EQ(arm_.Writes().back().method, "DELETE");
}

TEST_F(BatchAccountTest, ValidationNamesTheAttribute) {
  fw::Schema schema = r_.GetSchema();
  const fw::Attribute* name = schema.block.FindAttribute("name");
  fw::Diagnostics d;
  for (const auto& v : name->validators) {
    v->Validate({cty::Path::Root().Attr("name"), Value::String("Bad_Name"), Value(), Value()}, &d);
  }
  ASSERT_TRUE(d.HasError());
  EXPECT_THAT(d.ToString(), HasSubstr("lowercase letters and digits"));
  fw::Diagnostics ok;
  for (const auto& v : name->validators) {
    v->Validate({cty::Path::Root().Attr("name"), Value::String("acct1"), Value(), Value()}, &ok);
  }
  EXPECT_FALSE(ok.HasError()) << ok.ToString();

  fw::Diagnostics mode =
      t::Validate(r_, Plan({{"pool_allocation_mode", Value::String("UserSubscription")}}));
  ASSERT_TRUE(mode.HasError());
  EXPECT_THAT(mode.ToString(), HasSubstr("key_vault_reference"));
  EXPECT_THAT(mode.ToString(), HasSubstr("UserSubscription"));

  fw::Diagnostics ids = t::Validate(
      r_, Plan({{"identity",
                 Identity("UserAssigned", Value::Null(cty::Type::Set(cty::Type::String())), false)}}));
  EXPECT_THAT(ids.ToString(), HasSubstr("identity_ids"));
}

TEST_F(BatchAccountTest, PlanReplacesOnKeyVaultChangeAndKeepsStableComputedValues) {
  t::Applied a = t::Create(
      r_, Plan({{"identity", Identity("SystemAssigned", Value::Null(cty::Type::Set(cty::Type::String())))}}));
  ASSERT_FALSE(a.diags.HasError());
  const cty::Type kvt = Type().AttributeType("key_vault_reference");
  Value planned = a.state.WithAttr(
      "key_vault_reference",
      Value::ObjectOf(kvt, {{"id", Value::String("/subscriptions/s/resourceGroups/rg/providers/"
                                                 "Microsoft.KeyVault/vaults/kv")},
                            {"url", Value::String("https://kv.vault.azure.net/")}}));
  // As the plan pipeline leaves it: computed values unknown.
  for (const char* k : {"primary_access_key", "secondary_access_key"}) {
    planned = planned.WithAttr(k, Value::Unknown(cty::Type::String()));
  }
  planned = planned.WithAttr(
      "identity", planned.GetAttr("identity").WithAttr("principal_id", Value::Unknown(cty::Type::String())));
  fw::ModifyPlanResponse resp = t::ModifyPlan(r_, {planned, a.state, planned, {}});
  ASSERT_EQ(resp.requires_replace.size(), 1u);
  EXPECT_EQ(resp.requires_replace[0], cty::Path::Root().Attr("key_vault_reference"));
  EXPECT_EQ(resp.planned_state.GetAttr("primary_access_key"), a.state.GetAttr("primary_access_key"));
  EXPECT_EQ(resp.planned_state.GetAttr("identity").GetAttr("principal_id").AsString(), "p-1");

  // Changing the modes leaves the keys to be read after apply.
  Value modes = planned.WithAttr("key_vault_reference", Value::Null(kvt))
                    .WithAttr("allowed_authentication_modes", Strings({"AAD"}));
  fw::ModifyPlanResponse r2 = t::ModifyPlan(r_, {modes, a.state, modes, {}});
  EXPECT_TRUE(r2.requires_replace.empty());
  EXPECT_FALSE(r2.planned_state.GetAttr("primary_access_key").is_known());
}

TEST_F(BatchAccountTest, DriftIsReported) {
  t::Applied a = t::Create(r_, Plan());
  ASSERT_FALSE(a.diags.HasError());
  (*arm_.Find(kId))["properties"]["publicNetworkAccess"] = "Disabled";
  (*arm_.Find(kId))["identity"] = {{"type", "SystemAssigned"}, {"principalId", "x"}};
  Value s = t::Read(r_, a.state).state;
  EXPECT_EQ(s.GetAttr("public_network_access").AsString(), "Disabled");
  EXPECT_EQ(s.GetAttr("identity").GetAttr("type").AsString(), "SystemAssigned");
}

}  // namespace
}  // namespace azbatch::resources::batch_account
