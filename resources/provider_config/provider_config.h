// The provider block: its schema, Configure (ARM_* fallbacks, cloud, credential,
// one ARM client) and what resources get back from the Context.
#ifndef AZBATCH_RESOURCES_PROVIDER_CONFIG_PROVIDER_CONFIG_H_
#define AZBATCH_RESOURCES_PROVIDER_CONFIG_PROVIDER_CONFIG_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "provider/azure/arm_client.h"
#include "provider/azure/config.h"
#include "provider/azure/context.h"
#include "provider/framework/context.h"
#include "provider/framework/diagnostics.h"
#include "provider/framework/provider.h"
#include "provider/framework/schema.h"

namespace azbatch::resources {

// What Configure hands to resources (ctx.ProviderData<ProviderSettings>()).
struct ProviderSettings {
  bool preflight = true;
  std::string terraform_version;
  // Null while the provider block still has unknown values (plan before apply).
  std::shared_ptr<azure::AzureClients> azure;
  // Set when no subscription is configured anywhere: Azure-free features still work,
  // and resources that need Azure report this reason.
  std::string azure_unavailable;
};

// Schema of the provider block.
framework::Schema ProviderConfigSchema();

// Resolves the block (with ARM_* fallbacks), connects, and stores ProviderSettings.
void ConfigureProvider(const framework::Context& ctx,
                       const framework::ProviderConfigureRequest& req,
                       framework::ProviderConfigureResponse* resp);

// What ConfigureProvider takes from the process; tests inject their own.
struct ConfigureOptions {
  azure::EnvGetter env;                          // default: the process environment
  std::shared_ptr<azure::Transport> transport;   // default: cpprestsdk
  azure::CommandRunner run_command;              // default: fork/exec (for `az`)
  azure::RetryOptions retry;
  // Upper bound for resolving the cloud, authenticating and the preflight checks.
  absl::Duration timeout = absl::Minutes(5);
};

// ConfigureProvider with explicit options.
void ConfigureProviderWith(const ConfigureOptions& options, const framework::Context& ctx,
                           const framework::ProviderConfigureRequest& req,
                           framework::ProviderConfigureResponse* resp);

// The ARM client of a configured provider, or FailedPrecondition explaining that the
// provider block is not configured yet.
absl::StatusOr<std::shared_ptr<azure::ArmClient>> ArmFromContext(const framework::Context& ctx);
// The settings, or null.
std::shared_ptr<ProviderSettings> SettingsFromContext(const framework::Context& ctx);

// The framework context's deadline and StopProvider cancellation as an azure::Context.
azure::Context ToAzureContext(const framework::Context& ctx);

}  // namespace azbatch::resources

#endif  // AZBATCH_RESOURCES_PROVIDER_CONFIG_PROVIDER_CONFIG_H_
