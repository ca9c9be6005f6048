// Concrete token credentials: client secret, client assertion (certificate,
// OIDC token / file, GitHub Actions, Azure DevOps, AKS workload identity),
// managed identity (IMDS, App Service) and the Azure CLI.
#ifndef AZBATCH_PROVIDER_AZURE_CREDENTIALS_H_
#define AZBATCH_PROVIDER_AZURE_CREDENTIALS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "provider/azure/credential.h"
#include "provider/azure/pipeline.h"

namespace azbatch::azure {

// Token endpoint helpers shared by credentials.
std::string TokenEndpointUrl(const std::string& authority, const std::string& tenant);
// Reads an Entra / IMDS token response: access_token plus expires_on (epoch,
// number or string) or expires_in (number or string). Errors use
// error/error_description only, never the raw body.
absl::StatusOr<AccessToken> ParseTokenResponse(int http_status, const std::string& body,
                                               absl::Time now);

std::shared_ptr<TokenCredential> NewClientSecretCredential(
    std::string authority, std::string tenant, std::string client_id, std::string secret,
    std::shared_ptr<Pipeline> pipeline);

// Produces a client assertion (a JWT) for one token request.
using AssertionSource =
    std::function<absl::StatusOr<std::string>(const std::string& token_url, const Context& ctx)>;

std::shared_ptr<TokenCredential> NewClientAssertionCredential(
    std::string name, std::string authority, std::string tenant, std::string client_id,
    AssertionSource assertion, std::shared_ptr<Pipeline> pipeline);

using FileReader = std::function<absl::StatusOr<std::string>(const std::string& path)>;
FileReader DefaultFileReader();

AssertionSource StaticAssertion(std::string token);
// Re-read on every request: projected tokens rotate.
AssertionSource FileAssertion(std::string path, FileReader reader);
// GET {request_url}&audience=api://AzureADTokenExchange with the request token;
// response {"value": "<jwt>"}.
AssertionSource GitHubOidcAssertion(std::string request_url, std::string request_token,
                                    std::shared_ptr<Pipeline> pipeline);
// POST {request_url}?api-version=7.1&serviceConnectionId=... ; response {"oidcToken": ...}.
AssertionSource AzureDevOpsOidcAssertion(std::string request_url, std::string request_token,
                                         std::string service_connection_id,
                                         std::shared_ptr<Pipeline> pipeline);

struct ManagedIdentityOptions {
  // IMDS token URL, or the App Service IDENTITY_ENDPOINT when identity_header is set.
  std::string endpoint = "http://169.254.169.254/metadata/identity/oauth2/token";
  std::string identity_header;  // App Service / Container Apps X-IDENTITY-HEADER
  std::string client_id;        // user-assigned identity
};
std::shared_ptr<TokenCredential> NewManagedIdentityCredential(ManagedIdentityOptions options,
                                                              std::shared_ptr<Pipeline> pipeline);

struct CommandResult {
  int exit_code = 0;
  std::string out;
  std::string err;
};
using CommandRunner = std::function<absl::StatusOr<CommandResult>(
    const std::vector<std::string>& argv, const Context& ctx)>;
// fork/exec without a shell; honours cancellation and the deadline.
CommandRunner DefaultCommandRunner();

// `az account get-access-token --resource <r> -o json [--tenant t]`.
std::shared_ptr<TokenCredential> NewAzureCliCredential(CommandRunner runner, std::string tenant);
// Reads accessToken + expires_on (epoch) or expiresOn (local "YYYY-MM-DD HH:MM:SS.ffffff").
absl::StatusOr<AccessToken> ParseAzureCliToken(const std::string& out);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_CREDENTIALS_H_
