// Generates a throw-away RSA key and self-signed certificate for tests.
#ifndef AZBATCH_PROVIDER_AZURE_TEST_CERT_H_
#define AZBATCH_PROVIDER_AZURE_TEST_CERT_H_

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <string>

namespace azbatch::azure::testing {

struct TestCert {
  std::string pem;  // certificate + private key
  std::string pfx;  // PKCS#12 protected by `password`
  std::string der;  // certificate
};

inline std::string BioToString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string s(data, static_cast<size_t>(len));
  BIO_free(bio);
  return s;
}

inline TestCert MakeTestCert(const std::string& password) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("azbatch-test"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_sign(cert, key, EVP_sha256());
  TestCert out;
  BIO* pem = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(pem, cert);
  PEM_write_bio_PrivateKey(pem, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.pem = BioToString(pem);
  PKCS12* p12 = PKCS12_create(password.c_str(), "azbatch", key, cert, nullptr, 0, 0, 0, 0, 0);
  BIO* pfx = BIO_new(BIO_s_mem());
  i2d_PKCS12_bio(pfx, p12);
  out.pfx = BioToString(pfx);
  unsigned char* der = nullptr;
  int len = i2d_X509(cert, &der);
  out.der.assign(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  PKCS12_free(p12);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

}  // namespace azbatch::azure::testing

#endif  // AZBATCH_PROVIDER_AZURE_TEST_CERT_H_
