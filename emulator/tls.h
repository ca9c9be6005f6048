// Self-signed loopback certificate for --tls (CN=localhost, SAN 127.0.0.1/::1).
#ifndef AZBATCH_EMULATOR_TLS_H_
#define AZBATCH_EMULATOR_TLS_H_

#include "absl/status/statusor.h"
#include "emulator/http_server.h"

namespace azbatch::emulator {

absl::StatusOr<TlsMaterial> GenerateLoopbackCertificate();

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_TLS_H_
