#include "emulator/identity.h"

#include <openssl/evp.h>

#include <cmath>

#include "emulator/handlers.h"

namespace azbatch::emulator {

using nlohmann::json;

namespace {

HttpResponse AadError(int status, const std::string& error, int code, const std::string& desc) {
  std::string trace = NewGuid();
  return JsonResponse(status, {{"error", error},
                               {"error_description", "AADSTS" + std::to_string(code) + ": " +
                                                         desc + " Trace ID: " + trace},
                               {"error_codes", json::array({code})},
                               {"timestamp", IsoTime(Clock::RealNow())},
                               {"trace_id", trace},
                               {"correlation_id", NewGuid()}});
}

std::optional<json> DecodeJwtPart(const std::string& part) {
  std::string b64 = part;
  for (char& c : b64) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (b64.size() % 4 != 0) b64.push_back('=');
  std::string out(b64.size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(b64.data()),
                          static_cast<int>(b64.size()));
  if (n < 0) return std::nullopt;
  size_t pad = 0;
  for (size_t i = b64.size(); i > 0 && b64[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  json j = json::parse(out, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

}  // namespace

std::string IssueToken(Emulator& emu, const std::string& client_id, const std::string& tenant) {
  std::string token = "emu." + RandomHex(32);
  emu.tokens[token] = {client_id, tenant, Clock::RealNow() + emu.config.token_lifetime_seconds};
  if (emu.tokens.size() > 100000) {
    double now = Clock::RealNow();
    for (auto it = emu.tokens.begin(); it != emu.tokens.end();) {
      it = it->second.expires_real < now ? emu.tokens.erase(it) : std::next(it);
    }
  }
  return token;
}

HttpResponse HandleTokenRequest(Emulator& emu, const HttpRequest& req, const std::string& tenant,
                                const std::string& base_url) {
  if (req.method != "POST") {
    return AadError(405, "invalid_request", 900561,
                    "The endpoint only accepts POST requests.");
  }
  auto form = ParseForm(req.body);
  std::string grant = form["grant_type"];
  if (grant.empty()) {
    return AadError(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'grant_type'.");
  }
  if (grant != "client_credentials") {
    return AadError(400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grant + "'.");
  }
  std::string client_id = form["client_id"];
  if (client_id.empty()) {
    return AadError(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_id'.");
  }
  std::string scope = form["scope"];
  std::string resource = form["resource"];  // v1 endpoint
  if (scope.empty() && resource.empty()) {
    return AadError(400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'scope'.");
  }
  if (!scope.empty() && scope.size() < 8) {
    return AadError(400, "invalid_scope", 70011, "The provided value for scope is not valid.");
  }
  const Credential* cred = nullptr;
  bool tenant_known = IEquals(tenant, "common") || IEquals(tenant, "organizations");
  for (const Credential& c : emu.config.credentials) {
    if (IEquals(c.tenant, tenant)) tenant_known = true;
    if (IEquals(c.client_id, client_id) &&
        (IEquals(c.tenant, tenant) || IEquals(tenant, "common") || IEquals(tenant, "organizations"))) {
      cred = &c;
    }
  }
  if (!tenant_known) {
    return AadError(400, "invalid_request", 90002,
                    "Tenant '" + tenant + "' not found. Check to make sure you have the correct "
                    "tenant ID and are signing into the correct cloud.");
  }
  if (cred == nullptr) {
    return AadError(400, "unauthorized_client", 700016,
                    "Application with identifier '" + client_id +
                        "' was not found in the directory '" + tenant + "'.");
  }
  std::string secret = form["client_secret"];
  std::string assertion = form["client_assertion"];
  if (!assertion.empty()) {
    if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") {
      return AadError(400, "invalid_request", 700025,
                      "client_assertion_type must be "
                      "urn:ietf:params:oauth:client-assertion-type:jwt-bearer.");
    }
    size_t d1 = assertion.find('.');
    size_t d2 = d1 == std::string::npos ? d1 : assertion.find('.', d1 + 1);
    std::optional<json> header, claims;
    if (d2 != std::string::npos) {
      header = DecodeJwtPart(assertion.substr(0, d1));
      claims = DecodeJwtPart(assertion.substr(d1 + 1, d2 - d1 - 1));
    }
    if (!header || !claims) {
      return AadError(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
    }
    if (!cred->allow_assertion) {
      return AadError(401, "invalid_client", 700027,
                      "Client assertion failed signature validation.");
    }
    double now = Clock::RealNow();
    if (!IEquals(claims->value("iss", ""), client_id) ||
        !IEquals(claims->value("sub", ""), client_id)) {
      return AadError(401, "invalid_client", 700021,
                      "Client assertion application identifier doesn't match 'client_id' "
                      "parameter.");
    }
    if (claims->contains("exp") && claims->at("exp").is_number() &&
        claims->at("exp").get<double>() < now) {
      return AadError(401, "invalid_client", 700024,
                      "Client assertion is not within its valid time range.");
    }
  } else if (secret.empty()) {
    return AadError(401, "invalid_client", 7000218,
                    "The request body must contain the following parameter: 'client_assertion' "
                    "or 'client_secret'.");
  } else if (cred->client_secret.empty() || secret != cred->client_secret) {
    return AadError(401, "invalid_client", 7000215,
                    "Invalid client secret provided. Ensure the secret being sent in the request "
                    "is the client secret value, not the client secret ID, for a secret added to "
                    "app '" + client_id + "'.");
  }
  std::string token = IssueToken(emu, client_id, cred->tenant);
  int lifetime = emu.config.token_lifetime_seconds;
  json body = {{"token_type", "Bearer"},
               {"expires_in", lifetime},
               {"ext_expires_in", lifetime},
               {"access_token", token}};
  if (!resource.empty()) {  // v1 shape
    body["resource"] = resource;
    body["expires_on"] = std::to_string(static_cast<long long>(Clock::RealNow()) + lifetime);
  }
  (void)base_url;
  return JsonResponse(200, body);
}

HttpResponse HandleImdsToken(Emulator& emu, const HttpRequest& req) {
  std::string identity_header = req.Header("x-identity-header");
  bool app_service = !identity_header.empty();
  if (app_service && identity_header != emu.config.identity_header) {
    return JsonResponse(401, {{"error", "invalid_request"},
                              {"error_description", "X-IDENTITY-HEADER does not match"}});
  }
  if (!app_service && !IEquals(req.Header("metadata"), "true")) {
    return JsonResponse(400, {{"error", "invalid_request"},
                              {"error_description", "Required metadata header not specified"}});
  }
  std::string resource = req.Query("resource");
  if (resource.empty()) {
    return JsonResponse(400, {{"error", "invalid_request"},
                              {"error_description", "Required audience parameter not specified"}});
  }
  std::string client_id = req.Query("client_id");
  if (client_id.empty()) client_id = kDefaultClientId;
  std::string token = IssueToken(emu, client_id, kDefaultTenant);
  long long now = static_cast<long long>(Clock::RealNow());
  int lifetime = emu.config.token_lifetime_seconds;
  return JsonResponse(200, {{"access_token", token},
                            {"client_id", client_id},
                            {"expires_in", std::to_string(lifetime)},
                            {"expires_on", std::to_string(now + lifetime)},
                            {"ext_expires_in", std::to_string(lifetime)},
                            {"not_before", std::to_string(now)},
                            {"resource", resource},
                            {"token_type", "Bearer"}});
}

HttpResponse HandleMetadataEndpoints(const HttpRequest& req, const std::string& base_url) {
  if (req.Query("api-version").empty()) {
    return ArmError(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all "
                    "requests.");
  }
  std::string host = base_url.substr(base_url.find("://") + 3);
  return JsonResponse(
      200, {{"name", "ArmEmulator"},
            {"portal", base_url},
            {"resourceManager", base_url + "/"},
            {"authentication",
             {{"loginEndpoint", base_url + "/"},
              {"audiences", json::array({base_url + "/", "https://management.core.windows.net/",
                                         "https://management.azure.com/"})},
              {"tenant", "common"},
              {"identityProvider", "AAD"}}},
            {"batch", "https://batch.core.windows.net/"},
            {"gallery", base_url + "/"},
            {"graph", base_url + "/"},
            {"graphAudience", base_url + "/"},
            {"microsoftGraphResourceId", base_url + "/"},
            {"media", base_url + "/"},
            {"sqlManagement", base_url + "/"},
            {"vmImageAliasDoc", base_url + "/"},
            {"suffixes",
             {{"storage", "core.windows.net"},
              {"keyVaultDns", "vault.azure.net"},
              {"acrLoginServer", "azurecr.io"},
              {"sqlServerHostname", "database.windows.net"}}},
            {"host", host}});
}

std::optional<HttpResponse> CheckBearer(Emulator& emu, const HttpRequest& req,
                                        const std::string& base_url) {
  std::string auth = req.Header("authorization");
  auto fail = [&](const std::string& code, const std::string& message) {
    HttpResponse r = ArmError(401, code, message);
    r.SetHeader("WWW-Authenticate", "Bearer authorization_uri=\"" + base_url + "/" +
                                        kDefaultTenant + "\", error=\"invalid_token\", "
                                        "error_description=\"" + message + "\"");
    return r;
  };
  if (auth.empty()) {
    return fail("AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing.");
  }
  if (auth.size() < 7 || !IEquals(auth.substr(0, 7), "Bearer ")) {
    return fail("AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is provided in an invalid "
                "format.");
  }
  std::string token = auth.substr(7);
  auto it = emu.tokens.find(token);
  if (it == emu.tokens.end()) {
    return fail("InvalidAuthenticationToken", "The access token is invalid.");
  }
  if (it->second.expires_real < Clock::RealNow()) {
    return fail("ExpiredAuthenticationToken",
                "The access token expiry UTC time '" + IsoTime(it->second.expires_real) +
                    "' is earlier than current UTC time '" + IsoTime(Clock::RealNow()) + "'.");
  }
  return std::nullopt;
}

}  // namespace azbatch::emulator
