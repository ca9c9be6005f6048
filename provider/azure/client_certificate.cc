#include "provider/azure/client_certificate.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "provider/azure/pipeline.h"

namespace azbatch::azure {
namespace {

EVP_PKEY* Key(void* p) { return static_cast<EVP_PKEY*>(p); }
X509* Cert(void* p) { return static_cast<X509*>(p); }

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  return buf;
}

}  // namespace

std::string Base64UrlEncode(const std::string& data) {
  std::string out;
  absl::WebSafeBase64Escape(data, &out);  // no padding
  return out;
}

ClientCertificate::~ClientCertificate() {
  EVP_PKEY_free(Key(key_));
  X509_free(Cert(cert_));
}

absl::StatusOr<std::shared_ptr<ClientCertificate>> ClientCertificate::Load(
    const std::string& data, const std::string& password) {
  std::shared_ptr<ClientCertificate> c(new ClientCertificate());
  BIO* bio = BIO_new_mem_buf(data.data(), static_cast<int>(data.size()));
  if (bio == nullptr) return absl::InternalError("BIO_new_mem_buf failed");
  if (absl::StrContains(data, "-----BEGIN")) {
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    bio = BIO_new_mem_buf(data.data(), static_cast<int>(data.size()));
    EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr,
                                            const_cast<char*>(password.c_str()));
    c->cert_ = cert;
    c->key_ = key;
  } else {
    PKCS12* p12 = d2i_PKCS12_bio(bio, nullptr);
    if (p12 != nullptr) {
      EVP_PKEY* key = nullptr;
      X509* cert = nullptr;
      if (PKCS12_parse(p12, password.c_str(), &key, &cert, nullptr) != 1) {
        PKCS12_free(p12);
        BIO_free(bio);
        return absl::InvalidArgumentError(absl::StrCat(
            "cannot open the PFX client certificate (wrong password?): ", OpenSslError()));
      }
      c->cert_ = cert;
      c->key_ = key;
      PKCS12_free(p12);
    }
  }
  BIO_free(bio);
  if (c->cert_ == nullptr || c->key_ == nullptr) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        "client certificate must be PEM (certificate and private key) or PKCS#12/PFX");
  }
  if (EVP_PKEY_base_id(Key(c->key_)) != EVP_PKEY_RSA) {
    return absl::InvalidArgumentError("client certificate key must be RSA");
  }
  if (X509_check_private_key(Cert(c->cert_), Key(c->key_)) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError("client certificate and private key do not match");
  }
  unsigned char* der = nullptr;
  int len = i2d_X509(Cert(c->cert_), &der);
  if (len <= 0) return absl::InternalError("cannot encode certificate");
  unsigned char sha1[SHA_DIGEST_LENGTH];
  SHA1(der, static_cast<size_t>(len), sha1);
  OPENSSL_free(der);
  c->x5t_ = Base64UrlEncode(std::string(reinterpret_cast<char*>(sha1), sizeof(sha1)));
  return c;
}

absl::StatusOr<std::string> ClientCertificate::SignAssertion(const std::string& client_id,
                                                             const std::string& audience,
                                                             absl::Time now,
                                                             const std::string& jti) const {
  nlohmann::json header = {{"alg", "RS256"}, {"typ", "JWT"}, {"x5t", x5t_}};
  int64_t t = absl::ToUnixSeconds(now);
  nlohmann::json claims = {{"aud", audience}, {"iss", client_id}, {"sub", client_id},
                           {"jti", jti},      {"nbf", t},         {"iat", t},
                           {"exp", t + 600}};
  std::string input = absl::StrCat(Base64UrlEncode(header.dump()), ".",
                                   Base64UrlEncode(claims.dump()));
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  size_t sig_len = 0;
  bool ok = md != nullptr &&
            EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, Key(key_)) == 1 &&
            EVP_DigestSign(md, nullptr, &sig_len,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  std::vector<unsigned char> sig(sig_len);
  ok = ok && EVP_DigestSign(md, sig.data(), &sig_len,
                            reinterpret_cast<const unsigned char*>(input.data()),
                            input.size()) == 1;
  EVP_MD_CTX_free(md);
  if (!ok) return absl::InternalError(absl::StrCat("signing client assertion: ", OpenSslError()));
  return absl::StrCat(input, ".",
                      Base64UrlEncode(std::string(reinterpret_cast<char*>(sig.data()), sig_len)));
}

bool ClientCertificate::VerifyAssertion(const std::string& jwt) const {
  std::vector<std::string> parts = absl::StrSplit(jwt, '.');
  if (parts.size() != 3) return false;
  std::string sig;
  if (!absl::WebSafeBase64Unescape(parts[2], &sig)) return false;
  std::string input = parts[0] + "." + parts[1];
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  bool ok = md != nullptr &&
            EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, Key(key_)) == 1 &&
            EVP_DigestVerify(md, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                             reinterpret_cast<const unsigned char*>(input.data()),
                             input.size()) == 1;
  EVP_MD_CTX_free(md);
  ERR_clear_error();
  return ok;
}

std::shared_ptr<TokenCredential> NewClientCertificateCredential(
    std::string authority, std::string tenant, std::string client_id,
    std::shared_ptr<ClientCertificate> certificate, std::shared_ptr<Pipeline> pipeline) {
  AssertionSource source = [certificate, client_id](const std::string& token_url,
                                                    const Context& ctx) {
    return certificate->SignAssertion(client_id, token_url, ctx.Now(), NewUuid());
  };
  return NewClientAssertionCredential("client certificate", std::move(authority),
                                      std::move(tenant), std::move(client_id), std::move(source),
                                      std::move(pipeline));
}

}  // namespace azbatch::azure
