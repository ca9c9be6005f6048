#include "provider/framework/plan_modifiers.h"

#include <utility>

namespace azbatch::framework::plan_modifiers {
namespace {

class RequiresReplaceModifier : public PlanModifier {
 public:
  RequiresReplaceModifier(RequiresReplaceCondition condition, std::string description)
      : condition_(std::move(condition)), description_(std::move(description)) {}
  std::string Description() const override { return description_; }
  void Modify(const PlanModifierRequest& req, PlanModifierResponse* resp) const override {
    if (req.state.is_null()) return;  // create
    if (req.plan.is_null()) return;   // destroy
    if (req.plan_value.RawEquals(req.state_value)) return;
    if (condition_ && !condition_(req)) return;
    resp->requires_replace = true;
  }

 private:
  RequiresReplaceCondition condition_;
  std::string description_;
};

class UseStateForUnknownModifier : public PlanModifier {
 public:
  std::string Description() const override {
    return "the value stays the same as in the prior state unless it is changed in config";
  }
  void Modify(const PlanModifierRequest& req, PlanModifierResponse* resp) const override {
    if (req.state.is_null() || req.plan.is_null()) return;
    if (req.plan_value.is_known()) return;
    if (!req.config_value.is_known()) return;  // unknown in config: keep it unknown
    if (req.state_value.is_null()) return;     // e.g. a new nested element
    resp->plan_value = req.state_value;
  }
};

}  // namespace

PlanModifierPtr RequiresReplace() {
  return std::make_shared<RequiresReplaceModifier>(nullptr,
                                                   "changing the value forces replacement");
}

PlanModifierPtr RequiresReplaceIf(RequiresReplaceCondition condition, std::string description) {
  return std::make_shared<RequiresReplaceModifier>(std::move(condition), std::move(description));
}

PlanModifierPtr RequiresReplaceIfConfigured() {
  return std::make_shared<RequiresReplaceModifier>(
      [](const PlanModifierRequest& req) { return !req.config_value.is_null(); },
      "changing the configured value forces replacement");
}

PlanModifierPtr UseStateForUnknown() { return std::make_shared<UseStateForUnknownModifier>(); }

}  // namespace azbatch::framework::plan_modifiers
