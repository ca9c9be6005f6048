// Redaction of secrets before anything reaches a log line or an error text.
#ifndef AZBATCH_PROVIDER_AZURE_REDACT_H_
#define AZBATCH_PROVIDER_AZURE_REDACT_H_

#include <string>

#include "provider/azure/http.h"

namespace azbatch::azure {

inline constexpr char kRedacted[] = "REDACTED";

// Query values of sensitive parameters (SAS sig, secrets, tokens) replaced.
std::string RedactUrl(const std::string& url);
// Header value as it may be logged: allow-listed headers pass (URLs in them
// through RedactUrl); every other header value is replaced.
std::string RedactHeaderValue(const std::string& name, const std::string& value);
std::string FormatHeadersForLog(const Headers& headers);
// Free text / JSON / form bodies: values of secret-bearing JSON keys and form
// fields, "Bearer ..." credentials, sig= values and JWT-shaped strings.
std::string RedactText(const std::string& text);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_REDACT_H_
