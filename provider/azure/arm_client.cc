#include "provider/azure/arm_client.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "provider/azure/api_versions.h"
#include "provider/azure/json_fields.h"
#include "provider/azure/redact.h"

namespace azbatch::azure {
namespace {
constexpr char kLogModule[] = "provider.azure.arm";

std::string PathWithoutQuery(const std::string& path) { return path.substr(0, path.find('?')); }

std::string SubscriptionOf(const std::string& path) {
  std::vector<std::string> parts = absl::StrSplit(path, '/');
  if (parts.size() > 2 && absl::EqualsIgnoreCase(parts[1], "subscriptions")) return parts[2];
  return "";
}

}  // namespace

std::string NamespaceOf(absl::string_view path) {
  std::vector<absl::string_view> parts = absl::StrSplit(path.substr(0, path.find('?')), '/');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (absl::EqualsIgnoreCase(parts[i], "providers") && !parts[i + 1].empty()) {
      return std::string(parts[i + 1]);
    }
  }
  return "";
}

std::string ArmResponse::request_id() const { return Header("x-ms-request-id").value_or(""); }

std::optional<std::string> ArmResponse::Header(const std::string& name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

absl::StatusOr<ArmResponse> ToArmResponse(const std::string& method, const std::string& resource,
                                          const HttpResponse& r, bool errors_as_status) {
  if (errors_as_status && r.status >= 400) {
    return ArmErrorFromResponse(method, resource, r).ToStatus();
  }
  ArmResponse out;
  out.status = r.status;
  out.headers = r.headers;
  out.attempts = r.attempts;
  std::optional<nlohmann::json> body = ParseJsonBody(r.body);
  if (!body && !errors_as_status && r.status >= 400) body = nlohmann::json();
  if (!body) {
    return absl::DataLossError(absl::StrCat("ARM ", method, " ", resource, ": ", r.status,
                                            " with a body that is not JSON (request id ",
                                            r.Header("x-ms-request-id").value_or(""), ")"));
  }
  out.body = std::move(*body);
  return out;
}

std::string MissingRegistrationNamespace(const ArmError& e) {
  if (e.code != "MissingSubscriptionRegistration") return "";
  for (const auto& d : e.details) {
    if (d.code == "MissingSubscriptionRegistration" && !d.target.empty()) return d.target;
  }
  if (!e.target.empty()) return e.target;
  size_t p = e.message.find("namespace '");
  if (p != std::string::npos) {
    size_t start = p + 11;
    size_t end = e.message.find('\'', start);
    if (end != std::string::npos) return e.message.substr(start, end - start);
  }
  return "";
}

ArmClient::ArmClient(std::shared_ptr<Pipeline> pipeline, ArmClientOptions options)
    : pipeline_(std::move(pipeline)), options_(std::move(options)) {
  options_.endpoint = std::string(absl::StripSuffix(options_.endpoint, "/"));
}

std::string EncodePathSegments(absl::string_view path) {
  std::vector<std::string> segments;
  for (absl::string_view segment : absl::StrSplit(path, '/')) {
    segments.push_back(UrlEncode(segment));
  }
  return absl::StrJoin(segments, "/");
}

std::string EncodeArmPath(absl::string_view path_and_query) {
  size_t q = path_and_query.find('?');
  std::string out = EncodePathSegments(path_and_query.substr(0, q));
  if (q == absl::string_view::npos) return out;
  std::vector<std::string> params;
  for (absl::string_view param : absl::StrSplit(path_and_query.substr(q + 1), '&')) {
    if (param.empty()) continue;
    size_t eq = param.find('=');
    std::string encoded = UrlEncode(param.substr(0, eq), "$");
    if (eq != absl::string_view::npos) {
      absl::StrAppend(&encoded, "=", UrlEncode(param.substr(eq + 1)));
    }
    params.push_back(std::move(encoded));
  }
  if (params.empty()) return out;
  return absl::StrCat(out, "?", absl::StrJoin(params, "&"));
}

std::string ArmClient::UrlFor(const std::string& path, const std::string& api_version) const {
  std::string encoded = EncodeArmPath(path);
  std::string url =
      absl::StrCat(options_.endpoint, absl::StartsWith(encoded, "/") ? "" : "/", encoded);
  if (!api_version.empty()) {
    absl::StrAppend(&url, absl::StrContains(encoded, '?') ? "&" : "?",
                    "api-version=", UrlEncode(api_version));
  }
  return url;
}

absl::StatusOr<ArmResponse> ArmClient::Get(const std::string& path, const std::string& v,
                                           const Context& ctx) {
  return Send("GET", path, v, std::nullopt, ctx);
}
absl::StatusOr<ArmResponse> ArmClient::Put(const std::string& path, const std::string& v,
                                           const nlohmann::json& body, const Context& ctx) {
  return Send("PUT", path, v, body, ctx);
}
absl::StatusOr<ArmResponse> ArmClient::Patch(const std::string& path, const std::string& v,
                                             const nlohmann::json& body, const Context& ctx) {
  return Send("PATCH", path, v, body, ctx);
}
absl::StatusOr<ArmResponse> ArmClient::Delete(const std::string& path, const std::string& v,
                                              const Context& ctx) {
  return Send("DELETE", path, v, std::nullopt, ctx);
}
absl::StatusOr<ArmResponse> ArmClient::Post(const std::string& path, const std::string& v,
                                            const nlohmann::json& body, const Context& ctx) {
  return Send("POST", path, v, body, ctx);
}

absl::StatusOr<ArmResponse> ArmClient::SendOnce(const std::string& method, const std::string& path,
                                                const std::string& api_version,
                                                const std::optional<nlohmann::json>& body,
                                                const Context& ctx, const Headers& extra) {
  HttpRequest req;
  req.method = method;
  req.url = UrlFor(path, api_version);
  req.headers = extra;
  req.headers["Accept"] = "application/json";
  if (body) {
    req.headers["Content-Type"] = "application/json";
    req.body = body->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  ASSIGN_OR_RETURN(HttpResponse resp, pipeline_->Send(std::move(req), ctx));
  return ToArmResponse(method, PathWithoutQuery(path), resp, /*errors_as_status=*/true);
}

absl::StatusOr<ArmResponse> ArmClient::Send(const std::string& method, const std::string& path,
                                            const std::string& api_version,
                                            const std::optional<nlohmann::json>& body,
                                            const Context& ctx, const Headers& extra) {
  // Only creating or changing a resource needs its namespace registered;
  // POST actions (listKeys...) and reads are left to ARM's own answer.
  if ((method == "PUT" || method == "PATCH") && !options_.check_before_write.empty()) {
    std::string ns = NamespaceOf(path);
    std::string sub = SubscriptionOf(path);
    if (!ns.empty() && !sub.empty() && options_.check_before_write.count(ns)) {
      RETURN_IF_ERROR(EnsureRegistered(sub, ns, ctx));
    }
  }
  absl::StatusOr<ArmResponse> r = SendOnce(method, path, api_version, body, ctx, extra);
  if (r.ok()) return r;
  std::optional<ArmError> err = ArmErrorFromStatus(r.status());
  if (!err) return r;
  std::string ns = MissingRegistrationNamespace(*err);
  if (ns.empty()) return r;
  std::string sub = SubscriptionOf(path);
  if (sub.empty()) sub = options_.subscription_id;
  if (options_.auto_register.count(ns) == 0) {
    err->message = absl::StrCat(err->message, " -- the subscription is not registered for ", ns,
                                "; register it with `az provider register --namespace ", ns,
                                " --subscription ", sub,
                                "` or set resource_provider_registrations = \"core\" in the "
                                "provider configuration");
    return err->ToStatus();
  }
  log::Info(kLogModule, "registering resource provider",
            {{"namespace", ns}, {"subscription", sub}});
  RETURN_IF_ERROR(RegisterProvider(sub, ns, ctx));
  return SendOnce(method, path, api_version, body, ctx, extra);
}

absl::Status ArmClient::EnsureRegistered(const std::string& subscription, const std::string& ns,
                                         const Context& ctx) {
  std::string key = absl::StrCat(subscription, "/", ns);
  {
    absl::MutexLock lock(&mu_);
    if (registered_.count(key)) return absl::OkStatus();
  }
  std::string path = absl::StrCat("/subscriptions/", subscription, "/providers/", ns);
  absl::StatusOr<ArmResponse> r =
      SendOnce("GET", path, api_versions::kProviders, std::nullopt, ctx, {});
  if (!r.ok()) {
    return absl::Status(r.status().code(),
                        absl::StrCat("checking that resource provider ", ns,
                                     " is registered in subscription ", subscription,
                                     " failed: ", r.status().message()));
  }
  std::string state = JStr(r->body, "registrationState").value_or("");
  if (!absl::EqualsIgnoreCase(state, "Registered")) {
    if (options_.auto_register.count(ns) == 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          "resource provider ", ns, " is ", state.empty() ? "not registered" : state,
          " in subscription ", subscription, "; run `az provider register --namespace ", ns,
          "` or set resource_provider_registrations = \"core\""));
    }
    return RegisterProvider(subscription, ns, ctx);
  }
  absl::MutexLock lock(&mu_);
  registered_.insert(key);
  return absl::OkStatus();
}

absl::Status ArmClient::RegisterProvider(const std::string& subscription, const std::string& ns,
                                         const Context& ctx) {
  std::string key = absl::StrCat(subscription, "/", ns);
  {
    absl::MutexLock lock(&mu_);
    if (registered_.count(key)) return absl::OkStatus();
  }
  std::string path = absl::StrCat("/subscriptions/", subscription, "/providers/", ns);
  absl::StatusOr<ArmResponse> r =
      SendOnce("POST", path + "/register", api_versions::kProviders, std::nullopt, ctx, {});
  if (!r.ok()) {
    return absl::Status(r.status().code(),
                        absl::StrCat("registering resource provider ", ns, " failed: ",
                                     r.status().message()));
  }
  while (true) {
    std::string state = JStr(r->body, "registrationState").value_or("");
    log::Debug(kLogModule, "resource provider registration", {{"namespace", ns}, {"state", state}});
    if (absl::EqualsIgnoreCase(state, "Registered")) break;
    RETURN_IF_ERROR(ctx.Sleep(options_.registration_poll_interval));
    r = SendOnce("GET", path, api_versions::kProviders, std::nullopt, ctx, {});
    if (!r.ok()) return r.status();
  }
  absl::MutexLock lock(&mu_);
  registered_.insert(key);
  return absl::OkStatus();
}

absl::StatusOr<ArmResponse> ArmClient::GetUrl(const std::string& url, const Context& ctx) {
  ASSIGN_OR_RETURN(Url target, ParseUrl(url));
  ASSIGN_OR_RETURN(Url arm, ParseUrl(options_.endpoint));
  if (target.Authority() != arm.Authority()) {
    return absl::FailedPreconditionError(
        absl::StrCat("refusing to follow a polling URL on another host: ", RedactUrl(url)));
  }
  HttpRequest req{"GET", url, {{"Accept", "application/json"}}, ""};
  ASSIGN_OR_RETURN(HttpResponse resp, pipeline_->Send(std::move(req), ctx));
  return ToArmResponse("GET", target.path_and_query.substr(0, target.path_and_query.find('?')),
                       resp, /*errors_as_status=*/false);
}

}  // namespace azbatch::azure
