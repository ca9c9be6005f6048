// Validates JSON bodies against definitions in the official Azure OpenAPI
// (swagger 2.0) files, loaded at runtime from --specs-dir, the way the
// resource providers' deserializers treat requests:
//  - members are matched case-insensitively against the properties declared
//    across the whole allOf/$ref chain; an undeclared member is refused unless
//    the definition is a map (additionalProperties) or declares no properties;
//  - `null` is "not set" for strings, objects and arrays, refused for
//    booleans, numbers and closed enums (value types) unless x-nullable is
//    true, and refused wherever x-nullable is false; partial (PATCH) bodies
//    accept null except where x-nullable is false;
//  - enums compare case-insensitively and are open for x-ms-enum
//    modelAsString; formats date-time, duration (ISO 8601), uuid, arm-id,
//    int32 and int64 are checked;
//  - readOnly properties in requests are ignored, whatever their value, as
//    Compute, Batch and ARM do (response mode validates them).
#ifndef AZBATCH_EMULATOR_SPEC_VALIDATOR_H_
#define AZBATCH_EMULATOR_SPEC_VALIDATOR_H_

#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace azbatch::emulator {

enum class IssueKind {
  kUnknownMember,  // member not declared by the definition
  kType,           // wrong JSON type or out of the format's integer range
  kNull,           // null where the property is not nullable
  kEnum,           // value outside a closed enum
  kFormat,         // date-time, duration or uuid that does not parse
  kConstraint,     // pattern, length, range, item count, arm-id
  kRequired,       // required property missing
};

struct SpecIssue {
  std::string path;     // e.g. "properties.osType", "properties.dataDisks[0].lun"
  std::string message;  // e.g. "value 'Mac' is not one of [Windows, Linux]"
  IssueKind kind = IssueKind::kConstraint;
  std::string type_name;  // definition the member belongs to (kUnknownMember)
};

// True for issues a deserializer reports before any business validation
// (undeclared members, wrong types, nulls, enums, formats).
bool IsParseIssue(const SpecIssue& issue);

// The error body a resource provider returns for `issues` (non-empty).
// `rp_code` picks the provider's conventions: "InvalidParameter" (Compute:
// InvalidRequestFormat "Cannot parse the request." for parse issues,
// InvalidParameter per property otherwise), "InvalidRequestBody" (Batch:
// InvalidRequestBody / InvalidPropertyValue / MissingRequiredProperty with
// Reason/PropertyPath/PropertyName details, target "BatchAccount"), anything
// else ARM's own InvalidRequestContent "The request content was invalid and
// could not be deserialized: ...". Every shape names the JSON path.
struct SpecError {
  std::string code;
  std::string message;
  std::string target;
  nlohmann::json details = nlohmann::json::array();
};
SpecError ShapeSpecError(const std::vector<SpecIssue>& issues, const std::string& rp_code);

class SpecValidator {
 public:
  // Loads every *.json under `dir` (recursively).
  absl::Status Load(const std::string& dir);
  bool loaded() const { return !files_.empty(); }
  size_t file_count() const { return files_.size(); }

  // `schema_ref` is "<file name>#/definitions/<Name>", e.g.
  // "GalleryRP.json#/definitions/Gallery". Unknown refs yield no issues.
  // `partial` (PATCH bodies) skips "required" checks.
  std::vector<SpecIssue> Validate(const std::string& schema_ref, const nlohmann::json& value,
                                  bool request_mode, bool partial = false) const;
  bool HasDefinition(const std::string& schema_ref) const;

 private:
  struct Ctx {
    bool request = true;
    bool partial = false;
    std::vector<SpecIssue>* issues;
  };
  // Properties, required names and map schema of an object definition,
  // gathered across $ref and allOf.
  struct Members {
    std::map<std::string, std::pair<const nlohmann::json*, std::string>> props;
    std::vector<std::string> required;
    const nlohmann::json* additional = nullptr;
    std::string additional_file;
    bool free_form = false;  // additionalProperties: true
  };
  void Collect(const nlohmann::json& schema, const std::string& file, Members* m,
               int depth) const;
  // `members` is false for allOf parts: member checks happen once, on the
  // merged definition.
  void Check(const nlohmann::json& schema, const std::string& file, const nlohmann::json& value,
             const std::string& path, const std::string& type_name, const Ctx& ctx, int depth,
             bool members = true) const;
  void CheckMembers(const nlohmann::json& schema, const std::string& file,
                    const nlohmann::json& value, const std::string& path,
                    const std::string& type_name, const Ctx& ctx, int depth) const;
  // Resolves a $ref relative to `file`; returns nullptr when unresolved.
  const nlohmann::json* Resolve(const std::string& ref, const std::string& file,
                                std::string* out_file) const;
  const std::regex* Pattern(const std::string& pattern) const;

  std::map<std::string, nlohmann::json> files_;     // relative path -> document
  std::map<std::string, std::string> basenames_;    // file name -> relative path
  mutable std::map<std::string, std::unique_ptr<std::regex>> regex_cache_;
  mutable std::map<std::string, bool> bad_patterns_;
};

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_SPEC_VALIDATOR_H_
