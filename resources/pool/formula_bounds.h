// Upper bounds of node counts in a Batch autoscale formula, read without
// evaluating it: `$TargetDedicatedNodes = min(40, $PendingTasks)` is bounded
// by 40 whatever the tasks do. Used by the plan-time quota check.
#ifndef AZBATCH_RESOURCES_POOL_FORMULA_BOUNDS_H_
#define AZBATCH_RESOURCES_POOL_FORMULA_BOUNDS_H_

#include <cstdint>
#include <optional>
#include <string>

namespace azbatch::resources::pool {

// The largest value `variable` (e.g. "$TargetDedicatedNodes") can be given by
// `formula`, or nullopt when that cannot be read. A bound is read from number
// literals, min() (any bounded argument), max() (every argument bounded),
// `c ? a : b` (both branches bounded) and variables assigned such
// expressions; every assignment to the variable must be bounded. Service
// variables ($PendingTasks...) and arithmetic are unbounded.
std::optional<int64_t> FormulaBound(const std::string& formula, const std::string& variable);

}  // namespace azbatch::resources::pool

#endif  // AZBATCH_RESOURCES_POOL_FORMULA_BOUNDS_H_
