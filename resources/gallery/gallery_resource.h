// azbatch_gallery: an Azure Compute Gallery with optional sharing.
#ifndef AZBATCH_RESOURCES_GALLERY_GALLERY_RESOURCE_H_
#define AZBATCH_RESOURCES_GALLERY_GALLERY_RESOURCE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "provider/cty/value.h"
#include "provider/framework/resource.h"
#include "resources/common/arm_access.h"
#include "resources/common/arm_resource.h"

namespace azbatch::resources::gallery {

inline constexpr char kTypeName[] = "azbatch_gallery";

struct Sharing {
  std::string permission = "Private";  // Private | Groups | Community
  std::vector<std::string> subscription_ids;
  std::vector<std::string> tenant_ids;
  // Community gallery publishing info.
  std::optional<std::string> publisher_uri, publisher_email, eula, prefix;
};

struct Model {
  std::optional<std::string> id;
  std::string name, resource_group_name, location;
  std::optional<std::string> description;
  std::optional<Sharing> sharing;  // null block = private
  std::optional<std::string> unique_name;
  cty::Value tags, timeouts;

  static Model FromValue(const cty::Value& v);
  cty::Value ToValue(const cty::Type& type) const;
};

framework::Schema GallerySchema();
nlohmann::json GalleryBody(const Model& m);

class GalleryResource : public common::ArmResource {
 public:
  explicit GalleryResource(common::ArmResolver resolver) : ArmResource(std::move(resolver)) {}
  std::string TypeName() const override { return kTypeName; }
  framework::Schema GetSchema() const override { return GallerySchema(); }

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kGallery; }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> UpdateBody(const cty::Value& prior,
                                            const cty::Value& plan) const override;
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
