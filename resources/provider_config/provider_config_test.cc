#include "resources/provider_config/provider_config.h"

#include <map>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/azure/fake_transport.h"

namespace azbatch::resources {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSub[] = "00000000-0000-0000-0000-0000000000bb";
constexpr char kSecret[] = "very-secret-value-123";

azure::EnvGetter MapEnv(std::map<std::string, std::string> m) {
  return [m](const std::string& name) -> std::optional<std::string> {
    auto it = m.find(name);
    if (it == m.end()) return std::nullopt;
    return it->second;
  };
}

cty::Value Config(std::map<std::string, cty::Value> attrs) {
  cty::Value v = ProviderConfigSchema().block.EmptyValue();
  for (auto& [k, a] : attrs) v = v.WithAttr(k, a);
  return v;
}

cty::Value S(const std::string& s) { return cty::Value::String(s); }

// Secret-based service principal against a public-cloud fake.
std::map<std::string, cty::Value> SecretAttrs() {
  return {{"subscription_id", S(kSub)},
          {"tenant_id", S("tenant-1")},
          {"client_id", S("client-1")},
          {"client_secret", S(kSecret)},
          {"use_cli", cty::Value::Bool(false)}};
}

struct Configured {
  framework::ProviderConfigureResponse resp;
  framework::Context ctx;  // carries the provider data
};

Configured Configure(const cty::Value& config, std::shared_ptr<azure::FakeTransport> transport,
                     std::map<std::string, std::string> env = {}) {
  ConfigureOptions o;
  o.env = MapEnv(std::move(env));
  o.transport = std::move(transport);
  o.retry.initial_delay = absl::Milliseconds(1);
  o.timeout = absl::Seconds(20);
  Configured c;
  ConfigureProviderWith(o, framework::Context(), {config, "1.13.0"}, &c.resp);
  c.ctx = framework::Context().WithProviderData(c.resp.provider_data);
  return c;
}

TEST(ProviderConfigSchemaTest, AllOptionalWithSensitiveSecretsAndEnvNames) {
  framework::Schema s = ProviderConfigSchema();
  const std::vector<std::string> names = {
      "subscription_id", "tenant_id", "client_id", "client_secret", "client_certificate",
      "client_certificate_path", "client_certificate_password", "use_oidc", "oidc_token",
      "oidc_token_file_path", "oidc_request_url", "oidc_request_token",
      "ado_pipeline_service_connection_id", "use_aks_workload_identity", "use_msi",
      "msi_endpoint", "use_cli", "environment", "metadata_host",
      "resource_provider_registrations", "preflight"};
  EXPECT_EQ(s.block.attributes.size(), names.size());
  const std::set<std::string> sensitive = {"client_secret", "client_certificate",
                                           "client_certificate_password", "oidc_token",
                                           "oidc_request_token"};
  for (const std::string& n : names) {
    const framework::Attribute* a = s.block.FindAttribute(n);
    ASSERT_NE(a, nullptr) << n;
    EXPECT_TRUE(a->optional) << n;
    EXPECT_FALSE(a->required || a->computed) << n;
    EXPECT_EQ(a->sensitive, sensitive.count(n) == 1) << n;
    EXPECT_EQ(a->description_kind, framework::DescriptionKind::kMarkdown);
    bool names_env = absl::StrContains(a->description, "`ARM_") ||
                     absl::StrContains(a->description, "`AZURE_");
    EXPECT_TRUE(names_env) << n << ": " << a->description;
  }
  EXPECT_FALSE(s.block.FindAttribute("environment")->validators.empty());
  EXPECT_FALSE(s.block.FindAttribute("resource_provider_registrations")->validators.empty());
}

TEST(ConfigureProviderTest, UnknownValuesDuringPlanSucceedWithoutClient) {
  auto transport = std::make_shared<azure::FakeTransport>();
  auto attrs = SecretAttrs();
  attrs["subscription_id"] = cty::Value::Unknown(cty::Type::String());
  attrs["preflight"] = cty::Value::Bool(false);
  Configured c = Configure(Config(attrs), transport);
  EXPECT_FALSE(c.resp.diagnostics.HasError()) << c.resp.diagnostics.ToString();
  EXPECT_TRUE(transport->requests().empty());
  std::shared_ptr<ProviderSettings> settings = SettingsFromContext(c.ctx);
  ASSERT_NE(settings, nullptr);
  EXPECT_EQ(settings->azure, nullptr);
  EXPECT_FALSE(settings->preflight);
  EXPECT_EQ(settings->terraform_version, "1.13.0");
  auto arm = ArmFromContext(c.ctx);
  EXPECT_TRUE(absl::IsFailedPrecondition(arm.status()));
  EXPECT_THAT(std::string(arm.status().message()), HasSubstr("not known"));
}

TEST(ConfigureProviderTest, MissingSubscriptionIsOneClearError) {
  auto transport = std::make_shared<azure::FakeTransport>();
  auto attrs = SecretAttrs();
  attrs.erase("subscription_id");
  Configured c = Configure(Config(attrs), transport);
  ASSERT_EQ(c.resp.diagnostics.size(), 1u) << c.resp.diagnostics.ToString();
  EXPECT_THAT(c.resp.diagnostics[0].detail, HasSubstr("ARM_SUBSCRIPTION_ID"));
  EXPECT_THAT(c.resp.diagnostics.ToString(), Not(HasSubstr(kSecret)));
  EXPECT_TRUE(transport->requests().empty());
}

TEST(ConfigureProviderTest, NoAzureSettingsAtAllDefersTheErrorToResources) {
  auto transport = std::make_shared<azure::FakeTransport>();
  Configured c = Configure(ProviderConfigSchema().block.EmptyValue(), transport);
  EXPECT_FALSE(c.resp.diagnostics.HasError()) << c.resp.diagnostics.ToString();
  EXPECT_TRUE(transport->requests().empty());
  absl::StatusOr<std::shared_ptr<azure::ArmClient>> arm = ArmFromContext(c.ctx);
  ASSERT_FALSE(arm.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(arm.status()));
  EXPECT_THAT(std::string(arm.status().message()), HasSubstr("ARM_SUBSCRIPTION_ID"));
  EXPECT_THAT(std::string(arm.status().message()), HasSubstr("azbatch_pool_sizing"));
}

TEST(ConfigureProviderTest, FailedAuthenticationNamesEveryCredentialButNoSecret) {
  auto transport = std::make_shared<azure::FakeTransport>();
  transport->SetHandler([](const azure::HttpRequest& r) -> absl::StatusOr<azure::HttpResponse> {
    return azure::MakeJsonResponse(
        401, {{"error", "invalid_client"},
              {"error_description", "AADSTS7000215: Invalid client secret provided."},
              {"error_codes", {7000215}}});
  });
  Configured c = Configure(Config(SecretAttrs()), transport);
  ASSERT_EQ(c.resp.diagnostics.size(), 1u) << c.resp.diagnostics.ToString();
  const framework::Diagnostic& d = c.resp.diagnostics[0];
  EXPECT_EQ(d.summary, "Unable to authenticate to Azure");
  EXPECT_THAT(d.detail, HasSubstr("client certificate: skipped"));
  EXPECT_THAT(d.detail, HasSubstr("client secret: failed"));
  EXPECT_THAT(d.detail, HasSubstr("7000215"));
  EXPECT_THAT(d.detail, HasSubstr("managed identity: skipped"));
  EXPECT_THAT(d.detail, HasSubstr("Azure CLI: skipped"));
  EXPECT_THAT(d.detail, Not(HasSubstr(kSecret)));
  EXPECT_TRUE(c.resp.provider_data.has_value() == false);
}

azure::HttpResponse TokenOrRegistered(const azure::HttpRequest& r) {
  if (absl::StrContains(r.url, "/oauth2/")) {
    return azure::MakeJsonResponse(
        200, {{"token_type", "Bearer"}, {"expires_in", 3600}, {"access_token", "tok-1"}});
  }
  return azure::MakeJsonResponse(200, {{"namespace", "x"}, {"registrationState", "Registered"}});
}

TEST(ConfigureProviderTest, ConnectsWithPreflightByDefaultAndSendsCliVersion) {
  auto transport = std::make_shared<azure::FakeTransport>();
  transport->SetHandler(TokenOrRegistered);
  Configured c = Configure(Config(SecretAttrs()), transport);
  ASSERT_FALSE(c.resp.diagnostics.HasError()) << c.resp.diagnostics.ToString();
  std::shared_ptr<ProviderSettings> settings = SettingsFromContext(c.ctx);
  ASSERT_NE(settings, nullptr);
  ASSERT_NE(settings->azure, nullptr);
  EXPECT_TRUE(settings->preflight);
  EXPECT_EQ(settings->azure->cloud.name, "public");
  auto arm = ArmFromContext(c.ctx);
  ASSERT_TRUE(arm.ok()) << arm.status();
  EXPECT_EQ((*arm)->endpoint(), "https://management.azure.com");

  for (const azure::HttpRequest& r : transport->requests()) {
    EXPECT_THAT(r.headers.at("User-Agent"), HasSubstr("Terraform/1.13.0")) << r.url;
    // Registrations are checked at the first write, never while configuring.
    EXPECT_THAT(r.url, Not(HasSubstr("/providers/Microsoft."))) << r.url;
  }
  EXPECT_EQ((*arm)->options().check_before_write.count("Microsoft.Batch"), 1u)
      << "preflight is on by default";
}

TEST(ConfigureProviderTest, PreflightOffSkipsArmCallsAndEnvFallbacksApply) {
  auto transport = std::make_shared<azure::FakeTransport>();
  transport->SetHandler(TokenOrRegistered);
  Configured c = Configure(Config({{"preflight", cty::Value::Bool(false)}}), transport,
                           {{"ARM_SUBSCRIPTION_ID", kSub},
                            {"ARM_TENANT_ID", "t"},
                            {"ARM_CLIENT_ID", "c"},
                            {"ARM_CLIENT_SECRET", kSecret},
                            {"ARM_ENVIRONMENT", "usgovernment"},
                            {"ARM_USE_CLI", "false"}});
  ASSERT_FALSE(c.resp.diagnostics.HasError()) << c.resp.diagnostics.ToString();
  ASSERT_EQ(transport->requests().size(), 1u);  // the token only
  EXPECT_THAT(transport->requests()[0].url, HasSubstr("login.microsoftonline.us/t/"));
  auto settings = SettingsFromContext(c.ctx);
  EXPECT_FALSE(settings->preflight);
  EXPECT_EQ(settings->azure->config.subscription_id, kSub);
}

TEST(ConfigureProviderTest, ArmFromContextWithoutConfigure) {
  auto arm = ArmFromContext(framework::Context());
  EXPECT_TRUE(absl::IsFailedPrecondition(arm.status()));
  EXPECT_THAT(std::string(arm.status().message()), HasSubstr("not configured"));
  EXPECT_EQ(SettingsFromContext(framework::Context()), nullptr);
}

TEST(ToAzureContextTest, CarriesDeadline) {
  absl::Time deadline = absl::Now() + absl::Minutes(3);
  framework::Context ctx = framework::Context().WithDeadline(deadline);
  azure::Context a = ToAzureContext(ctx);
  EXPECT_EQ(a.deadline(), deadline);
  EXPECT_EQ(ToAzureContext(framework::Context()).deadline(), absl::InfiniteFuture());
  EXPECT_TRUE(absl::IsDeadlineExceeded(
      ToAzureContext(framework::Context().WithDeadline(absl::Now() - absl::Seconds(1))).Check()));
}

TEST(ToAzureContextTest, StopProviderWakesAzureSleepPromptly) {
  framework::CancellationSource source;
  azure::Context a = ToAzureContext(source.NewContext());
  absl::Status slept;
  absl::Time start = absl::Now();
  std::thread sleeper([&] { slept = a.Sleep(absl::Seconds(60)); });
  absl::SleepFor(absl::Milliseconds(100));
  source.Cancel();
  sleeper.join();
  EXPECT_TRUE(absl::IsCancelled(slept)) << slept;
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  // Contexts made after the stop are not cancelled; ones from a stopped context are.
  EXPECT_FALSE(ToAzureContext(source.NewContext()).IsCancelled());
}

TEST(ToAzureContextTest, AlreadyStoppedContextIsCancelled) {
  framework::CancellationSource source;
  framework::Context ctx = source.NewContext();
  source.Cancel();
  EXPECT_TRUE(ToAzureContext(ctx).IsCancelled());
}

}  // namespace
}  // namespace azbatch::resources
