// Validates JSON bodies against definitions in the official Azure OpenAPI
// (swagger 2.0) files, loaded at runtime from --specs-dir. Supports $ref
// across files, allOf, type, enum (case-insensitive; skipped for
// x-ms-enum modelAsString), pattern, min/max, lengths, required,
// additionalProperties and items. In request mode readOnly properties are
// ignored; in response mode they are validated too.
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

struct SpecIssue {
  std::string path;     // e.g. "properties.osType"
  std::string message;  // e.g. "value 'Mac' is not one of [Windows, Linux]"
};

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
  void Check(const nlohmann::json& schema, const std::string& file, const nlohmann::json& value,
             const std::string& path, const Ctx& ctx, int depth) const;
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
