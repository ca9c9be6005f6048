// Plan modifiers for values that depend on sibling attributes (in the same
// object: the root, a block or a nested attribute element).
#ifndef AZBATCH_RESOURCES_COMMON_PLAN_RULES_H_
#define AZBATCH_RESOURCES_COMMON_PLAN_RULES_H_

#include <string>
#include <vector>

#include "provider/cty/path.h"
#include "provider/cty/value.h"
#include "provider/framework/plan_modifiers.h"

namespace azbatch::resources::common {

// The value at `path` in `root` without its last `drop` steps; null when a step
// is missing, null or unknown.
cty::Value ValueAt(const cty::Value& root, const cty::Path& path, size_t drop = 0);
// `path` without its last step.
cty::Path ParentPath(const cty::Path& path);

// A computed value keeps its prior state (null too) while every named sibling is
// planned known and unchanged (what Azure derives it from), e.g. an identity's
// principal while its type does. Siblings are read from the plan as it was
// before any attribute modifier ran: an optional-computed sibling that a
// modifier keeps is still unknown then, so name only siblings the
// configuration or a default decides.
framework::PlanModifierPtr UseStateWhileSame(std::vector<std::string> siblings);

// A default that means nothing without `sibling`: planned null while the
// sibling is null and the attribute is not configured.
framework::PlanModifierPtr NullWithout(std::string sibling);

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_PLAN_RULES_H_
