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

namespace {

constexpr char kDefaultStorageAuthMode[] = "StorageKeys";

cty::Type StringSet() { return cty::Type::Set(cty::Type::String()); }

bool Present(const cty::Value& v) { return v.is_known() && !v.is_null(); }

std::vector<std::string> Strings(const cty::Value& set) {
  std::vector<std::string> out;
  if (!Present(set)) return out;
  for (const cty::Value& e : set.Elements()) {
    if (Present(e)) out.push_back(e.AsString());
  }
  return out;
}

cty::Value StringSetValue(const std::vector<std::string>& v) {
  std::vector<cty::Value> e;
  for (const std::string& s : v) e.push_back(cty::Value::String(s));
  return cty::Value::Set(cty::Type::String(), std::move(e));
}

using common::PreferPriorSpelling;

// PreferPriorSpelling for values Azure may leave out.
std::optional<std::string> KeepSpelling(const std::optional<std::string>& current,
                                        const std::optional<std::string>& remote) {
  if (!remote) return std::nullopt;
  return PreferPriorSpelling(current, *remote);
}

// Remote strings, each in the current spelling when one matches case-insensitively.
std::vector<std::string> KeepSpellings(const std::vector<std::string>& current,
                                       const std::vector<std::string>& remote) {
  std::vector<std::string> out;
  for (const std::string& r : remote) {
    auto it = std::find_if(current.begin(), current.end(),
                           [&](const std::string& c) { return absl::EqualsIgnoreCase(c, r); });
    out.push_back(it == current.end() ? r : *it);
  }
  return out;
}

std::optional<EndpointAccess> EndpointFromValue(const cty::Value& v) {
  if (!Present(v)) return std::nullopt;
  EndpointAccess e;
  e.default_action = GetString(v, "default_action").value_or("");
  for (const cty::Value& r : common::GetList(v, "ip_rule")) {
    e.ip_rules.push_back({GetString(r, "action").value_or("Allow"), GetString(r, "value").value_or("")});
  }
  return e;
}

cty::Value EndpointToValue(const cty::Type& type, const std::optional<EndpointAccess>& e) {
  if (!e) return cty::Value::Null(type);
  const cty::Type rule_type = type.AttributeType("ip_rule").element();
  std::vector<cty::Value> rules;
  for (const IpRule& r : e->ip_rules) {
    rules.push_back(cty::Value::ObjectOf(rule_type, {{"action", cty::Value::String(r.action)},
                                                     {"value", cty::Value::String(r.value)}}));
  }
  return cty::Value::ObjectOf(type, {{"default_action", cty::Value::String(e->default_action)},
                                     {"ip_rule", cty::Value::List(rule_type, std::move(rules))}});
}

// An absent profile is sent as "allow everything" so a PATCH clears old rules.
nlohmann::json EndpointToArm(const std::optional<EndpointAccess>& e) {
  nlohmann::json rules = nlohmann::json::array();
  if (!e) return {{"defaultAction", "Allow"}, {"ipRules", rules}};
  for (const IpRule& r : e->ip_rules) rules.push_back({{"action", r.action}, {"value", r.value}});
  return {{"defaultAction", e->default_action}, {"ipRules", rules}};
}

// Azure's profile; "allow, no rules" (the service default) stays null when
// nothing was configured.
std::optional<EndpointAccess> EndpointFromArm(const nlohmann::json& j,
                                              const std::optional<EndpointAccess>& current) {
  if (j.empty()) return std::nullopt;
  EndpointAccess e;
  e.default_action = PreferPriorSpelling(
      current ? std::optional<std::string>(current->default_action) : std::nullopt,
      JStr(j, "defaultAction").value_or("Allow"));
  if (auto r = j.find("ipRules"); r != j.end() && r->is_array()) {
    for (const auto& rule : *r) {
      e.ip_rules.push_back({JStr(rule, "action").value_or("Allow"), JStr(rule, "value").value_or("")});
    }
  }
  if (!current && e.ip_rules.empty() && absl::EqualsIgnoreCase(e.default_action, "Allow")) {
    return std::nullopt;
  }
  return e;
}

std::optional<Identity> IdentityFromValue(const cty::Value& v) {
  if (!Present(v)) return std::nullopt;
  Identity i;
  i.type = GetString(v, "type").value_or("");
  if (Present(v.GetAttr("identity_ids"))) i.identity_ids = Strings(v.GetAttr("identity_ids"));
  i.principal_id = GetString(v, "principal_id");
  i.tenant_id = GetString(v, "tenant_id");
  return i;
}

nlohmann::json IdentityToArm(const std::optional<Identity>& i) {
  if (!i) return {{"type", "None"}};
  nlohmann::json j = {{"type", i->type}};
  if (i->identity_ids && !i->identity_ids->empty()) {
    nlohmann::json ids = nlohmann::json::object();
    for (const std::string& id : *i->identity_ids) ids[id] = nlohmann::json::object();
    j["userAssignedIdentities"] = ids;
  }
  return j;
}

// The configurable part of an identity block (type and ids), for change checks.
bool SameIdentityConfig(const cty::Value& a, const cty::Value& b) {
  std::optional<Identity> x = IdentityFromValue(a), y = IdentityFromValue(b);
  if (!x || !y) return x.has_value() == y.has_value();
  return x->type == y->type && x->identity_ids == y->identity_ids;
}

nlohmann::json AutoStorageToArm(const Model& m) {
  // An empty storageAccountId detaches the auto-storage account.
  if (!m.storage_account_id) return {{"storageAccountId", ""}};
  nlohmann::json j = {{"storageAccountId", *m.storage_account_id},
                      {"authenticationMode",
                       m.storage_account_authentication_mode.value_or(kDefaultStorageAuthMode)}};
  if (m.storage_account_node_identity) {
    j["nodeIdentityReference"] = {{"resourceId", *m.storage_account_node_identity}};
  }
  return j;
}

nlohmann::json EncryptionToArm(const std::optional<std::string>& key_id) {
  if (!key_id) return {{"keySource", "Microsoft.Batch"}};
  return {{"keySource", "Microsoft.KeyVault"}, {"keyVaultProperties", {{"keyIdentifier", *key_id}}}};
}

}  // namespace

Model Model::FromValue(const cty::Value& v) {
  Model m;
  m.id = GetString(v, "id");
  m.name = GetString(v, "name").value_or("");
  m.resource_group_name = GetString(v, "resource_group_name").value_or("");
  m.location = GetString(v, "location").value_or("");
  m.pool_allocation_mode = GetString(v, "pool_allocation_mode").value_or("BatchService");
  const cty::Value& kv = v.GetAttr("key_vault_reference");
  m.key_vault_id = GetString(kv, "id");
  m.key_vault_url = GetString(kv, "url");
  m.storage_account_id = GetString(v, "storage_account_id");
  m.storage_account_authentication_mode = GetString(v, "storage_account_authentication_mode");
  m.storage_account_node_identity = GetString(v, "storage_account_node_identity");
  m.identity = IdentityFromValue(v.GetAttr("identity"));
  m.public_network_access = GetString(v, "public_network_access").value_or("Enabled");
  const cty::Value& np = v.GetAttr("network_profile");
  m.network_profile = Present(np);
  if (m.network_profile) {
    m.account_access = EndpointFromValue(np.GetAttr("account_access"));
    m.node_management_access = EndpointFromValue(np.GetAttr("node_management_access"));
  }
  if (Present(v.GetAttr("allowed_authentication_modes"))) {
    m.allowed_authentication_modes = Strings(v.GetAttr("allowed_authentication_modes"));
  }
  m.encryption_key_id = GetString(v.GetAttr("encryption"), "key_vault_key_id");
  m.account_endpoint = GetString(v, "account_endpoint");
  m.node_management_endpoint = GetString(v, "node_management_endpoint");
  m.dedicated_core_quota = common::GetInt(v, "dedicated_core_quota");
  m.low_priority_core_quota = common::GetInt(v, "low_priority_core_quota");
  m.pool_quota = common::GetInt(v, "pool_quota");
  m.primary_access_key = GetString(v, "primary_access_key");
  m.secondary_access_key = GetString(v, "secondary_access_key");
  m.tags = v.GetAttr("tags");
  m.timeouts = v.GetAttr("timeouts");
  return m;
}

cty::Value Model::ToValue(const cty::Type& type) const {
  cty::Value kv = cty::Value::Null(type.AttributeType("key_vault_reference"));
  if (key_vault_id || key_vault_url) {
    kv = cty::Value::ObjectOf(kv.type(), {{"id", common::Str(key_vault_id)},
                                          {"url", common::Str(key_vault_url)}});
  }
  cty::Value ident = cty::Value::Null(type.AttributeType("identity"));
  if (identity) {
    ident = cty::Value::ObjectOf(
        ident.type(),
        {{"type", cty::Value::String(identity->type)},
         {"identity_ids", identity->identity_ids ? StringSetValue(*identity->identity_ids)
                                                 : cty::Value::Null(StringSet())},
         {"principal_id", common::Str(identity->principal_id)},
         {"tenant_id", common::Str(identity->tenant_id)}});
  }
  const cty::Type& np_type = type.AttributeType("network_profile");
  cty::Value np = cty::Value::Null(np_type);
  if (network_profile) {
    np = cty::Value::ObjectOf(
        np_type,
        {{"account_access", EndpointToValue(np_type.AttributeType("account_access"), account_access)},
         {"node_management_access",
          EndpointToValue(np_type.AttributeType("node_management_access"), node_management_access)}});
  }
  cty::Value enc = cty::Value::Null(type.AttributeType("encryption"));
  if (encryption_key_id) {
    enc = cty::Value::ObjectOf(enc.type(), {{"key_vault_key_id", cty::Value::String(*encryption_key_id)}});
  }
  return cty::Value::ObjectOf(
      type,
      {{"id", common::Str(id)},
       {"name", cty::Value::String(name)},
       {"resource_group_name", cty::Value::String(resource_group_name)},
       {"location", cty::Value::String(location)},
       {"pool_allocation_mode", cty::Value::String(pool_allocation_mode)},
       {"key_vault_reference", kv},
       {"storage_account_id", common::Str(storage_account_id)},
       {"storage_account_authentication_mode", common::Str(storage_account_authentication_mode)},
       {"storage_account_node_identity", common::Str(storage_account_node_identity)},
       {"identity", ident},
       {"public_network_access", cty::Value::String(public_network_access)},
       {"network_profile", np},
       {"allowed_authentication_modes", allowed_authentication_modes
                                            ? StringSetValue(*allowed_authentication_modes)
                                            : cty::Value::Null(StringSet())},
       {"encryption", enc},
       {"account_endpoint", common::Str(account_endpoint)},
       {"node_management_endpoint", common::Str(node_management_endpoint)},
       {"dedicated_core_quota", common::Int(dedicated_core_quota)},
       {"low_priority_core_quota", common::Int(low_priority_core_quota)},
       {"pool_quota", common::Int(pool_quota)},
       {"primary_access_key", common::Str(primary_access_key)},
       {"secondary_access_key", common::Str(secondary_access_key)},
       {"tags", tags},
       {"timeouts", timeouts}});
}

nlohmann::json Model::ToArm() const {
  nlohmann::json p = {{"poolAllocationMode", pool_allocation_mode},
                      {"publicNetworkAccess", public_network_access}};
  if (key_vault_id || key_vault_url) {
    p["keyVaultReference"] = {{"id", key_vault_id.value_or("")}, {"url", key_vault_url.value_or("")}};
  }
  if (storage_account_id) p["autoStorage"] = AutoStorageToArm(*this);
  if (network_profile) {
    nlohmann::json n = nlohmann::json::object();
    if (account_access) n["accountAccess"] = EndpointToArm(account_access);
    if (node_management_access) n["nodeManagementAccess"] = EndpointToArm(node_management_access);
    p["networkProfile"] = n;
  }
  if (encryption_key_id) p["encryption"] = EncryptionToArm(encryption_key_id);
  if (allowed_authentication_modes) p["allowedAuthenticationModes"] = *allowed_authentication_modes;
  nlohmann::json body = {{"location", common::NormaliseLocation(location)},
                         {"tags", common::TagsToJson(tags)},
                         {"properties", p}};
  if (identity) body["identity"] = IdentityToArm(identity);
  return body;
}

void Model::MergeArm(const nlohmann::json& remote) {
  const nlohmann::json& p = JObj(remote, "properties");
  std::optional<std::string> current_location;
  if (!location.empty()) current_location = location;
  location = common::PreferPriorLocation(current_location, JStr(remote, "location").value_or(location));
  pool_allocation_mode =
      PreferPriorSpelling(pool_allocation_mode, JStr(p, "poolAllocationMode").value_or("BatchService"));
  const nlohmann::json& kv = JObj(p, "keyVaultReference");
  key_vault_id = KeepSpelling(key_vault_id, JStr(kv, "id"));
  key_vault_url = JStr(kv, "url");

  // autoStorage is only returned while one is linked. Without it the mode and
  // the node identity mean nothing and stay null (ModifyPlan plans them so), so
  // a configuration generated from an imported account passes validation.
  const nlohmann::json& as = JObj(p, "autoStorage");
  std::optional<std::string> sa = JStr(as, "storageAccountId");
  if (sa && !sa->empty()) {
    storage_account_id = PreferPriorSpelling(storage_account_id, *sa);
    storage_account_authentication_mode =
        PreferPriorSpelling(storage_account_authentication_mode,
                            JStr(as, "authenticationMode").value_or(kDefaultStorageAuthMode));
    storage_account_node_identity = KeepSpelling(
        storage_account_node_identity, JStr(JObj(as, "nodeIdentityReference"), "resourceId"));
  } else {
    storage_account_id.reset();
    storage_account_authentication_mode.reset();
    storage_account_node_identity.reset();
  }

  const nlohmann::json& ij = JObj(remote, "identity");
  std::string itype = JStr(ij, "type").value_or("None");
  if (absl::EqualsIgnoreCase(itype, "None") && !identity) {
    identity.reset();
  } else {
    Identity next;
    std::optional<Identity> current = identity;
    next.type = PreferPriorSpelling(current ? std::optional(current->type) : std::nullopt, itype);
    std::vector<std::string> ids;
    const nlohmann::json& uai = JObj(ij, "userAssignedIdentities");
    for (auto it = uai.begin(); it != uai.end(); ++it) ids.push_back(it.key());
    std::vector<std::string> prior_ids =
        current && current->identity_ids ? *current->identity_ids : std::vector<std::string>{};
    if (!ids.empty() || (current && current->identity_ids)) {
      next.identity_ids = KeepSpellings(prior_ids, ids);
    }
    next.principal_id = JStr(ij, "principalId");
    next.tenant_id = JStr(ij, "tenantId");
    identity = next;
  }

  public_network_access =
      PreferPriorSpelling(public_network_access, JStr(p, "publicNetworkAccess").value_or("Enabled"));

  const nlohmann::json& np = JObj(p, "networkProfile");
  std::optional<EndpointAccess> aa = EndpointFromArm(JObj(np, "accountAccess"), account_access);
  std::optional<EndpointAccess> nm =
      EndpointFromArm(JObj(np, "nodeManagementAccess"), node_management_access);
  network_profile = network_profile || aa || nm;
  account_access = aa;
  node_management_access = nm;

  // Absent (null) means Azure applies no restriction.
  const std::vector<std::string> prior_modes =
      allowed_authentication_modes.value_or(std::vector<std::string>{});
  allowed_authentication_modes.reset();
  if (auto m = p.find("allowedAuthenticationModes"); m != p.end() && m->is_array()) {
    std::vector<std::string> modes;
    for (const auto& e : *m) {
      if (e.is_string()) modes.push_back(e.get<std::string>());
    }
    allowed_authentication_modes = KeepSpellings(
        prior_modes, modes);
  }

  const nlohmann::json& enc = JObj(p, "encryption");
  std::optional<std::string> key = JStr(JObj(enc, "keyVaultProperties"), "keyIdentifier");
  if (absl::EqualsIgnoreCase(JStr(enc, "keySource").value_or(""), "Microsoft.KeyVault") && key) {
    encryption_key_id = key;
  } else {
    encryption_key_id.reset();
  }

  account_endpoint = JStr(p, "accountEndpoint");
  node_management_endpoint = JStr(p, "nodeManagementEndpoint");
  dedicated_core_quota = common::JInt(p, "dedicatedCoreQuota");
  low_priority_core_quota = common::JInt(p, "lowPriorityCoreQuota");
  pool_quota = common::JInt(p, "poolQuota");
}

bool Model::KeysReadable() const {
  if (!absl::EqualsIgnoreCase(pool_allocation_mode, "BatchService")) return false;
  if (!allowed_authentication_modes) return true;
  const auto& modes = *allowed_authentication_modes;
  return std::any_of(modes.begin(), modes.end(),
                     [](const std::string& m) { return absl::EqualsIgnoreCase(m, "SharedKey"); });
}

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
  const cty::Value& ident = c.GetAttr("identity");
  if (Present(ident)) {
    std::optional<std::string> type = GetString(ident, "type");
    const cty::Value& ids = ident.GetAttr("identity_ids");
    const cty::Path ids_path = cty::Path::Root().Attr("identity").Attr("identity_ids");
    if (type == "UserAssigned" && ids.is_known() && (ids.is_null() || ids.Length() == 0)) {
      resp->diagnostics.AddAttributeError(ids_path, "Missing identity_ids",
                                          "identity_ids must list at least one user-assigned "
                                          "identity when type is \"UserAssigned\".");
    }
    if (type && *type != "UserAssigned" && Present(ids) && ids.Length() > 0) {
      resp->diagnostics.AddAttributeError(
          ids_path, "Unexpected identity_ids",
          absl::StrCat("identity_ids is only valid with type \"UserAssigned\", not \"", *type, "\"."));
    }
  }
  const cty::Value& sa = c.GetAttr("storage_account_id");
  if (sa.is_known() && sa.is_null()) {
    for (const char* attr : {"storage_account_authentication_mode", "storage_account_node_identity"}) {
      if (Present(c.GetAttr(attr))) {
        resp->diagnostics.AddAttributeError(
            cty::Path::Root().Attr(attr), "Missing storage_account_id",
            absl::StrCat(attr, " only applies to an auto-storage account: set storage_account_id."));
      }
    }
  }
}

void BatchAccountResource::ModifyPlan(const fw::Context& ctx, const fw::ModifyPlanRequest& req,
                                      fw::ModifyPlanResponse* resp) {
  const cty::Value& prior = req.prior_state;
  cty::Value plan = resp->planned_state;
  if (plan.is_null()) return;
  // Without a storage account the default authentication mode is not applied:
  // the state keeps it null, as Read does.
  const cty::Value& sa = plan.GetAttr("storage_account_id");
  if (sa.is_known() && sa.is_null() && !req.config.is_null() &&
      req.config.GetAttr("storage_account_authentication_mode").is_null()) {
    plan = plan.WithAttr("storage_account_authentication_mode", cty::Value::Null(cty::Type::String()));
    resp->planned_state = plan;
  }
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
  // The keys only change with the modes that make them readable.
  const cty::Value& modes = plan.GetAttr("allowed_authentication_modes");
  if (modes.is_known() && modes == prior.GetAttr("allowed_authentication_modes") &&
      plan.GetAttr("pool_allocation_mode") == prior.GetAttr("pool_allocation_mode")) {
    for (const char* k : {"primary_access_key", "secondary_access_key"}) {
      if (!plan.GetAttr(k).is_known()) plan = plan.WithAttr(k, prior.GetAttr(k));
    }
  }
  // The identity's principal stays while its type does.
  const cty::Value& pi = prior.GetAttr("identity");
  cty::Value ni = plan.GetAttr("identity");
  if (Present(pi) && Present(ni) && pi.GetAttr("type") == ni.GetAttr("type")) {
    for (const char* k : {"principal_id", "tenant_id"}) {
      if (!ni.GetAttr(k).is_known()) ni = ni.WithAttr(k, pi.GetAttr(k));
    }
    plan = plan.WithAttr("identity", ni);
  }
  resp->planned_state = plan;
}

absl::StatusOr<azure::ResourceId> BatchAccountResource::IdFromPlan(const std::string& subscription,
                                                                   const cty::Value& plan) const {
  Model m = Model::FromValue(plan);
  return azure::ResourceId::ResourceGroup(subscription, m.resource_group_name)
      .Child(azure::ResourceType::kBatchAccount, m.name);
}

absl::StatusOr<nlohmann::json> BatchAccountResource::CreateBody(const cty::Value& plan) const {
  return Model::FromValue(plan).ToArm();
}

absl::StatusOr<nlohmann::json> BatchAccountResource::UpdateBody(const cty::Value& prior,
                                                                const cty::Value& plan) const {
  Model after = Model::FromValue(plan);
  auto changed = [&](const char* a) { return prior.GetAttr(a) != plan.GetAttr(a); };
  nlohmann::json patch = nlohmann::json::object();
  nlohmann::json props = nlohmann::json::object();
  if (changed("tags")) patch["tags"] = common::TagsToJson(after.tags);
  if (!SameIdentityConfig(prior.GetAttr("identity"), plan.GetAttr("identity"))) {
    patch["identity"] = IdentityToArm(after.identity);
  }
  if (changed("storage_account_id") || changed("storage_account_authentication_mode") ||
      changed("storage_account_node_identity")) {
    props["autoStorage"] = AutoStorageToArm(after);
  }
  if (changed("public_network_access")) props["publicNetworkAccess"] = after.public_network_access;
  if (changed("network_profile")) {
    props["networkProfile"] = {{"accountAccess", EndpointToArm(after.account_access)},
                               {"nodeManagementAccess", EndpointToArm(after.node_management_access)}};
  }
  const cty::Value& modes = plan.GetAttr("allowed_authentication_modes");
  if (modes.is_known() && changed("allowed_authentication_modes")) {
    props["allowedAuthenticationModes"] = Strings(modes);
  }
  if (changed("encryption")) props["encryption"] = EncryptionToArm(after.encryption_key_id);
  if (!props.empty()) patch["properties"] = props;
  return patch;
}

cty::Value BatchAccountResource::Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                                         const cty::Value& prior) const {
  Model m = Model::FromValue(prior);
  m.id = id.String();
  m.name = JStr(remote, "name").value_or(id.name());
  m.resource_group_name = common::PreferPriorSpelling(m.resource_group_name, id.resource_group());
  m.MergeArm(remote);
  m.tags = common::TagsFromJson(remote, prior.GetAttr("tags"));
  return m.ToValue(prior.type());
}

void BatchAccountResource::Read(const fw::Context& ctx, const fw::ReadRequest& req,
                                fw::ReadResponse* resp) {
  ArmResource::Read(ctx, req, resp);
  if (resp->diagnostics.HasError() || resp->new_state.is_null()) return;
  Model m = Model::FromValue(resp->new_state);
  if (!m.KeysReadable()) {
    m.primary_access_key.reset();
    m.secondary_access_key.reset();
    resp->new_state = m.ToValue(resp->new_state.type());
    return;
  }
  absl::StatusOr<common::ArmAccess> arm = Access(ctx);
  absl::StatusOr<azure::ResourceId> id = common::ParseId(m.id.value_or(""), IdType());
  if (!arm.ok() || !id.ok()) return;  // Read above already needed both
  absl::StatusOr<azure::ArmResponse> keys = arm->client->Post(
      absl::StrCat(id->String(), "/listKeys"), id->api_version(), nlohmann::json::object(), arm->ctx);
  if (!keys.ok()) {
    // Keep what the state had (e.g. the caller may read the account but not its keys).
    resp->diagnostics.AddWarning(
        "Batch account keys not read",
        std::string(common::Wrap(keys.status(), "listing the keys of", *id).message()));
    return;
  }
  m.primary_access_key = JStr(keys->body, "primary");
  m.secondary_access_key = JStr(keys->body, "secondary");
  resp->new_state = m.ToValue(resp->new_state.type());
}

}  // namespace azbatch::resources::batch_account
