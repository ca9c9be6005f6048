// azbatch_pool: a Batch pool (Microsoft.Batch/batchAccounts/pools).
//  - The field table (pool_schema.h) decides each field's fate: updatable while
//    nodes exist, updatable only at zero nodes (replacement while nodes exist,
//    or an error with prevent_replacement), or replacement (name, account).
//  - Create sends If-None-Match: * (a PUT on an existing pool would replace it).
//  - Create and update wait for allocation state Steady (wait_for_steady_state)
//    and turn resize errors into an error diagnostic; the pool stays in state.
//  - Plan-time preflight (preflight.h) checks image, replicas, OS and timeout.
#ifndef AZBATCH_RESOURCES_POOL_POOL_RESOURCE_H_
#define AZBATCH_RESOURCES_POOL_POOL_RESOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/arm_resource.h"

namespace azbatch::resources::pool {

inline constexpr char kTypeName[] = "azbatch_pool";

// Top-level attributes whose change Azure accepts only at zero nodes, between
// two states (for the plan and its tests).
std::vector<std::string> ZeroNodeChanges(const cty::Value& prior, const cty::Value& plan);
// PATCH body: the complete value of every changed top-level group; removals
// send Azure's "empty" form. Empty object when nothing Azure-side changed.
nlohmann::json PoolUpdateBody(const cty::Value& prior, const cty::Value& plan);

class PoolResource : public common::ArmResource,
                     public framework::ResourceWithValidateConfig,
                     public framework::ResourceWithModifyPlan {
 public:
  explicit PoolResource(common::ArmResolver resolver, bool preflight_without_settings = true)
      : ArmResource(std::move(resolver)), preflight_without_settings_(preflight_without_settings) {}
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override;
  framework::TimeoutDefaults DefaultTimeouts() const override;

  void ValidateConfig(const framework::Context& ctx, const framework::ValidateConfigRequest& req,
                      framework::ValidateConfigResponse* resp) override;
  void ModifyPlan(const framework::Context& ctx, const framework::ModifyPlanRequest& req,
                  framework::ModifyPlanResponse* resp) override;

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kBatchPool; }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> UpdateBody(const cty::Value& prior,
                                            const cty::Value& plan) const override;
  cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                     const cty::Value& prior) const override;
  azure::Headers CreateHeaders() const override { return {{"If-None-Match", "*"}}; }
  bool BeforeWrite(const framework::Context& ctx, common::ArmAccess& arm,
                   const azure::ResourceId& id, const cty::Value& prior, const cty::Value& plan,
                   const nlohmann::json& body, framework::Diagnostics* diags) override;
  absl::StatusOr<std::optional<nlohmann::json>> WaitAfterWrite(common::ArmAccess& arm,
                                                               const azure::ResourceId& id,
                                                               const cty::Value& plan) override;
  void CheckWritten(const nlohmann::json& remote, const cty::Value& prior, const cty::Value& plan,
                    framework::Diagnostics* diags) const override;

 private:
  bool PreflightEnabled(const framework::Context& ctx) const;
  bool preflight_without_settings_;
};

// State of a pool read from Azure (shared with the data source).
cty::Value FlattenPool(const azure::ResourceId& id, const nlohmann::json& remote,
                       const cty::Value& prior);

// Without provider settings (unit tests) preflight is off unless asked for.
inline std::unique_ptr<framework::Resource> NewPoolResource() {
  return std::make_unique<PoolResource>(common::DefaultArmResolver(), false);
}

}  // namespace azbatch::resources::pool

#endif  // AZBATCH_RESOURCES_POOL_POOL_RESOURCE_H_
