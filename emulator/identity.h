// Identity endpoints: Entra ID token endpoint (client secret or client
// assertion), OpenID discovery and JWKS, IMDS managed identity, cloud
// metadata, and bearer checks (signature, audience, lifetime) on ARM calls.
#ifndef AZBATCH_EMULATOR_IDENTITY_H_
#define AZBATCH_EMULATOR_IDENTITY_H_

#include <optional>
#include <string>

#include "emulator/http_message.h"
#include "emulator/state.h"

namespace azbatch::emulator {

// POST /{tenant}/oauth2/v2.0/token (also /{tenant}/oauth2/token).
HttpResponse HandleTokenRequest(Emulator& emu, const HttpRequest& req, const std::string& tenant,
                                const std::string& base_url);
// GET /metadata/identity/oauth2/token (IMDS, "Metadata: true") and GET
// /msi/token (App Service style, X-IDENTITY-HEADER; either path takes either header).
HttpResponse HandleImdsToken(Emulator& emu, const HttpRequest& req);
// GET /metadata/endpoints?api-version=2022-09-01.
HttpResponse HandleMetadataEndpoints(const HttpRequest& req, const std::string& base_url);
// 401 with ARM's codes unless the request carries a valid, unexpired token.
std::optional<HttpResponse> CheckBearer(Emulator& emu, const HttpRequest& req,
                                        const std::string& base_url);
// GET /{tenant}/v2.0/.well-known/openid-configuration (v2) and
// /{tenant}/.well-known/openid-configuration (v1): Entra's discovery document
// with this emulator's endpoints.
HttpResponse HandleOpenIdConfiguration(const Emulator& emu, const std::string& tenant, bool v2,
                                       const std::string& base_url);
// GET /{tenant}/discovery/v2.0/keys and /{tenant}/discovery/keys: the signing key.
HttpResponse HandleJwks(const Emulator& emu, const std::string& tenant);
// Issues an access token (an RS256 JWT with Entra's app-token claims; v1 shape
// for ARM audiences, v2 otherwise) for `client_id`. `client_auth` is the
// appidacr/azpacr value: "1" secret, "2" certificate, assertion or managed identity.
std::string IssueToken(Emulator& emu, const std::string& client_id, const std::string& tenant,
                       const std::string& audience = "https://management.azure.com/",
                       const std::string& client_auth = "1");

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_IDENTITY_H_
