#include "provider/plugin/tls.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace azbatch::plugin {
namespace {

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

X509Ptr ParseDer(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

X509Ptr ParsePem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return X509Ptr(x);
}

PkeyPtr ParseKey(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* k = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return PkeyPtr(k);
}

// Seconds from now to `t` (negative when in the past).
long SecondsFromNow(const ASN1_TIME* t) {
  int days = 0, secs = 0;
  EXPECT_EQ(ASN1_TIME_diff(&days, &secs, nullptr, t), 1);
  return static_cast<long>(days) * 86400 + secs;
}

class GeneratedCertificateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<CertificateAndKey> c = GenerateSelfSignedCertificate();
    ASSERT_TRUE(c.ok()) << c.status();
    cert_ = *c;
    x509_ = ParseDer(cert_.cert_der);
    ASSERT_NE(x509_, nullptr);
  }
  CertificateAndKey cert_;
  X509Ptr x509_;
};

TEST_F(GeneratedCertificateTest, PemAndDerDescribeTheSameCertificate) {
  X509Ptr from_pem = ParsePem(cert_.cert_pem);
  ASSERT_NE(from_pem, nullptr);
  EXPECT_EQ(X509_cmp(from_pem.get(), x509_.get()), 0);
  absl::StatusOr<std::string> pem = CertificateDerToPem(cert_.cert_der);
  ASSERT_TRUE(pem.ok()) << pem.status();
  EXPECT_EQ(*pem, cert_.cert_pem);
}

TEST_F(GeneratedCertificateTest, KeyIsP256AndMatchesCertificate) {
  PkeyPtr key = ParseKey(cert_.key_pem);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_get_base_id(key.get()), EVP_PKEY_EC);
  char group[64] = {0};
  size_t len = 0;
  ASSERT_EQ(EVP_PKEY_get_group_name(key.get(), group, sizeof(group), &len), 1);
  EXPECT_STREQ(group, "prime256v1");
  EXPECT_EQ(X509_check_private_key(x509_.get(), key.get()), 1);
  EXPECT_EQ(X509_get_signature_nid(x509_.get()), NID_ecdsa_with_SHA256);
}

TEST_F(GeneratedCertificateTest, SelfSignedCaForLocalhost) {
  EXPECT_EQ(X509_get_version(x509_.get()), X509_VERSION_3);
  EVP_PKEY* pub = X509_get0_pubkey(x509_.get());
  EXPECT_EQ(X509_verify(x509_.get(), pub), 1);
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(x509_.get()), X509_get_issuer_name(x509_.get())), 0);
  char cn[64] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(x509_.get()), NID_commonName, cn, sizeof(cn));
  EXPECT_STREQ(cn, "localhost");
  EXPECT_EQ(X509_check_host(x509_.get(), "localhost", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_host(x509_.get(), "example.com", 0, 0, nullptr), 1);
  EXPECT_GE(X509_check_ca(x509_.get()), 1);
  EXPECT_NE(X509_get_extension_flags(x509_.get()) & EXFLAG_SS, 0u);

  // SAN is exactly one DNS name: localhost.
  auto* sans = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(x509_.get(), NID_subject_alt_name, nullptr, nullptr));
  ASSERT_NE(sans, nullptr);
  ASSERT_EQ(sk_GENERAL_NAME_num(sans), 1);
  const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans, 0);
  ASSERT_EQ(gn->type, GEN_DNS);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.dNSName)),
                        ASN1_STRING_length(gn->d.dNSName)),
            "localhost");
  GENERAL_NAMES_free(sans);
}

TEST_F(GeneratedCertificateTest, KeyUsageAndExtendedKeyUsage) {
  uint32_t ku = X509_get_key_usage(x509_.get());
  EXPECT_NE(ku & KU_DIGITAL_SIGNATURE, 0u);
  EXPECT_NE(ku & KU_KEY_ENCIPHERMENT, 0u);
  EXPECT_NE(ku & KU_KEY_AGREEMENT, 0u);
  EXPECT_NE(ku & KU_KEY_CERT_SIGN, 0u);
  uint32_t xku = X509_get_extended_key_usage(x509_.get());
  EXPECT_NE(xku & XKU_SSL_SERVER, 0u);
  EXPECT_NE(xku & XKU_SSL_CLIENT, 0u);
  EXPECT_EQ(xku & XKU_CODE_SIGN, 0u);
}

TEST_F(GeneratedCertificateTest, ValidityStartsInThePast) {
  long not_before = SecondsFromNow(X509_get0_notBefore(x509_.get()));
  long not_after = SecondsFromNow(X509_get0_notAfter(x509_.get()));
  EXPECT_LE(not_before, -25);
  EXPECT_GE(not_before, -60);
  EXPECT_GT(not_after, 364L * 86400);
  EXPECT_LT(not_after, 366L * 86400);
}

TEST(GenerateSelfSignedCertificateTest, EachCallMakesAFreshKeyAndSerial) {
  absl::StatusOr<CertificateAndKey> a = GenerateSelfSignedCertificate();
  absl::StatusOr<CertificateAndKey> b = GenerateSelfSignedCertificate();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->key_pem, b->key_pem);
  X509Ptr xa = ParseDer(a->cert_der), xb = ParseDer(b->cert_der);
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(xa.get()), X509_get0_serialNumber(xb.get())),
            0);
}

TEST(GenerateSelfSignedCertificateTest, HonoursValidityDays) {
  absl::StatusOr<CertificateAndKey> c = GenerateSelfSignedCertificate(10);
  ASSERT_TRUE(c.ok());
  X509Ptr x = ParseDer(c->cert_der);
  long not_after = SecondsFromNow(X509_get0_notAfter(x.get()));
  EXPECT_GT(not_after, 9L * 86400);
  EXPECT_LT(not_after, 11L * 86400);
}

TEST(CertificateDerToPemTest, RejectsGarbageAndTrailingBytes) {
  EXPECT_FALSE(CertificateDerToPem("not a certificate").ok());
  EXPECT_FALSE(CertificateDerToPem("").ok());
  absl::StatusOr<CertificateAndKey> c = GenerateSelfSignedCertificate();
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(CertificateDerToPem(c->cert_der + "x").ok());
}

}  // namespace
}  // namespace azbatch::plugin
