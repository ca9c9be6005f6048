// azbatch_image_version: a gallery image version, replicated to an ordered
// list of target regions.
#ifndef AZBATCH_RESOURCES_IMAGE_VERSION_IMAGE_VERSION_RESOURCE_H_
#define AZBATCH_RESOURCES_IMAGE_VERSION_IMAGE_VERSION_RESOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/arm_ops.h"
#include "resources/common/arm_resource.h"
#include "resources/common/field_table.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_version {

inline constexpr char kTypeName[] = "azbatch_image_version";

// The field table (image_version_fields.cc).
const std::vector<common::Field>& ImageVersionFields();

class ImageVersionResource : public common::ArmResource, public framework::ResourceWithModifyPlan {
 public:
  explicit ImageVersionResource(common::ArmResolver resolver) : ArmResource(std::move(resolver)) {}
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override {
    return common::TableSchema("A gallery image version. Create waits for replication to every "
                               "target region by default.",
                               ImageVersionFields());
  }
  // Replication runs at a few percent per minute per region: hours, not minutes.
  framework::TimeoutDefaults DefaultTimeouts() const override {
    return {.create = absl::Hours(3), .update = absl::Hours(3), .del = absl::Hours(1)};
  }
  // Refuses to drop a region that holds replicas unless
  // allow_deletion_of_replicated_locations is true.
  void ModifyPlan(const framework::Context& ctx, const framework::ModifyPlanRequest& req,
                  framework::ModifyPlanResponse* resp) override;

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kGalleryImageVersion; }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override {
    return common::ChildIdFromPlan(plan, ParentAttribute(), azure::ResourceType::kGalleryImage,
                                   azure::ResourceType::kGalleryImageVersion);
  }
  const std::vector<common::Field>& Fields() const override { return ImageVersionFields(); }
  std::string ParentAttribute() const override { return "image_definition_id"; }
  // The table's PATCH, plus properties.storageProfile whenever it sends properties.
  absl::StatusOr<nlohmann::json> UpdateBody(const cty::Value& prior,
                                            const cty::Value& plan) const override;
  // The table's state, with storageProfile.source.id kept in the one attribute
  // it belongs to (managed image or gallery image version).
  cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                     const cty::Value& prior) const override;
  std::string ReadQuery() const override { return "$expand=ReplicationStatus"; }
  bool SkipCreateWait(const cty::Value& plan) const override {
    return !common::GetBool(plan, "wait_for_replication").value_or(true);
  }
  azure::LroOptions CreateWaitOptions(common::ArmAccess& arm, const azure::ResourceId& id,
                                      const cty::Value& plan) const override;
  absl::Status AfterWrite(common::ArmAccess& arm, const azure::ResourceId& id,
                          const cty::Value& prior, const cty::Value& plan) override;
};

inline std::unique_ptr<framework::Resource> NewImageVersionResource() {
  return std::make_unique<ImageVersionResource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::image_version

#endif  // AZBATCH_RESOURCES_IMAGE_VERSION_IMAGE_VERSION_RESOURCE_H_
