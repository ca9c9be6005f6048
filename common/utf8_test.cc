#include "common/utf8.h"

#include <cctype>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace azbatch::utf8 {
namespace {

struct Case {
  const char* name;
  std::string input;
  bool valid;
  std::string sanitized;  // expected SanitizeUtf8 output ("\uFFFD" is EF BF BD)
  size_t first_invalid;
};

#define U_FFFD "\xEF\xBF\xBD"

std::string B(std::string_view s) { return std::string(s); }

const Case kCases[] = {
    {"empty", "", true, "", 0},
    {"ascii", "pool-1", true, "pool-1", 6},
    {"nul is valid", B(std::string_view("a\0b", 3)), true, B(std::string_view("a\0b", 3)), 3},
    {"two byte", "caf\xC3\xA9", true, "caf\xC3\xA9", 5},
    {"three byte", "\xE2\x82\xAC", true, "\xE2\x82\xAC", 3},
    {"four byte", "\xF0\x9F\x98\x80", true, "\xF0\x9F\x98\x80", 4},
    {"max code point", "\xF4\x8F\xBF\xBF", true, "\xF4\x8F\xBF\xBF", 4},
    {"BMP edge before surrogates", "\xED\x9F\xBF", true, "\xED\x9F\xBF", 3},
    {"BMP edge after surrogates", "\xEE\x80\x80", true, "\xEE\x80\x80", 3},
    {"U+FFFD itself", U_FFFD, true, U_FFFD, 3},
    {"lone continuation", "a\x80z", false, "a" U_FFFD "z", 1},
    {"two continuations", "\x80\xBF", false, U_FFFD U_FFFD, 0},
    {"latin-1 byte", "caf\xE9", false, "caf" U_FFFD, 3},
    {"overlong slash C0", "\xC0\xAF", false, U_FFFD U_FFFD, 0},
    {"overlong C1", "\xC1\xBF", false, U_FFFD U_FFFD, 0},
    {"overlong three byte", "\xE0\x80\xAF", false, U_FFFD U_FFFD U_FFFD, 0},
    {"overlong four byte", "\xF0\x80\x80\xAF", false, U_FFFD U_FFFD U_FFFD U_FFFD, 0},
    {"high surrogate", "\xED\xA0\x80", false, U_FFFD U_FFFD U_FFFD, 0},
    {"low surrogate", "x\xED\xBF\xBFy", false, "x" U_FFFD U_FFFD U_FFFD "y", 1},
    {"above U+10FFFF", "\xF4\x90\x80\x80", false, U_FFFD U_FFFD U_FFFD U_FFFD, 0},
    {"F5 lead", "\xF5\x80\x80\x80", false, U_FFFD U_FFFD U_FFFD U_FFFD, 0},
    {"FF byte", "\xFF", false, U_FFFD, 0},
    {"truncated two byte", "ab\xC3", false, "ab" U_FFFD, 2},
    {"truncated three byte", "\xE2\x82", false, U_FFFD, 0},
    {"truncated four byte", "\xF0\x9F\x98", false, U_FFFD, 0},
    {"truncated then ascii", "\xE2\x82z", false, U_FFFD "z", 0},
    {"bad second byte keeps it", "\xE2(\xA1", false, U_FFFD "(" U_FFFD, 0},
    {"valid after invalid", "\xFF\xC3\xA9", false, U_FFFD "\xC3\xA9", 0},
};

#undef U_FFFD

class Utf8CaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(Utf8CaseTest, ValidityAndSanitizing) {
  const Case& c = GetParam();
  EXPECT_EQ(IsValidUtf8(c.input), c.valid);
  EXPECT_EQ(FirstInvalidOffset(c.input), c.first_invalid);
  const std::string out = SanitizeUtf8(c.input);
  EXPECT_EQ(out, c.sanitized);
  EXPECT_TRUE(IsValidUtf8(out));
}

INSTANTIATE_TEST_SUITE_P(Table, Utf8CaseTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           std::string name;
                           for (char ch : std::string_view(info.param.name)) {
                             name.push_back(std::isalnum(static_cast<unsigned char>(ch)) ? ch
                                                                                         : '_');
                           }
                           return name;
                         });

TEST(Utf8Test, EveryTwoByteInputSanitizesToValidText) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string s = {static_cast<char>(a), static_cast<char>(b)};
      const std::string out = SanitizeUtf8(s);
      ASSERT_TRUE(IsValidUtf8(out)) << a << " " << b;
      if (IsValidUtf8(s)) {
        ASSERT_EQ(out, s);
      }
    }
  }
}

}  // namespace
}  // namespace azbatch::utf8
