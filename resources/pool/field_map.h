// A field table maps Terraform attributes and blocks onto ARM JSON paths. One
// table gives the schema, the request body (Expand) and the state from a
// response (Flatten), so a pool property is declared once.
#ifndef AZBATCH_RESOURCES_POOL_FIELD_MAP_H_
#define AZBATCH_RESOURCES_POOL_FIELD_MAP_H_

#include <optional>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "provider/cty/value.h"
#include "provider/framework/schema.h"

namespace azbatch::resources::pool {

// How a value crosses between cty and JSON.
enum class Conv {
  kPlain,     // string/number/bool, lists and sets of them
  kNameValue, // map(string) <-> [{"name": k, "value": v}]
  kIdKeys,    // set(string) <-> {"<id>": {}} (user-assigned identities)
  kJson,      // string holding JSON <-> a JSON value (kept if semantically equal)
  kFold,      // string compared case-insensitively (the prior spelling is kept)
  kDuration,  // ISO 8601 duration (the prior spelling is kept when equal)
  kTags,      // common tags rules
  kErrors,    // computed list(string) "code: message" from [{code, message}]
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

  bool is_block() const { return !attribute.has_value(); }
};

// Builders.
Field Attr(framework::Attribute attribute, std::string json, Conv conv = Conv::kPlain);
Field Hidden(framework::Attribute attribute, std::string json);  // not_returned
Field SingleBlock(std::string name, std::string json, std::string description,
                  std::vector<Field> children);
Field ListBlock(std::string name, std::string json, std::string description,
                std::vector<Field> children, int64_t max_items = 0);

// Schema block for a table.
framework::Block BuildBlock(const std::vector<Field>& fields);
// The same shapes with everything computed and blocks turned into computed
// nested attributes (for data sources); value types are unchanged.
std::vector<framework::Attribute> ComputedAttributes(const std::vector<Field>& fields);

// Request body for the non-null, known fields of `object`.
nlohmann::json Expand(const std::vector<Field>& fields, const cty::Value& object);
// One field's JSON value (absent: nullopt).
std::optional<nlohmann::json> ExpandField(const Field& field, const cty::Value& value);

// State object of `type` from `remote`, keeping `prior` spellings and values
// Azure does not return. `prior` may be null.
cty::Value Flatten(const std::vector<Field>& fields, const cty::Type& type,
                   const nlohmann::json& remote, const cty::Value& prior);

// Dotted-path helpers.
const nlohmann::json* JsonAt(const nlohmann::json& j, const std::string& dotted);
void SetJsonAt(nlohmann::json& j, const std::string& dotted, nlohmann::json value);

// ISO 8601 duration ("PT15M", "P1DT2H", "PT1H30M5S") in seconds; nullopt if malformed.
std::optional<int64_t> ParseIsoDuration(const std::string& text);
// Seconds → shortest "PT..H..M..S" spelling.
std::string FormatIsoDuration(int64_t seconds);

}  // namespace azbatch::resources::pool

#endif  // AZBATCH_RESOURCES_POOL_FIELD_MAP_H_
