#include "resources/batch_account/batch_account_resource.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "resources/batch_account/name_check.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"
#include "resources/provider_config/provider_config.h"

namespace azbatch::resources::batch_account {

namespace fw = azbatch::framework;
using common::GetString;
using common::JObj;
using common::JStr;
using common::Present;
using common::Strings;
using nlohmann::json;

namespace {

constexpr const char* kEndpoints[][2] = {{"account_access", "accountAccess"},
                                         {"node_management_access", "nodeManagementAccess"}};

// Every endpoint sent carries its rule list; a PATCH sends a dropped one as
// "allow everything" so Azure clears its rules.
void CompleteNetworkProfile(json& properties, bool patch) {
  if (!properties.contains("networkProfile")) return;
  json& np = properties["networkProfile"];
  if (!np.is_object()) np = json::object();
  for (const auto& endpoint : kEndpoints) {
    const char* key = endpoint[1];
    if (np.contains(key)) {
      np[key].emplace("ipRules", json::array());
    } else if (patch) {
      np[key] = {{"defaultAction", "Allow"}, {"ipRules", json::array()}};
    }
  }
}

// True when POST listKeys can answer (BatchService mode, SharedKey allowed).
bool KeysReadable(const cty::Value& state) {
  const cty::Value& modes = state.GetAttr("allowed_authentication_modes");
  const std::vector<std::string> allowed = Strings(modes);
  const bool shared_key = std::any_of(allowed.begin(), allowed.end(), [](const std::string& m) {
    return absl::EqualsIgnoreCase(m, "SharedKey");
  });
  return absl::EqualsIgnoreCase(GetString(state, "pool_allocation_mode").value_or(""),
                                "BatchService") &&
         (!Present(modes) || shared_key);
}

}  // namespace

void BatchAccountResource::ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                                          fw::ValidateConfigResponse* resp) {
  const cty::Value& c = req.config;
  const cty::Value& kv = c.GetAttr("key_vault_reference");
  if (GetString(c, "pool_allocation_mode") == "UserSubscription" && kv.is_known() && kv.is_null()) {
    resp->diagnostics.AddAttributeError(
        cty::Path::Root().Attr("key_vault_reference"), "Missing key_vault_reference",
        "A key_vault_reference block is required when pool_allocation_mode is "
        "\"UserSubscription\": Batch keeps the pool credentials in that Key Vault.");
  }
  const cty::Value& sa = c.GetAttr("storage_account_id");
  if (sa.is_known() && sa.is_null()) {
    for (const char* attr :
         {"storage_account_authentication_mode", "storage_account_node_identity"}) {
      if (Present(c.GetAttr(attr))) {
        resp->diagnostics.AddAttributeError(
            cty::Path::Root().Attr(attr), "Missing storage_account_id",
            absl::StrCat(attr,
                         " only applies to an auto-storage account: set storage_account_id."));
      }
    }
  }
}

void BatchAccountResource::ModifyPlan(const fw::Context& ctx, const fw::ModifyPlanRequest& req,
                                      fw::ModifyPlanResponse* resp) {
  const cty::Value& prior = req.prior_state;
  cty::Value plan = resp->planned_state;
  if (plan.is_null()) return;
  if (prior.is_null()) {
    // About to be created: is the name free? (preflight, off with preflight = false)
    std::shared_ptr<ProviderSettings> settings = SettingsFromContext(ctx);
    std::optional<std::string> name = common::GetString(plan, "name");
    std::optional<std::string> location = common::GetString(plan, "location");
    if (settings != nullptr && settings->preflight && settings->azure != nullptr && name &&
        location) {
      if (absl::StatusOr<common::ArmAccess> arm = Access(ctx); arm.ok()) {
        CheckAccountName(*arm, *name, *location,
                         common::GetString(plan, "resource_group_name").value_or(""),
                         &resp->diagnostics);
      }
    }
    return;
  }
  NoteManagedAccount(common::GetString(prior, "id").value_or(""));
  // Create-only in the API: any change of the Key Vault reference replaces.
  if (prior.GetAttr("key_vault_reference") != plan.GetAttr("key_vault_reference")) {
    resp->requires_replace.push_back(cty::Path::Root().Attr("key_vault_reference"));
  }
  // The keys only change with the modes that make them readable (here, after
  // the attribute modifiers kept the modes Azure chose).
  const cty::Value& modes = plan.GetAttr("allowed_authentication_modes");
  if (modes.is_known() && modes == prior.GetAttr("allowed_authentication_modes") &&
      plan.GetAttr("pool_allocation_mode") == prior.GetAttr("pool_allocation_mode")) {
    for (const char* k : {"primary_access_key", "secondary_access_key"}) {
      if (!plan.GetAttr(k).is_known()) plan = plan.WithAttr(k, prior.GetAttr(k));
    }
    resp->planned_state = plan;
  }
}

absl::StatusOr<json> BatchAccountResource::CreateBody(const cty::Value& plan) const {
  absl::StatusOr<json> body = ArmResource::CreateBody(plan);
  if (!body.ok()) return body;
  json& p = (*body)["properties"];
  if (!GetString(plan, "storage_account_id")) p.erase("autoStorage");
  CompleteNetworkProfile(p, false);
  if (p.contains("encryption")) p["encryption"]["keySource"] = "Microsoft.KeyVault";
  if (!body->contains("tags")) (*body)["tags"] = json::object();
  return body;
}

absl::StatusOr<json> BatchAccountResource::UpdateBody(const cty::Value& prior,
                                                      const cty::Value& plan) const {
  absl::StatusOr<json> patch = ArmResource::UpdateBody(prior, plan);
  if (!patch.ok() || !patch->contains("properties")) return patch;
  json& p = (*patch)["properties"];
  CompleteNetworkProfile(p, true);
  if (p.contains("encryption") && p["encryption"].contains("keyVaultProperties")) {
    p["encryption"]["keySource"] = "Microsoft.KeyVault";
  }
  if (json* as = p.contains("autoStorage") ? &p["autoStorage"] : nullptr;
      as != nullptr && !JStr(*as, "storageAccountId").value_or("").empty() &&
      !as->contains("authenticationMode")) {
    (*as)["authenticationMode"] = kDefaultStorageAuthMode;
  }
  if (p.empty()) patch->erase("properties");
  return patch;
}

cty::Value BatchAccountResource::Flatten(const azure::ResourceId& id, const json& remote,
                                         const cty::Value& prior) const {
  cty::Value v = ArmResource::Flatten(id, remote, prior);
  const json& p = JObj(remote, "properties");
  // autoStorage is only returned while one is linked. Without it the mode and
  // the node identity mean nothing and stay null (planned so: NullWithout).
  if (JStr(JObj(p, "autoStorage"), "storageAccountId").value_or("").empty()) {
    for (const char* a : {"storage_account_id", "storage_account_authentication_mode",
                          "storage_account_node_identity"}) {
      v = v.WithAttr(a, cty::Value::Null(cty::Type::String()));
    }
  }
  // A customer-managed key only with keySource Microsoft.KeyVault.
  const json& enc = JObj(p, "encryption");
  if (!absl::EqualsIgnoreCase(JStr(enc, "keySource").value_or(""), "Microsoft.KeyVault") ||
      !JStr(JObj(enc, "keyVaultProperties"), "keyIdentifier")) {
    v = v.WithAttr("encryption", cty::Value::Null(v.GetAttr("encryption").type()));
  }
  return v;
}

void BatchAccountResource::Read(const fw::Context& ctx, const fw::ReadRequest& req,
                                fw::ReadResponse* resp) {
  ArmResource::Read(ctx, req, resp);
  if (resp->diagnostics.HasError() || resp->new_state.is_null()) return;
  cty::Value& state = resp->new_state;
  if (!KeysReadable(state)) {
    for (const char* k : {"primary_access_key", "secondary_access_key"}) {
      state = state.WithAttr(k, cty::Value::Null(cty::Type::String()));
    }
    return;
  }
  absl::StatusOr<common::ArmAccess> arm = Access(ctx);
  absl::StatusOr<azure::ResourceId> id =
      common::ParseId(GetString(state, "id").value_or(""), IdType());
  if (!arm.ok() || !id.ok()) return;  // Read above already needed both
  absl::StatusOr<azure::ArmResponse> keys = arm->client->Post(
      absl::StrCat(id->String(), "/listKeys"), id->api_version(), json::object(), arm->ctx);
  if (!keys.ok()) {
    // Keep what the state had (e.g. the caller may read the account but not its keys).
    resp->diagnostics.AddWarning(
        "Batch account keys not read",
        std::string(common::Wrap(keys.status(), "listing the keys of", *id).message()));
    return;
  }
  state = state.WithAttr("primary_access_key", common::Str(JStr(keys->body, "primary")))
              .WithAttr("secondary_access_key", common::Str(JStr(keys->body, "secondary")));
}

}  // namespace azbatch::resources::batch_account
