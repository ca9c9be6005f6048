// The VM sizes Batch offers in a region, as
// GET /subscriptions/{s}/providers/Microsoft.Batch/locations/{region}/virtualMachineSkus
// reports them (Location_ListSupportedVirtualMachineSkus). Shared by the pool
// preflight and the azbatch_vm_sizes data source.
#ifndef AZBATCH_RESOURCES_POOL_VM_SKUS_H_
#define AZBATCH_RESOURCES_POOL_VM_SKUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "resources/common/arm_access.h"

namespace azbatch::resources::pool {

struct VmSku {
  std::string name;
  std::string family;              // familyName, e.g. "standardDSv3Family"
  std::optional<int64_t> vcpus;    // capability "vCPUs"
  std::optional<double> memory_gb; // capability "MemoryGB"
  int64_t gpus = 0;                // capability "GPUs" (absent: 0)
  std::string end_of_life;         // batchSupportEndOfLife, "" when not retiring
};

// The SKUs of one response page. Entries without a string name are skipped;
// capabilities that are missing or not numbers stay unset.
std::vector<VmSku> ParseVmSkus(const nlohmann::json& page);

// Every page of the list (follows nextLink). One GET per page.
absl::StatusOr<std::vector<VmSku>> ListVmSkus(common::ArmAccess& arm,
                                              const std::string& subscription,
                                              const std::string& region);

// Case-insensitive lookup by name; nullptr when not offered.
const VmSku* FindVmSku(const std::vector<VmSku>& skus, const std::string& name);

// Up to `n` offered names closest to `want` (edit distance, case-insensitive;
// ties by name).
std::vector<std::string> ClosestVmSizes(const std::string& want, const std::vector<VmSku>& skus,
                                        size_t n = 3);

}  // namespace azbatch::resources::pool

#endif  // AZBATCH_RESOURCES_POOL_VM_SKUS_H_
