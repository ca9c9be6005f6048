// The azbatch_account field table: schema, bodies and state, one line per field.
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "provider/framework/plan_modifiers.h"
#include "resources/batch_account/batch_account_resource.h"
#include "resources/common/arm_id_validators.h"
#include "resources/common/identity.h"
#include "resources/common/plan_rules.h"
#include "resources/common/values.h"

namespace azbatch::resources::batch_account {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;
using common::Attr;
using common::ComputedField;
using common::Conv;
using common::Field;
using common::Fixed;
using common::Local;
using common::StringSet;
using cty::Type;
using fw::plan_modifiers::UseStateForUnknown;

namespace {

// The auto-storage settings are PATCHed together; none linked: an empty id.
Field AutoStorage(Field f) {
  f = common::InGroup(std::move(f), "properties.autoStorage",
                      nlohmann::json{{"storageAccountId", ""}});
  f.merge_patch = false;
  return f;
}

// "Allow, no rules" is the service default: null unless configured.
Field Endpoint(const char* name, const char* json, const std::string& what) {
  Field f = common::SingleBlock(
      name, json, absl::StrCat("Network rules for the ", what, "."),
      {Attr(fw::Attribute::Required("default_action", Type::String())
                .WithDescription("`Allow` or `Deny` when no IP rule matches.")
                .WithValidators({v::StringOneOf({"Allow", "Deny"})}),
            "defaultAction", Conv::kFold),
       common::ListBlock(
           "ip_rule", "ipRules", "An IPv4 address or CIDR range allowed through.",
           {Attr(fw::Attribute::Optional("action", Type::String())
                     .WithDescription("Only `Allow` (the default).")
                     .WithDefault(cty::Value::String("Allow"))
                     .WithValidators({v::StringOneOf({"Allow"})}),
                 "action"),
            Attr(fw::Attribute::Required("value", Type::String())
                     .WithDescription("IPv4 address or CIDR range, e.g. `203.0.113.0/24`.")
                     .WithValidators({v::StringLengthAtLeast(1)}),
                 "value")})});
  f.unset_if = [](const cty::Value& e) {
    return e.GetAttr("ip_rule").Elements().empty() &&
           absl::EqualsIgnoreCase(common::GetString(e, "default_action").value_or("Allow"),
                                  "Allow");
  };
  return f;
}

// Absent: Azure applies no restriction (null); [] allows none.
Field AllowNone(fw::Attribute a, const char* json, Conv conv) {
  Field f = Attr(std::move(a), json, conv);
  f.empty_is_value = true;
  return f;
}

Field AccessKey(const char* name, const char* which) {
  return Local(fw::Attribute::Computed(name, Type::String())
                   .WithDescription(absl::StrCat(which, " shared key; null unless `SharedKey` is "
                                                        "allowed in `BatchService` mode."))
                   .Sensitive());
}

Field NullWhenUnset(Field f) {
  f.unset_if = common::AllUnset();
  return f;
}

std::vector<Field> BuildFields() {
  return {
      Local(common::IdAttribute()),
      Local(fw::Attribute::Required("name", Type::String())
                .WithDescription("3-24 lowercase letters and digits, unique per region (the "
                                 "account endpoint is `{name}.{region}.batch.azure.com`). "
                                 "Changing it forces a new resource.")
                .WithValidators({v::StringMatches(
                    "[a-z0-9]{3,24}", "3-24 characters, lowercase letters and digits only")})
                .WithPlanModifiers({common::ForceNew()})),
      Local(common::ResourceGroupNameAttribute()),
      Fixed(Attr(common::LocationAttribute(), "location", Conv::kLocation)),
      Fixed(Attr(fw::Attribute::Optional("pool_allocation_mode", Type::String())
                     .WithDescription("`BatchService` (default) or `UserSubscription` (needs "
                                      "`key_vault_reference`). Changing it forces a new "
                                      "resource.")
                     .WithDefault(cty::Value::String("BatchService"))
                     .WithValidators({v::StringOneOf({"BatchService", "UserSubscription"})})
                     .WithPlanModifiers({common::ForceNew()}),
                 "properties.poolAllocationMode", Conv::kFold)),
      AutoStorage(Attr(fw::Attribute::Optional("storage_account_id", Type::String())
                           .WithDescription("ARM id of the auto-storage account.")
                           .WithValidators(
                               {common::ArmResourceId("Microsoft.Storage/storageAccounts")}),
                       "properties.autoStorage.storageAccountId", Conv::kFold)),
      AutoStorage(Attr(
          fw::Attribute::Optional("storage_account_authentication_mode", Type::String())
              .WithDescription("How Batch authenticates to the auto-storage account: "
                               "`StorageKeys` (default) or `BatchAccountManagedIdentity`. Only "
                               "used with `storage_account_id`.")
              .WithDefault(cty::Value::String(kDefaultStorageAuthMode))
              .WithValidators({v::StringOneOf({"StorageKeys", "BatchAccountManagedIdentity"})})
              .WithPlanModifiers({common::NullWithout("storage_account_id")}),
          "properties.autoStorage.authenticationMode", Conv::kFold)),
      AutoStorage(Attr(
          fw::Attribute::Optional("storage_account_node_identity", Type::String())
              .WithDescription("ARM id of the user-assigned identity compute nodes use to reach "
                               "the auto-storage account.")
              .WithValidators({common::ArmResourceId(
                  "Microsoft.ManagedIdentity/userAssignedIdentities")}),
          "properties.autoStorage.nodeIdentityReference.resourceId", Conv::kFold)),
      Attr(fw::Attribute::Optional("public_network_access", Type::String())
               .WithDescription("`Enabled` (default), `Disabled` or `SecuredByPerimeter`.")
               .WithDefault(cty::Value::String("Enabled"))
               .WithValidators({v::StringOneOf({"Enabled", "Disabled", "SecuredByPerimeter"})}),
           "properties.publicNetworkAccess", Conv::kFold),
      AllowNone(fw::Attribute::OptionalComputed("allowed_authentication_modes", StringSet())
               .WithDescription("Data-plane authentication modes: `SharedKey`, `AAD`, "
                                "`TaskAuthenticationToken`. Azure picks a default when unset; "
                                "set `[]` to allow none.")
               .WithValidators({common::EachOneOf({"SharedKey", "AAD", "TaskAuthenticationToken"})})
               .WithPlanModifiers({UseStateForUnknown()}),
           "properties.allowedAuthenticationModes", Conv::kFold),
      ComputedField("account_endpoint", Type::String(), "properties.accountEndpoint",
               "Data-plane endpoint, `{name}.{region}.batch.azure.com`."),
      ComputedField("node_management_endpoint", Type::String(), "properties.nodeManagementEndpoint",
               "Endpoint the compute nodes use to reach the Batch service."),
      ComputedField("dedicated_core_quota", Type::Number(), "properties.dedicatedCoreQuota",
               "Dedicated vCPU quota of the account (`BatchService` mode)."),
      ComputedField("low_priority_core_quota", Type::Number(), "properties.lowPriorityCoreQuota",
               "Spot/low-priority vCPU quota of the account (`BatchService` mode)."),
      ComputedField("pool_quota", Type::Number(), "properties.poolQuota",
               "Most pools the account may hold."),
      // Read from POST .../listKeys (Read), not from the account.
      AccessKey("primary_access_key", "Primary"),
      AccessKey("secondary_access_key", "Secondary"),
      Attr(common::TagsAttribute(), "tags", Conv::kTags),
      // Create-only: ModifyPlan replaces the account when it changes.
      Fixed(common::SingleBlock(
          "key_vault_reference", "properties.keyVaultReference",
          "Key Vault for a `UserSubscription` account. Changing it forces a new resource.",
          {Attr(fw::Attribute::Required("id", Type::String())
                    .WithDescription("ARM id of the Key Vault.")
                    .WithValidators({common::ArmResourceId("Microsoft.KeyVault/vaults")}),
                "id", Conv::kFold),
           Attr(fw::Attribute::Required("url", Type::String())
                    .WithDescription("Vault URI, e.g. `https://myvault.vault.azure.net/`.")
                    .WithValidators({v::StringLengthAtLeast(1)}),
                "url")})),
      common::IdentityBlock("Managed identity of the account.",
                            "User-assigned identity ids (type `UserAssigned`).", true),
      NullWhenUnset(common::SingleBlock(
          "network_profile", "properties.networkProfile",
          "Network rules per endpoint (apply while public network access is enabled).",
          {Endpoint("account_access", "accountAccess", "account endpoint"),
           Endpoint("node_management_access", "nodeManagementAccess",
                    "node management endpoint")})),
      common::InGroup(
          common::SingleBlock("encryption", "properties.encryption",
                              "Customer-managed key; omit for Microsoft-managed keys.",
                              {Attr(fw::Attribute::Required("key_vault_key_id", Type::String())
                                        .WithDescription(
                                            "Key Vault key URL, with or without version.")
                                        .WithValidators({v::StringLengthAtLeast(1)}),
                                    "keyVaultProperties.keyIdentifier")}),
          "properties.encryption", nlohmann::json{{"keySource", "Microsoft.Batch"}}),
  };
}

}  // namespace

const std::vector<Field>& BatchAccountFields() {
  static const std::vector<Field>* const kFields = new std::vector<Field>(BuildFields());
  return *kFields;
}

fw::Schema BatchAccountSchema() {
  return common::TableSchema("An Azure Batch account.", BatchAccountFields());
}

}  // namespace azbatch::resources::batch_account
