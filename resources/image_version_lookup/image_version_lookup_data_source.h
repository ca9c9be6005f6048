// Data source azbatch_image_version: one gallery image version by name, or the
// latest one (highest Major.Minor.Patch, honouring exclude_from_latest on the
// version and, with `region`, on that region).
#ifndef AZBATCH_RESOURCES_IMAGE_VERSION_LOOKUP_IMAGE_VERSION_LOOKUP_DATA_SOURCE_H_
#define AZBATCH_RESOURCES_IMAGE_VERSION_LOOKUP_IMAGE_VERSION_LOOKUP_DATA_SOURCE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "provider/framework/data_source.h"
#include "resources/common/arm_access.h"

namespace azbatch::resources::image_version_lookup {

inline constexpr char kDataSourceTypeName[] = "azbatch_image_version";

// Picks the latest eligible version from a list of ARM version bodies; nullopt
// when none qualifies. `region` (normalised or display name) may be empty.
std::optional<nlohmann::json> PickLatest(const std::vector<nlohmann::json>& versions,
                                         const std::string& region);

class ImageVersionDataSource : public framework::DataSource {
 public:
  explicit ImageVersionDataSource(common::ArmResolver resolver) : resolver_(std::move(resolver)) {}
  std::string TypeName() const override { return kDataSourceTypeName; }
  framework::Schema GetSchema() const override;
  void Read(const framework::Context& ctx, const framework::DataSourceReadRequest& req,
            framework::DataSourceReadResponse* resp) override;

 private:
  common::ArmResolver resolver_;
};

inline std::unique_ptr<framework::DataSource> NewImageVersionDataSource() {
  return std::make_unique<ImageVersionDataSource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::image_version_lookup

#endif  // AZBATCH_RESOURCES_IMAGE_VERSION_LOOKUP_IMAGE_VERSION_LOOKUP_DATA_SOURCE_H_
