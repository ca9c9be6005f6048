// Client certificate credential: PFX or PEM, RS256 client assertion with x5t.
#ifndef AZBATCH_PROVIDER_AZURE_CLIENT_CERTIFICATE_H_
#define AZBATCH_PROVIDER_AZURE_CLIENT_CERTIFICATE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "provider/azure/credentials.h"

namespace azbatch::azure {

class ClientCertificate {
 public:
  // `data` is PEM (certificate + private key) or PKCS#12 (PFX) bytes.
  static absl::StatusOr<std::shared_ptr<ClientCertificate>> Load(const std::string& data,
                                                                 const std::string& password);
  ~ClientCertificate();

  // base64url SHA-1 of the DER certificate (JWT "x5t").
  const std::string& x5t() const { return x5t_; }
  // Signed JWT: header {alg RS256, typ JWT, x5t}, claims aud/iss/sub/jti/nbf/iat/exp.
  absl::StatusOr<std::string> SignAssertion(const std::string& client_id,
                                            const std::string& audience, absl::Time now,
                                            const std::string& jti) const;
  // Verifies a JWT signature against this certificate's public key (tests).
  bool VerifyAssertion(const std::string& jwt) const;

 private:
  ClientCertificate() = default;
  void* key_ = nullptr;   // EVP_PKEY*
  void* cert_ = nullptr;  // X509*
  std::string x5t_;
};

std::string Base64UrlEncode(const std::string& data);

std::shared_ptr<TokenCredential> NewClientCertificateCredential(
    std::string authority, std::string tenant, std::string client_id,
    std::shared_ptr<ClientCertificate> certificate, std::shared_ptr<Pipeline> pipeline);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_CLIENT_CERTIFICATE_H_
