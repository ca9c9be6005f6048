// The field table's builders, the schema it gives and the dotted JSON paths
// (see field_table.h); the conversions live in field_table.cc.
#include <utility>

#include "absl/strings/str_split.h"
#include "provider/framework/plan_modifiers.h"
#include "provider/framework/timeouts.h"
#include "resources/common/field_table.h"

namespace azbatch::resources::common {

namespace fw = azbatch::framework;
using nlohmann::json;

namespace {

fw::Attribute MakeComputed(fw::Attribute a) {
  a.required = a.optional = a.write_only = false;
  a.computed = true;
  a.default_value.reset();
  a.validators.clear();
  a.plan_modifiers.clear();
  if (a.nested) {
    for (fw::Attribute& c : a.nested->attributes) c = MakeComputed(std::move(c));
  }
  return a;
}

}  // namespace

Field NestedAttr(fw::Attribute attribute, std::string json_path, fw::NestingMode nesting,
                 std::vector<Field> children) {
  std::vector<fw::Attribute> inner;
  for (const Field& c : children) inner.push_back(*c.attribute);
  fw::Attribute nested = fw::Attribute::Nested(attribute.name, nesting, std::move(inner));
  nested.required = attribute.required;
  nested.optional = attribute.optional;
  nested.computed = attribute.computed;
  nested.description = attribute.description;
  nested.plan_modifiers = attribute.plan_modifiers;
  nested.validators = attribute.validators;
  Field f = Attr(std::move(nested), std::move(json_path));
  f.nesting = nesting;
  f.children = std::move(children);
  return f;
}

Field Fixed(Field field) {
  field.patchable = false;
  return field;
}

Field InGroup(Field field, std::string patch_path, std::optional<json> patch_clear) {
  field.patch_path = std::move(patch_path);
  field.patch_clear = std::move(patch_clear);
  return field;
}

Field Attr(fw::Attribute attribute, std::string json_path, Conv conv) {
  Field f;
  f.name = attribute.name;
  f.json = std::move(json_path);
  f.attribute = std::move(attribute);
  f.conv = conv;
  return f;
}

Field Local(fw::Attribute attribute) { return Attr(std::move(attribute), ""); }

Field ComputedField(std::string name, cty::Type type, std::string json_path,
                    std::string description) {
  return Attr(fw::Attribute::Computed(std::move(name), std::move(type))
                  .WithDescription(std::move(description))
                  .WithPlanModifiers({fw::plan_modifiers::UseStateForUnknown()}),
              std::move(json_path));
}

Field Hidden(fw::Attribute attribute, std::string json_path) {
  Field f = Attr(std::move(attribute), std::move(json_path));
  f.not_returned = true;
  return f;
}

Field SingleBlock(std::string name, std::string json_path, std::string description,
                  std::vector<Field> children) {
  Field f;
  f.name = std::move(name);
  f.json = std::move(json_path);
  f.nesting = fw::NestingMode::kSingle;
  f.description = std::move(description);
  f.children = std::move(children);
  return f;
}

Field ListBlock(std::string name, std::string json_path, std::string description,
                std::vector<Field> children, int64_t max_items) {
  Field f = SingleBlock(std::move(name), std::move(json_path), std::move(description),
                        std::move(children));
  f.nesting = fw::NestingMode::kList;
  f.max_items = max_items;
  return f;
}

fw::Block BuildBlock(const std::vector<Field>& fields) {
  fw::Block b;
  for (const Field& f : fields) {
    if (!f.is_block()) {
      b.attributes.push_back(*f.attribute);
      continue;
    }
    fw::Block inner = BuildBlock(f.children);
    inner.description = f.description;
    b.blocks.push_back(f.nesting == fw::NestingMode::kSingle
                           ? fw::NestedBlock::Single(f.name, std::move(inner))
                           : fw::NestedBlock::List(f.name, std::move(inner), 0, f.max_items));
  }
  return b;
}

fw::Schema TableSchema(std::string description, const std::vector<Field>& fields) {
  fw::Schema s;
  s.block = BuildBlock(fields);
  s.block.description = std::move(description);
  s.block.blocks.push_back(fw::TimeoutsBlock());
  return s;
}

std::vector<fw::Attribute> ComputedAttributes(const std::vector<Field>& fields) {
  std::vector<fw::Attribute> out;
  for (const Field& f : fields) {
    if (!f.is_block()) {
      out.push_back(MakeComputed(*f.attribute));
      continue;
    }
    fw::Attribute nested = fw::Attribute::Nested(f.name, f.nesting, ComputedAttributes(f.children));
    nested.AsComputed().WithDescription(f.description);
    out.push_back(std::move(nested));
  }
  return out;
}

const json* JsonAt(const json& j, const std::string& dotted) {
  const json* cur = &j;
  for (absl::string_view part : absl::StrSplit(dotted, '.')) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(std::string(part));
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

void SetJsonAt(json& j, const std::string& dotted, json value) {
  json* cur = &j;
  std::vector<std::string> parts = absl::StrSplit(dotted, '.');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    json& next = (*cur)[parts[i]];
    if (!next.is_object()) next = json::object();
    cur = &next;
  }
  (*cur)[parts.back()] = std::move(value);
}

}  // namespace azbatch::resources::common
