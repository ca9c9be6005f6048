// The ARM client every resource uses: one method per verb, typed errors,
// automatic resource provider registration.
#ifndef AZBATCH_PROVIDER_AZURE_ARM_CLIENT_H_
#define AZBATCH_PROVIDER_AZURE_ARM_CLIENT_H_

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "nlohmann/json.hpp"
#include "provider/azure/arm_error.h"
#include "provider/azure/http.h"
#include "provider/azure/pipeline.h"
#include "provider/azure/resource_id.h"

namespace azbatch::azure {

struct ArmResponse {
  int status = 0;
  Headers headers;
  nlohmann::json body;  // null for an empty body
  int attempts = 1;
  std::string request_id() const;
  std::optional<std::string> Header(const std::string& name) const;
};

struct ArmClientOptions {
  std::string endpoint = "https://management.azure.com";
  std::string subscription_id;
  // Namespaces that may be registered automatically on MissingSubscriptionRegistration.
  std::set<std::string, CaseInsensitiveLess> auto_register;
  absl::Duration registration_poll_interval = absl::Seconds(10);
  // Namespaces whose registration is checked once, right before the first
  // write (PUT or PATCH) to a path under them: registered → go on; else
  // registered when in `auto_register`, or the write fails with how to fix it.
  // Reads and POST actions never check (a refresh costs one GET per resource);
  // a MissingSubscriptionRegistration answer is still handled as above.
  std::set<std::string, CaseInsensitiveLess> check_before_write;
};

class ArmClient {
 public:
  ArmClient(std::shared_ptr<Pipeline> pipeline, ArmClientOptions options);

  // `path` is a resource id or any ARM path ("/subscriptions/.../providers/...").
  // HTTP >= 400 becomes an absl::Status carrying an ArmError.
  absl::StatusOr<ArmResponse> Get(const std::string& path, const std::string& api_version,
                                  const Context& ctx);
  absl::StatusOr<ArmResponse> Put(const std::string& path, const std::string& api_version,
                                  const nlohmann::json& body, const Context& ctx);
  absl::StatusOr<ArmResponse> Patch(const std::string& path, const std::string& api_version,
                                    const nlohmann::json& body, const Context& ctx);
  absl::StatusOr<ArmResponse> Delete(const std::string& path, const std::string& api_version,
                                     const Context& ctx);
  absl::StatusOr<ArmResponse> Post(const std::string& path, const std::string& api_version,
                                   const nlohmann::json& body, const Context& ctx);

  // General form; `body` null means no body. `extra` adds headers (If-Match...).
  absl::StatusOr<ArmResponse> Send(const std::string& method, const std::string& path,
                                   const std::string& api_version,
                                   const std::optional<nlohmann::json>& body,
                                   const Context& ctx, const Headers& extra = {});
  // GET of an absolute URL returned by ARM (Location / Azure-AsyncOperation).
  // Only URLs on the ARM endpoint's host are followed (the token must not leak).
  // Returns the raw response; HTTP errors are not turned into a status here.
  absl::StatusOr<ArmResponse> GetUrl(const std::string& url, const Context& ctx);

  // Checks (once per client) that `ns` is registered in `subscription`,
  // registering it when allowed; see ArmClientOptions::check_before_write.
  absl::Status EnsureRegistered(const std::string& subscription, const std::string& ns,
                                const Context& ctx);
  // Registers `ns` in `subscription` and waits until it is Registered.
  absl::Status RegisterProvider(const std::string& subscription, const std::string& ns,
                                const Context& ctx);

  const std::string& endpoint() const { return options_.endpoint; }
  const ArmClientOptions& options() const { return options_; }
  // Endpoint + EncodeArmPath(path) + api-version.
  std::string UrlFor(const std::string& path, const std::string& api_version) const;

 private:
  absl::StatusOr<ArmResponse> SendOnce(const std::string& method, const std::string& path,
                                       const std::string& api_version,
                                       const std::optional<nlohmann::json>& body,
                                       const Context& ctx, const Headers& extra);

  std::shared_ptr<Pipeline> pipeline_;
  ArmClientOptions options_;
  absl::Mutex mu_;
  std::set<std::string, CaseInsensitiveLess> registered_ ABSL_GUARDED_BY(mu_);
};

// The resource provider namespace of an ARM path ("Microsoft.Batch" for
// ".../providers/Microsoft.Batch/batchAccounts/a"), or "".
std::string NamespaceOf(absl::string_view path);

// The one encoder of ARM request paths. Every '/'-separated segment of `path`
// is percent-encoded with UrlEncode (RFC 3986 unreserved characters stay;
// space, '?', '#', '%', UTF-8 bytes... become %XX); the '/' separators stay.
std::string EncodePathSegments(absl::string_view path);
// `path_and_query` is an ARM path optionally followed by "?key=value&...".
// The path goes through EncodePathSegments; each query key and value is
// encoded too ('$' of OData keys such as "$expand" kept), the '?', '&' and
// '=' separators stay. The first '?' starts the query: ARM names cannot hold
// a '?' (ResourceId refuses one). URLs ARM returns (Location,
// Azure-AsyncOperation, nextLink) are already encoded: use GetUrl for them.
std::string EncodeArmPath(absl::string_view path_and_query);

// Namespace named by a MissingSubscriptionRegistration error, or "".
std::string MissingRegistrationNamespace(const ArmError& error);
// Converts a raw response to ArmResponse (parsing JSON) or an ArmError status.
absl::StatusOr<ArmResponse> ToArmResponse(const std::string& method, const std::string& resource,
                                          const HttpResponse& response, bool errors_as_status);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_ARM_CLIENT_H_
