// Identity endpoints: Entra ID v2 token endpoint (client secret or client
// assertion), IMDS managed identity, cloud metadata, and bearer checks.
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
// Issues a token for `client_id` (also used by tests and the admin API).
std::string IssueToken(Emulator& emu, const std::string& client_id, const std::string& tenant);

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_IDENTITY_H_
