// azbatch_gallery: an Azure Compute Gallery with optional sharing.
//  - The field table (gallery_resource.cc) gives the schema, bodies and state.
//  - Sharing is set with POST .../share after the write (Add / Remove groups,
//    EnableCommunity) and reset to private before a delete (Azure refuses to
//    delete a shared gallery). Group members are read with
//    $expand=SharingProfile/Groups.
#ifndef AZBATCH_RESOURCES_GALLERY_GALLERY_RESOURCE_H_
#define AZBATCH_RESOURCES_GALLERY_GALLERY_RESOURCE_H_

#include <memory>
#include <string>
#include <vector>

#include "provider/cty/value.h"
#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/arm_resource.h"
#include "resources/common/field_table.h"

namespace azbatch::resources::gallery {

inline constexpr char kTypeName[] = "azbatch_gallery";

const std::vector<common::Field>& GalleryFields();
framework::Schema GallerySchema();

class GalleryResource : public common::ArmResource {
 public:
  explicit GalleryResource(common::ArmResolver resolver) : ArmResource(std::move(resolver)) {}
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override { return GallerySchema(); }

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kGallery; }
  const std::vector<common::Field>& Fields() const override { return GalleryFields(); }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const override;
  cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                     const cty::Value& prior) const override;
  std::string ReadQuery() const override { return "$expand=SharingProfile/Groups"; }
  absl::Status AfterWrite(common::ArmAccess& arm, const azure::ResourceId& id,
                          const cty::Value& prior, const cty::Value& plan) override;
  absl::Status BeforeDelete(common::ArmAccess& arm, const azure::ResourceId& id,
                            const cty::Value& state) override;
};

inline std::unique_ptr<framework::Resource> NewGalleryResource() {
  return std::make_unique<GalleryResource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::gallery

#endif  // AZBATCH_RESOURCES_GALLERY_GALLERY_RESOURCE_H_
