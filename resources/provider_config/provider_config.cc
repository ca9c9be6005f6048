#include "resources/provider_config/provider_config.h"

#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/log.h"
#include "provider/azure/cpprest_transport.h"
#include "provider/azure/redact.h"
#include "provider/framework/validators.h"

namespace azbatch::resources {
namespace {

constexpr char kLogModule[] = "resources.provider_config";

using framework::Attribute;

Attribute OptString(const char* name, std::string description) {
  return Attribute::Optional(name, cty::Type::String()).WithDescription(std::move(description));
}
Attribute OptBool(const char* name, std::string description) {
  return Attribute::Optional(name, cty::Type::Bool()).WithDescription(std::move(description));
}

std::optional<std::string> StringAttr(const cty::Value& config, const char* name) {
  if (config.is_null() || !config.HasAttr(name)) return std::nullopt;
  const cty::Value& v = config.GetAttr(name);
  if (v.is_null() || !v.is_known()) return std::nullopt;
  return v.AsString();
}

std::optional<bool> BoolAttr(const cty::Value& config, const char* name) {
  if (config.is_null() || !config.HasAttr(name)) return std::nullopt;
  const cty::Value& v = config.GetAttr(name);
  if (v.is_null() || !v.is_known()) return std::nullopt;
  return v.AsBool();
}

azure::ProviderConfigInput InputFromConfig(const cty::Value& c) {
  azure::ProviderConfigInput in;
  in.subscription_id = StringAttr(c, "subscription_id");
  in.tenant_id = StringAttr(c, "tenant_id");
  in.client_id = StringAttr(c, "client_id");
  in.client_secret = StringAttr(c, "client_secret");
  in.client_certificate = StringAttr(c, "client_certificate");
  in.client_certificate_path = StringAttr(c, "client_certificate_path");
  in.client_certificate_password = StringAttr(c, "client_certificate_password");
  in.use_oidc = BoolAttr(c, "use_oidc");
  in.oidc_token = StringAttr(c, "oidc_token");
  in.oidc_token_file_path = StringAttr(c, "oidc_token_file_path");
  in.oidc_request_url = StringAttr(c, "oidc_request_url");
  in.oidc_request_token = StringAttr(c, "oidc_request_token");
  in.ado_pipeline_service_connection_id = StringAttr(c, "ado_pipeline_service_connection_id");
  in.use_aks_workload_identity = BoolAttr(c, "use_aks_workload_identity");
  in.use_msi = BoolAttr(c, "use_msi");
  in.msi_endpoint = StringAttr(c, "msi_endpoint");
  in.use_cli = BoolAttr(c, "use_cli");
  in.environment = StringAttr(c, "environment");
  in.metadata_host = StringAttr(c, "metadata_host");
  in.resource_provider_registrations = StringAttr(c, "resource_provider_registrations");
  in.preflight = BoolAttr(c, "preflight");
  return in;
}

// Defensive: no configured secret may reach a diagnostic, whatever an error
// message upstream happened to quote.
std::string Scrub(std::string text, const azure::ResolvedConfig& c) {
  for (const std::string* secret : {&c.client_secret, &c.client_certificate,
                                    &c.client_certificate_password, &c.oidc_token,
                                    &c.oidc_request_token}) {
    if (secret->size() >= 4) absl::StrReplaceAll({{*secret, "***"}}, &text);
  }
  return azure::RedactText(text);
}

}  // namespace

framework::Schema ProviderConfigSchema() {
  framework::Schema s;
  s.block.description =
      "Manages Azure Compute Gallery images and Azure Batch pools. Every setting may also come "
      "from the `ARM_*` environment variable named in its description; the block wins. "
      "Credentials are tried in this order: client certificate, client secret, OIDC token, "
      "Azure DevOps OIDC, GitHub Actions OIDC, AKS workload identity, managed identity, "
      "Azure CLI.";
  s.block.attributes = {
      OptString("subscription_id",
                "Subscription to manage. Required here or in `ARM_SUBSCRIPTION_ID`."),
      OptString("tenant_id", "Microsoft Entra tenant of the service principal "
                             "(`ARM_TENANT_ID`)."),
      OptString("client_id", "Application (client) id of the service principal or the "
                             "user-assigned managed identity (`ARM_CLIENT_ID`)."),
      OptString("client_secret", "Client secret of the service principal "
                                 "(`ARM_CLIENT_SECRET`).")
          .Sensitive(),
      OptString("client_certificate",
                "Client certificate for certificate authentication: base64-encoded PKCS#12 "
                "or PEM with the private key (`ARM_CLIENT_CERTIFICATE`).")
          .Sensitive(),
      OptString("client_certificate_path",
                "Path to a PKCS#12 or PEM client certificate (`ARM_CLIENT_CERTIFICATE_PATH`)."),
      OptString("client_certificate_password",
                "Password of the PKCS#12 client certificate "
                "(`ARM_CLIENT_CERTIFICATE_PASSWORD`).")
          .Sensitive(),
      OptBool("use_oidc", "Authenticate with an OpenID Connect token from an external identity "
                          "provider (`ARM_USE_OIDC`). Defaults to `false`."),
      OptString("oidc_token", "The OIDC token to exchange (`ARM_OIDC_TOKEN`).").Sensitive(),
      OptString("oidc_token_file_path",
                "File holding the OIDC token, re-read on every exchange "
                "(`ARM_OIDC_TOKEN_FILE_PATH`)."),
      OptString("oidc_request_url",
                "URL to request an OIDC token from, in GitHub Actions or Azure DevOps "
                "(`ARM_OIDC_REQUEST_URL`, then `ACTIONS_ID_TOKEN_REQUEST_URL`, then "
                "`SYSTEM_OIDCREQUESTURI`)."),
      OptString("oidc_request_token",
                "Bearer token for `oidc_request_url` (`ARM_OIDC_REQUEST_TOKEN`, then "
                "`ACTIONS_ID_TOKEN_REQUEST_TOKEN`, then `SYSTEM_ACCESSTOKEN`).")
          .Sensitive(),
      OptString("ado_pipeline_service_connection_id",
                "Azure DevOps service connection used for OIDC "
                "(`ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID`, or "
                "`ARM_OIDC_AZURE_SERVICE_CONNECTION_ID`)."),
      OptBool("use_aks_workload_identity",
              "Authenticate with AKS workload identity, reading the token file from "
              "`AZURE_FEDERATED_TOKEN_FILE` (`ARM_USE_AKS_WORKLOAD_IDENTITY`). Defaults to "
              "`false`."),
      OptBool("use_msi", "Authenticate with a managed identity (`ARM_USE_MSI`). Defaults to "
                         "`false`."),
      OptString("msi_endpoint", "Token endpoint of the managed identity, instead of the "
                                "instance metadata service (`ARM_MSI_ENDPOINT`)."),
      OptBool("use_cli", "Fall back to the Azure CLI's login (`az account get-access-token`) "
                         "(`ARM_USE_CLI`). Defaults to `true`."),
      OptString("environment",
                "Azure cloud: `public`, `usgovernment` or `china` (`ARM_ENVIRONMENT`). Defaults "
                "to `public`.")
          .WithValidators({framework::validators::StringOneOf({"public", "usgovernment", "china"}, true)}),
      OptString("metadata_host",
                "Host name serving the cloud's `/metadata/endpoints` document, for Azure Stack "
                "and private clouds (`ARM_METADATA_HOSTNAME`): `host[:port]` (https, or http "
                "for a loopback host) or with an explicit scheme, `https://host[:port]` "
                "(`http://` only for a loopback host)."),
      OptString("resource_provider_registrations",
                "`core` registers Microsoft.Compute and Microsoft.Batch in the subscription "
                "when Azure reports them unregistered; `none` never registers "
                "(`ARM_RESOURCE_PROVIDER_REGISTRATIONS`). Defaults to `none`.")
          .WithValidators({framework::validators::StringOneOf({"none", "core"}, true)}),
      OptBool("preflight",
              "Check that Microsoft.Compute and Microsoft.Batch are registered in the "
              "subscription before the first write to each (reads never check), and check "
              "inputs against Azure limits before "
              "calling Azure; `azbatch_pool` also checks its image and Batch account while "
              "planning (`ARM_PREFLIGHT`). Defaults to `true`."),
  };
  return s;
}

void ConfigureProvider(const framework::Context& ctx,
                       const framework::ProviderConfigureRequest& req,
                       framework::ProviderConfigureResponse* resp) {
  ConfigureProviderWith(ConfigureOptions{}, ctx, req, resp);
}

namespace {

// True when a subscription id is set in the block or in ARM_SUBSCRIPTION_ID.
bool SubscriptionGiven(const azure::ProviderConfigInput& input, const azure::EnvGetter& env) {
  if (input.subscription_id && !input.subscription_id->empty()) return true;
  std::optional<std::string> e = env("ARM_SUBSCRIPTION_ID");
  return e && !e->empty();
}

// True when the provider block sets anything besides `preflight`.
bool AzureSettingsInBlock(const cty::Value& config) {
  if (config.is_null() || !config.is_known()) return false;
  for (const auto& [name, value] : config.MapElements()) {
    if (name != "preflight" && !value.is_null()) return true;
  }
  return false;
}

}  // namespace

void ConfigureProviderWith(const ConfigureOptions& options, const framework::Context& ctx,
                           const framework::ProviderConfigureRequest& req,
                           framework::ProviderConfigureResponse* resp) {
  auto settings = std::make_shared<ProviderSettings>();
  settings->terraform_version = req.terraform_version;
  azure::EnvGetter env = options.env ? options.env : azure::ProcessEnv();

  // A wholly unknown block (possible in principle) reads as an empty one here.
  const cty::Value& config = req.config.is_known() ? req.config : cty::Value();
  azure::ProviderConfigInput input = InputFromConfig(config);
  if (!input.preflight) {
    std::optional<std::string> e = env("ARM_PREFLIGHT");
    if (!e || e->empty()) input.preflight = true;
  }

  if (!req.config.is_null() && !req.config.IsWhollyKnown()) {
    // Plan with values that only apply will know (e.g. a subscription id from
    // another resource): nothing can be validated or connected yet.
    if (input.preflight) settings->preflight = *input.preflight;
    log::Info(kLogModule, "provider configuration has unknown values; Azure is not contacted "
                          "until they are known");
    resp->provider_data = std::move(settings);
    return;
  }

  absl::StatusOr<azure::ResolvedConfig> resolved = azure::ResolveConfig(input, env);
  if (!resolved.ok() && !SubscriptionGiven(input, env) && !AzureSettingsInBlock(config)) {
    // Nothing Azure is configured at all (an empty provider block, no
    // ARM_SUBSCRIPTION_ID): the Azure-free features (sizing data source,
    // functions) keep working, and the first resource that needs Azure gets
    // this explanation instead.
    if (input.preflight) settings->preflight = *input.preflight;
    settings->azure_unavailable = azure::RedactText(std::string(resolved.status().message()));
    resp->provider_data = std::move(settings);
    return;
  }
  if (!resolved.ok()) {
    resp->diagnostics.AddError("Invalid Azure provider configuration",
                               azure::RedactText(std::string(resolved.status().message())));
    return;
  }
  settings->preflight = resolved->preflight;

  azure::ConnectDeps deps;
  deps.transport = options.transport ? options.transport : azure::NewCpprestTransport();
  deps.run_command = options.run_command;
  deps.retry = options.retry;
  deps.user_agent = std::make_shared<azure::UserAgent>(azure::kProviderVersion);
  deps.user_agent->SetCli("Terraform", req.terraform_version);

  azure::Context actx = ToAzureContext(ctx).WithTimeout(options.timeout);
  absl::StatusOr<std::shared_ptr<azure::AzureClients>> clients =
      absl::UnknownError("not connected");
  try {
    clients = azure::Connect(*resolved, deps, actx);
  } catch (const std::exception& e) {
    // Third-party code (JSON parsing of an unexpected response) must not take
    // the provider process down.
    clients = absl::InternalError(absl::StrCat("unexpected response while connecting: ", e.what()));
  }
  if (!clients.ok()) {
    const absl::Status& s = clients.status();
    std::string summary = absl::IsUnauthenticated(s) ? "Unable to authenticate to Azure"
                          : absl::IsCancelled(s)     ? "Azure configuration was cancelled"
                                                     : "Unable to connect to Azure";
    resp->diagnostics.AddError(summary, Scrub(std::string(s.message()), *resolved));
    return;
  }
  std::string credential;
  for (const auto& a : (*clients)->attempts) {
    if (a.outcome == "succeeded") credential = a.name;
  }
  log::Info(kLogModule, "provider configured",
            {{"cloud", (*clients)->cloud.name},
             {"resource_manager", (*clients)->cloud.resource_manager},
             {"credential", credential},
             {"subscription_id", resolved->subscription_id},
             {"preflight", resolved->preflight ? "true" : "false"}});
  settings->azure = *std::move(clients);
  resp->provider_data = std::move(settings);
}

std::shared_ptr<ProviderSettings> SettingsFromContext(const framework::Context& ctx) {
  return ctx.ProviderData<ProviderSettings>();
}

absl::StatusOr<std::shared_ptr<azure::ArmClient>> ArmFromContext(const framework::Context& ctx) {
  std::shared_ptr<ProviderSettings> settings = SettingsFromContext(ctx);
  if (settings == nullptr) {
    return absl::FailedPreconditionError(
        "the azbatch provider is not configured (ConfigureProvider has not run)");
  }
  if (!settings->azure_unavailable.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Azure is not configured for the azbatch provider: ", settings->azure_unavailable,
        " Set subscription_id (or ARM_SUBSCRIPTION_ID) and credentials; data source "
        "azbatch_pool_sizing and the provider functions work without them."));
  }
  if (settings->azure == nullptr || settings->azure->arm == nullptr) {
    return absl::FailedPreconditionError(
        "the azbatch provider block has values that are not known until apply; Azure cannot "
        "be read yet");
  }
  return settings->azure->arm;
}

azure::Context ToAzureContext(const framework::Context& ctx) {
  azure::CancellationSource source;
  azure::Context out = azure::Context().WithDeadline(ctx.deadline()).WithCancellation(source);
  std::weak_ptr<azure::CancellationState> weak = source.state();
  // The registration lives as long as some copy of `out` holds the state.
  ctx.OnStop(
      [weak] {
        if (std::shared_ptr<azure::CancellationState> s = weak.lock()) s->Cancel();
      },
      std::shared_ptr<const void>(source.state()));
  return out;
}

}  // namespace azbatch::resources
