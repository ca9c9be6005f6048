// Schema of azbatch_account, as data.
#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "resources/batch_account/batch_account_resource.h"
#include "resources/common/values.h"

namespace azbatch::resources::batch_account {

namespace fw = azbatch::framework;

namespace {

const char* const kAuthModes[] = {"SharedKey", "AAD", "TaskAuthenticationToken"};

cty::Type StringSet() { return cty::Type::Set(cty::Type::String()); }

bool Present(const cty::Value& v) { return v.is_known() && !v.is_null(); }

fw::ValidatorPtr AuthModesValidator() {
  return fw::validators::Custom(
      "each one of SharedKey, AAD, TaskAuthenticationToken", [](const cty::Value& v) {
        for (const cty::Value& e : v.Elements()) {
          if (!Present(e)) continue;
          if (std::find(std::begin(kAuthModes), std::end(kAuthModes), e.AsString()) ==
              std::end(kAuthModes)) {
            return absl::StrCat("each value must be one of \"SharedKey\", \"AAD\", "
                                "\"TaskAuthenticationToken\", got \"", e.AsString(), "\"");
          }
        }
        return std::string();
      });
}

fw::Block EndpointBlock(const std::string& what) {
  fw::Block rule;
  rule.description = "An IPv4 address or CIDR range allowed through.";
  rule.attributes = {
      fw::Attribute::Optional("action", cty::Type::String())
          .WithDescription("Only `Allow` (the default).")
          .WithDefault(cty::Value::String("Allow"))
          .WithValidators({fw::validators::StringOneOf({"Allow"})}),
      fw::Attribute::Required("value", cty::Type::String())
          .WithDescription("IPv4 address or CIDR range, e.g. `203.0.113.0/24`.")
          .WithValidators({fw::validators::StringLengthAtLeast(1)}),
  };
  fw::Block b;
  b.description = absl::StrCat("Network rules for the ", what, ".");
  b.attributes = {fw::Attribute::Required("default_action", cty::Type::String())
                      .WithDescription("`Allow` or `Deny` when no IP rule matches.")
                      .WithValidators({fw::validators::StringOneOf({"Allow", "Deny"})})};
  b.blocks = {fw::NestedBlock::List("ip_rule", rule)};
  return b;
}

}  // namespace

fw::Schema BatchAccountSchema() {
  namespace v = fw::validators;
  using fw::plan_modifiers::UseStateForUnknown;
  fw::Schema s;
  s.block.description = "An Azure Batch account.";
  s.block.attributes = {
      common::IdAttribute(),
      fw::Attribute::Required("name", cty::Type::String())
          .WithDescription("3-24 lowercase letters and digits, unique per region (the account "
                           "endpoint is `{name}.{region}.batch.azure.com`). Changing it forces a "
                           "new resource.")
          .WithValidators({v::StringMatches("[a-z0-9]{3,24}",
                                            "3-24 characters, lowercase letters and digits only")})
          .WithPlanModifiers({common::ForceNew()}),
      common::ResourceGroupNameAttribute(),
      common::LocationAttribute(),
      fw::Attribute::Optional("pool_allocation_mode", cty::Type::String())
          .WithDescription("`BatchService` (default) or `UserSubscription` (needs "
                           "`key_vault_reference`). Changing it forces a new resource.")
          .WithDefault(cty::Value::String("BatchService"))
          .WithValidators({v::StringOneOf({"BatchService", "UserSubscription"})})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("storage_account_id", cty::Type::String())
          .WithDescription("ARM id of the auto-storage account.")
          .WithValidators({v::ArmResourceId("Microsoft.Storage/storageAccounts")}),
      fw::Attribute::Optional("storage_account_authentication_mode", cty::Type::String())
          .WithDescription("How Batch authenticates to the auto-storage account: `StorageKeys` "
                           "(default) or `BatchAccountManagedIdentity`. Only used with "
                           "`storage_account_id`.")
          .WithDefault(cty::Value::String("StorageKeys"))
          .WithValidators({v::StringOneOf({"StorageKeys", "BatchAccountManagedIdentity"})}),
      fw::Attribute::Optional("storage_account_node_identity", cty::Type::String())
          .WithDescription("ARM id of the user-assigned identity compute nodes use to reach "
                           "the auto-storage account.")
          .WithValidators({v::ArmResourceId("Microsoft.ManagedIdentity/userAssignedIdentities")}),
      fw::Attribute::Optional("public_network_access", cty::Type::String())
          .WithDescription("`Enabled` (default), `Disabled` or `SecuredByPerimeter`.")
          .WithDefault(cty::Value::String("Enabled"))
          .WithValidators({v::StringOneOf({"Enabled", "Disabled", "SecuredByPerimeter"})}),
      fw::Attribute::OptionalComputed("allowed_authentication_modes", StringSet())
          .WithDescription("Data-plane authentication modes: `SharedKey`, `AAD`, "
                           "`TaskAuthenticationToken`. Azure picks a default when unset; set "
                           "`[]` to allow none.")
          .WithValidators({AuthModesValidator()})
          .WithPlanModifiers({UseStateForUnknown()}),
      fw::Attribute::Computed("account_endpoint", cty::Type::String())
          .WithDescription("Data-plane endpoint, `{name}.{region}.batch.azure.com`.")
          .WithPlanModifiers({UseStateForUnknown()}),
      fw::Attribute::Computed("node_management_endpoint", cty::Type::String())
          .WithDescription("Endpoint the compute nodes use to reach the Batch service.")
          .WithPlanModifiers({UseStateForUnknown()}),
      fw::Attribute::Computed("dedicated_core_quota", cty::Type::Number())
          .WithDescription("Dedicated vCPU quota of the account (`BatchService` mode).")
          .WithPlanModifiers({UseStateForUnknown()}),
      fw::Attribute::Computed("low_priority_core_quota", cty::Type::Number())
          .WithDescription("Spot/low-priority vCPU quota of the account (`BatchService` mode).")
          .WithPlanModifiers({UseStateForUnknown()}),
      fw::Attribute::Computed("pool_quota", cty::Type::Number())
          .WithDescription("Most pools the account may hold.")
          .WithPlanModifiers({UseStateForUnknown()}),
      fw::Attribute::Computed("primary_access_key", cty::Type::String())
          .WithDescription("Primary shared key; null unless `SharedKey` is allowed in "
                           "`BatchService` mode.")
          .Sensitive(),
      fw::Attribute::Computed("secondary_access_key", cty::Type::String())
          .WithDescription("Secondary shared key; null unless `SharedKey` is allowed in "
                           "`BatchService` mode.")
          .Sensitive(),
      common::TagsAttribute(),
  };

  fw::Block kv;
  kv.description = "Key Vault for a `UserSubscription` account. Changing it forces a new resource.";
  kv.attributes = {
      fw::Attribute::Required("id", cty::Type::String())
          .WithDescription("ARM id of the Key Vault.")
          .WithValidators({v::ArmResourceId("Microsoft.KeyVault/vaults")}),
      fw::Attribute::Required("url", cty::Type::String())
          .WithDescription("Vault URI, e.g. `https://myvault.vault.azure.net/`.")
          .WithValidators({v::StringLengthAtLeast(1)}),
  };
  fw::Block identity;
  identity.description = "Managed identity of the account.";
  identity.attributes = {
      fw::Attribute::Required("type", cty::Type::String())
          .WithDescription("`SystemAssigned`, `UserAssigned` or `None`.")
          .WithValidators({v::StringOneOf({"SystemAssigned", "UserAssigned", "None"})}),
      fw::Attribute::Optional("identity_ids", StringSet())
          .WithDescription("User-assigned identity ids (type `UserAssigned`)."),
      fw::Attribute::Computed("principal_id", cty::Type::String())
          .WithDescription("Principal id of the system-assigned identity."),
      fw::Attribute::Computed("tenant_id", cty::Type::String())
          .WithDescription("Tenant of the system-assigned identity."),
  };
  fw::Block np;
  np.description = "Network rules per endpoint (apply while public network access is enabled).";
  np.blocks = {fw::NestedBlock::Single("account_access", EndpointBlock("account endpoint")),
               fw::NestedBlock::Single("node_management_access",
                                       EndpointBlock("node management endpoint"))};
  fw::Block enc;
  enc.description = "Customer-managed key; omit for Microsoft-managed keys.";
  enc.attributes = {fw::Attribute::Required("key_vault_key_id", cty::Type::String())
                        .WithDescription("Key Vault key URL, with or without version.")
                        .WithValidators({v::StringLengthAtLeast(1)})};
  s.block.blocks = {fw::NestedBlock::Single("key_vault_reference", kv),
                    fw::NestedBlock::Single("identity", identity),
                    fw::NestedBlock::Single("network_profile", np),
                    fw::NestedBlock::Single("encryption", enc), fw::TimeoutsBlock()};
  return s;
}

}  // namespace azbatch::resources::batch_account
