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
#include "resources/common/field_table.h"
#include "resources/common/values.h"

namespace azbatch::resources::batch_account {

inline constexpr char kTypeName[] = "azbatch_account";

// Batch's default when an auto-storage account is linked without a mode.
inline constexpr char kDefaultStorageAuthMode[] = "StorageKeys";

// The field table (batch_account_schema.cc).
const std::vector<common::Field>& BatchAccountFields();
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
                                               const cty::Value& plan) const override {
    return common::GroupChildId(subscription, plan, IdType());
  }
  const std::vector<common::Field>& Fields() const override { return BatchAccountFields(); }
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
