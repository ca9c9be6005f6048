#include "provider/azure/cloud.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "nlohmann/json.hpp"
#include "provider/azure/api_versions.h"
#include "provider/azure/arm_error.h"
#include "provider/azure/credential.h"
#include "provider/azure/json_fields.h"

namespace azbatch::azure {
namespace {

std::string NoSlash(const std::string& s) { return std::string(absl::StripSuffix(s, "/")); }
std::string WithSlash(const std::string& s) { return NoSlash(s) + "/"; }

std::string Str(const nlohmann::json& j, const char* key) { return JStr(j, key).value_or(""); }

absl::StatusOr<CloudEnvironment> FromMetadataObject(const nlohmann::json& j) {
  CloudEnvironment c;
  c.name = Str(j, "name");
  c.resource_manager = NoSlash(Str(j, "resourceManager"));
  if (c.name.empty() || c.resource_manager.empty()) {
    return absl::InvalidArgumentError(
        "cloud metadata is missing the required \"name\" or \"resourceManager\"");
  }
  c.batch_resource = Str(j, "batch").empty() ? "" : WithSlash(Str(j, "batch"));
  auto auth = j.find("authentication");
  if (auth == j.end() || !auth->is_object() || Str(*auth, "loginEndpoint").empty()) {
    return absl::InvalidArgumentError("cloud metadata has no authentication.loginEndpoint");
  }
  c.login_endpoint = NoSlash(Str(*auth, "loginEndpoint"));
  // Prefer the audience equal to the ARM endpoint, else the first one listed.
  std::string first;
  if (auto a = auth->find("audiences"); a != auth->end() && a->is_array()) {
    for (const auto& aud : *a) {
      if (!aud.is_string()) continue;
      std::string v = aud.get<std::string>();
      if (first.empty()) first = v;
      if (absl::EqualsIgnoreCase(NoSlash(v), c.resource_manager)) c.token_audience = WithSlash(v);
    }
  }
  if (c.token_audience.empty()) {
    c.token_audience = WithSlash(first.empty() ? c.resource_manager : first);
  }
  return c;
}

}  // namespace

std::string CloudEnvironment::ArmScope() const { return ScopeForResource(token_audience); }

absl::StatusOr<CloudEnvironment> CloudFromName(const std::string& raw) {
  std::string n = absl::AsciiStrToLower(raw);
  if (n.empty() || n == "public" || n == "global" || n == "azurecloud") {
    return CloudEnvironment{"public", "https://management.azure.com",
                            "https://login.microsoftonline.com", "https://management.azure.com/",
                            "https://batch.core.windows.net/"};
  }
  if (n == "usgovernment" || n == "usgovernmentl4" || n == "azureusgovernment" ||
      n == "azureusgovernmentcloud") {
    return CloudEnvironment{"usgovernment", "https://management.usgovcloudapi.net",
                            "https://login.microsoftonline.us",
                            "https://management.usgovcloudapi.net/",
                            "https://batch.core.usgovcloudapi.net/"};
  }
  if (n == "china" || n == "azurechinacloud") {
    return CloudEnvironment{"china", "https://management.chinacloudapi.cn",
                            "https://login.chinacloudapi.cn", "https://management.chinacloudapi.cn/",
                            "https://batch.chinacloudapi.cn/"};
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown environment \"", raw,
      "\": expected public, usgovernment or china (or set metadata_host for a custom cloud)"));
}

absl::StatusOr<CloudEnvironment> ParseMetadataEndpoints(const std::string& body,
                                                        const std::string& name) {
  std::optional<nlohmann::json> j = ParseJsonBody(body);
  if (!j || j->is_null()) return absl::InvalidArgumentError("cloud metadata is not JSON");
  if (j->is_object()) return FromMetadataObject(*j);
  if (!j->is_array() || j->empty()) {
    return absl::InvalidArgumentError("cloud metadata is neither an object nor a list of clouds");
  }
  std::vector<std::string> names;
  for (const auto& c : *j) {
    if (!c.is_object()) continue;
    std::string n = Str(c, "name");
    names.push_back(n);
    if (name.empty() || absl::EqualsIgnoreCase(n, name)) return FromMetadataObject(c);
  }
  return absl::NotFoundError(absl::StrCat("cloud metadata has no cloud named \"", name,
                                          "\" (found: ", absl::StrJoin(names, ", "), ")"));
}

absl::Status CheckMetadataHost(const std::string& raw_host) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("metadata_host (ARM_METADATA_HOSTNAME) \"", raw_host, "\": ", why));
  };
  size_t sep = raw_host.find("://");
  std::string scheme =
      sep == std::string::npos ? "" : absl::AsciiStrToLower(raw_host.substr(0, sep));
  if (sep != std::string::npos && scheme != "https" && scheme != "http") {
    return bad("the scheme must be https:// (or http:// for a loopback host)");
  }
  std::string authority = NoSlash(sep == std::string::npos ? raw_host : raw_host.substr(sep + 3));
  absl::StatusOr<Url> u = ParseUrl(absl::StrCat(scheme.empty() ? "https" : scheme, "://",
                                                authority));
  if (authority.empty() || !u.ok() || u->host.empty()) {
    return bad("expected host[:port] or https://host[:port]");
  }
  if (scheme == "http" && !IsLoopbackHost(u->host)) {
    return bad("plain http is only allowed to a loopback host; use https://");
  }
  return absl::OkStatus();
}

std::string MetadataEndpointsUrl(const std::string& raw_host) {
  std::string host = NoSlash(raw_host);
  if (size_t sep = host.find("://"); sep != std::string::npos) {
    host = absl::StrCat(absl::AsciiStrToLower(host.substr(0, sep)), host.substr(sep));
  } else {
    absl::StatusOr<Url> u = ParseUrl("https://" + host);
    host = absl::StrCat(u.ok() && IsLoopbackHost(u->host) ? "http://" : "https://", host);
  }
  return absl::StrCat(host, "/metadata/endpoints?api-version=",
                      api_versions::kMetadataEndpoints);
}

absl::StatusOr<CloudEnvironment> FetchCloudFromMetadataHost(const std::string& host,
                                                            const std::string& name,
                                                            Transport& transport,
                                                            const Context& ctx) {
  RETURN_IF_ERROR(CheckMetadataHost(host));
  std::string url = MetadataEndpointsUrl(host);
  HttpRequest req{"GET", url, {{"Accept", "application/json"}}, ""};
  absl::StatusOr<HttpResponse> r = transport.Send(req, ctx);
  if (!r.ok()) {
    return absl::Status(r.status().code(), absl::StrCat("reading cloud metadata from ", url,
                                                        ": ", r.status().message()));
  }
  if (r->status != 200) {
    return absl::FailedPreconditionError(
        absl::StrCat("reading cloud metadata from ", url, ": HTTP ", r->status));
  }
  absl::StatusOr<CloudEnvironment> c = ParseMetadataEndpoints(r->body, name);
  if (!c.ok()) {
    return absl::Status(c.status().code(),
                        absl::StrCat("cloud metadata from ", url, ": ", c.status().message()));
  }
  return c;
}

}  // namespace azbatch::azure
