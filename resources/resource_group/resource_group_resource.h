// azbatch_resource_group: name, location, tags.
#ifndef AZBATCH_RESOURCES_RESOURCE_GROUP_RESOURCE_GROUP_RESOURCE_H_
#define AZBATCH_RESOURCES_RESOURCE_GROUP_RESOURCE_GROUP_RESOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/arm_resource.h"
#include "resources/common/field_table.h"

namespace azbatch::resources::resource_group {

inline constexpr char kTypeName[] = "azbatch_resource_group";

// The field table: id, name, location, tags.
const std::vector<common::Field>& ResourceGroupFields();
framework::Schema ResourceGroupSchema();

class ResourceGroupResource : public common::ArmResource {
 public:
  explicit ResourceGroupResource(common::ArmResolver resolver)
      : ArmResource(std::move(resolver)) {}
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override { return ResourceGroupSchema(); }

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kResourceGroup; }
  const std::vector<common::Field>& Fields() const override { return ResourceGroupFields(); }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override;
};

inline std::unique_ptr<framework::Resource> NewResourceGroupResource() {
  return std::make_unique<ResourceGroupResource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::resource_group

#endif  // AZBATCH_RESOURCES_RESOURCE_GROUP_RESOURCE_GROUP_RESOURCE_H_
