// azbatch_managed_image: a managed image (Microsoft.Compute/images) from an
// OS-disk snapshot (plus data-disk snapshots by LUN), a managed disk, a blob
// URI or a source VM.
#ifndef AZBATCH_RESOURCES_MANAGED_IMAGE_MANAGED_IMAGE_RESOURCE_H_
#define AZBATCH_RESOURCES_MANAGED_IMAGE_MANAGED_IMAGE_RESOURCE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/arm_resource.h"
#include "resources/common/field_table.h"

namespace azbatch::resources::managed_image {

inline constexpr char kTypeName[] = "azbatch_managed_image";

const std::vector<common::Field>& ManagedImageFields();
framework::Schema ManagedImageSchema();

class ManagedImageResource : public common::ArmResource,
                             public framework::ResourceWithValidateConfig {
 public:
  explicit ManagedImageResource(common::ArmResolver resolver) : ArmResource(std::move(resolver)) {}
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override { return ManagedImageSchema(); }
  framework::TimeoutDefaults DefaultTimeouts() const override;
  void ValidateConfig(const framework::Context& ctx, const framework::ValidateConfigRequest& req,
                      framework::ValidateConfigResponse* resp) override;

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kImage; }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override;
  const std::vector<common::Field>& Fields() const override { return ManagedImageFields(); }
  absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const override;
};

inline std::unique_ptr<framework::Resource> NewManagedImageResource() {
  return std::make_unique<ManagedImageResource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::managed_image

#endif  // AZBATCH_RESOURCES_MANAGED_IMAGE_MANAGED_IMAGE_RESOURCE_H_
