// Every credential flow the emulator serves, end to end through the provider's
// ConfigureProvider, plus cloud discovery from a metadata host and the combined
// diagnostic of a failed authentication.
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/azure/api_versions.h"
#include "provider/azure/test_cert.h"
#include "tests/integration/config_util.h"

namespace azbatch::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

cty::Value S(const std::string& s) { return cty::Value::String(s); }
cty::Value B(bool b) { return cty::Value::Bool(b); }

std::string WriteTempFile(const std::string& name, const std::string& content) {
  std::string path = absl::StrCat(::testing::TempDir(), "/", name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  return path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr char kIdpIssuer[] = "https://token.actions.githubusercontent.com";
constexpr char kIdpSubject[] = "repo:contoso/infra:environment:prod";

// A JWT as an external identity provider issues it, signed (RS256) with the
// private key in `key_pem`.
std::string ExternalIdpToken(const std::string& key_pem, const std::string& subject) {
  auto b64 = [](const std::string& s) { return absl::WebSafeBase64Escape(s); };
  int64_t now = absl::ToUnixSeconds(absl::Now());
  nlohmann::json claims = {{"iss", kIdpIssuer},
                           {"sub", subject},
                           {"aud", "api://AzureADTokenExchange"},
                           {"nbf", now - 60},
                           {"exp", now + 600}};
  std::string input = absl::StrCat(b64(R"({"alg":"RS256","typ":"JWT"})"), ".", b64(claims.dump()));
  BIO* bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key);
  EVP_DigestSign(md, nullptr, &len, in, input.size());
  std::string sig(len, '\0');
  EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len, in, input.size());
  sig.resize(len);
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
  return absl::StrCat(input, ".", b64(sig));
}

class AuthIntegrationTest : public ::testing::Test {
 protected:
  // The configured client can list resource groups: the token works for ARM.
  void ExpectArmWorks(const Configured& c) {
    ASSERT_FALSE(c.resp.diagnostics.HasError()) << c.resp.diagnostics.ToString();
    ASSERT_NE(c.arm, nullptr);
    EXPECT_EQ(c.arm->endpoint(), emu_.url());
    absl::StatusOr<azure::ArmResponse> r =
        c.arm->Get(SubscriptionPath() + "/resourcegroups", azure::api_versions::kResourceGroups,
                   azure::Context().WithTimeout(absl::Seconds(30)));
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->status, 200);
  }

  // Registers the default client's certificate and its federated identity
  // credential (issuer kIdpIssuer, subject kIdpSubject, keys of `cert`) with
  // the emulator, as one would in Entra.
  void RegisterCredentials(const azure::testing::TestCert& cert) {
    emu_.SetConfig({{"credentials",
                     nlohmann::json::array({{{"client_id", kClientId},
                                             {"client_secret", kClientSecret},
                                             {"tenant", kTenantId},
                                             {"certificates", {cert.pem}},
                                             {"federated", nlohmann::json::array({{
                                                 {"issuer", kIdpIssuer},
                                                 {"subject", kIdpSubject},
                                                 {"certificates", {cert.pem}}}})}}})}});
  }

  EmulatorProcess emu_;
};

TEST_F(AuthIntegrationTest, ClientSecretFromEnvironment) {
  Configured c = ConfigureAgainst(SecretEnv(emu_), {{"preflight", B(false)}});
  ExpectArmWorks(c);
  EXPECT_EQ(c.Credential(), "client secret");
  EXPECT_EQ(c.settings->azure->cloud.login_endpoint, emu_.url());
}

TEST_F(AuthIntegrationTest, ClientSecretInBlockWithPreflight) {
  Configured c = ConfigureAgainst(BaseEnv(emu_), {{"tenant_id", S(kTenantId)},
                                                  {"client_id", S(kClientId)},
                                                  {"client_secret", S(kClientSecret)}});
  ExpectArmWorks(c);
  EXPECT_TRUE(c.settings->preflight);
  // Configuring reads no registration: they are checked at the first write
  // (issue 11; a refresh costs one GET per resource).
  int provider_reads = 0;
  for (const auto& r : emu_.Requests()) {
    std::string path = r.value("path", "");
    if (r.value("method", "") == "GET" &&
        (path.find("/providers/Microsoft.Batch") != std::string::npos ||
         path.find("/providers/Microsoft.Compute") != std::string::npos)) {
      ++provider_reads;
    }
  }
  EXPECT_EQ(provider_reads, 0);
}

TEST_F(AuthIntegrationTest, ClientCertificatePfxInBlock) {
  azure::testing::TestCert cert = azure::testing::MakeTestCert("pfx-pass");
  RegisterCredentials(cert);
  Configured c = ConfigureAgainst(
      BaseEnv(emu_), {{"tenant_id", S(kTenantId)},
                      {"client_id", S(kClientId)},
                      {"client_certificate", S(absl::Base64Escape(cert.pfx))},
                      {"client_certificate_password", S("pfx-pass")},
                      {"preflight", B(false)}});
  ExpectArmWorks(c);
  EXPECT_EQ(c.Credential(), "client certificate");
}

TEST_F(AuthIntegrationTest, ClientCertificatePemFromPathWinsOverSecret) {
  azure::testing::TestCert cert = azure::testing::MakeTestCert("unused");
  RegisterCredentials(cert);
  std::string path = WriteTempFile("client-cert.pem", cert.pem);
  auto env = SecretEnv(emu_);
  env["ARM_CLIENT_CERTIFICATE_PATH"] = path;
  Configured c = ConfigureAgainst(env, {{"preflight", B(false)}});
  ExpectArmWorks(c);
  EXPECT_EQ(c.Credential(), "client certificate");  // azurerm's precedence
}

TEST_F(AuthIntegrationTest, ClientCertificateNotRegisteredIsRefused) {
  azure::testing::TestCert registered = azure::testing::MakeTestCert("unused");
  azure::testing::TestCert other = azure::testing::MakeTestCert("unused");
  RegisterCredentials(registered);
  auto env = BaseEnv(emu_);
  env["ARM_TENANT_ID"] = kTenantId;
  env["ARM_CLIENT_ID"] = kClientId;
  env["ARM_CLIENT_CERTIFICATE_PATH"] = WriteTempFile("other-cert.pem", other.pem);
  Configured c = ConfigureAgainst(env, {{"preflight", B(false)}});
  ASSERT_EQ(c.resp.diagnostics.size(), 1u) << c.resp.diagnostics.ToString();
  EXPECT_THAT(c.resp.diagnostics[0].detail, HasSubstr("AADSTS700027"));
}

TEST_F(AuthIntegrationTest, OidcTokenInBlock) {
  azure::testing::TestCert idp = azure::testing::MakeTestCert("unused");
  RegisterCredentials(idp);
  Configured c = ConfigureAgainst(BaseEnv(emu_), {{"tenant_id", S(kTenantId)},
                                                  {"client_id", S(kClientId)},
                                                  {"use_oidc", B(true)},
                                                  {"oidc_token", S(ExternalIdpToken(idp.pem,
                                                                                    kIdpSubject))},
                                                  {"preflight", B(false)}});
  ExpectArmWorks(c);
  EXPECT_EQ(c.Credential(), "OIDC token");
}

TEST_F(AuthIntegrationTest, OidcTokenFileFromEnvironment) {
  azure::testing::TestCert idp = azure::testing::MakeTestCert("unused");
  RegisterCredentials(idp);
  std::string path = WriteTempFile("oidc-token", ExternalIdpToken(idp.pem, kIdpSubject));
  auto env = BaseEnv(emu_);
  env["ARM_TENANT_ID"] = kTenantId;
  env["ARM_CLIENT_ID"] = kClientId;
  env["ARM_USE_OIDC"] = "true";
  env["ARM_OIDC_TOKEN_FILE_PATH"] = path;
  Configured c = ConfigureAgainst(env, {{"preflight", B(false)}});
  ExpectArmWorks(c);
  EXPECT_EQ(c.Credential(), "OIDC token");
}

TEST_F(AuthIntegrationTest, OidcTokenForAnotherSubjectIsRejected) {
  azure::testing::TestCert idp = azure::testing::MakeTestCert("unused");
  RegisterCredentials(idp);
  Configured c = ConfigureAgainst(BaseEnv(emu_), {{"tenant_id", S(kTenantId)},
                                                  {"client_id", S(kClientId)},
                                                  {"use_oidc", B(true)},
                                                  {"oidc_token",
                                                   S(ExternalIdpToken(idp.pem, "repo:x/y"))},
                                                  {"preflight", B(false)}});
  ASSERT_EQ(c.resp.diagnostics.size(), 1u) << c.resp.diagnostics.ToString();
  EXPECT_THAT(c.resp.diagnostics[0].detail, HasSubstr("OIDC token: failed"));
  EXPECT_THAT(c.resp.diagnostics[0].detail, HasSubstr("AADSTS700213"));
}

TEST_F(AuthIntegrationTest, ManagedIdentityThroughEndpointOverride) {
  Configured c = ConfigureAgainst(
      BaseEnv(emu_),
      {{"use_msi", B(true)},
       {"msi_endpoint", S(emu_.url() + "/metadata/identity/oauth2/token")},
       {"preflight", B(false)}});
  ExpectArmWorks(c);
  EXPECT_EQ(c.Credential(), "managed identity");
}

TEST_F(AuthIntegrationTest, AzureCliThroughFakeAzOnPath) {
  // A stand-in `az` that records its arguments and prints a token the emulator issued.
  std::string dir = absl::StrCat(::testing::TempDir(), "/fake-az-bin");
  mkdir(dir.c_str(), 0755);
  std::string args_file = dir + "/args";
  std::remove(args_file.c_str());
  std::string token = emu_.FetchToken();
  ASSERT_FALSE(token.empty());
  int64_t expires = absl::ToUnixSeconds(absl::Now()) + 3000;
  std::string script = absl::StrCat(
      "#!/bin/sh\necho \"$@\" > '", args_file, "'\n", "cat <<'JSON'\n",
      nlohmann::json{{"accessToken", token},
                     {"expiresOn", "2099-01-01 00:00:00.000000"},
                     {"expires_on", expires},
                     {"subscription", kSubscriptionId},
                     {"tenant", kTenantId},
                     {"tokenType", "Bearer"}}
          .dump(),
      "\nJSON\n");
  std::string az = WriteTempFile("fake-az-bin/az", script);
  ASSERT_EQ(chmod(az.c_str(), 0755), 0);
  std::string old_path = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
  setenv("PATH", (dir + ":" + old_path).c_str(), 1);

  auto env = BaseEnv(emu_);
  env["ARM_USE_CLI"] = "true";
  env["ARM_TENANT_ID"] = kTenantId;
  Configured c = ConfigureAgainst(env, {{"preflight", B(false)}});
  setenv("PATH", old_path.c_str(), 1);
  ExpectArmWorks(c);
  EXPECT_EQ(c.Credential(), "Azure CLI");
  std::string args = ReadFile(args_file);
  EXPECT_THAT(args, HasSubstr("account get-access-token"));
  EXPECT_THAT(args, HasSubstr(absl::StrCat("--tenant ", kTenantId)));
}

TEST_F(AuthIntegrationTest, BadSecretGivesOneCombinedDiagnosticWithoutTheSecret) {
  const std::string wrong = "definitely-the-wrong-secret";
  auto env = SecretEnv(emu_);
  env["ARM_CLIENT_SECRET"] = wrong;
  env["ARM_USE_MSI"] = "true";
  env["ARM_MSI_ENDPOINT"] = emu_.url() + "/_emulator/health";  // 200 without a token
  Configured c = ConfigureAgainst(env, {});
  ASSERT_EQ(c.resp.diagnostics.size(), 1u) << c.resp.diagnostics.ToString();
  const framework::Diagnostic& d = c.resp.diagnostics[0];
  EXPECT_EQ(d.summary, "Unable to authenticate to Azure");
  EXPECT_THAT(d.detail, HasSubstr("credentials tried in order"));
  EXPECT_THAT(d.detail, HasSubstr("client certificate: skipped"));
  EXPECT_THAT(d.detail, HasSubstr("client secret: failed"));
  EXPECT_THAT(d.detail, HasSubstr("AADSTS7000215"));
  EXPECT_THAT(d.detail, HasSubstr("OIDC token: skipped"));
  EXPECT_THAT(d.detail, HasSubstr("managed identity: failed"));
  EXPECT_THAT(d.detail, HasSubstr("Azure CLI: skipped"));
  EXPECT_THAT(d.detail, Not(HasSubstr(wrong)));
  EXPECT_THAT(d.detail, Not(HasSubstr(kClientSecret)));
  EXPECT_EQ(c.settings, nullptr);
}

TEST_F(AuthIntegrationTest, TokenEndpointAnsweringAnArmErrorIsADiagnosticNotACrash) {
  // The emulator answers unknown paths with ARM's {"error":{"code","message"}} shape,
  // where Entra uses a string "error".
  auto env = BaseEnv(emu_);
  env["ARM_USE_MSI"] = "true";
  env["ARM_MSI_ENDPOINT"] = emu_.url() + "/nothing-here";
  Configured c = ConfigureAgainst(env, {{"preflight", B(false)}});
  ASSERT_EQ(c.resp.diagnostics.size(), 1u) << c.resp.diagnostics.ToString();
  EXPECT_EQ(c.settings, nullptr);
}

TEST_F(AuthIntegrationTest, MetadataHostDiscoveryWithSchemeInBlock) {
  auto env = SecretEnv(emu_);
  env.erase("ARM_METADATA_HOSTNAME");
  Configured c = ConfigureAgainst(env, {{"metadata_host", S(emu_.url())}, {"preflight", B(false)}});
  ExpectArmWorks(c);
  const azure::CloudEnvironment& cloud = c.settings->azure->cloud;
  EXPECT_EQ(cloud.resource_manager, emu_.url());
  EXPECT_EQ(cloud.login_endpoint, emu_.url());
  EXPECT_FALSE(cloud.name.empty());
  EXPECT_FALSE(cloud.token_audience.empty());
}

TEST(AuthIntegrationTlsTest, LoopbackMetadataHostWithHttpsReachesTheTlsEmulator) {
  std::string cert = absl::StrCat(::testing::TempDir(), "/arm-emulator-tls-", getpid(), ".pem");
  // Trust only the emulator's certificate, as a user would with --tls-cert-file: OpenSSL
  // reads SSL_CERT_FILE whenever a TLS connection is set up.
  setenv("SSL_CERT_FILE", cert.c_str(), 1);
  {
    EmulatorProcess tls({"--tls", "--tls-cert-file", cert});
    ASSERT_TRUE(tls.running());
    ASSERT_EQ(tls.url().rfind("https://127.0.0.1:", 0), 0u) << tls.url();
    auto env = SecretEnv(tls);
    env["ARM_METADATA_HOSTNAME"] = tls.url();  // an explicit https:// on a loopback host
    Configured c = ConfigureAgainst(env, {{"preflight", B(false)}});
    ASSERT_FALSE(c.resp.diagnostics.HasError()) << c.resp.diagnostics.ToString();
    EXPECT_EQ(c.settings->azure->cloud.resource_manager, tls.url());
    EXPECT_EQ(c.settings->azure->cloud.login_endpoint, tls.url());
    absl::StatusOr<azure::ArmResponse> r =
        c.arm->Get(SubscriptionPath() + "/resourcegroups", azure::api_versions::kResourceGroups,
                   azure::Context().WithTimeout(absl::Seconds(30)));
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->status, 200);

    // The bare host:port of a loopback host still means http, which a TLS listener refuses.
    env["ARM_METADATA_HOSTNAME"] = tls.url().substr(std::string("https://").size());
    resources::ConfigureOptions options;
    options.timeout = absl::Seconds(4);
    options.retry.initial_delay = absl::Milliseconds(100);
    Configured plain = ConfigureAgainst(env, {{"preflight", B(false)}}, options);
    EXPECT_TRUE(plain.resp.diagnostics.HasError())
        << (plain.settings ? plain.settings->azure->cloud.resource_manager : "no settings");
  }
  unsetenv("SSL_CERT_FILE");
}

TEST_F(AuthIntegrationTest, MetadataHostWithRemotePlainHttpIsRefused) {
  auto env = SecretEnv(emu_);
  env["ARM_METADATA_HOSTNAME"] = "http://azurestack.example";
  Configured c = ConfigureAgainst(env, {{"preflight", B(false)}});
  ASSERT_EQ(c.resp.diagnostics.size(), 1u) << c.resp.diagnostics.ToString();
  EXPECT_THAT(c.resp.diagnostics[0].detail + c.resp.diagnostics[0].summary,
              HasSubstr("plain http is only allowed to a loopback host"));
  EXPECT_EQ(c.settings, nullptr);
}

TEST_F(AuthIntegrationTest, UnreachableMetadataHostIsOneClearError) {
  auto env = SecretEnv(emu_);
  env["ARM_METADATA_HOSTNAME"] = "127.0.0.1:1";
  resources::ConfigureOptions options;
  options.timeout = absl::Seconds(4);  // connection errors are retried until the deadline
  options.retry.initial_delay = absl::Milliseconds(100);
  Configured c = ConfigureAgainst(env, {{"preflight", B(false)}}, options);
  ASSERT_EQ(c.resp.diagnostics.size(), 1u) << c.resp.diagnostics.ToString();
  EXPECT_EQ(c.resp.diagnostics[0].summary, "Unable to connect to Azure");
  EXPECT_THAT(c.resp.diagnostics[0].detail, HasSubstr("127.0.0.1:1"));
}

}  // namespace
}  // namespace azbatch::integration
