// Internal: a small JSON parser and tree that keeps number lexemes exactly as
// written (cty numbers are arbitrary precision; nothing goes through double).
#ifndef AZBATCH_PROVIDER_CTY_JSON_DOM_H_
#define AZBATCH_PROVIDER_CTY_JSON_DOM_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "provider/cty/type.h"

namespace azbatch::cty::internal {

struct JsonNode {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;               // string contents or number lexeme
  std::vector<std::string> keys;  // object member names, parallel to items
  std::vector<JsonNode> items;    // array elements or object member values
};

// Parses one JSON document. Nesting deeper than `max_depth` is an error.
absl::StatusOr<JsonNode> ParseJsonDom(std::string_view text, int max_depth = 256);

// Interprets a parsed type JSON document (implemented in type.cc).
absl::StatusOr<Type> TypeFromJsonNode(const JsonNode& node);

}  // namespace azbatch::cty::internal

#endif  // AZBATCH_PROVIDER_CTY_JSON_DOM_H_
