#include "emulator/jwt.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdio>
#include <vector>

#include "absl/strings/escaping.h"

namespace azbatch::emulator {

using nlohmann::json;

namespace {

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  return buf;
}

std::string Bytes(const unsigned char* data, size_t n) {
  return std::string(reinterpret_cast<const char*>(data), n);
}

std::string Sha1(const std::string& in) {
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(in.data()), in.size(), md);
  return Bytes(md, sizeof(md));
}

std::string Sha256(const std::string& in) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(in.data()), in.size(), md);
  return Bytes(md, sizeof(md));
}

std::string BnBytes(const BIGNUM* bn) {
  std::vector<unsigned char> out(static_cast<size_t>(BN_num_bytes(bn)));
  BN_bn2bin(bn, out.data());
  return Bytes(out.data(), out.size());
}

std::string PublicDer(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) return "";
  std::string out = Bytes(der, static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

std::string Base64UrlEncode(const std::string& bytes) { return absl::WebSafeBase64Escape(bytes); }

std::optional<std::string> Base64UrlDecode(const std::string& text) {
  // JWS parts are base64url without padding (RFC 7515 section 2).
  if (text.find_first_of("+/=") != std::string::npos || text.size() % 4 == 1) {
    return std::nullopt;
  }
  std::string out;
  if (!absl::WebSafeBase64Unescape(text, &out)) return std::nullopt;
  return out;
}

std::optional<ParsedJwt> ParseJwt(const std::string& token) {
  size_t d1 = token.find('.');
  if (d1 == std::string::npos) return std::nullopt;
  size_t d2 = token.find('.', d1 + 1);
  if (d2 == std::string::npos || token.find('.', d2 + 1) != std::string::npos) {
    return std::nullopt;
  }
  std::optional<std::string> header = Base64UrlDecode(token.substr(0, d1));
  std::optional<std::string> claims = Base64UrlDecode(token.substr(d1 + 1, d2 - d1 - 1));
  std::optional<std::string> sig = Base64UrlDecode(token.substr(d2 + 1));
  if (!header || !claims || !sig) return std::nullopt;
  ParsedJwt out;
  out.header = json::parse(*header, nullptr, false);
  out.claims = json::parse(*claims, nullptr, false);
  if (!out.header.is_object() || !out.claims.is_object()) return std::nullopt;
  out.signing_input = token.substr(0, d2);
  out.signature = std::move(*sig);
  return out;
}

absl::StatusOr<RsaKey> RsaKey::Wrap(EVP_PKEY* key) {
  if (key == nullptr) return absl::InvalidArgumentError("no key: " + OpenSslError());
  RsaKey out;
  out.key_ = std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
  if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
    return absl::InvalidArgumentError("the key is not an RSA key");
  }
  out.kid_ = Base64UrlEncode(Sha1(PublicDer(key)));
  return out;
}

absl::StatusOr<RsaKey> RsaKey::Generate(int bits) {
  return Wrap(EVP_RSA_gen(static_cast<unsigned int>(bits)));
}

absl::StatusOr<RsaKey> RsaKey::FromPem(const std::string& pem) {
  auto read = [&](auto fn) -> EVP_PKEY* {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* k = fn(bio);
    BIO_free(bio);
    return k;
  };
  EVP_PKEY* key =
      read([](BIO* b) { return PEM_read_bio_PrivateKey(b, nullptr, nullptr, nullptr); });
  if (key == nullptr) {
    key = read([](BIO* b) { return PEM_read_bio_PUBKEY(b, nullptr, nullptr, nullptr); });
  }
  if (key == nullptr) {
    X509* cert = nullptr;
    read([&](BIO* b) -> EVP_PKEY* {
      cert = PEM_read_bio_X509(b, nullptr, nullptr, nullptr);
      return nullptr;
    });
    if (cert != nullptr) {
      key = X509_get_pubkey(cert);
      X509_free(cert);
    }
  }
  ERR_clear_error();
  if (key == nullptr) return absl::InvalidArgumentError("not a PEM key or certificate");
  return Wrap(key);
}

absl::StatusOr<RsaKey> RsaKey::FromJwk(const json& jwk) {
  if (!jwk.is_object() || jwk.value("kty", "") != "RSA" || !jwk.contains("n") ||
      !jwk.contains("e") || !jwk["n"].is_string() || !jwk["e"].is_string()) {
    return absl::InvalidArgumentError("not an RSA JWK");
  }
  std::optional<std::string> n = Base64UrlDecode(jwk["n"].get<std::string>());
  std::optional<std::string> e = Base64UrlDecode(jwk["e"].get<std::string>());
  if (!n || !e) return absl::InvalidArgumentError("bad JWK n/e encoding");
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()),
                           static_cast<int>(n->size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()),
                           static_cast<int>(e->size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n);
  OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
  EVP_PKEY* key = nullptr;
  if (ctx == nullptr || params == nullptr || EVP_PKEY_fromdata_init(ctx) != 1 ||
      EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    key = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  return Wrap(key);
}

std::string RsaKey::PrivatePem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  std::string out;
  if (PEM_write_bio_PrivateKey(bio, key_.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1) {
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    out.assign(data, static_cast<size_t>(len));
  }
  BIO_free(bio);
  ERR_clear_error();
  return out;
}

json RsaKey::Jwk() const {
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  EVP_PKEY_get_bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_N, &n);
  EVP_PKEY_get_bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_E, &e);
  json out = {{"kty", "RSA"}, {"use", "sig"}, {"alg", "RS256"}, {"kid", kid_},
              {"x5t", kid_},  {"n", n ? Base64UrlEncode(BnBytes(n)) : ""},
              {"e", e ? Base64UrlEncode(BnBytes(e)) : ""}};
  BN_free(n);
  BN_free(e);
  return out;
}

absl::StatusOr<std::string> RsaKey::Sign(json header, const json& claims) const {
  header["alg"] = "RS256";
  header["typ"] = "JWT";
  header["kid"] = kid_;
  std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  bool ok = md != nullptr &&
            EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
            EVP_DigestSign(md, nullptr, &len, in, input.size()) == 1;
  std::vector<unsigned char> sig(len);
  ok = ok && EVP_DigestSign(md, sig.data(), &len, in, input.size()) == 1;
  EVP_MD_CTX_free(md);
  if (!ok) return absl::InternalError("signing a token: " + OpenSslError());
  return input + "." + Base64UrlEncode(Bytes(sig.data(), len));
}

bool RsaKey::Verify(const ParsedJwt& jwt) const {
  if (key_ == nullptr || jwt.header.value("alg", "") != "RS256") return false;
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  bool ok = md != nullptr &&
            EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
            EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(jwt.signature.data()),
                             jwt.signature.size(),
                             reinterpret_cast<const unsigned char*>(jwt.signing_input.data()),
                             jwt.signing_input.size()) == 1;
  EVP_MD_CTX_free(md);
  ERR_clear_error();
  return ok;
}

absl::StatusOr<CertificateKey> CertificateFromPem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (cert == nullptr) {
    ERR_clear_error();
    return absl::InvalidArgumentError("not a PEM certificate");
  }
  unsigned char* der = nullptr;
  int len = i2d_X509(cert, &der);
  std::string der_bytes = len > 0 ? Bytes(der, static_cast<size_t>(len)) : "";
  OPENSSL_free(der);
  X509_free(cert);
  absl::StatusOr<RsaKey> key = RsaKey::FromPem(pem);
  if (!key.ok()) return key.status();
  CertificateKey out{*key, Base64UrlEncode(Sha1(der_bytes)), Base64UrlEncode(Sha256(der_bytes)),
                     ""};
  for (unsigned char c : Sha1(der_bytes)) {
    char hex[3];
    std::snprintf(hex, sizeof(hex), "%02X", c);
    out.thumbprint_hex += hex;
  }
  return out;
}

}  // namespace azbatch::emulator
