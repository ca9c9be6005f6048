// HTTP value types and the Transport interface every ARM call goes through.
#ifndef AZBATCH_PROVIDER_AZURE_HTTP_H_
#define AZBATCH_PROVIDER_AZURE_HTTP_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "provider/azure/context.h"

namespace azbatch::azure {

// Orders header names case-insensitively (HTTP header names are case-insensitive).
struct CaseInsensitiveLess {
  bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

struct HttpRequest {
  std::string method;  // "GET", "PUT", ...
  std::string url;     // absolute
  Headers headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  Headers headers;
  std::string body;
  // Number of transport attempts the retry policy made (1 when no retry).
  int attempts = 1;

  // Header value or nullopt.
  std::optional<std::string> Header(const std::string& name) const;
};

// Sends one request. Connection-level failures are absl::UnavailableError;
// cancellation is absl::CancelledError; deadline is absl::DeadlineExceededError.
// HTTP error statuses are not errors at this level.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual absl::StatusOr<HttpResponse> Send(const HttpRequest& request,
                                            const Context& ctx) = 0;
};

// A parsed absolute URL. `path_and_query` starts with '/'.
struct Url {
  std::string scheme;  // lower case
  std::string host;    // lower case, without IPv6 brackets
  int port = 0;        // explicit or scheme default
  std::string path_and_query;
  std::string Authority() const;  // scheme://host[:port]
};
absl::StatusOr<Url> ParseUrl(const std::string& url);

// True for 127.0.0.0/8, ::1 and localhost.
bool IsLoopbackHost(const std::string& host);

// Only https is allowed, except plain http to a loopback host or to the
// link-local instance metadata service (169.254.169.254), which is http-only
// by design.
absl::Status CheckUrlAllowed(const Url& url);

// Standard reason phrase ("Conflict") for a status code, or "".
const char* ReasonPhrase(int status);

// Percent-encodes `s` per RFC 3986: the unreserved characters (ASCII letters,
// digits, '-', '.', '_', '~') and any character in `keep` stay; every other
// byte (space, '/', '?', '#', '%', each byte of a UTF-8 sequence) becomes %XX.
// The one encoder for URL parts: query values, form fields, ARM path segments.
std::string UrlEncode(absl::string_view s, absl::string_view keep = "");

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_HTTP_H_
