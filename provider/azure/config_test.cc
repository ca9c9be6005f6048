#include "provider/azure/config.h"

#include <map>

#include "gtest/gtest.h"
#include "provider/azure/fake_transport.h"
#include "provider/azure/test_cert.h"
#include "provider/azure/test_util.h"

namespace azbatch::azure {
namespace {

using nlohmann::json;

EnvGetter MapEnv(std::map<std::string, std::string> m) {
  return [m](const std::string& k) -> std::optional<std::string> {
    auto it = m.find(k);
    if (it == m.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ResolveConfigTest, ConfigWinsOverEnvironment) {
  ProviderConfigInput in;
  in.subscription_id = "sub-from-config";
  in.use_cli = false;
  auto c = ResolveConfig(in, MapEnv({{"ARM_SUBSCRIPTION_ID", "sub-env"},
                                     {"ARM_TENANT_ID", "tenant-env"},
                                     {"ARM_USE_CLI", "true"},
                                     {"ARM_USE_OIDC", "1"},
                                     {"ACTIONS_ID_TOKEN_REQUEST_URL", "https://gh/x"},
                                     {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ghtok"},
                                     {"ARM_RESOURCE_PROVIDER_REGISTRATIONS", "Core"}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->subscription_id, "sub-from-config");
  EXPECT_EQ(c->tenant_id, "tenant-env");
  EXPECT_FALSE(c->use_cli);
  EXPECT_TRUE(c->use_oidc);
  EXPECT_EQ(c->oidc_request_url, "https://gh/x");
  EXPECT_EQ(c->oidc_request_token, "ghtok");
  EXPECT_EQ(c->environment, "public");
  EXPECT_EQ(c->auto_register.size(), 2u);
  EXPECT_TRUE(c->auto_register.count("microsoft.batch"));
}

TEST(ResolveConfigTest, ValidationErrors) {
  ProviderConfigInput in;
  auto missing = ResolveConfig(in, MapEnv({}));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("ARM_SUBSCRIPTION_ID"), std::string::npos);
  in.subscription_id = "s";
  EXPECT_FALSE(ResolveConfig(in, MapEnv({{"ARM_USE_MSI", "maybe"}})).ok());
  EXPECT_FALSE(ResolveConfig(in, MapEnv({{"ARM_ENVIRONMENT", "mars"}})).ok());
  EXPECT_TRUE(ResolveConfig(in, MapEnv({{"ARM_ENVIRONMENT", "mars"},
                                        {"ARM_METADATA_HOSTNAME", "127.0.0.1:1"}}))
                  .ok());
  EXPECT_TRUE(ResolveConfig(in, MapEnv({{"ARM_METADATA_HOSTNAME", "https://127.0.0.1:1"}})).ok());
  auto remote_http = ResolveConfig(in, MapEnv({{"ARM_METADATA_HOSTNAME", "http://azs.example"}}));
  ASSERT_FALSE(remote_http.ok());
  EXPECT_NE(remote_http.status().message().find("use https://"), std::string::npos);
  in.resource_provider_registrations = "all";
  EXPECT_FALSE(ResolveConfig(in, MapEnv({})).ok());
}

TEST(ResolveConfigTest, AksWorkloadIdentityUsesAzureVariables) {
  ProviderConfigInput in;
  in.subscription_id = "s";
  in.use_aks_workload_identity = true;
  auto c = ResolveConfig(in, MapEnv({{"AZURE_FEDERATED_TOKEN_FILE", "/var/run/tok"},
                                     {"AZURE_CLIENT_ID", "aks-client"},
                                     {"AZURE_TENANT_ID", "aks-tenant"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->federated_token_file, "/var/run/tok");
  EXPECT_EQ(c->client_id, "aks-client");
  EXPECT_EQ(c->tenant_id, "aks-tenant");
}

struct AuthEnv {
  FakeClock clock;
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
  ConnectDeps deps;
  std::vector<std::vector<std::string>> commands;
  AuthEnv() {
    deps.transport = transport;
    deps.retry.max_attempts_without_deadline = 1;
    deps.run_command = [this](const std::vector<std::string>& argv,
                              const Context&) -> absl::StatusOr<CommandResult> {
      commands.push_back(argv);
      return CommandResult{1, "", "ERROR: Please run 'az login' to setup account."};
    };
    deps.read_file = [](const std::string& p) -> absl::StatusOr<std::string> {
      return absl::NotFoundError("cannot read file " + p);
    };
  }
  Context ctx() { return Context().WithClock(&clock); }
};

ResolvedConfig Resolve(std::map<std::string, std::string> env) {
  env["ARM_SUBSCRIPTION_ID"] = "sub";
  auto c = ResolveConfig({}, MapEnv(env));
  EXPECT_TRUE(c.ok()) << c.status();
  return *c;
}

TEST(AuthenticateTest, CombinedErrorNamesEveryCredentialWithoutSecrets) {
  testing::LogCapture logs(log::Level::kTrace);
  AuthEnv e;
  e.transport->SetHandler([](const HttpRequest&) {
    return MakeJsonResponse(401, {{"error", "invalid_client"},
                                  {"error_description", "AADSTS7000215: Invalid client secret."}});
  });
  ResolvedConfig c = Resolve({{"ARM_TENANT_ID", "t"}, {"ARM_CLIENT_ID", "cid"},
                              {"ARM_CLIENT_SECRET", "SuperSecret123"},
                              {"ARM_CLIENT_CERTIFICATE_PATH", "/no/cert.pfx"},
                              {"ARM_CLIENT_CERTIFICATE_PASSWORD", "CertPassw0rd"},
                              {"ARM_USE_OIDC", "true"}, {"ARM_OIDC_TOKEN", "eyJa.eyJb.sig"}});
  std::vector<CredentialAttempt> attempts;
  auto cred = Authenticate(c, *CloudFromName("public"), e.deps, e.ctx(), &attempts);
  ASSERT_FALSE(cred.ok());
  EXPECT_TRUE(absl::IsUnauthenticated(cred.status()));
  std::string msg(cred.status().message());
  const char* expected[] = {
      "unable to authenticate to Azure (public cloud); credentials tried in order:",
      "  - client certificate: failed: cannot read file /no/cert.pfx",
      "  - client secret: failed: token request failed: HTTP 401: invalid_client: AADSTS7000215",
      "  - OIDC token: failed: token request failed: HTTP 401",
      "  - Azure DevOps OIDC: skipped: ado_pipeline_service_connection_id",
      "  - GitHub Actions OIDC: skipped: oidc_request_url / oidc_request_token",
      "  - AKS workload identity: skipped: use_aks_workload_identity",
      "  - managed identity: skipped: use_msi (ARM_USE_MSI) is false",
      "  - Azure CLI: failed: `az account get-access-token` failed: ERROR: Please run 'az login'"};
  size_t pos = 0;
  for (const char* line : expected) {
    size_t at = msg.find(line, pos);
    EXPECT_NE(at, std::string::npos) << line << "\n--- in ---\n" << msg;
    if (at != std::string::npos) pos = at;
  }
  for (const char* secret : {"SuperSecret123", "CertPassw0rd", "eyJa.eyJb.sig"}) {
    EXPECT_EQ(msg.find(secret), std::string::npos) << secret;
    EXPECT_EQ(logs.all().find(secret), std::string::npos) << secret << "\n" << logs.all();
  }
  ASSERT_EQ(attempts.size(), 8u);
  ASSERT_EQ(e.commands.size(), 1u);
  EXPECT_EQ(e.commands[0][4], "https://management.azure.com/");
}

TEST(AuthenticateTest, PrecedenceCertificateBeforeSecret) {
  AuthEnv e;
  testing::TestCert tc = testing::MakeTestCert("pw");
  e.deps.read_file = [&](const std::string&) -> absl::StatusOr<std::string> { return tc.pfx; };
  e.transport->SetHandler([](const HttpRequest& r) {
    bool cert = r.body.find("client_assertion=") != std::string::npos;
    return MakeJsonResponse(200, {{"access_token", cert ? "CERT" : "SECRET"}, {"expires_in", 3600}});
  });
  ResolvedConfig c = Resolve({{"ARM_TENANT_ID", "t"}, {"ARM_CLIENT_ID", "cid"},
                              {"ARM_CLIENT_SECRET", "s"}, {"ARM_CLIENT_CERTIFICATE_PATH", "/c.pfx"},
                              {"ARM_CLIENT_CERTIFICATE_PASSWORD", "pw"}});
  std::vector<CredentialAttempt> attempts;
  auto cred = Authenticate(c, *CloudFromName("public"), e.deps, e.ctx(), &attempts);
  ASSERT_TRUE(cred.ok()) << cred.status();
  EXPECT_EQ((*cred)->Name(), "client certificate");
  EXPECT_EQ((*cred)->GetToken("https://management.azure.com/.default", e.ctx())->token, "CERT");
  EXPECT_EQ(attempts.size(), 1u);
  EXPECT_EQ(e.transport->requests()[0].url,
            "https://login.microsoftonline.com/t/oauth2/v2.0/token");
}

TEST(AuthenticateTest, FallsThroughToManagedIdentityThenCli) {
  AuthEnv e;
  e.transport->SetHandler([](const HttpRequest& r) {
    if (r.url.find("169.254.169.254") != std::string::npos) return MakeResponse(400, "{}");
    return MakeResponse(500);
  });
  e.deps.run_command = [](const std::vector<std::string>&,
                          const Context&) -> absl::StatusOr<CommandResult> {
    return CommandResult{0, R"({"accessToken":"CLI","expires_on":1800000000})", ""};
  };
  ResolvedConfig c = Resolve({{"ARM_USE_MSI", "true"}});
  std::vector<CredentialAttempt> attempts;
  auto cred = Authenticate(c, *CloudFromName("public"), e.deps, e.ctx(), &attempts);
  ASSERT_TRUE(cred.ok()) << cred.status();
  EXPECT_EQ((*cred)->Name(), "Azure CLI");
  ASSERT_EQ(attempts.size(), 8u);
  EXPECT_EQ(attempts[6].name, "managed identity");
  EXPECT_EQ(attempts[6].outcome, "failed");
  EXPECT_EQ(attempts[7].outcome, "succeeded");
}

TEST(ConnectTest, MetadataHostCloudAndRegistrationCheckedAtTheFirstWrite) {
  AuthEnv e;
  const std::string base = "http://127.0.0.1:7001";
  e.transport->SetHandler([&](const HttpRequest& r) -> absl::StatusOr<HttpResponse> {
    if (r.url.find("/metadata/endpoints") != std::string::npos) {
      return MakeJsonResponse(200, {{"name", "Emulator"}, {"resourceManager", base},
                                    {"authentication", {{"loginEndpoint", base},
                                                        {"audiences", {base + "/"}}}}});
    }
    if (r.url.find("/oauth2/v2.0/token") != std::string::npos) {
      return MakeJsonResponse(200, {{"access_token", "EMU"}, {"expires_in", 3600}});
    }
    if (r.url.find("/register?") != std::string::npos) {
      return MakeJsonResponse(200, {{"registrationState", "Registered"}});
    }
    if (r.url.find("/providers/Microsoft.Compute?") != std::string::npos) {
      return MakeJsonResponse(200, {{"registrationState", "Registered"}});
    }
    if (r.url.find("/providers/Microsoft.Batch?") != std::string::npos) {
      return MakeJsonResponse(200, {{"registrationState", "NotRegistered"}});
    }
    if (r.url.find("/batchAccounts/a?") != std::string::npos) {
      return MakeJsonResponse(200, {{"name", "a"}});
    }
    return MakeResponse(404);
  });
  ResolvedConfig c = Resolve({{"ARM_METADATA_HOSTNAME", "127.0.0.1:7001"}, {"ARM_TENANT_ID", "t"},
                              {"ARM_CLIENT_ID", "cid"}, {"ARM_CLIENT_SECRET", "x"},
                              {"ARM_PREFLIGHT", "true"},
                              {"ARM_RESOURCE_PROVIDER_REGISTRATIONS", "core"}});
  auto clients = Connect(c, e.deps, e.ctx());
  ASSERT_TRUE(clients.ok()) << clients.status();
  EXPECT_EQ((*clients)->cloud.name, "Emulator");
  EXPECT_EQ((*clients)->arm->endpoint(), base);
  // Connecting costs the metadata document and the token, nothing else.
  ASSERT_EQ(e.transport->requests().size(), 2u);
  const std::string account = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a";
  // A read never checks registrations.
  ASSERT_TRUE((*clients)->arm->Get(account, "v", e.ctx()).ok());
  EXPECT_EQ(e.transport->requests().size(), 3u);
  // Neither does a POST action (listKeys is how a refresh reads account keys).
  (void)(*clients)->arm->Post(account + "/listKeys", "v", json::object(), e.ctx());
  EXPECT_EQ(e.transport->requests().size(), 4u);
  // The first write under Microsoft.Batch checks it and registers it; the second does not.
  ASSERT_TRUE((*clients)->arm->Put(account, "v", json::object(), e.ctx()).ok());
  ASSERT_TRUE((*clients)->arm->Put(account, "v", json::object(), e.ctx()).ok());
  int checks = 0, registrations = 0;
  for (const auto& r : e.transport->requests()) {
    if (r.url.find("/providers/Microsoft.Batch?") != std::string::npos) ++checks;
    if (r.url.find("Microsoft.Batch/register") != std::string::npos) ++registrations;
    if (r.url.find("/providers/") != std::string::npos) {
      EXPECT_EQ(r.headers.at("Authorization"), "Bearer EMU");
      EXPECT_EQ(r.headers.at("x-ms-correlation-request-id").size(), 36u);
    }
    EXPECT_EQ(r.url.find("Microsoft.Compute"), std::string::npos) << r.url;
  }
  EXPECT_EQ(checks, 1);
  EXPECT_EQ(registrations, 1);

  // Without "core" the write explains how to register, and sends nothing.
  c.auto_register.clear();
  auto denied = Connect(c, e.deps, e.ctx());
  ASSERT_TRUE(denied.ok()) << denied.status();
  size_t before = e.transport->requests().size();
  auto put = (*denied)->arm->Put(account, "v", json::object(), e.ctx());
  ASSERT_FALSE(put.ok());
  EXPECT_NE(put.status().message().find("az provider register --namespace Microsoft.Batch"),
            std::string::npos)
      << put.status();
  EXPECT_EQ(e.transport->requests().back().method, "GET");
  EXPECT_LE(e.transport->requests().size(), before + 3);  // metadata, token, the check
}

TEST(ConnectTest, CorrelationIdFromEnvironmentOrDisabled) {
  for (bool disable : {false, true}) {
    AuthEnv e;
    e.deps.run_command = [](const std::vector<std::string>&,
                            const Context&) -> absl::StatusOr<CommandResult> {
      return CommandResult{0, R"({"accessToken":"CLI","expires_on":1800000000})", ""};
    };
    e.transport->SetHandler([](const HttpRequest&) { return MakeJsonResponse(200, json::object()); });
    std::map<std::string, std::string> env = {{"ARM_CORRELATION_REQUEST_ID", "my-corr"}};
    if (disable) env["ARM_DISABLE_CORRELATION_REQUEST_ID"] = "true";
    auto clients = Connect(Resolve(env), e.deps, e.ctx());
    ASSERT_TRUE(clients.ok()) << clients.status();
    ASSERT_TRUE((*clients)->arm->Get("/subscriptions/sub", "v", e.ctx()).ok());
    auto req = e.transport->requests().back();
    EXPECT_EQ(req.headers.count("x-ms-correlation-request-id"), disable ? 0u : 1u);
    if (!disable) {
      EXPECT_EQ(req.headers["x-ms-correlation-request-id"], "my-corr");
    }
    EXPECT_EQ(req.headers["Authorization"], "Bearer CLI");
  }
}

TEST(ConnectTest, ExplicitEndpointsMustNotUsePlainHttpRemotely) {
  AuthEnv e;
  ProviderConfigInput in;
  in.subscription_id = "s";
  in.resource_manager_endpoint = "http://arm.example.com";
  in.authority_host = "https://login.example.com";
  auto c = ResolveConfig(in, MapEnv({}));
  ASSERT_TRUE(c.ok());
  auto cloud = ResolveCloud(*c, *e.transport, e.ctx());
  EXPECT_TRUE(absl::IsFailedPrecondition(cloud.status())) << cloud.status();
}

}  // namespace
}  // namespace azbatch::azure
