// Batch pool sizing arithmetic (replicas per region, resize timeouts), kept
// free of framework types: the pool, the azbatch_pool_sizing data source and
// the provider functions share it.
#ifndef AZBATCH_RESOURCES_SIZING_SIZING_H_
#define AZBATCH_RESOURCES_SIZING_SIZING_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "provider/cty/number.h"

namespace azbatch::resources::sizing {

// How many VMs one gallery image replica serves (current Azure guidance; older
// documentation said 600).
inline constexpr int64_t kDefaultVmsPerReplica = 300;
// Resize timeout granted per started block of nodes.
inline constexpr int64_t kNodesPerTimeoutStep = 1000;
inline constexpr int64_t kMinutesPerTimeoutStep = 15;

// max(1, ceil(nodes / vms_per_replica)); nodes >= 0, vms_per_replica >= 1.
int64_t MinReplicasPerRegion(int64_t nodes, int64_t vms_per_replica = kDefaultVmsPerReplica);

// 15 minutes per started 1000 nodes, never below 15 minutes (written with
// iso8601::Format, as every duration the provider writes).
absl::Duration RecommendedResizeTimeout(int64_t nodes);

// The number as an int64 when it is a whole number >= min; otherwise
// InvalidArgument "<name> must be a whole number ≥ <min>, got <n>".
absl::StatusOr<int64_t> WholeNumberAtLeast(const cty::Number& n, int64_t min,
                                           const std::string& name);

}  // namespace azbatch::resources::sizing

#endif  // AZBATCH_RESOURCES_SIZING_SIZING_H_
