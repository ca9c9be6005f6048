#include "provider/azure/credentials.h"

#include <openssl/sha.h>

#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "provider/azure/client_certificate.h"
#include "provider/azure/fake_transport.h"
#include "provider/azure/test_cert.h"

namespace azbatch::azure {
namespace {

using nlohmann::json;

std::map<std::string, std::string> ParseForm(const std::string& body) {
  std::map<std::string, std::string> out;
  for (absl::string_view kv : absl::StrSplit(body, '&')) {
    std::pair<std::string, std::string> p = absl::StrSplit(kv, absl::MaxSplits('=', 1));
    out[p.first] = p.second;
  }
  return out;
}

struct Env {
  FakeClock clock;
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
  std::shared_ptr<Pipeline> pipeline = BuildPipeline({transport, nullptr, "", nullptr, "", {}});
  Context ctx() { return Context().WithClock(&clock); }
};

TEST(TokenResponseTest, ParsesExpiryForms) {
  absl::Time now = absl::FromUnixSeconds(1000);
  auto a = ParseTokenResponse(200, R"({"access_token":"x","expires_in":3599})", now);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->expires_on, now + absl::Seconds(3599));
  auto b = ParseTokenResponse(200, R"({"access_token":"x","expires_in":"60"})", now);
  EXPECT_EQ(b->expires_on, now + absl::Seconds(60));
  auto c = ParseTokenResponse(200, R"({"access_token":"x","expires_on":"5000","expires_in":"1"})", now);
  EXPECT_EQ(c->expires_on, absl::FromUnixSeconds(5000));
  EXPECT_FALSE(ParseTokenResponse(200, R"({"expires_in":1})", now).ok());
  auto err = ParseTokenResponse(
      401, R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret.\r\nTrace ID: 1"})",
      now);
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.status().message(),
            "token request failed: HTTP 401: invalid_client: AADSTS7000215: Invalid client secret.");
}

TEST(TokenResponseTest, ArmShapedErrorIsAStatusNotACrash) {
  auto err = ParseTokenResponse(
      404, R"({"error":{"code":"NotFound","message":"no identity endpoint here"}})",
      absl::FromUnixSeconds(1000));
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.status().message(),
            "token request failed: HTTP 404: NotFound: no identity endpoint here");
}

TEST(ClientSecretTest, PostsForm) {
  Env e;
  e.transport->Expect("POST", "https://login.example/tenant-1/oauth2/v2.0/token",
                      MakeJsonResponse(200, {{"access_token", "AT"}, {"expires_in", 100}}));
  auto cred = NewClientSecretCredential("https://login.example/", "tenant-1", "cid", "s&cret=",
                                        e.pipeline);
  auto t = cred->GetToken("https://management.azure.com/.default", e.ctx());
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->token, "AT");
  auto req = e.transport->requests()[0];
  EXPECT_EQ(req.headers["Content-Type"], "application/x-www-form-urlencoded");
  auto form = ParseForm(req.body);
  EXPECT_EQ(form["grant_type"], "client_credentials");
  EXPECT_EQ(form["client_id"], "cid");
  EXPECT_EQ(form["client_secret"], "s%26cret%3D");
  EXPECT_EQ(form["scope"], "https%3A%2F%2Fmanagement.azure.com%2F.default");
}

TEST(ClientCertificateTest, PemAndPfxSignVerifiableAssertions) {
  testing::TestCert tc = testing::MakeTestCert("pw");
  unsigned char sha1[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(tc.der.data()), tc.der.size(), sha1);
  std::string want_x5t = Base64UrlEncode(std::string(reinterpret_cast<char*>(sha1), 20));
  for (const std::string* data : {&tc.pem, &tc.pfx}) {
    auto cert = ClientCertificate::Load(*data, "pw");
    ASSERT_TRUE(cert.ok()) << cert.status();
    EXPECT_EQ((*cert)->x5t(), want_x5t);
    auto jwt = (*cert)->SignAssertion("cid", "https://login/t/oauth2/v2.0/token",
                                      absl::FromUnixSeconds(1700000000), "jti-1");
    ASSERT_TRUE(jwt.ok());
    EXPECT_TRUE((*cert)->VerifyAssertion(*jwt));
    std::vector<std::string> parts = absl::StrSplit(*jwt, '.');
    ASSERT_EQ(parts.size(), 3u);
    std::string header, claims;
    ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[0], &header));
    ASSERT_TRUE(absl::WebSafeBase64Unescape(parts[1], &claims));
    json h = json::parse(header), c = json::parse(claims);
    EXPECT_EQ(h["alg"], "RS256");
    EXPECT_EQ(h["x5t"], want_x5t);
    EXPECT_EQ(c["aud"], "https://login/t/oauth2/v2.0/token");
    EXPECT_EQ(c["iss"], "cid");
    EXPECT_EQ(c["sub"], "cid");
    EXPECT_EQ(c["jti"], "jti-1");
    EXPECT_EQ(c["nbf"], 1700000000);
    EXPECT_EQ(c["exp"], 1700000600);
    // Tampering breaks the signature.
    std::string tampered = *jwt;
    tampered[parts[0].size() + 3] ^= 1;
    EXPECT_FALSE((*cert)->VerifyAssertion(tampered));
  }
  EXPECT_FALSE(ClientCertificate::Load(tc.pfx, "wrong").ok());
  EXPECT_FALSE(ClientCertificate::Load("garbage", "").ok());
}

TEST(ClientCertificateTest, CredentialSendsAssertion) {
  Env e;
  testing::TestCert tc = testing::MakeTestCert("");
  auto cert = ClientCertificate::Load(tc.pem, "");
  ASSERT_TRUE(cert.ok());
  e.transport->Enqueue(MakeJsonResponse(200, {{"access_token", "AT"}, {"expires_in", 100}}));
  auto cred = NewClientCertificateCredential("https://login.example", "t", "cid", *cert, e.pipeline);
  ASSERT_TRUE(cred->GetToken("s/.default", e.ctx()).ok());
  auto form = ParseForm(e.transport->requests()[0].body);
  EXPECT_EQ(form["client_assertion_type"],
            "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer");
  EXPECT_TRUE((*cert)->VerifyAssertion(form["client_assertion"]));
  EXPECT_EQ(form.count("client_secret"), 0u);
}

TEST(OidcTest, GitHubActionsRequestsIdTokenWithAudience) {
  Env e;
  e.transport->Expect("GET", "https://gh.example/token?x=1&audience=api%3A%2F%2FAzureADTokenExchange",
                      MakeJsonResponse(200, {{"value", "GH.JWT.X"}}));
  e.transport->Expect("POST", "/tenant/oauth2/v2.0/token",
                      MakeJsonResponse(200, {{"access_token", "AT"}, {"expires_in", 100}}));
  auto cred = NewClientAssertionCredential(
      "GitHub Actions OIDC", "https://login.example", "tenant", "cid",
      GitHubOidcAssertion("https://gh.example/token?x=1", "REQTOKEN", e.pipeline), e.pipeline);
  ASSERT_TRUE(cred->GetToken("s/.default", e.ctx()).ok());
  auto reqs = e.transport->requests();
  EXPECT_EQ(reqs[0].headers["Authorization"], "Bearer REQTOKEN");
  EXPECT_EQ(ParseForm(reqs[1].body)["client_assertion"], "GH.JWT.X");
}

TEST(OidcTest, AzureDevOpsAndFileAssertions) {
  Env e;
  e.transport->Expect("POST", "https://ado.example/oidc?api-version=7.1&serviceConnectionId=sc-1",
                      MakeJsonResponse(200, {{"oidcToken", "ADO.JWT"}}));
  auto src = AzureDevOpsOidcAssertion("https://ado.example/oidc", "SYS", "sc-1", e.pipeline);
  auto a = src("u", e.ctx());
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(*a, "ADO.JWT");
  e.transport->Enqueue(MakeJsonResponse(500, json::object()));  // retried ...
  e.transport->SetHandler([](const HttpRequest&) { return MakeResponse(403); });
  EXPECT_FALSE(src("u", e.ctx()).ok());

  int reads = 0;
  FileReader reader = [&](const std::string& path) -> absl::StatusOr<std::string> {
    ++reads;
    if (path != "/var/run/token") return absl::NotFoundError("no");
    return "  FILE.JWT." + std::to_string(reads) + "\n";
  };
  auto file = FileAssertion("/var/run/token", reader);
  EXPECT_EQ(*file("u", e.ctx()), "FILE.JWT.1");
  EXPECT_EQ(*file("u", e.ctx()), "FILE.JWT.2");  // re-read: projected tokens rotate
  EXPECT_FALSE(FileAssertion("/missing", reader)("u", e.ctx()).ok());
}

TEST(ManagedIdentityTest, ImdsAndAppService) {
  Env e;
  e.transport->Expect(
      "GET",
      "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource="
      "https%3A%2F%2Fmanagement.azure.com%2F&client_id=uai",
      MakeJsonResponse(200, {{"access_token", "MI"}, {"expires_on", "1700003600"}}));
  ManagedIdentityOptions o;
  o.client_id = "uai";
  auto t = NewManagedIdentityCredential(o, e.pipeline)
               ->GetToken("https://management.azure.com/.default", e.ctx());
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->expires_on, absl::FromUnixSeconds(1700003600));
  EXPECT_EQ(e.transport->requests()[0].headers["Metadata"], "true");

  e.transport->Expect("GET", "http://127.0.0.1:41000/msi/token?api-version=2019-08-01&resource=",
                      MakeJsonResponse(200, {{"access_token", "AS"}, {"expires_on", 1700003600}}));
  ManagedIdentityOptions as;
  as.endpoint = "http://127.0.0.1:41000/msi/token";
  as.identity_header = "IDH";
  auto cred = NewManagedIdentityCredential(as, e.pipeline);
  EXPECT_EQ(cred->Name(), "managed identity (App Service)");
  ASSERT_TRUE(cred->GetToken("https://management.azure.com/.default", e.ctx()).ok());
  EXPECT_EQ(e.transport->requests()[1].headers["X-IDENTITY-HEADER"], "IDH");
  EXPECT_EQ(e.transport->requests()[1].headers.count("Metadata"), 0u);
}

TEST(AzureCliTest, RunsAzAndParsesOutput) {
  std::vector<std::string> seen;
  CommandRunner runner = [&](const std::vector<std::string>& argv,
                             const Context&) -> absl::StatusOr<CommandResult> {
    seen = argv;
    return CommandResult{0, R"({"accessToken":"CLI","expires_on":1700001234,"tokenType":"Bearer"})", ""};
  };
  auto t = NewAzureCliCredential(runner, "tid")->GetToken("https://management.azure.com/.default",
                                                          Context());
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->token, "CLI");
  EXPECT_EQ(t->expires_on, absl::FromUnixSeconds(1700001234));
  EXPECT_EQ(seen, (std::vector<std::string>{"az", "account", "get-access-token", "--resource",
                                            "https://management.azure.com/", "-o", "json",
                                            "--tenant", "tid"}));
  auto local = ParseAzureCliToken(R"({"accessToken":"x","expiresOn":"2030-01-02 03:04:05.123456"})");
  ASSERT_TRUE(local.ok()) << local.status();
  absl::Time want;
  std::string err;
  ASSERT_TRUE(absl::ParseTime("%Y-%m-%d %H:%M:%S", "2030-01-02 03:04:05", absl::LocalTimeZone(),
                              &want, &err));
  EXPECT_EQ(absl::ToUnixSeconds(local->expires_on), absl::ToUnixSeconds(want));
  EXPECT_FALSE(ParseAzureCliToken("{}").ok());

  CommandRunner failing = [](const std::vector<std::string>&,
                             const Context&) -> absl::StatusOr<CommandResult> {
    return CommandResult{1, "", "ERROR: Please run 'az login' to setup account.\nmore"};
  };
  auto f = NewAzureCliCredential(failing, "")->GetToken("s/.default", Context());
  ASSERT_FALSE(f.ok());
  EXPECT_NE(f.status().message().find("Please run 'az login'"), std::string::npos);
  EXPECT_EQ(f.status().message().find("more"), std::string::npos);
}

TEST(CommandRunnerTest, CapturesOutputAndExitCode) {
  auto r = DefaultCommandRunner()({"sh", "-c", "echo out; echo err >&2; exit 3"}, Context());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code, 3);
  auto missing = DefaultCommandRunner()({"/nonexistent/az-binary"}, Context());
  EXPECT_TRUE(absl::IsNotFound(missing.status())) << missing.status();
  absl::Time start = absl::Now();
  auto slow = DefaultCommandRunner()({"sleep", "30"}, Context().WithTimeout(absl::Milliseconds(200)));
  EXPECT_TRUE(absl::IsDeadlineExceeded(slow.status())) << slow.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

}  // namespace
}  // namespace azbatch::azure
