#include "provider/framework/plan.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace azbatch::framework::internal {
namespace {

struct Walker {
  const AttributeVisitor& on_attribute;
  const BlockVisitor& on_block;

  cty::Value Object(const std::vector<Attribute>& attrs, const std::vector<NestedBlock>* blocks,
                    const cty::Value& config, const cty::Value& state, const cty::Value& plan,
                    const cty::Path& path, bool frozen) const;
  cty::Value Collection(NestingMode nesting, const std::vector<Attribute>& attrs,
                        const std::vector<NestedBlock>* blocks, const cty::Value& config,
                        const cty::Value& state, const cty::Value& plan, const cty::Path& path,
                        bool frozen) const;
};

cty::Value Sub(const cty::Value& parent, const std::string& name, const cty::Type& type) {
  if (!parent.is_known()) return cty::Value::Unknown(type);
  if (parent.is_null() || parent.type().kind() != cty::Kind::kObject || !parent.HasAttr(name)) {
    return cty::Value::Null(type);
  }
  return parent.GetAttr(name);
}

cty::Value ElemAt(const cty::Value& coll, size_t i, const cty::Type& et) {
  if (!coll.is_known()) return cty::Value::Unknown(et);
  if (coll.is_null() || i >= coll.Elements().size()) return cty::Value::Null(et);
  return coll.Elements()[i];
}

cty::Value ElemKey(const cty::Value& coll, const std::string& key, const cty::Type& et) {
  if (!coll.is_known()) return cty::Value::Unknown(et);
  if (coll.is_null()) return cty::Value::Null(et);
  auto it = coll.MapElements().find(key);
  return it == coll.MapElements().end() ? cty::Value::Null(et) : it->second;
}

// A set element of `coll` that agrees with `elem` on everything the config
// decides: non-computed attributes, configured computed ones, and blocks.
cty::Value MatchSetElement(const std::vector<Attribute>& attrs,
                           const std::vector<NestedBlock>* blocks, const cty::Value& coll,
                           const cty::Value& elem, const cty::Type& et) {
  if (!coll.is_known()) return cty::Value::Unknown(et);
  if (coll.is_null()) return cty::Value::Null(et);
  for (const cty::Value& c : coll.Elements()) {
    if (c.RawEquals(elem)) return c;
  }
  if (!elem.is_known() || elem.is_null()) return cty::Value::Null(et);
  for (const cty::Value& c : coll.Elements()) {
    if (!c.is_known() || c.is_null()) continue;
    bool match = true;
    for (const Attribute& a : attrs) {
      const cty::Value& cv = c.GetAttr(a.name);
      if (a.computed && cv.is_null()) continue;
      if (!cv.RawEquals(elem.GetAttr(a.name))) match = false;
    }
    if (blocks != nullptr) {
      for (const NestedBlock& b : *blocks) {
        if (!c.GetAttr(b.type_name).RawEquals(elem.GetAttr(b.type_name))) match = false;
      }
    }
    if (match) return c;
  }
  return cty::Value::Null(et);
}

cty::Value Walker::Object(const std::vector<Attribute>& attrs,
                          const std::vector<NestedBlock>* blocks, const cty::Value& config,
                          const cty::Value& state, const cty::Value& plan, const cty::Path& path,
                          bool frozen) const {
  if (plan.is_null() || !plan.is_known() || plan.type().kind() != cty::Kind::kObject) return plan;
  std::map<std::string, cty::Value> out = plan.MapElements();
  for (const Attribute& a : attrs) {
    cty::Type type = a.ImpliedType();
    AttributeVisit visit;
    visit.attribute = &a;
    visit.path = frozen ? path : path.Attr(a.name);
    visit.config = Sub(config, a.name, type);
    visit.state = Sub(state, a.name, type);
    visit.plan = Sub(plan, a.name, type);
    visit.parent_config = config;
    cty::Value next = on_attribute ? on_attribute(visit) : visit.plan;
    if (a.nested.has_value()) {
      next = Collection(a.nested->nesting, a.nested->attributes, nullptr, visit.config,
                        visit.state, next, visit.path, frozen);
    }
    out[a.name] = std::move(next);
  }
  if (blocks != nullptr) {
    for (const NestedBlock& b : *blocks) {
      cty::Type type = b.ImpliedType();
      cty::Path p = frozen ? path : path.Attr(b.type_name);
      cty::Value cv = Sub(config, b.type_name, type);
      cty::Value pv = Sub(plan, b.type_name, type);
      if (on_block) on_block(BlockVisit{&b, p, cv, pv});
      out[b.type_name] = Collection(b.nesting, b.block.attributes, &b.block.blocks, cv,
                                    Sub(state, b.type_name, type), pv, p, frozen);
    }
  }
  return cty::Value::ObjectOf(plan.type(), std::move(out));
}

cty::Value Walker::Collection(NestingMode nesting, const std::vector<Attribute>& attrs,
                              const std::vector<NestedBlock>* blocks, const cty::Value& config,
                              const cty::Value& state, const cty::Value& plan,
                              const cty::Path& path, bool frozen) const {
  if (plan.is_null() || !plan.is_known()) return plan;
  switch (nesting) {
    case NestingMode::kSingle:
    case NestingMode::kGroup:
    case NestingMode::kInvalid:
      return Object(attrs, blocks, config, state, plan, path, frozen);
    case NestingMode::kList: {
      const cty::Type& et = plan.type().element();
      std::vector<cty::Value> out;
      const auto& elems = plan.Elements();
      for (size_t i = 0; i < elems.size(); ++i) {
        out.push_back(Object(attrs, blocks, ElemAt(config, i, et), ElemAt(state, i, et), elems[i],
                             frozen ? path : path.Index(static_cast<int64_t>(i)), frozen));
      }
      return cty::Value::List(et, std::move(out));
    }
    case NestingMode::kMap: {
      const cty::Type& et = plan.type().element();
      std::map<std::string, cty::Value> out;
      for (const auto& [key, elem] : plan.MapElements()) {
        out[key] = Object(attrs, blocks, ElemKey(config, key, et), ElemKey(state, key, et), elem,
                          frozen ? path : path.Key(key), frozen);
      }
      return cty::Value::Map(et, std::move(out));
    }
    case NestingMode::kSet: {
      const cty::Type& et = plan.type().element();
      std::vector<cty::Value> out;
      for (const cty::Value& elem : plan.Elements()) {
        out.push_back(Object(attrs, blocks, MatchSetElement(attrs, blocks, config, elem, et),
                             MatchSetElement(attrs, blocks, state, elem, et), elem, path,
                             /*frozen=*/true));
      }
      return cty::Value::Set(et, std::move(out));
    }
  }
  return plan;
}

bool IsKnownNull(const cty::Value& v) { return v.is_known() && v.is_null(); }

cty::Value NormaliseObject(const std::vector<Attribute>& attrs,
                           const std::vector<NestedBlock>* blocks, const cty::Value& value);

cty::Value NormaliseNested(NestingMode nesting, const std::vector<Attribute>& attrs,
                           const std::vector<NestedBlock>* blocks, const cty::Value& value) {
  if (value.is_null() || !value.is_known()) return value;
  switch (nesting) {
    case NestingMode::kList:
    case NestingMode::kSet: {
      std::vector<cty::Value> out;
      for (const cty::Value& e : value.Elements()) out.push_back(NormaliseObject(attrs, blocks, e));
      return nesting == NestingMode::kList ? cty::Value::List(value.type().element(), std::move(out))
                                           : cty::Value::Set(value.type().element(), std::move(out));
    }
    case NestingMode::kMap: {
      std::map<std::string, cty::Value> out;
      for (const auto& [k, e] : value.MapElements()) out[k] = NormaliseObject(attrs, blocks, e);
      return cty::Value::Map(value.type().element(), std::move(out));
    }
    default:
      return NormaliseObject(attrs, blocks, value);
  }
}

cty::Value NormaliseObject(const std::vector<Attribute>& attrs,
                           const std::vector<NestedBlock>* blocks, const cty::Value& value) {
  if (value.is_null() || !value.is_known() || value.type().kind() != cty::Kind::kObject) {
    return value;
  }
  std::map<std::string, cty::Value> out = value.MapElements();
  for (const Attribute& a : attrs) {
    cty::Value v = Sub(value, a.name, a.ImpliedType());
    if (a.write_only) {
      v = cty::Value::Null(a.ImpliedType());
    } else if (a.nested.has_value()) {
      v = NormaliseNested(a.nested->nesting, a.nested->attributes, nullptr, v);
    }
    out[a.name] = std::move(v);
  }
  if (blocks != nullptr) {
    for (const NestedBlock& b : *blocks) {
      cty::Type type = b.ImpliedType();
      cty::Value v = Sub(value, b.type_name, type);
      if (IsKnownNull(v)) {
        const cty::Type obj = b.block.ImpliedType();
        if (b.nesting == NestingMode::kList) v = cty::Value::List(obj, {});
        if (b.nesting == NestingMode::kSet) v = cty::Value::Set(obj, {});
        if (b.nesting == NestingMode::kMap) v = cty::Value::Map(obj, {});
        if (b.nesting == NestingMode::kGroup) v = b.block.EmptyValue();
      }
      out[b.type_name] = NormaliseNested(b.nesting, b.block.attributes, &b.block.blocks, v);
    }
  }
  return cty::Value::ObjectOf(value.type(), std::move(out));
}

}  // namespace

cty::Value WalkPlan(const Block& schema, const cty::Value& config, const cty::Value& state,
                    const cty::Value& plan, const AttributeVisitor& on_attribute,
                    const BlockVisitor& on_block) {
  Walker w{on_attribute, on_block};
  return w.Object(schema.attributes, &schema.blocks, config, state, plan, cty::Path::Root(), false);
}

void ValidateConfigValue(const Block& schema, const cty::Value& config, Diagnostics* diags) {
  auto on_attr = [&](const AttributeVisit& v) -> cty::Value {
    const Attribute& a = *v.attribute;
    if (!v.parent_config.is_known() || v.parent_config.is_null()) return v.plan;
    if (a.deprecated && v.config.is_known() && !v.config.is_null()) {
      diags->AddAttributeWarning(
          v.path, "Deprecated attribute",
          a.deprecation_message.empty()
              ? absl::StrCat("The attribute ", v.path.ToString(), " is deprecated.")
              : a.deprecation_message);
    }
    ValidatorRequest req{v.path, v.config, config, v.parent_config};
    for (const ValidatorPtr& validator : a.validators) validator->Validate(req, diags);
    return v.plan;
  };
  auto on_block = [&](const BlockVisit& v) {
    const NestedBlock& b = *v.block;
    if (!v.config.is_known() || v.config.is_null()) return;
    if (b.nesting == NestingMode::kList || b.nesting == NestingMode::kSet) {
      int64_t n = static_cast<int64_t>(v.config.Length());
      if (n < b.min_items) {
        diags->AddAttributeError(v.path, "Not enough blocks",
                                 absl::StrCat("At least ", b.min_items, " \"", b.type_name,
                                              "\" blocks are required, got ", n, "."));
      }
      if (b.max_items > 0 && n > b.max_items) {
        diags->AddAttributeError(v.path, "Too many blocks",
                                 absl::StrCat("No more than ", b.max_items, " \"", b.type_name,
                                              "\" blocks are allowed, got ", n, "."));
      }
    }
    if (b.block.deprecated) {
      diags->AddAttributeWarning(v.path, "Deprecated block",
                                 b.block.deprecation_message.empty()
                                     ? absl::StrCat("The block ", b.type_name, " is deprecated.")
                                     : b.block.deprecation_message);
    }
    ValidatorRequest req{v.path, v.config, config, config};
    for (const ValidatorPtr& validator : b.validators) validator->Validate(req, diags);
  };
  WalkPlan(schema, config, cty::Value::Null(config.type()), config, on_attr, on_block);
}

void RejectWriteOnly(const Block& schema, const cty::Value& config, Diagnostics* diags) {
  WalkPlan(schema, config, cty::Value::Null(config.type()), config,
           [&](const AttributeVisit& v) -> cty::Value {
             if (v.attribute->write_only && !IsKnownNull(v.config)) {
               diags->AddAttributeError(
                   v.path, "Write-only attribute not supported",
                   absl::StrCat("The attribute ", v.path.ToString(),
                                " is write-only, and this Terraform/OpenTofu version does not "
                                "support write-only attributes. Upgrade to Terraform 1.11 or "
                                "OpenTofu 1.11 or later, or remove the attribute."));
             }
             return v.plan;
           });
}

cty::Value ApplyDefaults(const Block& schema, const cty::Value& config, const cty::Value& plan) {
  return WalkPlan(schema, config, cty::Value::Null(plan.type()), plan,
                  [](const AttributeVisit& v) -> cty::Value {
                    const Attribute& a = *v.attribute;
                    if (!a.default_value.has_value() || !IsKnownNull(v.config)) return v.plan;
                    if (!v.parent_config.is_known() || v.parent_config.is_null()) return v.plan;
                    auto converted = cty::Convert(*a.default_value, a.ImpliedType());
                    return converted.ok() ? *converted : v.plan;
                  });
}

cty::Value MarkComputedNullsUnknown(const Block& schema, const cty::Value& config,
                                    const cty::Value& plan) {
  return WalkPlan(schema, config, cty::Value::Null(plan.type()), plan,
                  [](const AttributeVisit& v) -> cty::Value {
                    const Attribute& a = *v.attribute;
                    if (!a.computed || a.default_value.has_value()) return v.plan;
                    if (!IsKnownNull(v.config) || !v.plan.is_known()) return v.plan;
                    return cty::Value::Unknown(a.ImpliedType());
                  });
}

ModifiersResult RunPlanModifiers(const Block& schema, const cty::Value& config,
                                 const cty::Value& state, const cty::Value& plan,
                                 const PrivateState& prior_private, Diagnostics* diags,
                                 const Context* ctx) {
  ModifiersResult result;
  result.plan = WalkPlan(schema, config, state, plan, [&](const AttributeVisit& v) -> cty::Value {
    const Attribute& a = *v.attribute;
    cty::Value current = v.plan;
    for (const PlanModifierPtr& m : a.plan_modifiers) {
      PlanModifierRequest req{v.path, v.config, v.state, current, config, state, plan,
                              &prior_private, ctx};
      PlanModifierResponse resp;
      resp.plan_value = current;
      m->Modify(req, &resp);
      diags->Append(resp.diagnostics);
      if (resp.requires_replace) result.requires_replace.push_back(v.path);
      current = resp.plan_value;
    }
    return current;
  });
  result.requires_replace = SortPaths(std::move(result.requires_replace));
  return result;
}

void CheckPlanFollowsConfig(const Block& schema, const cty::Value& config, const cty::Value& prior,
                            const cty::Value& plan, Diagnostics* diags) {
  WalkPlan(schema, config, prior, plan,
           [&](const AttributeVisit& v) -> cty::Value {
             const Attribute& a = *v.attribute;
             if (a.computed || a.write_only) return v.plan;
             if (!v.parent_config.is_known() || v.parent_config.is_null()) return v.plan;
             // Core also accepts the prior value kept in place of an equivalent
             // configured one (semantic equality, e.g. two spellings of a region).
             bool kept_prior = !v.config.is_null() && !v.state.is_null() &&
                               v.plan.RawEquals(v.state);
             bool ok = kept_prior ||
                       (v.config.is_known() ? v.plan.RawEquals(v.config) : !v.plan.is_known());
             if (!ok) {
               diags->AddAttributeError(
                   v.path, "Provider planned a value that differs from the configuration",
                   absl::StrCat("The attribute ", v.path.ToString(),
                                " is not computed, so its planned value must equal the "
                                "configuration (or an equivalent prior value): planned ",
                                v.plan.DebugString(), ", configured ", v.config.DebugString(),
                                ". This is a bug in the provider."));
             }
             return v.plan;
           });
}

cty::Value NormaliseState(const Block& schema, const cty::Value& state) {
  return NormaliseObject(schema.attributes, &schema.blocks, state);
}

std::vector<cty::Path> UnknownPaths(const cty::Value& value, size_t limit) {
  std::vector<cty::Path> out;
  value.Walk([&](const cty::Path& path, const cty::Value& v) {
    if (out.size() >= limit) return false;
    if (!v.is_known()) {
      out.push_back(path);
      return false;
    }
    return true;
  });
  return out;
}

std::vector<cty::Path> SortPaths(std::vector<cty::Path> paths) {
  std::sort(paths.begin(), paths.end(), [](const cty::Path& a, const cty::Path& b) {
    return a.ToString() < b.ToString();
  });
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

}  // namespace azbatch::framework::internal
