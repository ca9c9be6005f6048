#include "resources/common/plan_rules.h"

#include <memory>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {

namespace fw = azbatch::framework;

cty::Value ValueAt(const cty::Value& root, const cty::Path& path, size_t drop) {
  const std::vector<cty::PathStep>& steps = path.steps();
  cty::Value cur = root;
  for (size_t i = 0; i + drop < steps.size(); ++i) {
    if (!Present(cur)) return cty::Value::Null(cty::Type::Dynamic());
    const cty::PathStep& s = steps[i];
    if (const auto* a = std::get_if<cty::AttributeStep>(&s)) {
      if (cur.type().kind() != cty::Kind::kObject || !cur.type().HasAttribute(a->name)) {
        return cty::Value::Null(cty::Type::Dynamic());
      }
      cur = cur.GetAttr(a->name);
    } else if (const auto* x = std::get_if<cty::IndexStep>(&s)) {
      const cty::Kind k = cur.type().kind();
      if ((k != cty::Kind::kList && k != cty::Kind::kTuple) || x->index < 0 ||
          static_cast<size_t>(x->index) >= cur.Elements().size()) {
        return cty::Value::Null(cty::Type::Dynamic());
      }
      cur = cur.Elements()[x->index];
    } else {
      const auto& key = std::get<cty::KeyStep>(s).key;
      if (cur.type().kind() != cty::Kind::kMap || !cur.MapElements().count(key)) {
        return cty::Value::Null(cty::Type::Dynamic());
      }
      cur = cur.MapElements().at(key);
    }
  }
  return cur;
}

cty::Path ParentPath(const cty::Path& path) {
  cty::Path out;
  const std::vector<cty::PathStep>& steps = path.steps();
  for (size_t i = 0; i + 1 < steps.size(); ++i) {
    if (const auto* a = std::get_if<cty::AttributeStep>(&steps[i])) {
      out = out.Attr(a->name);
    } else if (const auto* x = std::get_if<cty::IndexStep>(&steps[i])) {
      out = out.Index(x->index);
    } else {
      out = out.Key(std::get<cty::KeyStep>(steps[i]).key);
    }
  }
  return out;
}

namespace {

class UseStateWhileSameModifier : public fw::PlanModifier {
 public:
  explicit UseStateWhileSameModifier(std::vector<std::string> siblings)
      : siblings_(std::move(siblings)) {}
  std::string Description() const override {
    return absl::StrCat("Keeps the prior value while ", absl::StrJoin(siblings_, ", "),
                        " stay unchanged.");
  }
  void Modify(const fw::PlanModifierRequest& req, fw::PlanModifierResponse* resp) const override {
    if (req.state.is_null() || req.plan_value.is_known()) return;
    const cty::Value plan = ValueAt(req.plan, req.path, 1);
    const cty::Value state = ValueAt(req.state, req.path, 1);
    if (!Present(plan) || !Present(state)) return;
    for (const std::string& s : siblings_) {
      if (!plan.type().HasAttribute(s) || !state.type().HasAttribute(s)) return;
      const cty::Value& p = plan.GetAttr(s);
      if (!p.IsWhollyKnown() || !p.RawEquals(state.GetAttr(s))) return;
    }
    resp->plan_value = req.state_value;
  }

 private:
  std::vector<std::string> siblings_;
};

class NullWithoutModifier : public fw::PlanModifier {
 public:
  explicit NullWithoutModifier(std::string sibling) : sibling_(std::move(sibling)) {}
  std::string Description() const override {
    return absl::StrCat("Null unless ", sibling_, " is set.");
  }
  void Modify(const fw::PlanModifierRequest& req, fw::PlanModifierResponse* resp) const override {
    if (!req.config_value.is_null() || req.plan_value.is_null()) return;
    const cty::Value parent = ValueAt(req.plan, req.path, 1);
    if (!Present(parent) || !parent.type().HasAttribute(sibling_)) return;
    const cty::Value& s = parent.GetAttr(sibling_);
    if (s.is_known() && s.is_null()) resp->plan_value = cty::Value::Null(req.plan_value.type());
  }

 private:
  std::string sibling_;
};

}  // namespace

fw::PlanModifierPtr UseStateWhileSame(std::vector<std::string> siblings) {
  return std::make_shared<UseStateWhileSameModifier>(std::move(siblings));
}

fw::PlanModifierPtr NullWithout(std::string sibling) {
  return std::make_shared<NullWithoutModifier>(std::move(sibling));
}

}  // namespace azbatch::resources::common
