#include "resources/sizing/sizing.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace azbatch::resources::sizing {

int64_t MinReplicasPerRegion(int64_t nodes, int64_t vms_per_replica) {
  if (vms_per_replica < 1) vms_per_replica = 1;
  if (nodes <= 0) return 1;
  return std::max<int64_t>(1, (nodes - 1) / vms_per_replica + 1);
}

absl::Duration RecommendedResizeTimeout(int64_t nodes) {
  int64_t steps = nodes <= 0 ? 1 : (nodes - 1) / kNodesPerTimeoutStep + 1;
  return absl::Minutes(kMinutesPerTimeoutStep * steps);
}

absl::StatusOr<int64_t> WholeNumberAtLeast(const cty::Number& n, int64_t min,
                                           const std::string& name) {
  std::optional<int64_t> v = n.is_integer() ? n.ToInt64() : std::nullopt;
  if (!v.has_value() || *v < min) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " must be a whole number \xe2\x89\xa5 ", min, ", got ", n.ToString()));
  }
  return *v;
}

}  // namespace azbatch::resources::sizing
