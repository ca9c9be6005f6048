// Provider configuration as a plain struct, its resolution against ARM_*
// environment variables, and Connect(): cloud + credential + ArmClient.
#ifndef AZBATCH_PROVIDER_AZURE_CONFIG_H_
#define AZBATCH_PROVIDER_AZURE_CONFIG_H_

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "provider/azure/arm_client.h"
#include "provider/azure/cloud.h"
#include "provider/azure/credentials.h"

namespace azbatch::azure {

// Values from the provider block; unset fields fall back to the environment.
struct ProviderConfigInput {
  std::optional<std::string> subscription_id, tenant_id, client_id, client_secret;
  std::optional<std::string> client_certificate;  // base64 PFX or PEM content
  std::optional<std::string> client_certificate_path, client_certificate_password;
  std::optional<bool> use_oidc;
  std::optional<std::string> oidc_token, oidc_token_file_path;
  std::optional<std::string> oidc_request_url, oidc_request_token;
  std::optional<std::string> ado_pipeline_service_connection_id;
  std::optional<bool> use_aks_workload_identity;
  std::optional<bool> use_msi;
  std::optional<std::string> msi_endpoint;
  std::optional<bool> use_cli;
  std::optional<std::string> environment, metadata_host;
  // Explicit endpoints for a custom cloud (instead of metadata_host).
  std::optional<std::string> resource_manager_endpoint, authority_host, token_audience;
  std::optional<std::string> resource_provider_registrations;  // "none" | "core"
  std::optional<bool> preflight;
};

struct ResolvedConfig {
  std::string subscription_id, tenant_id, client_id, client_secret;
  std::string client_certificate, client_certificate_path, client_certificate_password;
  bool use_oidc = false;
  std::string oidc_token, oidc_token_file_path, oidc_request_url, oidc_request_token;
  std::string ado_pipeline_service_connection_id;
  bool use_aks_workload_identity = false;
  std::string federated_token_file;  // AZURE_FEDERATED_TOKEN_FILE
  bool use_msi = false;
  std::string msi_endpoint;
  std::string identity_endpoint, identity_header;  // App Service
  bool use_cli = true;
  std::string environment = "public";
  std::string metadata_host;
  std::string resource_manager_endpoint, authority_host, token_audience;
  std::string resource_provider_registrations = "none";
  std::set<std::string, CaseInsensitiveLess> auto_register;  // from registrations
  bool preflight = false;
  // ARM_CORRELATION_REQUEST_ID; ARM_DISABLE_CORRELATION_REQUEST_ID drops the header.
  std::string correlation_id;
  bool disable_correlation_id = false;
};

using EnvGetter = std::function<std::optional<std::string>(const std::string& name)>;
EnvGetter ProcessEnv();

// The namespaces "core" registers.
const std::vector<std::string>& CoreNamespaces();

// Applies ARM_* (and Actions/ADO/AKS/App Service) fallbacks and validates.
absl::StatusOr<ResolvedConfig> ResolveConfig(const ProviderConfigInput& input, const EnvGetter& env);

struct CredentialAttempt {
  std::string name;
  std::string outcome;  // "skipped", "failed", "succeeded"
  std::string reason;
};

struct ConnectDeps {
  std::shared_ptr<Transport> transport;
  CommandRunner run_command;   // default: DefaultCommandRunner()
  FileReader read_file;        // default: DefaultFileReader()
  std::shared_ptr<UserAgent> user_agent;
  std::string correlation_id;  // default: config's, else a fresh UUID
  RetryOptions retry;
};

struct AzureClients {
  ResolvedConfig config;
  CloudEnvironment cloud;
  std::shared_ptr<CachingCredential> credential;
  std::vector<CredentialAttempt> attempts;
  std::shared_ptr<UserAgent> user_agent;
  std::shared_ptr<ArmClient> arm;
};

absl::StatusOr<CloudEnvironment> ResolveCloud(const ResolvedConfig& config, Transport& transport,
                                              const Context& ctx);

// Tries every credential in azurerm's order (certificate, secret, OIDC token,
// Azure DevOps OIDC, GitHub OIDC, AKS workload identity, managed identity,
// Azure CLI) and keeps the first that returns a token. On failure the error
// lists each credential and why it was skipped or failed.
absl::StatusOr<std::shared_ptr<CachingCredential>> Authenticate(
    const ResolvedConfig& config, const CloudEnvironment& cloud, const ConnectDeps& deps,
    const Context& ctx, std::vector<CredentialAttempt>* attempts);

absl::StatusOr<std::shared_ptr<AzureClients>> Connect(const ResolvedConfig& config,
                                                      ConnectDeps deps, const Context& ctx);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_CONFIG_H_
