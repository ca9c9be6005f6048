// Schemas as plain data: the provider block, resources, data sources. A schema
// lists attributes and nested blocks with their validators, plan modifiers and
// defaults; the framework derives the cty type and enforces core's rules.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_SCHEMA_H_
#define AZBATCH_PROVIDER_FRAMEWORK_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "provider/cty/path.h"
#include "provider/cty/type.h"
#include "provider/cty/value.h"
#include "provider/framework/plan_modifiers.h"
#include "provider/framework/validators.h"

namespace azbatch::framework {

// Values match tfplugin6 Schema.NestedBlock.NestingMode / Schema.Object.NestingMode.
enum class NestingMode { kInvalid = 0, kSingle = 1, kList = 2, kSet = 3, kMap = 4, kGroup = 5 };
// Values match tfplugin6 StringKind.
enum class DescriptionKind { kPlain = 0, kMarkdown = 1 };

struct Attribute;

// Nested attributes (protocol 6 Schema.Object): an attribute whose value is an
// object, or a list/set/map of objects, declared attribute by attribute.
struct NestedAttributes {
  NestingMode nesting = NestingMode::kSingle;  // SINGLE, LIST, SET or MAP (no GROUP)
  std::vector<Attribute> attributes;
};

struct Attribute {
  std::string name;
  // Value type; ignored when `nested` is set (the type is then implied).
  cty::Type type;
  std::optional<NestedAttributes> nested;

  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool write_only = false;  // never stored in state; needs required or optional

  std::string description;  // markdown when description_kind == kMarkdown
  DescriptionKind description_kind = DescriptionKind::kMarkdown;
  bool deprecated = false;
  std::string deprecation_message;  // setting it via Deprecated() also sets `deprecated`

  std::vector<ValidatorPtr> validators;
  std::vector<PlanModifierPtr> plan_modifiers;
  // Static default used when the config value is null; requires computed
  // (WithDefault sets it).
  std::optional<cty::Value> default_value;

  // Fluent builders: Attribute::Required("name", cty::Type::String()).WithDescription("...")
  static Attribute Required(std::string name, cty::Type type);
  static Attribute Optional(std::string name, cty::Type type);
  static Attribute Computed(std::string name, cty::Type type);
  static Attribute OptionalComputed(std::string name, cty::Type type);
  // Nested attributes; set exactly one of required/optional/computed afterwards
  // via the flags, e.g. Attribute::Nested("rule", NestingMode::kList, {...}).AsOptional().
  static Attribute Nested(std::string name, NestingMode nesting, std::vector<Attribute> attributes);

  // Chainable setters (the result is copied into the enclosing schema, so
  // chaining on a temporary is safe inside one expression).
  Attribute& AsRequired();
  Attribute& AsOptional();
  Attribute& AsComputed();
  Attribute& WithDescription(std::string d);
  Attribute& Sensitive();
  Attribute& WriteOnly();
  Attribute& Deprecated(std::string message);
  Attribute& WithValidators(std::vector<ValidatorPtr> v);
  Attribute& WithPlanModifiers(std::vector<PlanModifierPtr> m);
  // Also sets computed = true (core requires it for a non-null plan of a null config).
  Attribute& WithDefault(cty::Value v);

  // The implied cty type (from `nested` when set).
  cty::Type ImpliedType() const;
};

struct NestedBlock;

struct Block {
  std::vector<Attribute> attributes;
  std::vector<NestedBlock> blocks;
  std::string description;
  DescriptionKind description_kind = DescriptionKind::kMarkdown;
  bool deprecated = false;
  std::string deprecation_message;

  // Object type: attributes plus, per nested block, SINGLE/GROUP -> object,
  // LIST -> list(object), SET -> set(object), MAP -> map(object).
  cty::Type ImpliedType() const;
  const Attribute* FindAttribute(const std::string& name) const;
  const NestedBlock* FindBlock(const std::string& type_name) const;
  // A non-null object of the implied type with every attribute null, SINGLE
  // blocks null, GROUP blocks as their own empty object and LIST/SET/MAP blocks
  // empty. Used to seed import state.
  cty::Value EmptyValue() const;
};

struct NestedBlock {
  std::string type_name;
  NestingMode nesting = NestingMode::kList;
  Block block;
  int64_t min_items = 0;  // 0 = no limit (LIST/SET only)
  int64_t max_items = 0;
  std::vector<ValidatorPtr> validators;  // on the whole block value (list/set/map/object)

  static NestedBlock List(std::string type_name, Block block, int64_t min_items = 0,
                          int64_t max_items = 0);
  static NestedBlock Set(std::string type_name, Block block, int64_t min_items = 0,
                         int64_t max_items = 0);
  static NestedBlock Single(std::string type_name, Block block);
  static NestedBlock Map(std::string type_name, Block block);
  static NestedBlock Group(std::string type_name, Block block);

  cty::Type ImpliedType() const;
};

struct Schema {
  int64_t version = 0;  // state schema version (UpgradeResourceState)
  Block block;

  cty::Type ImpliedType() const { return block.ImpliedType(); }
};

// Checks the rules core enforces on GetProviderSchema (names ^[a-z0-9_]+$,
// exactly one of required/optional/computed except optional+computed, defaults
// need computed and must convert to the attribute type, write-only needs
// required or optional and is not allowed in SET nesting, block min/max rules,
// no duplicate names). Returns InvalidArgument naming the offending path.
absl::Status ValidateSchema(const Schema& schema);

// Walks the schema along `path` (attribute names, list indexes and map keys);
// nullptr when the path does not lead to an attribute.
const Attribute* AttributeAtPath(const Block& block, const cty::Path& path);

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_SCHEMA_H_
