#include "provider/azure/config.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "common/status_macros.h"
#include "provider/azure/api_versions.h"
#include "provider/azure/client_certificate.h"
#include "provider/azure/redact.h"

namespace azbatch::azure {
namespace {
constexpr char kLogModule[] = "provider.azure.auth";

std::string Pick(const std::optional<std::string>& v, const EnvGetter& env,
                 std::initializer_list<const char*> names) {
  if (v && !v->empty()) return *v;
  for (const char* n : names) {
    std::optional<std::string> e = env(n);
    if (e && !e->empty()) return *e;
  }
  return "";
}

absl::StatusOr<bool> PickBool(const std::optional<bool>& v, const EnvGetter& env,
                              const char* name, bool def) {
  if (v) return *v;
  std::optional<std::string> e = env(name);
  if (!e || e->empty()) return def;
  std::string s = absl::AsciiStrToLower(*e);
  if (s == "true" || s == "1" || s == "yes") return true;
  if (s == "false" || s == "0" || s == "no") return false;
  return absl::InvalidArgumentError(
      absl::StrCat(name, " must be true or false, got \"", *e, "\""));
}

}  // namespace

EnvGetter ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

const std::vector<std::string>& CoreNamespaces() {
  static const auto* ns = new std::vector<std::string>{"Microsoft.Compute", "Microsoft.Batch"};
  return *ns;
}

absl::StatusOr<ResolvedConfig> ResolveConfig(const ProviderConfigInput& in, const EnvGetter& env) {
  ResolvedConfig c;
  c.subscription_id = Pick(in.subscription_id, env, {"ARM_SUBSCRIPTION_ID"});
  c.tenant_id = Pick(in.tenant_id, env, {"ARM_TENANT_ID"});
  c.client_id = Pick(in.client_id, env, {"ARM_CLIENT_ID"});
  c.client_secret = Pick(in.client_secret, env, {"ARM_CLIENT_SECRET"});
  c.client_certificate = Pick(in.client_certificate, env, {"ARM_CLIENT_CERTIFICATE"});
  c.client_certificate_path = Pick(in.client_certificate_path, env, {"ARM_CLIENT_CERTIFICATE_PATH"});
  c.client_certificate_password =
      Pick(in.client_certificate_password, env, {"ARM_CLIENT_CERTIFICATE_PASSWORD"});
  ASSIGN_OR_RETURN(c.use_oidc, PickBool(in.use_oidc, env, "ARM_USE_OIDC", false));
  c.oidc_token = Pick(in.oidc_token, env, {"ARM_OIDC_TOKEN"});
  c.oidc_token_file_path = Pick(in.oidc_token_file_path, env, {"ARM_OIDC_TOKEN_FILE_PATH"});
  c.oidc_request_url = Pick(in.oidc_request_url, env,
                            {"ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL",
                             "SYSTEM_OIDCREQUESTURI"});
  c.oidc_request_token = Pick(in.oidc_request_token, env,
                              {"ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                               "SYSTEM_ACCESSTOKEN"});
  c.ado_pipeline_service_connection_id =
      Pick(in.ado_pipeline_service_connection_id, env,
           {"ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"});
  ASSIGN_OR_RETURN(c.use_aks_workload_identity,
                   PickBool(in.use_aks_workload_identity, env, "ARM_USE_AKS_WORKLOAD_IDENTITY",
                            false));
  if (c.use_aks_workload_identity) {
    c.federated_token_file = Pick(std::nullopt, env, {"AZURE_FEDERATED_TOKEN_FILE"});
    if (c.client_id.empty()) c.client_id = Pick(std::nullopt, env, {"AZURE_CLIENT_ID"});
    if (c.tenant_id.empty()) c.tenant_id = Pick(std::nullopt, env, {"AZURE_TENANT_ID"});
  }
  ASSIGN_OR_RETURN(c.use_msi, PickBool(in.use_msi, env, "ARM_USE_MSI", false));
  c.msi_endpoint = Pick(in.msi_endpoint, env, {"ARM_MSI_ENDPOINT"});
  c.identity_endpoint = Pick(std::nullopt, env, {"IDENTITY_ENDPOINT"});
  c.identity_header = Pick(std::nullopt, env, {"IDENTITY_HEADER"});
  ASSIGN_OR_RETURN(c.use_cli, PickBool(in.use_cli, env, "ARM_USE_CLI", true));
  c.environment = Pick(in.environment, env, {"ARM_ENVIRONMENT"});
  if (c.environment.empty()) c.environment = "public";
  c.metadata_host = Pick(in.metadata_host, env, {"ARM_METADATA_HOSTNAME"});
  if (!c.metadata_host.empty()) RETURN_IF_ERROR(CheckMetadataHost(c.metadata_host));
  c.resource_manager_endpoint =
      Pick(in.resource_manager_endpoint, env, {"ARM_RESOURCE_MANAGER_ENDPOINT"});
  c.authority_host = Pick(in.authority_host, env, {"ARM_AUTHORITY_HOST"});
  c.token_audience = Pick(in.token_audience, env, {"ARM_TOKEN_AUDIENCE"});
  for (const std::string* secret : {&c.client_secret, &c.client_certificate,
                                    &c.client_certificate_password, &c.oidc_token,
                                    &c.oidc_request_token, &c.identity_header}) {
    log::AddSecret(*secret);  // from the configuration or the environment alike
  }
  c.resource_provider_registrations = absl::AsciiStrToLower(
      Pick(in.resource_provider_registrations, env, {"ARM_RESOURCE_PROVIDER_REGISTRATIONS"}));
  if (c.resource_provider_registrations.empty()) c.resource_provider_registrations = "none";
  if (c.resource_provider_registrations == "core") {
    c.auto_register.insert(CoreNamespaces().begin(), CoreNamespaces().end());
  } else if (c.resource_provider_registrations != "none") {
    return absl::InvalidArgumentError(absl::StrCat(
        "resource_provider_registrations must be \"none\" or \"core\", got \"",
        c.resource_provider_registrations, "\""));
  }
  ASSIGN_OR_RETURN(c.preflight, PickBool(in.preflight, env, "ARM_PREFLIGHT", false));
  c.correlation_id = Pick(std::nullopt, env, {"ARM_CORRELATION_REQUEST_ID"});
  ASSIGN_OR_RETURN(c.disable_correlation_id,
                   PickBool(std::nullopt, env, "ARM_DISABLE_CORRELATION_REQUEST_ID", false));

  if (c.metadata_host.empty() && c.resource_manager_endpoint.empty()) {
    RETURN_IF_ERROR(CloudFromName(c.environment).status());
  }
  if (!c.resource_manager_endpoint.empty() && c.authority_host.empty()) {
    return absl::InvalidArgumentError(
        "resource_manager_endpoint needs authority_host (ARM_AUTHORITY_HOST) as well");
  }
  if (c.subscription_id.empty()) {
    return absl::InvalidArgumentError(
        "no subscription: set subscription_id in the provider block or the "
        "ARM_SUBSCRIPTION_ID environment variable");
  }
  return c;
}

absl::StatusOr<CloudEnvironment> ResolveCloud(const ResolvedConfig& c, Transport& transport,
                                              const Context& ctx) {
  CloudEnvironment cloud;
  if (!c.resource_manager_endpoint.empty()) {
    cloud.name = "custom";
    cloud.resource_manager = std::string(absl::StripSuffix(c.resource_manager_endpoint, "/"));
    cloud.login_endpoint = std::string(absl::StripSuffix(c.authority_host, "/"));
    cloud.token_audience = c.token_audience.empty() ? cloud.resource_manager + "/"
                                                    : c.token_audience;
  } else if (!c.metadata_host.empty()) {
    std::string name = c.environment == "public" ? "" : c.environment;
    ASSIGN_OR_RETURN(cloud, FetchCloudFromMetadataHost(c.metadata_host, name, transport, ctx));
  } else {
    ASSIGN_OR_RETURN(cloud, CloudFromName(c.environment));
  }
  RETURN_IF_ERROR(CheckUrlAllowed(*ParseUrl(cloud.resource_manager)));
  return cloud;
}

absl::StatusOr<std::shared_ptr<CachingCredential>> Authenticate(
    const ResolvedConfig& c, const CloudEnvironment& cloud, const ConnectDeps& deps,
    const Context& ctx, std::vector<CredentialAttempt>* attempts) {
  RetryOptions retry = deps.retry;
  auto auth_pipeline = BuildPipeline({deps.transport, nullptr, "", deps.user_agent,
                                      deps.correlation_id, retry});
  FileReader read = deps.read_file ? deps.read_file : DefaultFileReader();
  CommandRunner run = deps.run_command ? deps.run_command : DefaultCommandRunner();
  const std::string& login = cloud.login_endpoint;
  bool have_sp = !c.client_id.empty() && !c.tenant_id.empty();
  const char* need_sp = "client_id and tenant_id (ARM_CLIENT_ID, ARM_TENANT_ID) are required";

  struct Candidate {
    std::string name;
    std::string skip;  // non-empty: not configured
    std::function<absl::StatusOr<std::shared_ptr<TokenCredential>>()> make;
  };
  std::vector<Candidate> candidates;

  bool have_cert = !c.client_certificate.empty() || !c.client_certificate_path.empty();
  candidates.push_back(
      {"client certificate",
       !have_cert ? "client_certificate / client_certificate_path (ARM_CLIENT_CERTIFICATE[_PATH]) "
                    "not set"
                  : (!have_sp ? need_sp : ""),
       [&]() -> absl::StatusOr<std::shared_ptr<TokenCredential>> {
         std::string data;
         if (!c.client_certificate.empty()) {
           if (absl::StrContains(c.client_certificate, "-----BEGIN")) {
             data = c.client_certificate;
           } else if (!absl::Base64Unescape(c.client_certificate, &data)) {
             return absl::InvalidArgumentError("client_certificate is not base64");
           }
         } else {
           ASSIGN_OR_RETURN(data, read(c.client_certificate_path));
         }
         ASSIGN_OR_RETURN(auto cert, ClientCertificate::Load(data, c.client_certificate_password));
         return NewClientCertificateCredential(login, c.tenant_id, c.client_id, cert,
                                               auth_pipeline);
       }});
  candidates.push_back(
      {"client secret",
       c.client_secret.empty() ? "client_secret (ARM_CLIENT_SECRET) not set"
                               : (!have_sp ? need_sp : ""),
       [&]() -> absl::StatusOr<std::shared_ptr<TokenCredential>> {
         return NewClientSecretCredential(login, c.tenant_id, c.client_id, c.client_secret,
                                          auth_pipeline);
       }});
  std::string oidc_off = "use_oidc (ARM_USE_OIDC) is false";
  candidates.push_back(
      {"OIDC token",
       !c.use_oidc ? oidc_off
       : (c.oidc_token.empty() && c.oidc_token_file_path.empty())
           ? "oidc_token / oidc_token_file_path (ARM_OIDC_TOKEN[_FILE_PATH]) not set"
           : (!have_sp ? need_sp : ""),
       [&]() -> absl::StatusOr<std::shared_ptr<TokenCredential>> {
         AssertionSource src = !c.oidc_token.empty() ? StaticAssertion(c.oidc_token)
                                                     : FileAssertion(c.oidc_token_file_path, read);
         return NewClientAssertionCredential("OIDC token", login, c.tenant_id, c.client_id, src,
                                             auth_pipeline);
       }});
  bool have_request = !c.oidc_request_url.empty() && !c.oidc_request_token.empty();
  std::string no_request =
      "oidc_request_url / oidc_request_token (ARM_OIDC_REQUEST_*, ACTIONS_ID_TOKEN_REQUEST_*, "
      "SYSTEM_OIDCREQUESTURI / SYSTEM_ACCESSTOKEN) not set";
  candidates.push_back(
      {"Azure DevOps OIDC",
       !c.use_oidc ? oidc_off
       : c.ado_pipeline_service_connection_id.empty()
           ? "ado_pipeline_service_connection_id (ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID) not set"
       : !have_request ? no_request
                       : (!have_sp ? need_sp : ""),
       [&]() -> absl::StatusOr<std::shared_ptr<TokenCredential>> {
         return NewClientAssertionCredential(
             "Azure DevOps OIDC", login, c.tenant_id, c.client_id,
             AzureDevOpsOidcAssertion(c.oidc_request_url, c.oidc_request_token,
                                      c.ado_pipeline_service_connection_id, auth_pipeline),
             auth_pipeline);
       }});
  candidates.push_back(
      {"GitHub Actions OIDC",
       !c.use_oidc ? oidc_off
       : !c.ado_pipeline_service_connection_id.empty() ? "an Azure DevOps service connection is set"
       : !have_request ? no_request
                       : (!have_sp ? need_sp : ""),
       [&]() -> absl::StatusOr<std::shared_ptr<TokenCredential>> {
         return NewClientAssertionCredential(
             "GitHub Actions OIDC", login, c.tenant_id, c.client_id,
             GitHubOidcAssertion(c.oidc_request_url, c.oidc_request_token, auth_pipeline),
             auth_pipeline);
       }});
  candidates.push_back(
      {"AKS workload identity",
       !c.use_aks_workload_identity
           ? "use_aks_workload_identity (ARM_USE_AKS_WORKLOAD_IDENTITY) is false"
       : c.federated_token_file.empty() ? "AZURE_FEDERATED_TOKEN_FILE not set"
       : !have_sp ? "client and tenant ids (ARM_/AZURE_CLIENT_ID, ARM_/AZURE_TENANT_ID) not set"
                  : "",
       [&]() -> absl::StatusOr<std::shared_ptr<TokenCredential>> {
         return NewClientAssertionCredential("AKS workload identity", login, c.tenant_id,
                                             c.client_id,
                                             FileAssertion(c.federated_token_file, read),
                                             auth_pipeline);
       }});
  candidates.push_back(
      {"managed identity", c.use_msi ? "" : "use_msi (ARM_USE_MSI) is false",
       [&]() -> absl::StatusOr<std::shared_ptr<TokenCredential>> {
         ManagedIdentityOptions o;
         if (!c.msi_endpoint.empty()) {
           o.endpoint = c.msi_endpoint;
         } else if (!c.identity_endpoint.empty() && !c.identity_header.empty()) {
           o.endpoint = c.identity_endpoint;
           o.identity_header = c.identity_header;
         }
         o.client_id = c.client_id;
         return NewManagedIdentityCredential(o, auth_pipeline);
       }});
  candidates.push_back({"Azure CLI", c.use_cli ? "" : "use_cli (ARM_USE_CLI) is false",
                        [&]() -> absl::StatusOr<std::shared_ptr<TokenCredential>> {
                          return NewAzureCliCredential(run, c.tenant_id);
                        }});

  std::string scope = cloud.ArmScope();
  for (const Candidate& cand : candidates) {
    if (!cand.skip.empty()) {
      attempts->push_back({cand.name, "skipped", cand.skip});
      continue;
    }
    absl::StatusOr<std::shared_ptr<TokenCredential>> cred = cand.make();
    absl::Status s = cred.status();
    std::shared_ptr<CachingCredential> cached;
    if (cred.ok()) {
      cached = std::make_shared<CachingCredential>(*cred);
      s = cached->GetToken(scope, ctx).status();
    }
    if (s.ok()) {
      attempts->push_back({cand.name, "succeeded", ""});
      log::Info(kLogModule, "authenticated", {{"credential", cand.name}, {"scope", scope}});
      return cached;
    }
    attempts->push_back({cand.name, "failed", RedactText(std::string(s.message()))});
    log::Debug(kLogModule, "credential failed",
               {{"credential", cand.name}, {"error", RedactText(std::string(s.message()))}});
    if (absl::IsCancelled(s) || absl::IsDeadlineExceeded(s)) break;
  }
  std::string msg = absl::StrCat("unable to authenticate to Azure (", cloud.name,
                                 " cloud); credentials tried in order:");
  for (const auto& a : *attempts) {
    absl::StrAppend(&msg, "\n  - ", a.name, ": ", a.outcome, a.reason.empty() ? "" : ": ", a.reason);
  }
  return absl::UnauthenticatedError(msg);
}

absl::StatusOr<std::shared_ptr<AzureClients>> Connect(const ResolvedConfig& config,
                                                      ConnectDeps deps, const Context& ctx) {
  if (!deps.transport) return absl::InvalidArgumentError("Connect needs a transport");
  if (!deps.user_agent) deps.user_agent = std::make_shared<UserAgent>(kProviderVersion);
  if (config.disable_correlation_id) {
    deps.correlation_id.clear();
  } else if (deps.correlation_id.empty()) {
    deps.correlation_id = config.correlation_id.empty() ? NewUuid() : config.correlation_id;
  }
  auto out = std::make_shared<AzureClients>();
  out->config = config;
  out->user_agent = deps.user_agent;
  ASSIGN_OR_RETURN(out->cloud, ResolveCloud(config, *deps.transport, ctx));
  ASSIGN_OR_RETURN(out->credential, Authenticate(config, out->cloud, deps, ctx, &out->attempts));
  auto pipeline = BuildPipeline({deps.transport, out->credential, out->cloud.ArmScope(),
                                 deps.user_agent, deps.correlation_id, deps.retry});
  ArmClientOptions o;
  o.endpoint = out->cloud.resource_manager;
  o.subscription_id = config.subscription_id;
  o.auto_register = config.auto_register;
  // Registrations are checked when a write first needs them, not here: a
  // refresh costs one GET per resource and nothing else.
  if (config.preflight) {
    o.check_before_write.insert(CoreNamespaces().begin(), CoreNamespaces().end());
  }
  out->arm = std::make_shared<ArmClient>(pipeline, o);
  return out;
}

}  // namespace azbatch::azure
