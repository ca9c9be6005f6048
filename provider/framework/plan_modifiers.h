// Attribute plan modifiers, run by the plan pipeline after defaults and
// unknown-marking, per attribute, walking nested attributes and blocks.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_PLAN_MODIFIERS_H_
#define AZBATCH_PROVIDER_FRAMEWORK_PLAN_MODIFIERS_H_

#include <functional>
#include <memory>
#include <string>

#include "provider/cty/path.h"
#include "provider/cty/value.h"
#include "provider/framework/diagnostics.h"
#include "provider/framework/private_state.h"

namespace azbatch::framework {

class Context;

struct PlanModifierRequest {
  cty::Path path;
  cty::Value config_value;  // attribute value in config (null if absent)
  cty::Value state_value;   // in prior state (null on create)
  cty::Value plan_value;    // in the plan so far
  cty::Value config;        // whole objects
  cty::Value state;         // null object on create
  cty::Value plan;
  const PrivateState* prior_private = nullptr;  // never null when called by the Server
  // The plan's context (provider data, deadline); null outside the Server.
  const Context* ctx = nullptr;
};

struct PlanModifierResponse {
  cty::Value plan_value;         // starts as request.plan_value
  bool requires_replace = false;
  Diagnostics diagnostics;
};

class PlanModifier {
 public:
  virtual ~PlanModifier() = default;
  virtual std::string Description() const = 0;
  virtual void Modify(const PlanModifierRequest& req, PlanModifierResponse* resp) const = 0;
};
using PlanModifierPtr = std::shared_ptr<const PlanModifier>;

namespace plan_modifiers {

// Any change of the value (including to unknown) forces replacement. Never on
// create or destroy.
PlanModifierPtr RequiresReplace();
// Replacement only when `condition` says so (same create/destroy/no-change exemptions).
using RequiresReplaceCondition = std::function<bool(const PlanModifierRequest&)>;
PlanModifierPtr RequiresReplaceIf(RequiresReplaceCondition condition, std::string description);
// Replacement when the value changes and the attribute is set in config.
PlanModifierPtr RequiresReplaceIfConfigured();
// Computed value stays the prior state's when the plan would make it unknown
// (not on create, not when config is unknown, not when the resource is destroyed).
PlanModifierPtr UseStateForUnknown();

}  // namespace plan_modifiers
}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_PLAN_MODIFIERS_H_
