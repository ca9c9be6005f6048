#include "provider/framework/schema.h"

#include <map>
#include <set>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"

namespace azbatch::framework {
namespace {

cty::Type WrapNesting(NestingMode nesting, cty::Type object) {
  switch (nesting) {
    case NestingMode::kList:
      return cty::Type::List(std::move(object));
    case NestingMode::kSet:
      return cty::Type::Set(std::move(object));
    case NestingMode::kMap:
      return cty::Type::Map(std::move(object));
    case NestingMode::kSingle:
    case NestingMode::kGroup:
    case NestingMode::kInvalid:
      break;
  }
  return object;
}

cty::Type ObjectOfAttributes(const std::vector<Attribute>& attributes) {
  std::map<std::string, cty::Type> types;
  for (const Attribute& a : attributes) types[a.name] = a.ImpliedType();
  return cty::Type::Object(std::move(types));
}

bool ValidName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

absl::Status Invalid(const std::string& where, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
}

absl::Status ValidateBlock(const Block& block, const std::string& prefix, bool in_set);

absl::Status ValidateAttributes(const std::vector<Attribute>& attributes,
                                const std::string& prefix, bool in_set,
                                std::set<std::string>* names) {
  for (const Attribute& a : attributes) {
    std::string where = prefix.empty() ? a.name : absl::StrCat(prefix, ".", a.name);
    if (!ValidName(a.name)) return Invalid(where, "name must match ^[a-z0-9_]+$");
    if (!names->insert(a.name).second) return Invalid(where, "duplicate name");
    if (!a.required && !a.optional && !a.computed) {
      return Invalid(where, "one of required, optional or computed must be set");
    }
    if (a.required && (a.optional || a.computed)) {
      return Invalid(where, "required cannot be combined with optional or computed");
    }
    if (a.write_only) {
      if (!a.required && !a.optional) return Invalid(where, "write_only needs required or optional");
      if (a.computed) return Invalid(where, "write_only cannot be computed");
      if (in_set) return Invalid(where, "write_only is not allowed inside a set");
    }
    if (a.default_value.has_value()) {
      if (!a.computed) return Invalid(where, "a default needs computed");
      if (a.required) return Invalid(where, "a required attribute cannot have a default");
      auto converted = cty::Convert(*a.default_value, a.ImpliedType());
      if (!converted.ok()) {
        return Invalid(where, absl::StrCat("default does not fit the attribute type: ",
                                           converted.status().message()));
      }
    }
    if (a.nested.has_value()) {
      if (a.nested->nesting == NestingMode::kGroup || a.nested->nesting == NestingMode::kInvalid) {
        return Invalid(where, "nested attributes need SINGLE, LIST, SET or MAP nesting");
      }
      std::set<std::string> inner;
      absl::Status s = ValidateAttributes(a.nested->attributes, where,
                                          in_set || a.nested->nesting == NestingMode::kSet, &inner);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateBlock(const Block& block, const std::string& prefix, bool in_set) {
  std::set<std::string> names;
  absl::Status s = ValidateAttributes(block.attributes, prefix, in_set, &names);
  if (!s.ok()) return s;
  for (const NestedBlock& b : block.blocks) {
    std::string where = prefix.empty() ? b.type_name : absl::StrCat(prefix, ".", b.type_name);
    if (!ValidName(b.type_name)) return Invalid(where, "name must match ^[a-z0-9_]+$");
    if (!names.insert(b.type_name).second) return Invalid(where, "duplicate name");
    if (b.min_items < 0 || b.max_items < 0) return Invalid(where, "negative min/max items");
    if (b.max_items != 0 && b.min_items > b.max_items) {
      return Invalid(where, "min_items greater than max_items");
    }
    switch (b.nesting) {
      case NestingMode::kSingle:
        if (b.min_items > 1 || b.max_items > 1 || b.min_items != b.max_items) {
          return Invalid(where, "SINGLE blocks need min_items == max_items, each 0 or 1");
        }
        break;
      case NestingMode::kGroup:
      case NestingMode::kMap:
        if (b.min_items != 0 || b.max_items != 0) {
          return Invalid(where, "GROUP and MAP blocks cannot set min_items/max_items");
        }
        break;
      case NestingMode::kList:
      case NestingMode::kSet:
        break;
      case NestingMode::kInvalid:
        return Invalid(where, "nesting mode not set");
    }
    s = ValidateBlock(b.block, where, in_set || b.nesting == NestingMode::kSet);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

Attribute Attribute::Required(std::string name, cty::Type type) {
  Attribute a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.required = true;
  return a;
}

Attribute Attribute::Optional(std::string name, cty::Type type) {
  Attribute a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.optional = true;
  return a;
}

Attribute Attribute::Computed(std::string name, cty::Type type) {
  Attribute a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.computed = true;
  return a;
}

Attribute Attribute::OptionalComputed(std::string name, cty::Type type) {
  Attribute a = Optional(std::move(name), std::move(type));
  a.computed = true;
  return a;
}

Attribute Attribute::Nested(std::string name, NestingMode nesting,
                            std::vector<Attribute> attributes) {
  Attribute a;
  a.name = std::move(name);
  a.nested = NestedAttributes{nesting, std::move(attributes)};
  a.type = a.ImpliedType();
  return a;
}

Attribute& Attribute::AsRequired() {
  required = true;
  optional = computed = false;
  return *this;
}

Attribute& Attribute::AsOptional() {
  optional = true;
  required = false;
  return *this;
}

Attribute& Attribute::AsComputed() {
  computed = true;
  required = false;
  return *this;
}

Attribute& Attribute::WithDescription(std::string d) {
  description = std::move(d);
  return *this;
}

Attribute& Attribute::Sensitive() {
  sensitive = true;
  return *this;
}

Attribute& Attribute::WriteOnly() {
  write_only = true;
  return *this;
}

Attribute& Attribute::Deprecated(std::string message) {
  deprecated = true;
  deprecation_message = std::move(message);
  return *this;
}

Attribute& Attribute::WithValidators(std::vector<ValidatorPtr> v) {
  for (auto& p : v) validators.push_back(std::move(p));
  return *this;
}

Attribute& Attribute::WithPlanModifiers(std::vector<PlanModifierPtr> m) {
  for (auto& p : m) plan_modifiers.push_back(std::move(p));
  return *this;
}

Attribute& Attribute::WithDefault(cty::Value v) {
  default_value = std::move(v);
  computed = true;
  return *this;
}

cty::Type Attribute::ImpliedType() const {
  if (!nested.has_value()) return type;
  return WrapNesting(nested->nesting, ObjectOfAttributes(nested->attributes));
}

cty::Type Block::ImpliedType() const {
  std::map<std::string, cty::Type> types;
  for (const Attribute& a : attributes) types[a.name] = a.ImpliedType();
  for (const NestedBlock& b : blocks) types[b.type_name] = b.ImpliedType();
  return cty::Type::Object(std::move(types));
}

const Attribute* Block::FindAttribute(const std::string& name) const {
  for (const Attribute& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const NestedBlock* Block::FindBlock(const std::string& type_name) const {
  for (const NestedBlock& b : blocks) {
    if (b.type_name == type_name) return &b;
  }
  return nullptr;
}

cty::Value Block::EmptyValue() const {
  std::map<std::string, cty::Value> attrs;
  for (const Attribute& a : attributes) attrs[a.name] = cty::Value::Null(a.ImpliedType());
  for (const NestedBlock& b : blocks) {
    cty::Type object = b.block.ImpliedType();
    switch (b.nesting) {
      case NestingMode::kList:
        attrs[b.type_name] = cty::Value::List(object, {});
        break;
      case NestingMode::kSet:
        attrs[b.type_name] = cty::Value::Set(object, {});
        break;
      case NestingMode::kMap:
        attrs[b.type_name] = cty::Value::Map(object, {});
        break;
      case NestingMode::kGroup:
        attrs[b.type_name] = b.block.EmptyValue();
        break;
      case NestingMode::kSingle:
      case NestingMode::kInvalid:
        attrs[b.type_name] = cty::Value::Null(object);
        break;
    }
  }
  return cty::Value::ObjectOf(ImpliedType(), std::move(attrs));
}

NestedBlock NestedBlock::List(std::string type_name, Block block, int64_t min_items,
                              int64_t max_items) {
  NestedBlock b;
  b.type_name = std::move(type_name);
  b.nesting = NestingMode::kList;
  b.block = std::move(block);
  b.min_items = min_items;
  b.max_items = max_items;
  return b;
}

NestedBlock NestedBlock::Set(std::string type_name, Block block, int64_t min_items,
                             int64_t max_items) {
  NestedBlock b = List(std::move(type_name), std::move(block), min_items, max_items);
  b.nesting = NestingMode::kSet;
  return b;
}

NestedBlock NestedBlock::Single(std::string type_name, Block block) {
  NestedBlock b = List(std::move(type_name), std::move(block));
  b.nesting = NestingMode::kSingle;
  return b;
}

NestedBlock NestedBlock::Map(std::string type_name, Block block) {
  NestedBlock b = List(std::move(type_name), std::move(block));
  b.nesting = NestingMode::kMap;
  return b;
}

NestedBlock NestedBlock::Group(std::string type_name, Block block) {
  NestedBlock b = List(std::move(type_name), std::move(block));
  b.nesting = NestingMode::kGroup;
  return b;
}

cty::Type NestedBlock::ImpliedType() const { return WrapNesting(nesting, block.ImpliedType()); }

absl::Status ValidateSchema(const Schema& schema) {
  if (schema.version < 0) return absl::InvalidArgumentError("schema version must be >= 0");
  return ValidateBlock(schema.block, "", false);
}

const Attribute* AttributeAtPath(const Block& block, const cty::Path& path) {
  const Block* current_block = &block;
  const std::vector<Attribute>* current_attrs = nullptr;  // inside nested attributes
  const Attribute* found = nullptr;
  bool expect_element = false;  // after a collection-typed block or nested attribute
  for (const cty::PathStep& step : path.steps()) {
    if (expect_element) {
      if (std::holds_alternative<cty::AttributeStep>(step)) return nullptr;
      expect_element = false;
      continue;
    }
    const auto* attr_step = std::get_if<cty::AttributeStep>(&step);
    if (attr_step == nullptr) return nullptr;  // an index into a plain attribute value
    found = nullptr;
    if (current_attrs != nullptr) {
      for (const Attribute& a : *current_attrs) {
        if (a.name == attr_step->name) found = &a;
      }
      if (found == nullptr) return nullptr;
    } else if (current_block != nullptr) {
      found = current_block->FindAttribute(attr_step->name);
      if (found == nullptr) {
        const NestedBlock* nb = current_block->FindBlock(attr_step->name);
        if (nb == nullptr) return nullptr;
        current_block = &nb->block;
        expect_element = nb->nesting == NestingMode::kList || nb->nesting == NestingMode::kSet ||
                         nb->nesting == NestingMode::kMap;
        continue;
      }
    } else {
      return nullptr;  // stepping into a plain attribute's object value
    }
    if (found->nested.has_value()) {
      current_attrs = &found->nested->attributes;
      current_block = nullptr;
      expect_element = found->nested->nesting != NestingMode::kSingle;
    } else {
      current_attrs = nullptr;
      current_block = nullptr;
    }
  }
  return found;
}

}  // namespace azbatch::framework
