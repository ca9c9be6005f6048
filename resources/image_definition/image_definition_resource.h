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

namespace azbatch::resources::image_definition {

inline constexpr char kTypeName[] = "azbatch_image_definition";

struct Model {
  std::optional<std::string> id;
  std::string name, gallery_id, location;
  std::string os_type, os_state = "Generalized";
  std::string publisher, offer, sku;
  std::string hyper_v_generation = "V1", architecture = "x64";
  bool trusted_launch_supported = false, trusted_launch_enabled = false;
  bool confidential_vm_supported = false, confidential_vm_enabled = false;
  bool accelerated_network_support_enabled = false, hibernation_enabled = false;
  bool disk_controller_type_nvme_enabled = false;
  std::optional<int64_t> min_vcpu, max_vcpu, min_memory, max_memory;
  std::vector<std::string> disk_types_not_allowed;
  std::optional<std::string> eula, privacy_statement_uri, release_note_uri;
  std::optional<std::string> plan_name, plan_publisher, plan_product;
  std::optional<std::string> end_of_life_date, description;
  cty::Value tags, timeouts, disk_types_prior;

  static Model FromValue(const cty::Value& v);
  cty::Value ToValue(const cty::Type& type) const;
  nlohmann::json ToArm() const;
  // Overwrites the remote-backed fields from an ARM body.
  void MergeArm(const nlohmann::json& remote);
};

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
  absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> UpdateBody(const cty::Value& prior,
                                            const cty::Value& plan) const override;
  cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                     const cty::Value& prior) const override;
};

inline std::unique_ptr<framework::Resource> NewImageDefinitionResource() {
  return std::make_unique<ImageDefinitionResource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::image_definition

#endif  // AZBATCH_RESOURCES_IMAGE_DEFINITION_IMAGE_DEFINITION_RESOURCE_H_
