// Schema-driven walks over resource values, shared by the Server's validate,
// plan and apply pipelines. Internal to the framework (tests use it directly).
#ifndef AZBATCH_PROVIDER_FRAMEWORK_PLAN_H_
#define AZBATCH_PROVIDER_FRAMEWORK_PLAN_H_

#include <functional>
#include <vector>

#include "provider/cty/path.h"
#include "provider/cty/value.h"
#include "provider/framework/diagnostics.h"
#include "provider/framework/private_state.h"
#include "provider/framework/schema.h"

namespace azbatch::framework::internal {

// One attribute met during a walk. Values are null (of the attribute type) when
// the enclosing object is absent in that tree, unknown when it is unknown.
struct AttributeVisit {
  const Attribute* attribute = nullptr;
  cty::Path path;  // stops at the enclosing set when inside a set element
  cty::Value config;
  cty::Value state;
  cty::Value plan;
  cty::Value parent_config;  // the config object holding the attribute
};
// Returns the new plan value for the attribute (return visit.plan to keep it).
using AttributeVisitor = std::function<cty::Value(const AttributeVisit&)>;

struct BlockVisit {
  const NestedBlock* block = nullptr;
  cty::Path path;
  cty::Value config;  // the whole block value (object, list, set or map)
  cty::Value plan;
};
using BlockVisitor = std::function<void(const BlockVisit&)>;

// Walks `plan` along the schema; attributes are visited parents first, and the
// visitor's result is descended into (nested attributes). Config and state
// elements are matched by list index / map key; set elements by equality of
// their non-computed attributes.
cty::Value WalkPlan(const Block& schema, const cty::Value& config, const cty::Value& state,
                    const cty::Value& plan, const AttributeVisitor& on_attribute,
                    const BlockVisitor& on_block = nullptr);

// Attribute validators (including for null values, so group validators work),
// block min/max items, deprecation warnings for set attributes. Unknowns skip.
void ValidateConfigValue(const Block& schema, const cty::Value& config, Diagnostics* diags);
// Errors for every non-null write-only attribute in `config` (used when the
// client did not announce write-only support).
void RejectWriteOnly(const Block& schema, const cty::Value& config, Diagnostics* diags);

// Plan steps, in pipeline order.
cty::Value ApplyDefaults(const Block& schema, const cty::Value& config, const cty::Value& plan);
cty::Value MarkComputedNullsUnknown(const Block& schema, const cty::Value& config,
                                    const cty::Value& plan);
struct ModifiersResult {
  cty::Value plan;
  std::vector<cty::Path> requires_replace;
};
ModifiersResult RunPlanModifiers(const Block& schema, const cty::Value& config,
                                 const cty::Value& state, const cty::Value& plan,
                                 const PrivateState& prior_private, Diagnostics* diags,
                                 const Context* ctx = nullptr);
// Provider-bug guard after ModifyPlan: non-computed attributes must equal the
// config (unknown config stays unknown) or keep a non-null prior value when the
// config is non-null, as core allows. Errors name the path.
void CheckPlanFollowsConfig(const Block& schema, const cty::Value& config, const cty::Value& prior,
                            const cty::Value& plan, Diagnostics* diags);

// State hygiene for every returned state: write-only attributes null and
// LIST/SET/MAP blocks non-null (empty).
cty::Value NormaliseState(const Block& schema, const cty::Value& state);
// Paths of unknown values (at most `limit`).
std::vector<cty::Path> UnknownPaths(const cty::Value& value, size_t limit = 10);
// Sorted, de-duplicated.
std::vector<cty::Path> SortPaths(std::vector<cty::Path> paths);

}  // namespace azbatch::framework::internal

#endif  // AZBATCH_PROVIDER_FRAMEWORK_PLAN_H_
