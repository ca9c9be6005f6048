// RS256 JSON Web Tokens for the emulated Entra ID: the emulator's signing key
// (made with OpenSSL, exportable as PEM and as a JWK), signing and parsing
// tokens, and public keys of client certificates and federated issuers used to
// verify client assertions.
#ifndef AZBATCH_EMULATOR_JWT_H_
#define AZBATCH_EMULATOR_JWT_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace azbatch::emulator {

std::string Base64UrlEncode(const std::string& bytes);
std::optional<std::string> Base64UrlDecode(const std::string& text);

// A token split into its parts. `header` and `claims` are JSON objects.
struct ParsedJwt {
  nlohmann::json header;
  nlohmann::json claims;
  std::string signing_input;  // "<header>.<payload>" as received
  std::string signature;      // raw bytes
};
// Nullopt unless `token` is three base64url parts whose first two are JSON objects.
std::optional<ParsedJwt> ParseJwt(const std::string& token);

// An RSA key (private when made here or read from a private PEM, public otherwise).
class RsaKey {
 public:
  static absl::StatusOr<RsaKey> Generate(int bits = 2048);
  // A private key, a public key or a certificate, in PEM.
  static absl::StatusOr<RsaKey> FromPem(const std::string& pem);
  // {"kty":"RSA","n":...,"e":...} as a JWKS lists it.
  static absl::StatusOr<RsaKey> FromJwk(const nlohmann::json& jwk);

  bool valid() const { return key_ != nullptr; }
  // PKCS#8 PEM of the private key ("" for public keys).
  std::string PrivatePem() const;
  // Key id: base64url SHA-1 of the public key (DER SubjectPublicKeyInfo).
  const std::string& kid() const { return kid_; }
  // Public JWK with kid, use "sig", alg RS256.
  nlohmann::json Jwk() const;
  // Signs header.claims with RS256 ("alg", "typ" and "kid" are added to the header).
  absl::StatusOr<std::string> Sign(nlohmann::json header, const nlohmann::json& claims) const;
  bool Verify(const ParsedJwt& jwt) const;

 private:
  static absl::StatusOr<RsaKey> Wrap(EVP_PKEY* key);
  std::shared_ptr<EVP_PKEY> key_;
  std::string kid_;
};

// A registered client certificate: its public key and the thumbprints that
// assertions name in their `x5t` (SHA-1) or `x5t#S256` header.
struct CertificateKey {
  RsaKey key;
  std::string x5t;
  std::string x5t_s256;
  std::string thumbprint_hex;  // upper-case SHA-1, as Entra prints it
};
absl::StatusOr<CertificateKey> CertificateFromPem(const std::string& pem);

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_JWT_H_
