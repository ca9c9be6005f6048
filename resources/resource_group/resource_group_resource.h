// azbatch_resource_group: name, location, tags.
#ifndef AZBATCH_RESOURCES_RESOURCE_GROUP_RESOURCE_GROUP_RESOURCE_H_
#define AZBATCH_RESOURCES_RESOURCE_GROUP_RESOURCE_GROUP_RESOURCE_H_

#include <memory>
#include <optional>
#include <string>

#include "provider/cty/value.h"
#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/arm_resource.h"

namespace azbatch::resources::resource_group {

inline constexpr char kTypeName[] = "azbatch_resource_group";

// The Terraform object as a struct.
struct Model {
  std::optional<std::string> id;
  std::string name;
  std::string location;
  cty::Value tags;      // map(string) or null
  cty::Value timeouts;  // kept as configured

  static Model FromValue(const cty::Value& v);
  cty::Value ToValue(const cty::Type& type) const;
};

framework::Schema ResourceGroupSchema();

class ResourceGroupResource : public common::ArmResource {
 public:
  explicit ResourceGroupResource(common::ArmResolver resolver)
      : ArmResource(std::move(resolver)) {}
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override { return ResourceGroupSchema(); }

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kResourceGroup; }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> UpdateBody(const cty::Value& prior,
                                            const cty::Value& plan) const override;
  cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                     const cty::Value& prior) const override;
};

inline std::unique_ptr<framework::Resource> NewResourceGroupResource() {
  return std::make_unique<ResourceGroupResource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::resource_group

#endif  // AZBATCH_RESOURCES_RESOURCE_GROUP_RESOURCE_GROUP_RESOURCE_H_
