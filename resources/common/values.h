// cty helpers for resource models: optional getters, null-aware builders,
// region name normalisation, tags and the shared schema attributes.
#ifndef AZBATCH_RESOURCES_COMMON_VALUES_H_
#define AZBATCH_RESOURCES_COMMON_VALUES_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "provider/azure/json_fields.h"
#include "provider/azure/resource_id.h"
#include "provider/cty/value.h"
#include "provider/framework/schema.h"

namespace azbatch::resources::common {

// Known and non-null.
bool Present(const cty::Value& value);
// set(string), the type of id and name lists.
cty::Type StringSet();

// Known, non-null attribute values; nullopt for null, unknown or absent.
std::optional<std::string> GetString(const cty::Value& obj, std::string_view attr);
std::optional<int64_t> GetInt(const cty::Value& obj, std::string_view attr);
std::optional<bool> GetBool(const cty::Value& obj, std::string_view attr);
// Known list elements (empty for null/unknown).
std::vector<cty::Value> GetList(const cty::Value& obj, std::string_view attr);
// An object's attribute; a null value when the object is null or unknown.
cty::Value AttrOf(const cty::Value& obj, std::string_view attr);
// The known, non-null strings of a list or set (empty for null/unknown).
std::vector<std::string> Strings(const cty::Value& list);

cty::Value Str(const std::optional<std::string>& v);
cty::Value Int(const std::optional<int64_t>& v);
cty::Value Bool(const std::optional<bool>& v);
// Non-throwing JSON field reads (missing, null or mistyped → absent); see
// provider/azure/json_fields.h.
using azure::JArr;
using azure::JBool;
using azure::JField;
using azure::JInt;
using azure::JIntValue;
using azure::JNum;
using azure::JObj;
using azure::JStr;

// Every unknown inside `v` becomes null of its type (a partially created
// resource must be stored wholly known so core can taint it).
cty::Value NullUnknowns(const cty::Value& v);

// The id of a resource of `type` named by the plan's `name` in its
// `resource_group_name`.
absl::StatusOr<azure::ResourceId> GroupChildId(const std::string& subscription,
                                               const cty::Value& plan, azure::ResourceType type);

// "West Europe" → "westeurope".
std::string NormaliseLocation(std::string_view location);
bool SameLocation(std::string_view a, std::string_view b);
// Keeps the prior spelling when it equals `remote` ignoring case (ARM ids and
// names are case-insensitive; an import may use other casing).
std::string PreferPriorSpelling(const std::optional<std::string>& prior, const std::string& remote);
inline std::string PreferPriorSpelling(const std::optional<std::string>& prior,
                                       const char* remote) {
  return PreferPriorSpelling(prior, std::string(remote));
}
// The same for a value Azure may leave out (nullopt when it did).
std::optional<std::string> PreferPriorSpelling(const std::optional<std::string>& prior,
                                               const std::optional<std::string>& remote);
// Keeps the prior spelling when it names the same region as `remote`.
std::string PreferPriorLocation(const std::optional<std::string>& prior, const std::string& remote);

// Keeps the prior RFC 3339 spelling when it denotes the same instant as `remote`.
std::optional<std::string> PreferPriorDate(const std::optional<std::string>& prior,
                                           const std::optional<std::string>& remote);

// Tags: null config → {} on the wire; remote {} with a null prior stays null.
nlohmann::json TagsToJson(const cty::Value& tags);
cty::Value TagsFromJson(const nlohmann::json& resource, const cty::Value& prior_tags);

// Schema pieces shared by every ARM resource.
framework::Attribute IdAttribute();
framework::Attribute ResourceGroupNameAttribute();  // required, forces replacement
framework::Attribute LocationAttribute();           // required, replacement only on a real change
framework::Attribute TagsAttribute();
// Requires replacement when the (non-null) value changes; fields Azure cannot
// update.
framework::PlanModifierPtr ForceNew();

// Levenshtein distance (bytes), for "did you mean" suggestions.
size_t EditDistance(const std::string& a, const std::string& b);

// Validators.
framework::ValidatorPtr Rfc3339Date();
framework::ValidatorPtr GalleryVersionName();  // Major.Minor.Patch, each int32
// A gallery image version name as numbers (what GalleryVersionName accepts);
// versions compare as these arrays do.
std::optional<std::array<int64_t, 3>> ParseGalleryVersion(const std::string& name);
// Every element of a set or list of strings is one of `allowed`.
framework::ValidatorPtr EachOneOf(std::vector<std::string> allowed);

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_VALUES_H_
