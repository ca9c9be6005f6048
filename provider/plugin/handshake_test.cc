#include "provider/plugin/handshake.h"

#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"

namespace azbatch::plugin {
namespace {

using ::testing::HasSubstr;

TEST(Base64RawStdEncodeTest, Rfc4648VectorsWithoutPadding) {
  EXPECT_EQ(Base64RawStdEncode(""), "");
  EXPECT_EQ(Base64RawStdEncode("f"), "Zg");
  EXPECT_EQ(Base64RawStdEncode("fo"), "Zm8");
  EXPECT_EQ(Base64RawStdEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64RawStdEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64RawStdEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64RawStdEncode("foobar"), "Zm9vYmFy");
}

TEST(Base64RawStdEncodeTest, UsesStandardAlphabetForHighBits) {
  // 0xfb 0xff 0xbf -> "+/+/" exercises both non-alphanumeric symbols.
  EXPECT_EQ(Base64RawStdEncode(std::string("\xfb\xff\xbf", 3)), "+/+/");
  EXPECT_EQ(Base64RawStdEncode(std::string("\xff\xfe", 2)), "//4");
  EXPECT_EQ(Base64RawStdEncode(std::string("\0", 1)), "AA");
}

TEST(Base64RawStdEncodeTest, MatchesPaddedEncoderWithPaddingStripped) {
  std::mt19937 rng(12345);
  for (int len = 0; len < 200; ++len) {
    std::string data(len, '\0');
    for (char& c : data) c = static_cast<char>(rng() & 0xff);
    std::string padded = absl::Base64Escape(data);
    while (!padded.empty() && padded.back() == '=') padded.pop_back();
    ASSERT_EQ(Base64RawStdEncode(data), padded) << "length " << len;
  }
}

TEST(MagicCookieTest, AcceptsOnlyTheExactValue) {
  EXPECT_TRUE(MagicCookieValid(kMagicCookieValue));
  EXPECT_FALSE(MagicCookieValid(nullptr));
  EXPECT_FALSE(MagicCookieValid(""));
  EXPECT_FALSE(MagicCookieValid("d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b"));
  EXPECT_FALSE(MagicCookieValid(
      "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2 "));
  EXPECT_THAT(std::string(kNotAPluginMessage), HasSubstr("This binary is a plugin"));
}

TEST(ProtocolVersionsTest, RequiresSix) {
  EXPECT_TRUE(CheckProtocolVersions("5,6").ok());
  EXPECT_TRUE(CheckProtocolVersions("6,5").ok());
  EXPECT_TRUE(CheckProtocolVersions("6").ok());
  EXPECT_TRUE(CheckProtocolVersions(" 5 , 6 ").ok());
  EXPECT_FALSE(CheckProtocolVersions("5").ok());
  EXPECT_FALSE(CheckProtocolVersions("60,16").ok());
  EXPECT_FALSE(CheckProtocolVersions("").ok());
  absl::Status missing = CheckProtocolVersions(nullptr);
  EXPECT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.message()), HasSubstr("PLUGIN_PROTOCOL_VERSIONS"));
  EXPECT_THAT(std::string(CheckProtocolVersions("4,5").message()), HasSubstr("4,5"));
}

TEST(HandshakeLineTest, WithCertificateHasSixFieldsAndNoPadding) {
  std::string der("\x30\x82\x01\x0a\x02", 5);  // 5 bytes: base64 would need one '='
  std::string line = HandshakeLine("unix", "/tmp/tf-azbatch-abc/plugin.sock", der);
  EXPECT_EQ(line, "1|6|unix|/tmp/tf-azbatch-abc/plugin.sock|grpc|MIIBCgI\n");
  std::vector<std::string> fields = absl::StrSplit(line.substr(0, line.size() - 1), '|');
  EXPECT_EQ(fields.size(), 6u);
  EXPECT_EQ(line.find('='), std::string::npos);
  EXPECT_EQ(line.find('\n'), line.size() - 1);
}

TEST(HandshakeLineTest, WithoutCertificateOmitsTheField) {
  EXPECT_EQ(HandshakeLine("unix", "/s/plugin.sock", ""), "1|6|unix|/s/plugin.sock|grpc\n");
}

TEST(ReattachJsonTest, ParsesAsTheReattachFormat) {
  std::string text = ReattachJson("registry.opentofu.org/azbatch/azbatch", 4242,
                                  "/tmp/dir \"q\"/plugin.sock");
  nlohmann::json j = nlohmann::json::parse(text);
  ASSERT_TRUE(j.is_object());
  ASSERT_EQ(j.size(), 1u);
  const nlohmann::json& p = j.at("registry.opentofu.org/azbatch/azbatch");
  EXPECT_EQ(p.at("Protocol"), "grpc");
  EXPECT_EQ(p.at("ProtocolVersion"), 6);
  EXPECT_EQ(p.at("Pid"), 4242);
  EXPECT_EQ(p.at("Test"), true);
  EXPECT_EQ(p.at("Addr").at("Network"), "unix");
  EXPECT_EQ(p.at("Addr").at("String"), "/tmp/dir \"q\"/plugin.sock");
  EXPECT_EQ(text.find('\''), std::string::npos);  // safe inside single quotes
}

}  // namespace
}  // namespace azbatch::plugin
