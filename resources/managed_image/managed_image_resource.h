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

namespace azbatch::resources::managed_image {

inline constexpr char kTypeName[] = "azbatch_managed_image";

struct Disk {
  std::optional<int64_t> lun;  // data disks only
  std::optional<std::string> snapshot_id, managed_disk_id, blob_uri, caching, storage_type;
  std::optional<int64_t> size_gb;
};

struct Model {
  std::optional<std::string> id;
  std::string name, resource_group_name, location;
  std::optional<std::string> source_virtual_machine_id;
  std::string os_type, os_state = "Generalized";
  std::optional<Disk> os_disk;
  std::vector<Disk> data_disks;
  std::string hyper_v_generation = "V1";
  bool zone_resilient = false;
  cty::Value tags, timeouts, os_disk_value, data_disk_value;

  static Model FromValue(const cty::Value& v);
  cty::Value ToValue(const cty::Type& type) const;
  nlohmann::json ToArm() const;
  void MergeArm(const nlohmann::json& remote);
};

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
  absl::StatusOr<nlohmann::json> CreateBody(const cty::Value& plan) const override;
  absl::StatusOr<nlohmann::json> UpdateBody(const cty::Value& prior,
                                            const cty::Value& plan) const override;
  cty::Value Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                     const cty::Value& prior) const override;
};

inline std::unique_ptr<framework::Resource> NewManagedImageResource() {
  return std::make_unique<ManagedImageResource>(common::DefaultArmResolver());
}

}  // namespace azbatch::resources::managed_image

#endif  // AZBATCH_RESOURCES_MANAGED_IMAGE_MANAGED_IMAGE_RESOURCE_H_
