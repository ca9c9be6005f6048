// Redaction of secrets before anything reaches a log line or an error text.
#ifndef AZBATCH_PROVIDER_AZURE_REDACT_H_
#define AZBATCH_PROVIDER_AZURE_REDACT_H_

#include <cstddef>
#include <string>
#include "absl/strings/string_view.h"

#include "nlohmann/json.hpp"
#include "provider/azure/http.h"

namespace azbatch::azure {

inline constexpr char kRedacted[] = "REDACTED";

// Query values of sensitive parameters (SAS sig, secrets, tokens) replaced.
std::string RedactUrl(const std::string& url);
// Header value as it may be logged: allow-listed headers pass (URLs in them
// through RedactUrl); every other header value is replaced.
std::string RedactHeaderValue(const std::string& name, const std::string& value);
std::string FormatHeadersForLog(const Headers& headers);
// True for a JSON member or form field name whose value is a secret
// (case-insensitive): passwords, keys, tokens, client secrets, SAS signatures,
// Batch account keys, extension protectedSettings...
bool IsSecretKey(absl::string_view key);

// Structural redaction of a JSON document: the value of every secret-bearing
// member is replaced by "REDACTED" at any depth, whatever its type (an object
// such as protectedSettings goes whole); every other string has "Bearer ..."
// credentials and JWT-shaped tokens masked.
nlohmann::json RedactJson(const nlohmann::json& value);

// A request or response body as it may be logged, at most `max_bytes` long:
// JSON is parsed, redacted with RedactJson and serialised again; a form body
// (application/x-www-form-urlencoded) is redacted field by field; any other
// body is never logged verbatim: it becomes a note of its type and size.
// Redaction happens before truncation, so a cut never exposes a value.
std::string RedactBody(absl::string_view body, absl::string_view content_type,
                       size_t max_bytes = 8192);

// Free text (error messages, CLI output) that may embed JSON or form data:
// a text that is a whole JSON document goes through RedactJson; otherwise the
// values of secret-bearing JSON members and form fields, "Bearer ..."
// credentials, sig= values and JWT-shaped strings are masked by a scanner
// that honours JSON string escapes.
std::string RedactText(const std::string& text);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_REDACT_H_
