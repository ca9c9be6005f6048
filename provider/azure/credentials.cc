#include "provider/azure/credentials.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "nlohmann/json.hpp"
#include "provider/azure/arm_error.h"
#include "provider/azure/json_fields.h"
#include "provider/azure/redact.h"

namespace azbatch::azure {
namespace {

std::optional<int64_t> NumberField(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  if (it->is_number()) return it->get<int64_t>();
  int64_t v = 0;
  if (it->is_string() && absl::SimpleAtoi(it->get<std::string>(), &v)) return v;
  return std::nullopt;
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<std::string> parts;
  for (const auto& [k, v] : fields) parts.push_back(absl::StrCat(k, "=", UrlEncode(v)));
  return absl::StrJoin(parts, "&");
}

absl::StatusOr<AccessToken> PostForm(Pipeline& pipeline, const std::string& url,
                                     const std::vector<std::pair<std::string, std::string>>& f,
                                     const Context& ctx) {
  HttpRequest req{"POST", url,
                  {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}},
                  FormBody(f)};
  ASSIGN_OR_RETURN(HttpResponse r, pipeline.Send(std::move(req), ctx));
  return ParseTokenResponse(r.status, r.body, ctx.Now());
}

class ClientSecretCredential : public TokenCredential {
 public:
  ClientSecretCredential(std::string authority, std::string tenant, std::string client_id,
                         std::string secret, std::shared_ptr<Pipeline> pipeline)
      : url_(TokenEndpointUrl(authority, tenant)), client_id_(std::move(client_id)),
        secret_(std::move(secret)), pipeline_(std::move(pipeline)) {}
  std::string Name() const override { return "client secret"; }
  absl::StatusOr<AccessToken> GetToken(const std::string& scope, const Context& ctx) override {
    return PostForm(*pipeline_, url_,
                    {{"grant_type", "client_credentials"}, {"client_id", client_id_},
                     {"client_secret", secret_}, {"scope", scope}},
                    ctx);
  }

 private:
  std::string url_, client_id_, secret_;
  std::shared_ptr<Pipeline> pipeline_;
};

class ClientAssertionCredential : public TokenCredential {
 public:
  ClientAssertionCredential(std::string name, std::string authority, std::string tenant,
                            std::string client_id, AssertionSource assertion,
                            std::shared_ptr<Pipeline> pipeline)
      : name_(std::move(name)), url_(TokenEndpointUrl(authority, tenant)),
        client_id_(std::move(client_id)), assertion_(std::move(assertion)),
        pipeline_(std::move(pipeline)) {}
  std::string Name() const override { return name_; }
  absl::StatusOr<AccessToken> GetToken(const std::string& scope, const Context& ctx) override {
    ASSIGN_OR_RETURN(std::string assertion, assertion_(url_, ctx));
    log::AddSecret(assertion);
    return PostForm(*pipeline_, url_,
                    {{"grant_type", "client_credentials"}, {"client_id", client_id_},
                     {"client_assertion_type",
                      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
                     {"client_assertion", assertion}, {"scope", scope}},
                    ctx);
  }

 private:
  std::string name_, url_, client_id_;
  AssertionSource assertion_;
  std::shared_ptr<Pipeline> pipeline_;
};

class ManagedIdentityCredential : public TokenCredential {
 public:
  ManagedIdentityCredential(ManagedIdentityOptions o, std::shared_ptr<Pipeline> pipeline)
      : o_(std::move(o)), pipeline_(std::move(pipeline)) {}
  std::string Name() const override {
    return o_.identity_header.empty() ? "managed identity (IMDS)"
                                      : "managed identity (App Service)";
  }
  absl::StatusOr<AccessToken> GetToken(const std::string& scope, const Context& ctx) override {
    bool app_service = !o_.identity_header.empty();
    std::string url = absl::StrCat(o_.endpoint, absl::StrContains(o_.endpoint, '?') ? "&" : "?",
                                   "api-version=", app_service ? "2019-08-01" : "2018-02-01",
                                   "&resource=", UrlEncode(ResourceForScope(scope)));
    if (!o_.client_id.empty()) absl::StrAppend(&url, "&client_id=", UrlEncode(o_.client_id));
    HttpRequest req{"GET", url, {}, ""};
    if (app_service) {
      req.headers["X-IDENTITY-HEADER"] = o_.identity_header;
    } else {
      req.headers["Metadata"] = "true";
    }
    ASSIGN_OR_RETURN(HttpResponse r, pipeline_->Send(std::move(req), ctx));
    return ParseTokenResponse(r.status, r.body, ctx.Now());
  }

 private:
  ManagedIdentityOptions o_;
  std::shared_ptr<Pipeline> pipeline_;
};

absl::StatusOr<std::string> JsonStringFrom(const HttpResponse& r, const char* key,
                                           const char* what) {
  if (r.status != 200) {
    return absl::UnauthenticatedError(absl::StrCat(what, " returned HTTP ", r.status));
  }
  std::optional<nlohmann::json> j = ParseJsonBody(r.body);
  std::optional<std::string> v = j ? JStr(*j, key) : std::nullopt;
  if (!v || v->empty()) {
    return absl::UnauthenticatedError(absl::StrCat(what, " response has no \"", key, "\""));
  }
  return *v;
}

}  // namespace

std::string TokenEndpointUrl(const std::string& authority, const std::string& tenant) {
  return absl::StrCat(absl::StripSuffix(authority, "/"), "/", tenant, "/oauth2/v2.0/token");
}

absl::StatusOr<AccessToken> ParseTokenResponse(int http_status, const std::string& body,
                                               absl::Time now) {
  std::optional<nlohmann::json> j = ParseJsonBody(body);
  if (http_status != 200 || !j || !j->is_object()) {
    std::string detail = absl::StrCat("HTTP ", http_status);
    if (j && j->is_object()) {
      // Entra answers {"error":"invalid_client","error_description":"AADSTS..."};
      // ARM-style endpoints answer {"error":{"code":...,"message":...}}.
      std::string err = JStr(*j, "error").value_or("");
      std::string desc;
      if (const nlohmann::json& e = JObj(*j, "error"); !e.empty()) {
        err = JStr(e, "code").value_or("");
        desc = JStr(e, "message").value_or("");
      }
      if (std::optional<std::string> d = JStr(*j, "error_description")) desc = *d;
      if (!err.empty()) absl::StrAppend(&detail, ": ", err);
      if (!desc.empty()) {
        absl::StrAppend(&detail, ": ", RedactText(desc.substr(0, desc.find_first_of("\r\n"))));
      }
    }
    return absl::UnauthenticatedError(absl::StrCat("token request failed: ", detail));
  }
  AccessToken t;
  auto at = j->find("access_token");
  if (at == j->end() || !at->is_string() || at->get<std::string>().empty()) {
    return absl::UnauthenticatedError("token response has no access_token");
  }
  t.token = at->get<std::string>();
  log::AddSecret(t.token);
  if (auto on = NumberField(*j, "expires_on")) {
    t.expires_on = absl::FromUnixSeconds(*on);
  } else if (auto in = NumberField(*j, "expires_in")) {
    t.expires_on = now + absl::Seconds(*in);
  } else {
    t.expires_on = now + absl::Hours(1);
  }
  return t;
}

std::shared_ptr<TokenCredential> NewClientSecretCredential(std::string authority,
                                                           std::string tenant,
                                                           std::string client_id,
                                                           std::string secret,
                                                           std::shared_ptr<Pipeline> pipeline) {
  return std::make_shared<ClientSecretCredential>(std::move(authority), std::move(tenant),
                                                  std::move(client_id), std::move(secret),
                                                  std::move(pipeline));
}

std::shared_ptr<TokenCredential> NewClientAssertionCredential(
    std::string name, std::string authority, std::string tenant, std::string client_id,
    AssertionSource assertion, std::shared_ptr<Pipeline> pipeline) {
  return std::make_shared<ClientAssertionCredential>(std::move(name), std::move(authority),
                                                     std::move(tenant), std::move(client_id),
                                                     std::move(assertion), std::move(pipeline));
}

FileReader DefaultFileReader() {
  return [](const std::string& path) -> absl::StatusOr<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read file ", path));
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
}

AssertionSource StaticAssertion(std::string token) {
  return [token = std::move(token)](const std::string&, const Context&) -> absl::StatusOr<std::string> {
    return token;
  };
}

AssertionSource FileAssertion(std::string path, FileReader reader) {
  return [path = std::move(path), reader = std::move(reader)](
             const std::string&, const Context&) -> absl::StatusOr<std::string> {
    ASSIGN_OR_RETURN(std::string s, reader(path));
    std::string t(absl::StripAsciiWhitespace(s));
    if (t.empty()) return absl::UnauthenticatedError(absl::StrCat("token file ", path, " is empty"));
    return t;
  };
}

AssertionSource GitHubOidcAssertion(std::string request_url, std::string request_token,
                                    std::shared_ptr<Pipeline> pipeline) {
  return [url = std::move(request_url), token = std::move(request_token),
          pipeline = std::move(pipeline)](const std::string&,
                                          const Context& ctx) -> absl::StatusOr<std::string> {
    std::string full = url;
    if (!absl::StrContains(full, "audience=")) {
      absl::StrAppend(&full, absl::StrContains(full, '?') ? "&" : "?",
                      "audience=", UrlEncode("api://AzureADTokenExchange"));
    }
    HttpRequest req{"GET", full,
                    {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}}, ""};
    ASSIGN_OR_RETURN(HttpResponse r, pipeline->Send(std::move(req), ctx));
    return JsonStringFrom(r, "value", "the GitHub Actions OIDC endpoint");
  };
}

AssertionSource AzureDevOpsOidcAssertion(std::string request_url, std::string request_token,
                                         std::string service_connection_id,
                                         std::shared_ptr<Pipeline> pipeline) {
  return [url = std::move(request_url), token = std::move(request_token),
          id = std::move(service_connection_id),
          pipeline = std::move(pipeline)](const std::string&,
                                          const Context& ctx) -> absl::StatusOr<std::string> {
    std::string full = absl::StrCat(url, absl::StrContains(url, '?') ? "&" : "?",
                                    "api-version=7.1&serviceConnectionId=", UrlEncode(id));
    HttpRequest req{"POST", full,
                    {{"Authorization", "Bearer " + token},
                     {"Content-Type", "application/json"}, {"Accept", "application/json"}},
                    ""};
    ASSIGN_OR_RETURN(HttpResponse r, pipeline->Send(std::move(req), ctx));
    return JsonStringFrom(r, "oidcToken", "the Azure DevOps OIDC endpoint");
  };
}

std::shared_ptr<TokenCredential> NewManagedIdentityCredential(ManagedIdentityOptions options,
                                                              std::shared_ptr<Pipeline> pipeline) {
  return std::make_shared<ManagedIdentityCredential>(std::move(options), std::move(pipeline));
}

}  // namespace azbatch::azure
