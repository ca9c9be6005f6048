#include "emulator/identity.h"

#include <openssl/sha.h>

#include <cmath>
#include <cstdio>

#include "emulator/client_assertion.h"
#include "emulator/handlers.h"
#include "emulator/jwt.h"

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

// ARM's own audiences, and this emulator's URL (the metadata document's
// audience) on any loopback host.
bool IsArmAudience(const std::string& aud, const std::string& base_url) {
  std::string a = ToLower(aud);
  while (!a.empty() && a.back() == '/') a.pop_back();
  if (a.empty()) return false;
  if (a == "https://management.azure.com" || a == "https://management.core.windows.net" ||
      a == ToLower(base_url)) {
    return true;
  }
  size_t scheme = a.find("://");
  if (scheme == std::string::npos || a.find('/', scheme + 3) != std::string::npos) return false;
  std::string host = a.substr(scheme + 3);
  if (host.rfind("[::1]", 0) == 0) return true;
  host = host.substr(0, host.find(':'));
  return host == "127.0.0.1" || host == "localhost";
}

// The service principal's object id: stable per tenant and client.
std::string ObjectId(const std::string& tenant, const std::string& client_id) {
  std::string in = ToLower(tenant) + "|" + ToLower(client_id);
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(in.data()), in.size(), md);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%02x%02x%02x%02x-%02x%02x-4%01x%02x-8%01x%02x-",
                md[0], md[1], md[2], md[3], md[4], md[5], md[6] & 15, md[7], md[8] & 15, md[9]);
  std::string out = buf;
  for (int i = 10; i < 16; ++i) {
    std::snprintf(buf, sizeof(buf), "%02x", md[i]);
    out += buf;
  }
  return out;
}

// "https://management.azure.com/.default" -> "https://management.azure.com".
std::string AudienceForScope(const std::string& scope) {
  std::string first = scope.substr(0, scope.find(' '));
  const std::string suffix = "/.default";
  if (first.size() > suffix.size() &&
      first.compare(first.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return first.substr(0, first.size() - suffix.size());
  }
  return first;
}

bool KnownTenant(const Emulator& emu, const std::string& tenant) {
  if (IEquals(tenant, "common") || IEquals(tenant, "organizations")) return true;
  for (const Credential& c : emu.config.credentials) {
    if (IEquals(c.tenant, tenant)) return true;
  }
  return false;
}

HttpResponse TenantNotFound(const std::string& tenant) {
  return AadError(400, "invalid_tenant", 90002,
                  "Tenant '" + tenant + "' not found. Check to make sure you have the correct "
                  "tenant ID and are signing into the correct cloud.");
}

}  // namespace

std::string IssueToken(Emulator& emu, const std::string& client_id, const std::string& tenant,
                       const std::string& audience, const std::string& client_auth) {
  // Claims are whole seconds. "iat"/"nbf" round down and a live token's "exp" rounds
  // up, so it stays valid for at least the "expires_in" a client counts from receipt.
  // A zero lifetime (tests of expiry) issues a token that is already expired.
  double real = Clock::RealNow();
  long long now = static_cast<long long>(std::floor(real));
  int lifetime = emu.config.token_lifetime_seconds;
  long long exp = lifetime > 0 ? static_cast<long long>(std::ceil(real)) + lifetime : now;
  std::string oid = ObjectId(tenant, client_id);
  json claims = {{"aud", audience}, {"iat", now},    {"nbf", now},   {"exp", exp},
                 {"idtyp", "app"},  {"oid", oid},    {"sub", oid},   {"tid", tenant},
                 {"uti", Base64UrlEncode(RandomHex(8))}, {"rh", "0.emulator"}};
  // ARM accepts v1 tokens only, so Entra issues v1 shapes for it from either endpoint.
  if (IsArmAudience(audience, "")) {
    std::string iss = "https://sts.windows.net/" + tenant + "/";
    claims.update({{"iss", iss}, {"idp", iss}, {"appid", client_id},
                   {"appidacr", client_auth}, {"ver", "1.0"}});
  } else {
    claims.update({{"iss", "https://login.microsoftonline.com/" + tenant + "/v2.0"},
                   {"azp", client_id}, {"azpacr", client_auth}, {"ver", "2.0"}});
  }
  absl::StatusOr<std::string> token = emu.signing_key.Sign(json::object(), claims);
  if (!token.ok()) return "";
  emu.tokens[*token] = {client_id, tenant, static_cast<double>(exp)};
  if (emu.tokens.size() > 100000) {
    double real = Clock::RealNow();
    for (auto it = emu.tokens.begin(); it != emu.tokens.end();) {
      it = it->second.expires_real < real ? emu.tokens.erase(it) : std::next(it);
    }
  }
  return *token;
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
  bool tenant_known = KnownTenant(emu, tenant);
  for (const Credential& c : emu.config.credentials) {
    if (IEquals(c.client_id, client_id) &&
        (IEquals(c.tenant, tenant) || IEquals(tenant, "common") || IEquals(tenant, "organizations"))) {
      cred = &c;
    }
  }
  if (!tenant_known) return TenantNotFound(tenant);
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
    if (auto refused = VerifyClientAssertion(*cred, client_id, assertion, tenant,
                                             Clock::RealNow())) {
      return AadError(refused->status, refused->error, refused->code, refused->description);
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
  std::string audience = resource.empty() ? AudienceForScope(scope) : resource;
  std::string token =
      IssueToken(emu, client_id, cred->tenant, audience, assertion.empty() ? "1" : "2");
  int lifetime = emu.config.token_lifetime_seconds;
  json body = {{"token_type", "Bearer"},
               {"expires_in", lifetime},
               {"ext_expires_in", lifetime},
               {"access_token", token}};
  if (!resource.empty()) {  // v1 shape
    body["resource"] = resource;
    long long now = static_cast<long long>(Clock::RealNow());
    body["expires_on"] = std::to_string(now + lifetime);  // never later than the token's exp
    body["not_before"] = std::to_string(now);
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
  std::string token = IssueToken(emu, client_id, kDefaultTenant, resource, "2");
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
  const std::string token = auth.substr(7);
  std::optional<ParsedJwt> jwt = ParseJwt(token);
  // A token this emulator issued (byte for byte) needs no second RSA check.
  if (!jwt || jwt->header.value("kid", "") != emu.signing_key.kid() ||
      (emu.tokens.count(token) == 0 && !emu.signing_key.Verify(*jwt))) {
    return fail("InvalidAuthenticationToken", "The access token is invalid.");
  }
  const json& claims = jwt->claims;
  std::string aud = claims.value("aud", "");
  if (!IsArmAudience(aud, base_url)) {
    return fail("InvalidAuthenticationTokenAudience",
                "The access token has been obtained for wrong audience or resource '" + aud +
                    "'. It should exactly match with one of the allowed audiences "
                    "'https://management.core.windows.net/','https://management.core.windows.net',"
                    "'https://management.azure.com/','https://management.azure.com'.");
  }
  double now = Clock::RealNow();
  auto number = [&](const char* name) {
    return claims.contains(name) && claims[name].is_number() ? claims[name].get<double>() : 0.0;
  };
  double exp = number("exp");
  if (exp <= now) {
    return fail("ExpiredAuthenticationToken",
                "The access token expiry UTC time '" + IsoTime(exp) +
                    "' is earlier than current UTC time '" + IsoTime(now) + "'.");
  }
  double nbf = number("nbf");
  if (nbf > now + 300) {
    return fail("InvalidAuthenticationToken",
                "The access token is not yet valid: its 'nbf' UTC time '" + IsoTime(nbf) +
                    "' is later than current UTC time '" + IsoTime(now) + "'.");
  }
  return std::nullopt;
}

HttpResponse HandleOpenIdConfiguration(const Emulator& emu, const std::string& tenant, bool v2,
                                       const std::string& base_url) {
  if (!KnownTenant(emu, tenant)) return TenantNotFound(tenant);
  bool multi = IEquals(tenant, "common") || IEquals(tenant, "organizations");
  std::string issuer_tenant = multi ? "{tenantid}" : tenant;
  std::string root = base_url + "/" + tenant;
  std::string ver = v2 ? "/v2.0" : "";
  json doc = {
      {"issuer", v2 ? "https://login.microsoftonline.com/" + issuer_tenant + "/v2.0"
                    : "https://sts.windows.net/" + issuer_tenant + "/"},
      {"authorization_endpoint", root + "/oauth2" + ver + "/authorize"},
      {"token_endpoint", root + "/oauth2" + ver + "/token"},
      {"device_authorization_endpoint", root + "/oauth2" + ver + "/devicecode"},
      {"end_session_endpoint", root + "/oauth2" + ver + "/logout"},
      {"jwks_uri", root + "/discovery" + ver + "/keys"},
      {"token_endpoint_auth_methods_supported",
       json::array({"client_secret_post", "private_key_jwt", "client_secret_basic"})},
      {"response_modes_supported", json::array({"query", "fragment", "form_post"})},
      {"subject_types_supported", json::array({"pairwise"})},
      {"id_token_signing_alg_values_supported", json::array({"RS256"})},
      {"response_types_supported",
       json::array({"code", "id_token", "code id_token", "token id_token", "token"})},
      {"scopes_supported", json::array({"openid", "profile", "email", "offline_access"})},
      {"claims_supported", json::array({"sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid",
                                        "ver", "appid", "azp"})},
      {"request_uri_parameter_supported", false},
      {"http_logout_supported", true},
      {"frontchannel_logout_supported", true},
      {"tenant_region_scope", "EU"},
      {"cloud_instance_name", "microsoftonline.com"},
      {"cloud_graph_host_name", "graph.windows.net"},
      {"msgraph_host", "graph.microsoft.com"},
      {"rbac_url", "https://pas.windows.net"}};
  if (!v2) doc["resource_parameter_supported"] = true;
  return JsonResponse(200, doc);
}

HttpResponse HandleJwks(const Emulator& emu, const std::string& tenant) {
  if (!KnownTenant(emu, tenant)) return TenantNotFound(tenant);
  return JsonResponse(200, {{"keys", json::array({emu.signing_key.Jwk()})}});
}

}  // namespace azbatch::emulator
