#include "common/log.h"

#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace azbatch::log {
namespace {

std::mutex g_mu;
std::string* g_out = new std::string();

void Capture(std::string_view line) {
  std::lock_guard<std::mutex> l(g_mu);
  g_out->append(line);
}

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClearSecretsForTesting();
    g_out->clear();
    SetLevel(Level::kTrace);
    SetSinkForTesting(&Capture);
  }
  void TearDown() override {
    SetSinkForTesting(nullptr);
    SetLevel(Level::kInfo);
    ClearSecretsForTesting();
  }
};

TEST_F(LogTest, RegisteredSecretsAreScrubbedInEverySpelling) {
  const std::string secret = "p\"a\\ss w\xC3\xB6rd\x08/1";
  AddSecret(secret);
  Info("m", absl::StrCat("raw ", secret),
       {{"json", R"({"password":"p\"a\\ss wörd\b/1"})"},
        {"ours", "p\\\"a\\\\ss w\xC3\xB6rd\\u0008/1"},
        {"pct", "x=p%22a%5Css%20w%C3%B6rd%08%2F1&y"},
        {"lower", "p%22a%5css%20w%c3%b6rd%08%2f1"},
        {"form", "p%22a%5Css+w%C3%B6rd%08%2F1"}});
  EXPECT_EQ(g_out->find("ss w"), std::string::npos) << *g_out;
  EXPECT_EQ(g_out->find("ss%20w"), std::string::npos) << *g_out;
  EXPECT_EQ(g_out->find("ss+w"), std::string::npos) << *g_out;
  EXPECT_EQ(g_out->find("%5css"), std::string::npos) << *g_out;
  EXPECT_EQ(g_out->find("%5Css"), std::string::npos) << *g_out;
  // Six fields and the message each lost their secret.
  size_t n = 0;
  for (size_t p = g_out->find("REDACTED"); p != std::string::npos; p = g_out->find("REDACTED", p + 1)) ++n;
  EXPECT_EQ(n, 6u) << *g_out;
}

TEST_F(LogTest, ShortValuesAreNotSecretsAndLongerOnesWinOverlaps) {
  AddSecret("abc");  // below kMinSecretLength: would erase ordinary words
  AddSecret("token-1");
  AddSecret("token-12345");
  Info("m", "abc token-12345 token-1 token-2");
  EXPECT_NE(g_out->find("\"abc REDACTED REDACTED token-2\""), std::string::npos) << *g_out;
  EXPECT_EQ(ScrubSecrets("xtoken-1y"), "xREDACTEDy");
}

TEST_F(LogTest, LinesStayValidUtf8WhateverTheMessageCarries) {
  Info("m", "bad \xC3\x28 byte", {{"f", "\xFF"}});
  EXPECT_NE(g_out->find("bad \xEF\xBF\xBD( byte"), std::string::npos) << *g_out;
  EXPECT_NE(g_out->find("\"f\":\"\xEF\xBF\xBD\""), std::string::npos) << *g_out;
}

TEST_F(LogTest, DisabledLevelsCostNothingAndNothingIsWritten) {
  AddSecret("secret-value");
  SetLevel(Level::kWarn);
  Debug("m", "secret-value");
  EXPECT_TRUE(g_out->empty());
}

// Property: whatever surrounds a registered secret, in whatever field, the
// line never carries any part of it that identifies it.
TEST_F(LogTest, PropertyNoRegisteredSecretSurvivesAnyContext) {
  const std::vector<std::string> pieces = {"\"", "\\", "\\u0022", "{", "}", ":", "=", "&", " ",
                                           "\xC3\xA9", "\xF0\x9F\x98\x80", "\n", "x", "%"};
  std::mt19937 rng(7);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  for (int round = 0; round < 300; ++round) {
    ClearSecretsForTesting();
    g_out->clear();
    std::string secret = absl::StrCat("Mk", round, "k");
    for (int i = pick(6); i >= 0; --i) secret += pieces[pick(static_cast<int>(pieces.size()))];
    secret += absl::StrCat("Zz", round, "z");
    AddSecret(secret);
    std::string around;
    for (int i = pick(10); i >= 0; --i) around += pieces[pick(static_cast<int>(pieces.size()))];
    Warn("m", around + secret + around, {{"f", secret + around}, {"g", around + secret}});
    EXPECT_EQ(g_out->find(absl::StrCat("Mk", round, "k")), std::string::npos)
        << "round " << round << ": " << *g_out;
    EXPECT_EQ(g_out->find(absl::StrCat("Zz", round, "z")), std::string::npos)
        << "round " << round << ": " << *g_out;
  }
}

}  // namespace
}  // namespace azbatch::log
