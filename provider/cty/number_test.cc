#include "provider/cty/number.h"

#include <cmath>
#include <limits>

#include "gtest/gtest.h"

namespace azbatch::cty {
namespace {

std::string Canon(const std::string& text) {
  absl::StatusOr<Number> n = Number::Parse(text);
  EXPECT_TRUE(n.ok()) << text << ": " << n.status();
  return n.ok() ? n->ToString() : "";
}

TEST(NumberTest, ParseAndCanonicalText) {
  EXPECT_EQ(Canon("0.1"), "0.1");
  EXPECT_EQ(Canon("-12"), "-12");
  EXPECT_EQ(Canon("12345678901234567890123"), "12345678901234567890123");
  EXPECT_EQ(Canon("1.50"), "1.5");
  EXPECT_EQ(Canon("001.0"), "1");
  EXPECT_EQ(Canon("1e3"), "1000");
  EXPECT_EQ(Canon("1.25E-3"), "0.00125");
  EXPECT_EQ(Canon("-0"), "0");
  EXPECT_EQ(Canon("0.000"), "0");
  EXPECT_EQ(Canon("+7"), "7");
  EXPECT_EQ(Canon(".5"), "0.5");
  EXPECT_EQ(Canon("-Inf"), "-Inf");
  EXPECT_EQ(Canon("Inf"), "+Inf");
}

TEST(NumberTest, ParseRejectsGarbage) {
  for (const char* bad : {"", "-", "abc", "1.2.3", "1e", "1e+", "0x10", " 1", "1 ", "NaN", "."}) {
    EXPECT_FALSE(Number::Parse(bad).ok()) << bad;
  }
  EXPECT_FALSE(Number::Parse("1e999999999999").ok());
}

TEST(NumberTest, Int64Conversions) {
  EXPECT_EQ(Number::FromInt(-300).ToString(), "-300");
  EXPECT_EQ(Number::FromInt(std::numeric_limits<int64_t>::min()).ToString(),
            "-9223372036854775808");
  EXPECT_EQ(Number::FromUint(18446744073709551615u).ToString(), "18446744073709551615");
  EXPECT_EQ(*Number::Parse("9223372036854775807")->ToInt64(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(*Number::Parse("-9223372036854775808")->ToInt64(),
            std::numeric_limits<int64_t>::min());
  EXPECT_FALSE(Number::Parse("9223372036854775808")->ToInt64().has_value());
  EXPECT_FALSE(Number::Parse("1.5")->ToInt64().has_value());
  EXPECT_EQ(*Number::Parse("1.5e1")->ToInt64(), 15);
  EXPECT_TRUE(Number::Parse("100")->is_integer());
  EXPECT_FALSE(Number::Parse("0.1")->is_integer());
}

TEST(NumberTest, DoubleConversions) {
  EXPECT_EQ(Number::FromDouble(0.1).ToString(),
            "0.1000000000000000055511151231257827021181583404541015625");
  EXPECT_EQ(Number::FromDouble(1.5).ToString(), "1.5");
  EXPECT_EQ(Number::FromDouble(-2048.0).ToString(), "-2048");
  EXPECT_EQ(Number::FromDouble(1e20).ToString(), "100000000000000000000");
  EXPECT_FALSE(Number::Parse("0.1")->ToExactDouble().has_value());
  EXPECT_EQ(*Number::Parse("1.5")->ToExactDouble(), 1.5);
  EXPECT_EQ(*Number::Parse("0.0625")->ToExactDouble(), 0.0625);
  EXPECT_FALSE(Number::Parse("0.35")->ToExactDouble().has_value());
  EXPECT_FALSE(Number::Parse("18446744073709551615")->ToExactDouble().has_value());
  EXPECT_EQ(*Number::Parse("18446744073709551616")->ToExactDouble(), 18446744073709551616.0);
  EXPECT_DOUBLE_EQ(Number::Parse("0.1")->ToDouble(), 0.1);
  EXPECT_TRUE(std::isinf(Number::Infinity(true).ToDouble()));
  double smallest = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(*Number::FromDouble(smallest).ToExactDouble(), smallest);
}

TEST(NumberTest, CompareByValue) {
  EXPECT_EQ(*Number::Parse("1"), *Number::Parse("1.0"));
  EXPECT_EQ(*Number::Parse("1"), *Number::Parse("0.1e1"));
  EXPECT_LT(*Number::Parse("-2"), *Number::Parse("-1.5"));
  EXPECT_LT(*Number::Parse("0.09"), *Number::Parse("0.1"));
  EXPECT_LT(*Number::Parse("99"), *Number::Parse("100"));
  EXPECT_LT(*Number::Parse("-100"), *Number::Parse("0"));
  EXPECT_LT(Number::Infinity(true), *Number::Parse("-1e300"));
  EXPECT_LT(*Number::Parse("1e300"), Number::Infinity(false));
  EXPECT_NE(*Number::Parse("0.1"), Number::FromDouble(0.1));
}

}  // namespace
}  // namespace azbatch::cty
