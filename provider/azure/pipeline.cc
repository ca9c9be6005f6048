#include "provider/azure/pipeline.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "provider/azure/arm_error.h"
#include "provider/azure/redact.h"

namespace azbatch::azure {
namespace {
constexpr char kLogModule[] = "provider.azure.http";

std::string ContentType(const Headers& headers) {
  auto it = headers.find("Content-Type");
  return it == headers.end() ? "" : it->second;
}
}  // namespace

absl::StatusOr<HttpResponse> NextPolicy::Send(HttpRequest& request, const Context& ctx) const {
  if (index_ >= policies_->size()) return transport_->Send(request, ctx);
  NextPolicy next(policies_, index_ + 1, transport_);
  return (*policies_)[index_]->Send(request, next, ctx);
}

Pipeline::Pipeline(std::vector<std::shared_ptr<HttpPolicy>> policies,
                   std::shared_ptr<Transport> transport)
    : policies_(std::move(policies)), transport_(std::move(transport)) {}

absl::StatusOr<HttpResponse> Pipeline::Send(HttpRequest request, const Context& ctx) const {
  NextPolicy first(&policies_, 0, transport_.get());
  return first.Send(request, ctx);
}

absl::StatusOr<HttpResponse> RequestIdPolicy::Send(HttpRequest& request, const NextPolicy& next,
                                                   const Context& ctx) {
  if (request.headers.find("x-ms-client-request-id") == request.headers.end()) {
    request.headers["x-ms-client-request-id"] = NewUuid();
  }
  if (!correlation_id_.empty()) request.headers["x-ms-correlation-request-id"] = correlation_id_;
  return next.Send(request, ctx);
}

void UserAgent::SetCli(const std::string& name, const std::string& version) {
  absl::MutexLock lock(&mu_);
  cli_ = name.empty() ? "" : absl::StrCat(name, "/", version.empty() ? "unknown" : version);
}

std::string UserAgent::Value() const {
  absl::MutexLock lock(&mu_);
  std::string ua = absl::StrCat(kProviderName, "/", provider_version_);
  if (!cli_.empty()) absl::StrAppend(&ua, " ", cli_);
  return ua;
}

absl::StatusOr<HttpResponse> UserAgentPolicy::Send(HttpRequest& request, const NextPolicy& next,
                                                   const Context& ctx) {
  request.headers["User-Agent"] = ua_->Value();
  return next.Send(request, ctx);
}

bool IsRetryableStatus(int status) {
  return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
}

bool IsRetryableConflictCode(absl::string_view code) {
  // Deliberately short. ARM's troubleshooting guide for common deployment
  // errors (DOCS azure-resource-manager/troubleshooting/common-deployment-errors.md)
  // lists AnotherOperationInProgress with the fix "wait for the concurrent
  // operation to complete". Other 409 codes (Conflict, CannotDeleteResource,
  // PropertyChangeNotAllowed, MissingSubscriptionRegistration, ...) describe a
  // state only the user or another request can change, so they are not retried.
  return absl::EqualsIgnoreCase(code, "AnotherOperationInProgress");
}

bool IsRetryableResponse(const HttpResponse& response) {
  if (IsRetryableStatus(response.status)) return true;
  if (response.status != 409) return false;
  ArmError error = ArmErrorFromResponse("", "", response);
  if (IsRetryableConflictCode(error.code)) return true;
  for (const ArmErrorDetail& detail : error.details) {
    if (IsRetryableConflictCode(detail.code)) return true;
  }
  return false;
}

absl::Duration BackoffDelay(const RetryOptions& o, int retry, double random01) {
  double factor = o.jitter_min + (o.jitter_max - o.jitter_min) * random01;
  double base = absl::ToDoubleSeconds(o.initial_delay) * std::pow(2.0, std::min(retry - 1, 30));
  base = std::min(base, absl::ToDoubleSeconds(o.max_delay));
  return absl::Seconds(base * factor);
}

std::optional<absl::Duration> RetryAfterFromHeaders(const Headers& headers, absl::Time now) {
  for (const char* name : {"retry-after-ms", "x-ms-retry-after-ms"}) {
    auto it = headers.find(name);
    int64_t ms = 0;
    if (it != headers.end() && absl::SimpleAtoi(absl::StripAsciiWhitespace(it->second), &ms) &&
        ms >= 0) {
      return absl::Milliseconds(ms);
    }
  }
  auto it = headers.find("Retry-After");
  if (it == headers.end()) return std::nullopt;
  std::string v(absl::StripAsciiWhitespace(it->second));
  int64_t secs = 0;
  if (absl::SimpleAtoi(v, &secs)) {
    if (secs < 0) return std::nullopt;
    return absl::Seconds(secs);
  }
  absl::Time t;
  std::string err;
  if (absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", v, absl::UTCTimeZone(), &t, &err)) {
    return std::max(t - now, absl::ZeroDuration());
  }
  return std::nullopt;
}

RetryPolicy::RetryPolicy(RetryOptions options) : options_(std::move(options)) {
  auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
  default_random_ = [rng]() { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); };
}

double RetryPolicy::Random() {
  absl::MutexLock lock(&mu_);
  return options_.random ? options_.random() : default_random_();
}

absl::StatusOr<HttpResponse> RetryPolicy::Send(HttpRequest& request, const NextPolicy& next,
                                               const Context& ctx) {
  bool has_deadline = ctx.deadline() != absl::InfiniteFuture();
  for (int attempt = 1;; ++attempt) {
    if (absl::Status s = ctx.Check(); !s.ok()) return s;
    HttpRequest copy = request;  // later policies add per-attempt headers
    absl::StatusOr<HttpResponse> result = next.Send(copy, ctx);
    bool retryable = result.ok() ? IsRetryableResponse(*result)
                                 : absl::IsUnavailable(result.status());
    if (result.ok()) result->attempts = attempt;
    if (!retryable) return result;
    if (!has_deadline && attempt >= options_.max_attempts_without_deadline) {
      log::Warn(kLogModule, "giving up after retries",
                {{"method", request.method}, {"url", RedactUrl(request.url)},
                 {"attempts", absl::StrCat(attempt)}});
      return result;
    }
    absl::Duration delay = BackoffDelay(options_, attempt, Random());
    std::optional<absl::Duration> retry_after;
    if (result.ok()) retry_after = RetryAfterFromHeaders(result->headers, ctx.Now());
    if (retry_after) delay = std::min(*retry_after, options_.max_retry_after);
    std::string why = result.ok() ? absl::StrCat(result->status) : result.status().ToString();
    if (delay > ctx.Remaining()) {
      log::Warn(kLogModule, "not retrying: deadline would pass first",
                {{"method", request.method}, {"url", RedactUrl(request.url)},
                 {"attempts", absl::StrCat(attempt)}, {"last", RedactText(why)}});
      return result;
    }
    log::Warn(kLogModule, "retrying request",
              {{"method", request.method}, {"url", RedactUrl(request.url)},
               {"attempt", absl::StrCat(attempt)}, {"last", RedactText(why)},
               {"delay_ms", absl::StrCat(absl::ToInt64Milliseconds(delay))},
               {"retry_after", retry_after ? "true" : "false"}});
    if (absl::Status s = ctx.Sleep(delay); !s.ok()) return s;
  }
}

absl::StatusOr<HttpResponse> BearerTokenPolicy::Send(HttpRequest& request, const NextPolicy& next,
                                                     const Context& ctx) {
  absl::StatusOr<AccessToken> token = credential_->GetToken(scope_, ctx);
  if (!token.ok()) {
    return absl::Status(token.status().code(),
                        absl::StrCat("acquiring a token (", credential_->Name(),
                                     "): ", token.status().message()));
  }
  HttpRequest first = request;
  first.headers["Authorization"] = "Bearer " + token->token;
  absl::StatusOr<HttpResponse> result = next.Send(first, ctx);
  if (!result.ok() || result->status != 401) return result;
  credential_->Invalidate(scope_);
  token = credential_->GetToken(scope_, ctx);
  if (!token.ok()) return result;
  request.headers["Authorization"] = "Bearer " + token->token;
  return next.Send(request, ctx);
}

absl::StatusOr<HttpResponse> LogPolicy::Send(HttpRequest& request, const NextPolicy& next,
                                             const Context& ctx) {
  constexpr size_t kMaxBody = 8192;
  bool trace = log::Enabled(log::Level::kTrace);
  if (log::Enabled(log::Level::kDebug)) {
    log::Debug(kLogModule, "request",
               {{"method", request.method}, {"url", RedactUrl(request.url)},
                {"headers", FormatHeadersForLog(request.headers)},
                {"body", trace ? RedactBody(request.body, ContentType(request.headers), kMaxBody)
                               : ""}});
  }
  absl::Time start = absl::Now();
  absl::StatusOr<HttpResponse> result = next.Send(request, ctx);
  std::string ms = absl::StrCat(absl::ToInt64Milliseconds(absl::Now() - start));
  if (!result.ok()) {
    log::Debug(kLogModule, "transport error",
               {{"method", request.method}, {"url", RedactUrl(request.url)},
                {"error", RedactText(std::string(result.status().message()))},
                {"duration_ms", ms}});
  } else if (log::Enabled(log::Level::kDebug)) {
    log::Debug(kLogModule, "response",
               {{"method", request.method}, {"url", RedactUrl(request.url)},
                {"status", absl::StrCat(result->status)},
                {"headers", FormatHeadersForLog(result->headers)},
                {"body", trace ? RedactBody(result->body, ContentType(result->headers), kMaxBody)
                               : ""},
                {"duration_ms", ms}});
  }
  return result;
}

std::shared_ptr<Pipeline> BuildPipeline(PipelineOptions o) {
  std::vector<std::shared_ptr<HttpPolicy>> policies;
  policies.push_back(std::make_shared<RequestIdPolicy>(o.correlation_id));
  auto ua = o.user_agent ? o.user_agent : std::make_shared<UserAgent>(kProviderVersion);
  policies.push_back(std::make_shared<UserAgentPolicy>(ua));
  policies.push_back(std::make_shared<RetryPolicy>(std::move(o.retry)));
  if (o.credential) policies.push_back(std::make_shared<BearerTokenPolicy>(o.credential, o.scope));
  policies.push_back(std::make_shared<LogPolicy>());
  return std::make_shared<Pipeline>(std::move(policies), std::move(o.transport));
}

}  // namespace azbatch::azure
