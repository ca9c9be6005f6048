// JSON string literals: the one escaper of the logger, the plugin handshake
// and cty's JSON encoder.
#ifndef AZBATCH_COMMON_JSON_STRING_H_
#define AZBATCH_COMMON_JSON_STRING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace azbatch::json_string {

// Appends `s` as a quoted JSON string: '"' and '\' escaped, \n \r \t \b \f
// by their short escapes, other control characters as \u00XX (lower-case
// hex, as nlohmann writes them); every other byte as it is.
void Append(std::string* out, absl::string_view s);

// `s` as a quoted JSON string.
std::string Quote(absl::string_view s);

}  // namespace azbatch::json_string

#endif  // AZBATCH_COMMON_JSON_STRING_H_
