// Identity: token endpoint (secret and assertion), IMDS, metadata document and
// ARM bearer checks, over real HTTP.
#include <openssl/evp.h>

#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

const char kTokenPath[] = "/00000000-0000-0000-0000-0000000000aa/oauth2/v2.0/token";
const char kClient[] = "00000000-0000-0000-0000-000000000001";

std::string B64Url(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(n);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::string Jwt(const json& claims) {
  return B64Url(json{{"alg", "RS256"}, {"typ", "JWT"}, {"x5t", "abc"}}.dump()) + "." +
         B64Url(claims.dump()) + "." + B64Url("signature");
}

class IdentityTest : public EmulatorTest {
 protected:
  Reply TokenWith(const std::string& form, const std::string& path = kTokenPath) {
    return Raw("POST", path, form, "application/x-www-form-urlencoded", {});
  }
  static std::string SecretForm(const std::string& client, const std::string& secret) {
    return "grant_type=client_credentials&client_id=" + client + "&client_secret=" + secret +
           "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default";
  }
  std::string ArmPath() { return std::string(kSub) + "/resourcegroups?api-version=2025-04-01"; }
};

TEST_F(IdentityTest, ClientSecretIssuesBearerTokenAcceptedByArm) {
  Reply r = TokenWith(SecretForm(kClient, "emulator-secret"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["token_type"], "Bearer");
  EXPECT_EQ(r.json["expires_in"], 3600);
  std::string token = r.json["access_token"];
  EXPECT_FALSE(token.empty());
  Reply arm = Call("GET", ArmPath(), nullptr, {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(arm.status, 200) << arm.body;
}

TEST_F(IdentityTest, WrongSecretIsAadsts7000215) {
  Reply r = TokenWith(SecretForm(kClient, "nope"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json["error"], "invalid_client");
  EXPECT_EQ(r.json["error_codes"][0], 7000215);
  EXPECT_EQ(r.json["error_description"].get<std::string>().rfind("AADSTS7000215:", 0), 0u);
  EXPECT_EQ(r.body.find("nope"), std::string::npos);  // never echo the secret
}

TEST_F(IdentityTest, UnknownClientIsAadsts700016) {
  Reply r = TokenWith(SecretForm("11111111-1111-1111-1111-111111111111", "x"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json["error"], "unauthorized_client");
  EXPECT_EQ(r.json["error_codes"][0], 700016);
}

TEST_F(IdentityTest, UnknownTenantAndBadGrants) {
  Reply tenant = TokenWith(SecretForm(kClient, "emulator-secret"),
                           "/99999999-0000-0000-0000-000000000000/oauth2/v2.0/token");
  EXPECT_EQ(tenant.status, 400);
  EXPECT_EQ(tenant.json["error_codes"][0], 90002);
  Reply missing = TokenWith("client_id=x");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json["error_codes"][0], 900144);
  Reply grant = TokenWith("grant_type=password&client_id=x&scope=a%2F.default");
  EXPECT_EQ(grant.status, 400);
  EXPECT_EQ(grant.json["error"], "unsupported_grant_type");
}

TEST_F(IdentityTest, MalformedOrUnregisteredClientAssertion) {
  double now = static_cast<double>(std::time(nullptr));
  auto form = [&](const std::string& jwt) {
    return std::string("grant_type=client_credentials&client_id=") + kClient +
           "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
           "&client_assertion=" + jwt + "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default";
  };
  json good = {{"iss", kClient}, {"sub", kClient}, {"aud", base_url() + kTokenPath},
               {"exp", now + 600}, {"nbf", now - 10}, {"jti", "1"}};
  // Well formed, but no certificate is registered for the app: the signature
  // cannot be checked, so Entra refuses it.
  Reply unsigned_cert = TokenWith(form(Jwt(good)));
  EXPECT_EQ(unsigned_cert.status, 401);
  EXPECT_EQ(unsigned_cert.json["error_codes"][0], 700027) << unsigned_cert.body;

  json wrong_sub = good;
  wrong_sub["sub"] = "someone-else";
  Reply r1 = TokenWith(form(Jwt(wrong_sub)));
  EXPECT_EQ(r1.status, 401);
  EXPECT_EQ(r1.json["error_codes"][0], 700021);

  json expired = good;
  expired["exp"] = now - 100;
  Reply r2 = TokenWith(form(Jwt(expired)));
  EXPECT_EQ(r2.status, 401);
  EXPECT_EQ(r2.json["error_codes"][0], 700024);

  Reply r3 = TokenWith(form("not-a-jwt"));
  EXPECT_EQ(r3.status, 401);
  EXPECT_EQ(r3.json["error_codes"][0], 50027);
}

TEST_F(IdentityTest, ConfigurableCredentials) {
  Configure({{"credentials",
              json::array({{{"client_id", "abc"}, {"client_secret", "s3"},
                            {"tenant", "00000000-0000-0000-0000-0000000000aa"}}})}});
  EXPECT_EQ(TokenWith(SecretForm("abc", "s3")).status, 200);
  Reply old = TokenWith(SecretForm(kClient, "emulator-secret"));
  EXPECT_EQ(old.json["error_codes"][0], 700016);
  Reply cfg = Call("GET", "/_emulator/config", nullptr, {}, false);
  EXPECT_EQ(cfg.body.find("s3"), std::string::npos);  // secrets are not exposed
}

TEST_F(IdentityTest, ManagedIdentityNeedsMetadataHeader) {
  std::string path = "/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
                     "https%3A%2F%2Fmanagement.azure.com%2F";
  Reply no_header = Raw("GET", path, "", "", {});
  EXPECT_EQ(no_header.status, 400);
  EXPECT_EQ(no_header.json["error"], "invalid_request");
  Reply r = Raw("GET", path, "", "", {{"Metadata", "true"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json["expires_in"].is_string());
  EXPECT_TRUE(r.json["expires_on"].is_string());
  EXPECT_EQ(r.json["resource"], "https://management.azure.com/");
  std::string token = r.json["access_token"];
  EXPECT_EQ(Call("GET", ArmPath(), nullptr, {{"Authorization", "Bearer " + token}}).status, 200);
}

TEST_F(IdentityTest, AppServiceStyleManagedIdentity) {
  std::string path = "/msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com%2F";
  Reply wrong = Raw("GET", path, "", "", {{"X-IDENTITY-HEADER", "guess"}});
  EXPECT_EQ(wrong.status, 401);
  Reply r = Raw("GET", path, "", "", {{"X-IDENTITY-HEADER", "emulator-identity-header"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["token_type"], "Bearer");
  std::string token = r.json["access_token"];
  EXPECT_EQ(Call("GET", ArmPath(), nullptr, {{"Authorization", "Bearer " + token}}).status, 200);
}

TEST_F(IdentityTest, MetadataEndpointsPointAtEmulator) {
  Reply r = Raw("GET", "/metadata/endpoints?api-version=2022-09-01", "", "", {});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json["resourceManager"], base_url() + "/");
  EXPECT_EQ(r.json["authentication"]["loginEndpoint"], base_url() + "/");
  EXPECT_EQ(r.json["authentication"]["audiences"][0], base_url() + "/");
  EXPECT_FALSE(r.json["name"].get<std::string>().empty());
}

TEST_F(IdentityTest, ArmRejectsMissingInvalidAndExpiredTokens) {
  Reply missing = Call("GET", ArmPath(), nullptr, {}, false);
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.ErrorCode(), "AuthenticationFailed");
  EXPECT_NE(missing.Header("www-authenticate").find("Bearer"), std::string::npos);
  Reply invalid = Call("GET", ArmPath(), nullptr, {{"Authorization", "Bearer forged"}});
  EXPECT_EQ(invalid.status, 401);
  EXPECT_EQ(invalid.ErrorCode(), "InvalidAuthenticationToken");
  // The old opaque shape is not a token any more.
  Reply opaque = Call("GET", ArmPath(), nullptr,
                      {{"Authorization", "Bearer emu.0123456789abcdef0123456789abcdef"}});
  EXPECT_EQ(opaque.ErrorCode(), "InvalidAuthenticationToken");
  Configure({{"token_lifetime_seconds", 0}});
  Reply t = TokenWith(SecretForm(kClient, "emulator-secret"));
  ASSERT_EQ(t.status, 200);
  EXPECT_EQ(t.json["expires_in"], 0);
  Reply expired = Call("GET", ArmPath(), nullptr,
                       {{"Authorization", "Bearer " + t.json["access_token"].get<std::string>()}});
  EXPECT_EQ(expired.status, 401);
  EXPECT_EQ(expired.ErrorCode(), "ExpiredAuthenticationToken");
}

}  // namespace
}  // namespace azbatch::emulator::testing
