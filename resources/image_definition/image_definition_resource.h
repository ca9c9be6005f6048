// azbatch_image_definition: a gallery image definition (Microsoft.Compute/galleries/images).
#ifndef AZBATCH_RESOURCES_IMAGE_DEFINITION_IMAGE_DEFINITION_RESOURCE_H_
#define AZBATCH_RESOURCES_IMAGE_DEFINITION_IMAGE_DEFINITION_RESOURCE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "provider/cty/value.h"
#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/arm_resource.h"
#include "resources/common/field_table.h"

namespace azbatch::resources::image_definition {

inline constexpr char kTypeName[] = "azbatch_image_definition";

const std::vector<common::Field>& ImageDefinitionFields();
framework::Schema ImageDefinitionSchema();

class ImageDefinitionResource : public common::ArmResource,
                                public framework::ResourceWithValidateConfig {
 public:
  explicit ImageDefinitionResource(common::ArmResolver resolver)
      : ArmResource(std::move(resolver)) {}
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override { return ImageDefinitionSchema(); }
  void ValidateConfig(const framework::Context& ctx, const framework::ValidateConfigRequest& req,
                      framework::ValidateConfigResponse* resp) override;

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kGalleryImage; }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override;
  const std::vector<common::Field>& Fields() const override { return ImageDefinitionFields(); }
  std::string ParentAttribute() const override { return "gallery_id"; }
  absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const override;
  cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                     const cty::Value& prior) const override;
};

inline std::unique_ptr<framework::Resource> NewImageDefinitionResource() {
  return std::make_unique<ImageDefinitionResource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::image_definition

#endif  // AZBATCH_RESOURCES_IMAGE_DEFINITION_IMAGE_DEFINITION_RESOURCE_H_
