// azbatch_account: an Azure Batch account (Microsoft.Batch/batchAccounts).
// Create is a long-running PUT (202 + Location), update a synchronous PATCH of
// the changed properties, delete a long-running DELETE. The account keys are
// read with POST .../listKeys when shared-key authentication is allowed.
#ifndef AZBATCH_RESOURCES_BATCH_ACCOUNT_BATCH_ACCOUNT_RESOURCE_H_
#define AZBATCH_RESOURCES_BATCH_ACCOUNT_BATCH_ACCOUNT_RESOURCE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "provider/cty/value.h"
#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/arm_resource.h"

namespace azbatch::resources::batch_account {

inline constexpr char kTypeName[] = "azbatch_account";

struct IpRule {
  std::string action = "Allow";
  std::string value;
};

// One endpoint's access profile (account_access / node_management_access).
struct EndpointAccess {
  std::string default_action;
  std::vector<IpRule> ip_rules;
};

struct Identity {
  std::string type;
  // Null in config and state when Azure reports none and none was configured.
  std::optional<std::vector<std::string>> identity_ids;
  std::optional<std::string> principal_id, tenant_id;
};

struct Model {
  std::optional<std::string> id;
  std::string name, resource_group_name, location;
  std::string pool_allocation_mode = "BatchService";
  std::optional<std::string> key_vault_id, key_vault_url;  // key_vault_reference block
  std::optional<std::string> storage_account_id;
  // Null while no storage account is linked (the mode means nothing then).
  std::optional<std::string> storage_account_authentication_mode;
  std::optional<std::string> storage_account_node_identity;
  std::optional<Identity> identity;
  std::string public_network_access = "Enabled";
  // network_profile block; present with both endpoints null for `network_profile {}`.
  bool network_profile = false;
  std::optional<EndpointAccess> account_access, node_management_access;
  // Null when unknown in the plan (Azure fills a default).
  std::optional<std::vector<std::string>> allowed_authentication_modes;
  std::optional<std::string> encryption_key_id;  // encryption block
  std::optional<std::string> account_endpoint, node_management_endpoint;
  std::optional<int64_t> dedicated_core_quota, low_priority_core_quota, pool_quota;
  std::optional<std::string> primary_access_key, secondary_access_key;
  cty::Value tags, timeouts;

  static Model FromValue(const cty::Value& v);
  cty::Value ToValue(const cty::Type& type) const;
  // PUT body.
  nlohmann::json ToArm() const;
  // Overwrites the remote-backed fields from an ARM body, keeping the current
  // spellings where Azure's are equivalent.
  void MergeArm(const nlohmann::json& remote);
  // True when POST listKeys can answer (BatchService mode, SharedKey allowed).
  bool KeysReadable() const;
};

framework::Schema BatchAccountSchema();

class BatchAccountResource : public common::ArmResource,
                             public framework::ResourceWithValidateConfig,
                             public framework::ResourceWithModifyPlan {
 public:
  explicit BatchAccountResource(common::ArmResolver resolver) : ArmResource(std::move(resolver)) {}
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override { return BatchAccountSchema(); }
  void ValidateConfig(const framework::Context& ctx, const framework::ValidateConfigRequest& req,
                      framework::ValidateConfigResponse* resp) override;
  void ModifyPlan(const framework::Context& ctx, const framework::ModifyPlanRequest& req,
                  framework::ModifyPlanResponse* resp) override;
  // ARM read plus the account keys.
  void Read(const framework::Context& ctx, const framework::ReadRequest& req,
            framework::ReadResponse* resp) override;

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kBatchAccount; }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> UpdateBody(const cty::Value& prior,
                                            const cty::Value& plan) const override;
  cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                     const cty::Value& prior) const override;
};

inline std::unique_ptr<framework::Resource> NewBatchAccountResource() {
  return std::make_unique<BatchAccountResource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::batch_account

#endif  // AZBATCH_RESOURCES_BATCH_ACCOUNT_BATCH_ACCOUNT_RESOURCE_H_
