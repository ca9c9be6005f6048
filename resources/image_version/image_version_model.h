// The azbatch_image_version object as a struct, and its mapping to and from
// the ARM body (Microsoft.Compute/galleries/images/versions).
#ifndef AZBATCH_RESOURCES_IMAGE_VERSION_IMAGE_VERSION_MODEL_H_
#define AZBATCH_RESOURCES_IMAGE_VERSION_IMAGE_VERSION_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "provider/cty/value.h"

namespace azbatch::resources::image_version {

struct TargetRegion {
  std::string name;
  // Null in state when left to the version-wide defaults.
  std::optional<int64_t> regional_replica_count;
  std::optional<std::string> storage_account_type;
  std::optional<bool> exclude_from_latest;
  std::optional<std::string> disk_encryption_set_id;
};

struct DataDisk {
  int64_t lun = 0;
  std::string source_id;  // snapshot or managed disk
};

struct RegionStatus {
  std::string region, state;
  int64_t progress = 0;
};

struct Model {
  std::optional<std::string> id;
  std::string name, image_definition_id, location;
  // Sources (exactly one of the first four; data disks go with an OS-disk snapshot).
  std::optional<std::string> managed_image_id, os_disk_snapshot_id, virtual_machine_id,
      source_image_version_id;
  std::vector<DataDisk> data_disks;
  std::vector<TargetRegion> target_regions;
  int64_t replica_count = 1;
  std::string storage_account_type = "Standard_LRS";
  std::string replication_mode = "Full";
  bool exclude_from_latest = false;
  bool allow_deletion_of_replicated_locations = false;
  bool wait_for_replication = true;
  std::optional<std::string> end_of_life_date;
  std::vector<RegionStatus> replication_status;
  cty::Value tags, timeouts;
  bool data_disks_null = true;

  static Model FromValue(const cty::Value& v);
  cty::Value ToValue(const cty::Type& type) const;
  // PUT body for create.
  nlohmann::json ToArm() const;
  // Azure's targetRegions for this model (storage types only when configured).
  nlohmann::json TargetRegionsJson() const;
  // Overwrites remote-backed fields from an ARM body, keeping the prior
  // spellings (regions, dates) and null-for-default region settings.
  void MergeArm(const nlohmann::json& remote);
};

}  // namespace azbatch::resources::image_version

#endif  // AZBATCH_RESOURCES_IMAGE_VERSION_IMAGE_VERSION_MODEL_H_
