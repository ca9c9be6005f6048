// Ephemeral certificates for go-plugin AutoMTLS.
//
// When core sets PLUGIN_CLIENT_CERT it expects the plugin to present a
// self-signed certificate for "localhost" whose DER is printed (base64) in the
// handshake line; core then trusts exactly that certificate.
#ifndef AZBATCH_PROVIDER_PLUGIN_TLS_H_
#define AZBATCH_PROVIDER_PLUGIN_TLS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace azbatch::plugin {

struct CertificateAndKey {
  std::string cert_pem;  // PEM "CERTIFICATE"
  std::string cert_der;  // the same certificate, DER
  std::string key_pem;   // PEM PKCS#8 "PRIVATE KEY"
};

// Creates a fresh ECDSA P-256 key and a self-signed SHA-256 certificate:
// CN=localhost, SAN DNS:localhost, CA:TRUE, key usage digitalSignature |
// keyEncipherment | keyAgreement | keyCertSign, extended key usage serverAuth
// and clientAuth, valid from 30 seconds ago for `validity_days` days.
absl::StatusOr<CertificateAndKey> GenerateSelfSignedCertificate(int validity_days = 365);

// Converts one DER certificate to PEM (validating it on the way).
absl::StatusOr<std::string> CertificateDerToPem(absl::string_view der);

}  // namespace azbatch::plugin

#endif  // AZBATCH_PROVIDER_PLUGIN_TLS_H_
