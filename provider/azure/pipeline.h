// HTTP policy pipeline, in azure-core's order:
//   request id -> user agent -> retry -> bearer token -> logging -> transport.
#ifndef AZBATCH_PROVIDER_AZURE_PIPELINE_H_
#define AZBATCH_PROVIDER_AZURE_PIPELINE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "azbatch/version.h"
#include "common/uuid.h"
#include "provider/azure/credential.h"
#include "provider/azure/http.h"

namespace azbatch::azure {

class HttpPolicy;

// The rest of the pipeline after the current policy.
class NextPolicy {
 public:
  NextPolicy(const std::vector<std::shared_ptr<HttpPolicy>>* policies, size_t index,
             Transport* transport)
      : policies_(policies), index_(index), transport_(transport) {}
  absl::StatusOr<HttpResponse> Send(HttpRequest& request, const Context& ctx) const;

 private:
  const std::vector<std::shared_ptr<HttpPolicy>>* policies_;
  size_t index_;
  Transport* transport_;
};

class HttpPolicy {
 public:
  virtual ~HttpPolicy() = default;
  virtual absl::StatusOr<HttpResponse> Send(HttpRequest& request, const NextPolicy& next,
                                            const Context& ctx) = 0;
};

class Pipeline {
 public:
  Pipeline(std::vector<std::shared_ptr<HttpPolicy>> policies, std::shared_ptr<Transport> transport);
  absl::StatusOr<HttpResponse> Send(HttpRequest request, const Context& ctx) const;

 private:
  std::vector<std::shared_ptr<HttpPolicy>> policies_;
  std::shared_ptr<Transport> transport_;
};

inline constexpr char kProviderName[] = "terraform-provider-azbatch";
inline constexpr char kProviderVersion[] = AZBATCH_VERSION;  // project(VERSION)

// Request, correlation and assertion ids come from azbatch::NewUuid (common/uuid.h).

// Sets x-ms-client-request-id (fresh per logical request) and, when not empty,
// x-ms-correlation-request-id (one per provider process, like azurerm).
class RequestIdPolicy : public HttpPolicy {
 public:
  explicit RequestIdPolicy(std::string correlation_id) : correlation_id_(std::move(correlation_id)) {}
  absl::StatusOr<HttpResponse> Send(HttpRequest& request, const NextPolicy& next,
                                    const Context& ctx) override;

 private:
  std::string correlation_id_;
};

// "terraform-provider-azbatch/<ver> <cli>/<cli ver>"; the CLI part is set once
// ConfigureProvider tells us the Terraform/OpenTofu version.
class UserAgent {
 public:
  explicit UserAgent(std::string provider_version) : provider_version_(std::move(provider_version)) {}
  void SetCli(const std::string& name, const std::string& version);
  std::string Value() const;

 private:
  std::string provider_version_;
  mutable absl::Mutex mu_;
  std::string cli_ ABSL_GUARDED_BY(mu_);
};

class UserAgentPolicy : public HttpPolicy {
 public:
  explicit UserAgentPolicy(std::shared_ptr<UserAgent> ua) : ua_(std::move(ua)) {}
  absl::StatusOr<HttpResponse> Send(HttpRequest& request, const NextPolicy& next,
                                    const Context& ctx) override;

 private:
  std::shared_ptr<UserAgent> ua_;
};

struct RetryOptions {
  absl::Duration initial_delay = absl::Seconds(1);
  absl::Duration max_delay = absl::Seconds(60);
  double jitter_min = 0.8;  // backoff is multiplied by a factor in [min, max)
  double jitter_max = 1.3;
  // Retry-After values above this are clamped.
  absl::Duration max_retry_after = absl::Minutes(10);
  // Only used when the Context has no deadline.
  int max_attempts_without_deadline = 16;
  // Uniform [0, 1); default is a seeded Mersenne twister.
  std::function<double()> random;
};

// 408, 429 and 5xx except 501/505: statuses worth retrying whatever the body.
bool IsRetryableStatus(int status);
// ARM error codes that come with a 409 yet mean "try again later".
bool IsRetryableConflictCode(absl::string_view code);
// IsRetryableStatus, or a 409 whose ARM error (code or a detail's code) is a
// retryable conflict. Every other 4xx fails at once: it cannot get better.
bool IsRetryableResponse(const HttpResponse& response);
// Exponential backoff for retry number `retry` (1-based) with the jitter factor.
absl::Duration BackoffDelay(const RetryOptions& options, int retry, double random01);
// retry-after-ms, x-ms-retry-after-ms, then Retry-After (seconds or HTTP-date).
std::optional<absl::Duration> RetryAfterFromHeaders(const Headers& headers, absl::Time now);

// Retries what IsRetryableResponse accepts and transport errors reported as
// Unavailable (connection refused or reset, timeouts) until the Context
// deadline would pass; logs every retry. Other transport errors (an invalid
// URL, a failed TLS certificate verification) are returned at once.
class RetryPolicy : public HttpPolicy {
 public:
  explicit RetryPolicy(RetryOptions options);
  absl::StatusOr<HttpResponse> Send(HttpRequest& request, const NextPolicy& next,
                                    const Context& ctx) override;

 private:
  double Random();
  RetryOptions options_;
  absl::Mutex mu_;
  std::function<double()> default_random_;
};

// Adds "Authorization: Bearer <token>" for `scope`; on a 401 it refreshes the
// token once and resends.
class BearerTokenPolicy : public HttpPolicy {
 public:
  BearerTokenPolicy(std::shared_ptr<CachingCredential> credential, std::string scope)
      : credential_(std::move(credential)), scope_(std::move(scope)) {}
  absl::StatusOr<HttpResponse> Send(HttpRequest& request, const NextPolicy& next,
                                    const Context& ctx) override;

 private:
  std::shared_ptr<CachingCredential> credential_;
  std::string scope_;
};

// Debug: method, redacted URL, redacted headers, status, duration.
// Trace: also redacted bodies (truncated).
class LogPolicy : public HttpPolicy {
 public:
  absl::StatusOr<HttpResponse> Send(HttpRequest& request, const NextPolicy& next,
                                    const Context& ctx) override;
};

struct PipelineOptions {
  std::shared_ptr<Transport> transport;
  std::shared_ptr<CachingCredential> credential;  // null: no Authorization header
  std::string scope;
  std::shared_ptr<UserAgent> user_agent;  // null: provider version only
  std::string correlation_id;
  RetryOptions retry;
};
std::shared_ptr<Pipeline> BuildPipeline(PipelineOptions options);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_PIPELINE_H_
