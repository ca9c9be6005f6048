// The field table: how every ARM resource is written. One line per field maps
// a Terraform attribute or block onto an ARM JSON path and gives the schema
// (BuildBlock), the PUT body (Expand), the PATCH body (PatchBody), the state
// from a response (Flatten) and what a change sends (patch_path, patchable).
#ifndef AZBATCH_RESOURCES_COMMON_FIELD_TABLE_H_
#define AZBATCH_RESOURCES_COMMON_FIELD_TABLE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "provider/cty/value.h"
#include "provider/framework/schema.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {

// How a value crosses between cty and JSON.
enum class Conv {
  kPlain,     // string/number/bool, lists and sets of them
  kNameValue, // map(string) <-> [{"name": k, "value": v}]
  kIdKeys,    // set(string) <-> {"<id>": {}} (user-assigned identities)
  kJson,      // string holding JSON <-> a JSON value (kept if semantically equal)
  kFold,      // string compared case-insensitively (the prior spelling is kept); in a list
              // or set, each string element (non-strings dropped)
  kDuration,  // ISO 8601 duration (the prior spelling is kept when equal)
  kTags,      // common tags rules
  kErrors,    // computed list(string) "code: message" from [{code, message}]
  kLocation,  // Azure region: sent as "westeurope", the prior spelling kept ("West Europe")
  kRegion,    // kLocation, but Azure's spelling read back normalised ("westeurope")
  kDate,      // RFC 3339 instant (the prior spelling is kept when equal)
  kArmId,     // ARM id: case-insensitive (prior spelling kept), a missing leading '/' added
};

struct Field {
  std::string name;  // attribute or block type name
  std::string json;  // dotted path inside the parent's JSON object; "" = not an Azure property
  std::optional<framework::Attribute> attribute;  // set for attributes, empty for blocks
  framework::NestingMode nesting = framework::NestingMode::kInvalid;  // blocks: kSingle / kList
  int64_t max_items = 0;
  std::string description;
  std::vector<Field> children;
  Conv conv = Conv::kPlain;
  // Azure never returns it (secrets, write-only settings): the state keeps the
  // prior value, or the attribute's default when there is none (import).
  bool not_returned = false;
  // PATCH: false when Azure cannot update the field (replacement or never
  // sent). A change of a patchable field sends the whole value at
  // `patch_path` (a group Azure replaces as one), or at `json` when empty; a
  // group no longer configured sends `patch_clear` (JSON null by default,
  // {} for tags).
  bool patchable = true;
  std::string patch_path;
  std::optional<nlohmann::json> patch_clear;
  // The group is a JSON merge patch (ARM): members set before and removed now
  // are sent as null. False where Azure replaces the group whole (Batch).
  bool merge_patch = true;
  // Flatten: null when Azure's value equals the named attribute's value (in
  // the same object or an enclosing one: a target region's replica count and
  // the version's; a name equal to the field's own names the enclosing one)
  // and the prior had none (Azure filled it from there).
  std::string null_when_equal_to;
  // Flatten: null when Azure reports this value and the prior had none (the
  // value Azure uses for an unset field, e.g. caching "None").
  std::optional<cty::Value> unset_as;
  // Flatten: null when Azure's value (a block's after its children were read)
  // satisfies this and the prior had none: how Azure reports an unset block,
  // e.g. identity {type: None}.
  std::function<bool(const cty::Value&)> unset_if;
  // Flatten: an empty list or set from Azure is a value ([] allows nothing),
  // not the absence of one; and an absent one reads back null even where the
  // prior was empty.
  bool empty_is_value = false;
  // Flatten: null whenever the prior had none (Azure fills a value of its own);
  // with `except_import`, an import (a prior with nothing but the id) takes
  // Azure's value.
  bool only_if_configured = false;
  bool except_import = false;
  // Lists: a remote element's prior is the prior element whose child
  // `match_by` names the same thing (regions alike, ids ignoring case), not
  // the one at the same index (Azure may reorder or drop elements).
  std::string match_by;

  bool is_block() const { return !attribute.has_value(); }
  // A block, or a nested attribute (list or single object) built from children.
  bool is_object() const { return is_block() || !children.empty(); }
};

// Builders.
Field Attr(framework::Attribute attribute, std::string json, Conv conv = Conv::kPlain);
// Not an Azure property (json ""): kept from the plan and the prior state.
Field Local(framework::Attribute attribute);
// A computed attribute read from `json` that keeps its state value in plans.
Field ComputedField(std::string name, cty::Type type, std::string json, std::string description);
// not_returned: sent, never read back (secrets: mark the attribute Sensitive()).
Field Hidden(framework::Attribute attribute, std::string json);
Field SingleBlock(std::string name, std::string json, std::string description,
                  std::vector<Field> children);
Field ListBlock(std::string name, std::string json, std::string description,
                std::vector<Field> children, int64_t max_items = 0);

// A nested attribute (`nesting` kList or kSingle) whose attributes are the
// children's; `attribute` gives name, flags, description and plan modifiers.
Field NestedAttr(framework::Attribute attribute, std::string json, framework::NestingMode nesting,
                 std::vector<Field> children);

// Builders of the field properties above.
Field Fixed(Field field);                           // patchable = false
Field InGroup(Field field, std::string patch_path,  // patch_path (and patch_clear)
              std::optional<nlohmann::json> patch_clear = std::nullopt);

// An unset_if that holds when every attribute is null or an empty collection.
std::function<bool(const cty::Value&)> AllUnset();

// Attributes only Azure sets.
bool ComputedOnly(const Field& field);

// Schema block for a table.
framework::Block BuildBlock(const std::vector<Field>& fields);
// A resource's schema: the table's block, `description` and a timeouts block.
framework::Schema TableSchema(std::string description, const std::vector<Field>& fields);
// The same shapes with everything computed and blocks turned into computed
// nested attributes (for data sources); value types are unchanged.
std::vector<framework::Attribute> ComputedAttributes(const std::vector<Field>& fields);

// Request body for the non-null, known fields of `object`.
nlohmann::json Expand(const std::vector<Field>& fields, const cty::Value& object);
// One field's JSON value (absent: nullopt).
std::optional<nlohmann::json> ExpandField(const Field& field, const cty::Value& value);

// PATCH body between `prior` and `plan`: the value (or group) of every
// changed patchable field. Empty object when nothing Azure-side changed.
nlohmann::json PatchBody(const std::vector<Field>& fields, const cty::Value& prior,
                         const cty::Value& plan);

// State object of `type` from `remote`, keeping `prior` spellings and values
// Azure does not return. `prior` may be null.
cty::Value Flatten(const std::vector<Field>& fields, const cty::Type& type,
                   const nlohmann::json& remote, const cty::Value& prior);

// Dotted-path helpers.
const nlohmann::json* JsonAt(const nlohmann::json& j, const std::string& dotted);
void SetJsonAt(nlohmann::json& j, const std::string& dotted, nlohmann::json value);

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_FIELD_TABLE_H_
