// Verification of client assertions as Entra ID does it: certificate
// credentials (iss = sub = client id, signed by a registered certificate named
// by x5t / x5t#S256, aud = the token endpoint) and federated identity
// credentials (issuer, subject and audience of a registered record, signed by a
// key of that issuer).
#ifndef AZBATCH_EMULATOR_CLIENT_ASSERTION_H_
#define AZBATCH_EMULATOR_CLIENT_ASSERTION_H_

#include <optional>
#include <string>

#include "emulator/state.h"

namespace azbatch::emulator {

// An Entra refusal: HTTP status, OAuth `error`, AADSTS code and description.
struct AadRefusal {
  int status = 401;
  std::string error = "invalid_client";
  int code = 0;
  std::string description;
};

// Nullopt when `assertion` authenticates `cred` at the token endpoint of
// `tenant`; `now` is real unix time.
std::optional<AadRefusal> VerifyClientAssertion(const Credential& cred,
                                                const std::string& client_id,
                                                const std::string& assertion,
                                                const std::string& tenant, double now);

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_CLIENT_ASSERTION_H_
