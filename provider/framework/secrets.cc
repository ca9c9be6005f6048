#include "provider/framework/secrets.h"

#include <initializer_list>

#include "common/log.h"

namespace azbatch::framework {
namespace {

bool IsKind(const cty::Value& v, std::initializer_list<cty::Kind> kinds) {
  if (!v.is_known() || v.is_null()) return false;
  for (cty::Kind k : kinds) {
    if (v.type().kind() == k) return true;
  }
  return false;
}

bool IsObject(const cty::Value& v) { return IsKind(v, {cty::Kind::kObject}); }

bool IsCollection(const cty::Value& v) {
  return IsKind(v, {cty::Kind::kList, cty::Kind::kSet, cty::Kind::kMap, cty::Kind::kTuple});
}

// The elements of a known list, set, map or tuple (each once).
std::vector<cty::Value> ElementsOf(const cty::Value& v) {
  if (!IsCollection(v)) return {};
  if (v.type().kind() == cty::Kind::kMap) {
    std::vector<cty::Value> out;
    for (const auto& [k, e] : v.MapElements()) out.push_back(e);
    return out;
  }
  return v.Elements();
}

void AddLeaves(const cty::Value& v, std::vector<std::string>* out) {
  v.Walk([out](const cty::Path&, const cty::Value& leaf) {
    if (!leaf.is_known() || leaf.is_null()) return false;
    if (leaf.type().kind() == cty::Kind::kString) out->push_back(leaf.AsString());
    if (leaf.type().kind() == cty::Kind::kNumber) out->push_back(leaf.AsNumber().ToString());
    return true;
  });
}

void FromBlock(const Block& block, const cty::Value& v, std::vector<std::string>* out);

void FromAttributes(const std::vector<Attribute>& attrs, const cty::Value& v,
                    std::vector<std::string>* out) {
  if (!IsObject(v)) return;
  for (const Attribute& a : attrs) {
    if (!v.HasAttr(a.name)) continue;
    const cty::Value& av = v.GetAttr(a.name);
    if (a.sensitive || a.write_only) {
      AddLeaves(av, out);
    } else if (a.nested) {
      if (a.nested->nesting == NestingMode::kSingle) {
        FromAttributes(a.nested->attributes, av, out);
      } else {
        for (const cty::Value& e : ElementsOf(av)) FromAttributes(a.nested->attributes, e, out);
      }
    }
  }
}

void FromBlock(const Block& block, const cty::Value& v, std::vector<std::string>* out) {
  if (!IsObject(v)) return;
  FromAttributes(block.attributes, v, out);
  for (const NestedBlock& b : block.blocks) {
    if (!v.HasAttr(b.type_name)) continue;
    const cty::Value& bv = v.GetAttr(b.type_name);
    if (b.nesting == NestingMode::kSingle || b.nesting == NestingMode::kGroup) {
      FromBlock(b.block, bv, out);
    } else {
      for (const cty::Value& e : ElementsOf(bv)) FromBlock(b.block, e, out);
    }
  }
}

}  // namespace

std::vector<std::string> SensitiveStrings(const Block& block, const cty::Value& value) {
  std::vector<std::string> out;
  FromBlock(block, value, &out);
  return out;
}

void RegisterSensitiveValues(const Block& block, const cty::Value& value) {
  for (const std::string& s : SensitiveStrings(block, value)) log::AddSecret(s);
}

}  // namespace azbatch::framework
