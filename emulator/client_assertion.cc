#include "emulator/client_assertion.h"

#include <vector>

#include "emulator/http_message.h"
#include "emulator/jwt.h"

namespace azbatch::emulator {

using nlohmann::json;

namespace {

constexpr double kClockSkewSeconds = 300;
constexpr char kFederationHelp[] =
    " Please check your federated identity credential Subject, Audience and Issuer against the "
    "presented assertion. "
    "https://learn.microsoft.com/entra/workload-id/workload-identity-federation";

AadRefusal Refuse(int code, const std::string& description) {
  return {401, "invalid_client", code, description};
}

std::string Hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

// Numeric claim or nullopt.
std::optional<double> NumberClaim(const json& claims, const char* name) {
  if (!claims.contains(name) || !claims[name].is_number()) return std::nullopt;
  return claims[name].get<double>();
}

std::optional<AadRefusal> CheckTimes(const json& claims, double now) {
  std::optional<double> exp = NumberClaim(claims, "exp");
  std::optional<double> nbf = NumberClaim(claims, "nbf");
  if (!exp || *exp < now || (nbf && *nbf > now + kClockSkewSeconds)) {
    return Refuse(700024, "Client assertion is not within its valid time range. Current time: " +
                              IsoTime(now) + (exp ? ", assertion valid to: " + IsoTime(*exp) : "") +
                              ".");
  }
  return std::nullopt;
}

std::vector<std::string> Audiences(const json& claims) {
  std::vector<std::string> out;
  if (!claims.contains("aud")) return out;
  if (claims["aud"].is_string()) out.push_back(claims["aud"].get<std::string>());
  if (claims["aud"].is_array()) {
    for (const json& a : claims["aud"]) {
      if (a.is_string()) out.push_back(a.get<std::string>());
    }
  }
  return out;
}

// The token endpoint of the tenant (v1 or v2, on any host: the client built it
// from its authority).
bool IsTokenEndpoint(const std::string& aud, const std::string& tenant,
                     const std::string& cred_tenant) {
  std::string a = ToLower(aud);
  while (!a.empty() && a.back() == '/') a.pop_back();
  size_t scheme = a.find("://");
  if (scheme == std::string::npos) return false;
  size_t slash = a.find('/', scheme + 3);
  if (slash == std::string::npos) return false;
  std::string path = a.substr(slash);
  for (const std::string& t : {ToLower(tenant), ToLower(cred_tenant)}) {
    if (path == "/" + t + "/oauth2/v2.0/token" || path == "/" + t + "/oauth2/token") return true;
  }
  return false;
}

std::optional<AadRefusal> VerifyCertificateAssertion(const Credential& cred,
                                                     const std::string& client_id,
                                                     const ParsedJwt& jwt,
                                                     const std::string& tenant, double now) {
  if (!IEquals(jwt.claims.value("sub", ""), client_id)) {
    return Refuse(700021,
                  "Client assertion application identifier doesn't match 'client_id' parameter.");
  }
  if (auto bad = CheckTimes(jwt.claims, now)) return bad;
  std::vector<std::string> auds = Audiences(jwt.claims);
  bool aud_ok = false;
  for (const std::string& a : auds) aud_ok = aud_ok || IsTokenEndpoint(a, tenant, cred.tenant);
  if (!aud_ok) {
    return Refuse(700023,
                  "Client assertion audience claim does not match Realm issuer. Review the "
                  "documentation at https://aka.ms/certCredentials .");
  }
  std::string x5t = jwt.header.value("x5t", "");
  std::string x5t256 = jwt.header.value("x5t#S256", "");
  std::string thumb = x5t.empty() ? x5t256 : x5t;
  std::optional<std::string> raw = Base64UrlDecode(thumb);
  std::string reason = "The key was not found.";
  for (const std::string& pem : cred.certificates) {
    absl::StatusOr<CertificateKey> cert = CertificateFromPem(pem);
    if (!cert.ok()) continue;
    if ((!x5t.empty() && x5t == cert->x5t) || (!x5t256.empty() && x5t256 == cert->x5t_s256)) {
      if (cert->key.Verify(jwt)) return std::nullopt;
      reason = "The provided signature value did not match the expected signature value.";
      break;
    }
  }
  return Refuse(700027, "Client assertion contains an invalid signature. [Reason - " + reason +
                            ", Thumbprint of key used by client: '" + (raw ? Hex(*raw) : "") +
                            "', Please visit the Azure Portal, Graph Explorer or directly use MS "
                            "Graph to see configured keys for app Id '" + client_id + "'.]");
}

bool SignedByIssuer(const Credential::Federated& fed, const ParsedJwt& jwt) {
  std::string kid = jwt.header.value("kid", "");
  if (fed.jwks.is_object() && fed.jwks.contains("keys") && fed.jwks["keys"].is_array()) {
    for (const json& k : fed.jwks["keys"]) {
      if (!kid.empty() && k.is_object() && k.contains("kid") && k.value("kid", "") != kid) continue;
      absl::StatusOr<RsaKey> key = RsaKey::FromJwk(k);
      if (key.ok() && key->Verify(jwt)) return true;
    }
  }
  for (const std::string& pem : fed.certificates) {
    absl::StatusOr<RsaKey> key = RsaKey::FromPem(pem);
    if (key.ok() && key->Verify(jwt)) return true;
  }
  return false;
}

std::optional<AadRefusal> VerifyFederatedAssertion(const Credential& cred, const ParsedJwt& jwt,
                                                   double now) {
  std::string iss = jwt.claims.value("iss", "");
  std::string sub = jwt.claims.value("sub", "");
  std::vector<const Credential::Federated*> by_issuer;
  for (const auto& f : cred.federated) {
    if (f.issuer == iss) by_issuer.push_back(&f);
  }
  if (by_issuer.empty()) {
    return Refuse(700211, "No matching federated identity record found for presented assertion "
                          "issuer '" + iss + "'." + kFederationHelp);
  }
  std::vector<const Credential::Federated*> by_subject;
  for (const auto* f : by_issuer) {
    if (f->subject == sub) by_subject.push_back(f);
  }
  if (by_subject.empty()) {
    return Refuse(700213, "No matching federated identity record found for presented assertion "
                          "subject '" + sub + "'." + kFederationHelp);
  }
  std::vector<std::string> auds = Audiences(jwt.claims);
  const Credential::Federated* match = nullptr;
  for (const auto* f : by_subject) {
    for (const std::string& want : f->audiences) {
      for (const std::string& a : auds) {
        if (a == want) match = f;
      }
    }
  }
  if (match == nullptr) {
    return Refuse(700212, "No matching federated identity record found for presented assertion "
                          "audience '" + (auds.empty() ? "" : auds[0]) + "'." + kFederationHelp);
  }
  if (auto bad = CheckTimes(jwt.claims, now)) return bad;
  if (!SignedByIssuer(*match, jwt)) {
    return Refuse(50013, "Assertion failed signature validation. [Reason - The key was not "
                         "found., Issuer: '" + iss + "']");
  }
  return std::nullopt;
}

}  // namespace

std::optional<AadRefusal> VerifyClientAssertion(const Credential& cred,
                                                const std::string& client_id,
                                                const std::string& assertion,
                                                const std::string& tenant, double now) {
  std::optional<ParsedJwt> jwt = ParseJwt(assertion);
  if (!jwt) return Refuse(50027, "JWT token is invalid or malformed.");
  if (!cred.allow_assertion) {
    return Refuse(700027, "Client assertion failed signature validation.");
  }
  if (IEquals(jwt->claims.value("iss", ""), client_id)) {
    return VerifyCertificateAssertion(cred, client_id, *jwt, tenant, now);
  }
  return VerifyFederatedAssertion(cred, *jwt, now);
}

}  // namespace azbatch::emulator
