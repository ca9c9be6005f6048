// Entra-shaped tokens over real HTTP: JWT claims, OpenID discovery and JWKS,
// ARM's signature/audience checks, and client assertions verified against a
// registered certificate or a federated issuer's keys.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>

#include "emulator/jwt.h"
#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

const char kTenant[] = "00000000-0000-0000-0000-0000000000aa";
const char kClient[] = "00000000-0000-0000-0000-000000000001";
const char kTokenPath[] = "/00000000-0000-0000-0000-0000000000aa/oauth2/v2.0/token";
const char kJwtBearer[] = "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";

// A self-signed certificate and its private key, both PEM.
struct TestCert {
  std::string cert_pem;
  std::string key_pem;
};

std::string BioString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(len));
  BIO_free(bio);
  return out;
}

TestCert MakeCert() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  X509* x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("azbatch-test"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_sign(x, key, EVP_sha256());
  TestCert out;
  BIO* cert_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(cert_bio, x);
  out.cert_pem = BioString(cert_bio);
  BIO* key_bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(key_bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.key_pem = BioString(key_bio);
  X509_free(x);
  EVP_PKEY_free(key);
  return out;
}

double Now() { return static_cast<double>(std::time(nullptr)); }

class TokenTest : public EmulatorTest {
 protected:
  Reply TokenWith(const std::string& form) {
    return Raw("POST", kTokenPath, form, "application/x-www-form-urlencoded", {});
  }
  Reply WithAssertion(const std::string& assertion) {
    return TokenWith(std::string("grant_type=client_credentials&client_id=") + kClient +
                     "&client_assertion_type=" + kJwtBearer + "&client_assertion=" + assertion +
                     "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default");
  }
  Reply Arm(const std::string& token) {
    return Call("GET", std::string(kSub) + "/resourcegroups?api-version=2025-04-01", nullptr,
                {{"Authorization", "Bearer " + token}});
  }
  // A certificate assertion signed with `signer`, naming `named` in x5t.
  std::string CertAssertion(const TestCert& signer, const TestCert& named, json claims = {}) {
    json base = {{"iss", kClient}, {"sub", kClient}, {"aud", base_url() + kTokenPath},
                 {"jti", NewGuid()}, {"nbf", Now() - 5}, {"exp", Now() + 600}};
    if (claims.is_object()) base.update(claims);
    absl::StatusOr<CertificateKey> cert = CertificateFromPem(named.cert_pem);
    absl::StatusOr<RsaKey> key = RsaKey::FromPem(signer.key_pem);
    EXPECT_TRUE(cert.ok() && key.ok());
    return *key->Sign({{"x5t", cert->x5t}}, base);
  }
};

TEST(Base64Url, RoundTripsWithoutPaddingAndRefusesOtherAlphabets) {
  const std::string bytes("\xfb\xff\xfe" "\x00" "a", 5);
  EXPECT_EQ(Base64UrlEncode(bytes), "-__-AGE");
  EXPECT_EQ(Base64UrlDecode("-__-AGE"), bytes);
  EXPECT_EQ(Base64UrlDecode(""), "");
  EXPECT_EQ(Base64UrlDecode("-__-AGE="), std::nullopt);  // padded
  EXPECT_EQ(Base64UrlDecode("+//+AGE"), std::nullopt);   // standard alphabet
  EXPECT_EQ(Base64UrlDecode("abcde"), std::nullopt);     // no whole byte in the last group
  EXPECT_EQ(Base64UrlDecode("ab*d"), std::nullopt);
}

TEST_F(TokenTest, AccessTokenIsAnArmShapedJwtVerifiableWithTheJwks) {
  Reply r = TokenWith(std::string("grant_type=client_credentials&client_id=") + kClient +
                      "&client_secret=emulator-secret"
                      "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string token = r.json["access_token"];
  std::optional<ParsedJwt> jwt = ParseJwt(token);
  ASSERT_TRUE(jwt.has_value()) << token;
  EXPECT_EQ(jwt->header["alg"], "RS256");
  const json& c = jwt->claims;
  EXPECT_EQ(c["aud"], "https://management.azure.com");
  EXPECT_EQ(c["iss"], std::string("https://sts.windows.net/") + kTenant + "/");
  EXPECT_EQ(c["tid"], kTenant);
  EXPECT_EQ(c["appid"], kClient);
  EXPECT_EQ(c["appidacr"], "1");
  EXPECT_EQ(c["ver"], "1.0");
  EXPECT_EQ(c["idtyp"], "app");
  EXPECT_EQ(c["sub"], c["oid"]);
  EXPECT_EQ(c["oid"].get<std::string>().size(), 36u);
  // Whole-second claims: exp rounds up from the issue time, iat rounds down.
  long long span = c["exp"].get<long long>() - c["iat"].get<long long>();
  EXPECT_GE(span, 3600);
  EXPECT_LE(span, 3601);
  EXPECT_LE(c["nbf"].get<long long>(), static_cast<long long>(Now()));

  // Discovery leads to the JWKS, whose key verifies the token.
  Reply oidc = Raw("GET", std::string("/") + kTenant + "/v2.0/.well-known/openid-configuration",
                   "", "", {});
  ASSERT_EQ(oidc.status, 200) << oidc.body;
  EXPECT_EQ(oidc.json["issuer"],
            std::string("https://login.microsoftonline.com/") + kTenant + "/v2.0");
  EXPECT_EQ(oidc.json["token_endpoint"], base_url() + kTokenPath);
  EXPECT_EQ(oidc.json["id_token_signing_alg_values_supported"][0], "RS256");
  for (const char* field : {"authorization_endpoint", "response_types_supported",
                            "subject_types_supported"}) {
    EXPECT_TRUE(oidc.json.contains(field)) << field;
  }
  std::string jwks_uri = oidc.json["jwks_uri"];
  Reply jwks = Raw("GET", jwks_uri, "", "", {});
  ASSERT_EQ(jwks.status, 200) << jwks.body;
  const json& key = jwks.json["keys"][0];
  EXPECT_EQ(key["kty"], "RSA");
  EXPECT_EQ(key["kid"], jwt->header["kid"]);
  absl::StatusOr<RsaKey> pub = RsaKey::FromJwk(key);
  ASSERT_TRUE(pub.ok()) << pub.status();
  EXPECT_TRUE(pub->Verify(*jwt));
  EXPECT_EQ(Arm(token).status, 200);
}

TEST_F(TokenTest, V1DiscoveryAndUnknownTenant) {
  Reply v1 =
      Raw("GET", std::string("/") + kTenant + "/.well-known/openid-configuration", "", "", {});
  ASSERT_EQ(v1.status, 200) << v1.body;
  EXPECT_EQ(v1.json["issuer"], std::string("https://sts.windows.net/") + kTenant + "/");
  EXPECT_EQ(v1.json["token_endpoint"], base_url() + "/" + kTenant + "/oauth2/token");
  Reply keys = Raw("GET", v1.json["jwks_uri"].get<std::string>(), "", "", {});
  EXPECT_EQ(keys.json["keys"].size(), 1u);
  Reply unknown = Raw("GET", "/99999999-0000-0000-0000-000000000000/v2.0/.well-known/"
                      "openid-configuration", "", "", {});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.json["error_codes"][0], 90002);
}

TEST_F(TokenTest, ArmChecksSignatureAndAudience) {
  std::string good = Token();
  std::optional<ParsedJwt> jwt = ParseJwt(good);
  ASSERT_TRUE(jwt.has_value());
  // Same claims signed by another key (with the emulator's kid): refused.
  absl::StatusOr<RsaKey> other = RsaKey::Generate();
  ASSERT_TRUE(other.ok());
  std::string forged = *other->Sign({}, jwt->claims);
  size_t dot = forged.rfind('.');
  std::string resigned = good.substr(0, good.rfind('.')) + forged.substr(dot);
  Reply bad_sig = Arm(resigned);
  EXPECT_EQ(bad_sig.status, 401);
  EXPECT_EQ(bad_sig.ErrorCode(), "InvalidAuthenticationToken");
  EXPECT_NE(bad_sig.Header("www-authenticate").find("invalid_token"), std::string::npos);
  // Tampered claims keep the signature of the original: refused.
  json claims = jwt->claims;
  claims["exp"] = claims["exp"].get<long long>() + 100000;
  std::string tampered = good.substr(0, good.find('.')) + "." +
                         Base64UrlEncode(claims.dump()) + good.substr(good.rfind('.'));
  EXPECT_EQ(Arm(tampered).ErrorCode(), "InvalidAuthenticationToken");
  // A genuine token for another resource: wrong audience.
  Reply graph = TokenWith(std::string("grant_type=client_credentials&client_id=") + kClient +
                          "&client_secret=emulator-secret"
                          "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default");
  ASSERT_EQ(graph.status, 200);
  std::optional<ParsedJwt> g = ParseJwt(graph.json["access_token"]);
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->claims["ver"], "2.0");
  EXPECT_EQ(g->claims["azp"], kClient);
  Reply wrong_aud = Arm(graph.json["access_token"]);
  EXPECT_EQ(wrong_aud.status, 401);
  EXPECT_EQ(wrong_aud.ErrorCode(), "InvalidAuthenticationTokenAudience");
  EXPECT_NE(wrong_aud.body.find("https://graph.microsoft.com"), std::string::npos);
  // The emulator's own URL (the metadata document's audience) is an ARM audience.
  Reply own = TokenWith(std::string("grant_type=client_credentials&client_id=") + kClient +
                        "&client_secret=emulator-secret&resource=" + base_url() + "/");
  ASSERT_EQ(own.status, 200);
  EXPECT_TRUE(own.json.contains("not_before"));
  EXPECT_EQ(Arm(own.json["access_token"]).status, 200);
}

TEST_F(TokenTest, CertificateAssertionIsVerifiedAgainstTheRegisteredCertificate) {
  TestCert registered = MakeCert();
  TestCert stranger = MakeCert();
  Configure({{"credentials", json::array({{{"client_id", kClient},
                                           {"tenant", kTenant},
                                           {"certificates", {registered.cert_pem}}}})}});
  Reply ok = WithAssertion(CertAssertion(registered, registered));
  ASSERT_EQ(ok.status, 200) << ok.body;
  std::optional<ParsedJwt> jwt = ParseJwt(ok.json["access_token"]);
  ASSERT_TRUE(jwt.has_value());
  EXPECT_EQ(jwt->claims["appidacr"], "2");
  EXPECT_EQ(Arm(ok.json["access_token"]).status, 200);

  Reply unknown_cert = WithAssertion(CertAssertion(stranger, stranger));
  EXPECT_EQ(unknown_cert.json["error_codes"][0], 700027);
  EXPECT_NE(unknown_cert.body.find("The key was not found"), std::string::npos);
  Reply wrong_key = WithAssertion(CertAssertion(stranger, registered));
  EXPECT_EQ(wrong_key.json["error_codes"][0], 700027);
  EXPECT_NE(wrong_key.body.find("did not match"), std::string::npos);
  Reply wrong_aud = WithAssertion(CertAssertion(registered, registered,
                                                {{"aud", "https://example.com/token"}}));
  EXPECT_EQ(wrong_aud.json["error_codes"][0], 700023);
  Reply expired = WithAssertion(CertAssertion(registered, registered, {{"exp", Now() - 60}}));
  EXPECT_EQ(expired.json["error_codes"][0], 700024);
}

TEST_F(TokenTest, FederatedAssertionNeedsMatchingRecordAndIssuerSignature) {
  const std::string issuer = "https://token.actions.githubusercontent.com";
  const std::string subject = "repo:contoso/infra:environment:prod";
  absl::StatusOr<RsaKey> idp = RsaKey::Generate();
  absl::StatusOr<RsaKey> other = RsaKey::Generate();
  ASSERT_TRUE(idp.ok() && other.ok());
  json record = {{"issuer", issuer}, {"subject", subject}, {"jwks", {{"keys", {idp->Jwk()}}}}};
  Configure({{"credentials", json::array({{{"client_id", kClient},
                                           {"tenant", kTenant},
                                           {"federated", json::array({record})}}})}});
  auto idp_token = [&](const RsaKey& key, json claims) {
    json base = {{"iss", issuer}, {"sub", subject}, {"aud", "api://AzureADTokenExchange"},
                 {"nbf", Now() - 5}, {"exp", Now() + 600}};
    if (claims.is_object()) base.update(claims);
    return *key.Sign({}, base);
  };
  Reply ok = WithAssertion(idp_token(*idp, {}));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Arm(ok.json["access_token"]).status, 200);
  auto code = [&](const RsaKey& key, const json& claims) {
    return WithAssertion(idp_token(key, claims)).json["error_codes"][0];
  };
  EXPECT_EQ(code(*idp, {{"iss", "https://evil.example"}}), 700211);
  EXPECT_EQ(code(*idp, {{"sub", "repo:contoso/other"}}), 700213);
  EXPECT_EQ(code(*idp, {{"aud", "api://other"}}), 700212);
  EXPECT_EQ(code(*idp, {{"exp", Now() - 60}}), 700024);
  EXPECT_EQ(code(*other, json::object()), 50013);
}

}  // namespace
}  // namespace azbatch::emulator::testing
