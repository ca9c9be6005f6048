#include "resources/pool_sizing/sizing.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace azbatch::resources::pool_sizing {

int64_t MinReplicasPerRegion(int64_t nodes, int64_t vms_per_replica) {
  if (vms_per_replica < 1) vms_per_replica = 1;
  if (nodes <= 0) return 1;
  return std::max<int64_t>(1, (nodes - 1) / vms_per_replica + 1);
}

absl::Duration RecommendedResizeTimeout(int64_t nodes) {
  int64_t steps = nodes <= 0 ? 1 : (nodes - 1) / kNodesPerTimeoutStep + 1;
  return absl::Minutes(kMinutesPerTimeoutStep * steps);
}

std::string FormatIso8601Duration(absl::Duration d) {
  int64_t total = absl::ToInt64Seconds(d);
  if (total <= 0) return "PT0S";
  int64_t days = total / 86400;
  int64_t hours = (total % 86400) / 3600;
  int64_t minutes = (total % 3600) / 60;
  int64_t seconds = total % 60;
  std::string out = "P";
  if (days > 0) absl::StrAppend(&out, days, "D");
  if (hours > 0 || minutes > 0 || seconds > 0) {
    absl::StrAppend(&out, "T");
    if (hours > 0) absl::StrAppend(&out, hours, "H");
    if (minutes > 0) absl::StrAppend(&out, minutes, "M");
    if (seconds > 0) absl::StrAppend(&out, seconds, "S");
  }
  return out;
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

}  // namespace azbatch::resources::pool_sizing
