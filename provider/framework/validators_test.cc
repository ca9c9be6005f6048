#include "provider/framework/validators.h"

#include "gtest/gtest.h"

namespace azbatch::framework {
namespace {

using cty::Value;

const cty::Path kPath = cty::Path().Attr("block").Index(0).Attr("field");

Diagnostics RunValidator(const ValidatorPtr& v, const Value& value, const Value& parent = Value()) {
  Diagnostics d;
  v->Validate(ValidatorRequest{kPath, value, parent, parent}, &d);
  return d;
}

// Passing value gives no diagnostics; failing value gives one error at kPath.
void ExpectPassFail(const ValidatorPtr& v, const Value& good, const Value& bad) {
  Diagnostics ok = RunValidator(v, good);
  EXPECT_TRUE(ok.empty()) << v->Description() << ": " << ok.ToString();
  Diagnostics fail = RunValidator(v, bad);
  ASSERT_EQ(fail.ErrorCount(), 1u) << v->Description() << " accepted " << bad.DebugString();
  ASSERT_TRUE(fail[0].attribute.has_value());
  EXPECT_EQ(*fail[0].attribute, kPath);
  // Null and unknown are skipped.
  EXPECT_TRUE(RunValidator(v, Value::Null(good.type())).empty());
  EXPECT_TRUE(RunValidator(v, Value::Unknown(good.type())).empty());
}

TEST(ValidatorsTest, StringLength) {
  ExpectPassFail(validators::StringLengthBetween(1, 3), Value::String("abc"),
                 Value::String("abcd"));
  ExpectPassFail(validators::StringLengthAtLeast(2), Value::String("\xc3\xa9\xc3\xa9"),
                 Value::String("\xc3\xa9"));  // counts characters, not bytes
}

TEST(ValidatorsTest, Regex) {
  auto v = validators::StringMatches("[a-z][a-z0-9-]*", "lower-case letters, digits and dashes");
  ExpectPassFail(v, Value::String("pool-1"), Value::String("Pool_1"));
  Diagnostics d = RunValidator(v, Value::String("X"));
  EXPECT_NE(d[0].detail.find("lower-case letters"), std::string::npos) << d.ToString();
}

TEST(ValidatorsTest, OneOf) {
  ExpectPassFail(validators::StringOneOf({"Standard_LRS", "Premium_LRS"}),
                 Value::String("Premium_LRS"), Value::String("premium_lrs"));
  EXPECT_TRUE(
      RunValidator(validators::StringOneOf({"Linux", "Windows"}, true), Value::String("linux")).empty());
}

TEST(ValidatorsTest, IntRange) {
  ExpectPassFail(validators::IntBetween(1, 10), Value::Int(10), Value::Int(11));
  ExpectPassFail(validators::IntAtLeast(0), Value::Int(0), Value::Int(-3));
  auto half = cty::Number::Parse("1.5");
  ASSERT_TRUE(half.ok());
  EXPECT_EQ(RunValidator(validators::IntAtLeast(0), Value::Num(*half)).ErrorCount(), 1u);
}

TEST(ValidatorsTest, GoDuration) {
  ExpectPassFail(validators::GoDuration(), Value::String("2h30m"), Value::String("2 hours"));
}

TEST(ValidatorsTest, SizeBetween) {
  auto list = [](int n) {
    std::vector<Value> e(n, Value::String("x"));
    return Value::List(cty::Type::String(), e);
  };
  ExpectPassFail(validators::SizeBetween(1, 2), list(2), list(3));
}

Value Parent(Value a, Value b, Value c) {
  return Value::Object({{"field", a}, {"other", b}, {"third", c}});
}

TEST(ValidatorsTest, ConflictsWith) {
  auto v = validators::ConflictsWith({"other"});
  Value s = Value::String("x");
  Value n = Value::Null(cty::Type::String());
  EXPECT_TRUE(RunValidator(v, s, Parent(s, n, n)).empty());
  Diagnostics d = RunValidator(v, s, Parent(s, s, n));
  ASSERT_EQ(d.ErrorCount(), 1u);
  EXPECT_TRUE(d.HasPath(kPath));
  // Unknown sibling: cannot tell yet.
  EXPECT_TRUE(RunValidator(v, s, Parent(s, Value::Unknown(cty::Type::String()), n)).empty());
}

TEST(ValidatorsTest, ExactlyOneOf) {
  auto v = validators::ExactlyOneOf({"other", "third"});
  Value s = Value::String("x");
  Value n = Value::Null(cty::Type::String());
  EXPECT_TRUE(RunValidator(v, s, Parent(s, n, n)).empty());
  EXPECT_TRUE(RunValidator(v, n, Parent(n, s, n)).empty());
  EXPECT_EQ(RunValidator(v, n, Parent(n, n, n)).ErrorCount(), 1u);
  EXPECT_EQ(RunValidator(v, s, Parent(s, s, n)).ErrorCount(), 1u);
  EXPECT_TRUE(RunValidator(v, n, Parent(n, Value::Unknown(cty::Type::String()), n)).empty());
}

TEST(ValidatorsTest, AlsoRequires) {
  auto v = validators::AlsoRequires({"other", "third"}, "Needs others");
  Value s = Value::String("x");
  Value n = Value::Null(cty::Type::String());
  EXPECT_TRUE(RunValidator(v, s, Parent(s, s, s)).empty());
  EXPECT_TRUE(RunValidator(v, n, Parent(n, n, n)).empty());
  EXPECT_TRUE(RunValidator(v, s, Parent(s, Value::Unknown(cty::Type::String()), s)).empty());
  Diagnostics d = RunValidator(v, s, Parent(s, n, s));
  ASSERT_EQ(d.ErrorCount(), 1u);
  EXPECT_TRUE(d.HasPath(kPath));
  EXPECT_EQ(d[0].summary, "Needs others");
  EXPECT_EQ(d[0].detail, "field can only be used together with other");
  // An empty list counts as not set.
  Value empty = Value::List(cty::Type::String(), {});
  EXPECT_TRUE(RunValidator(v, empty, Parent(empty, n, n)).empty());
  Value one = Value::List(cty::Type::String(), {s});
  EXPECT_EQ(RunValidator(v, one, Parent(one, n, n))[0].detail,
            "field can only be used together with other, third");
}

TEST(ValidatorsTest, AtLeastOneOf) {
  auto v = validators::AtLeastOneOf({"other"});
  Value s = Value::String("x");
  Value n = Value::Null(cty::Type::String());
  EXPECT_TRUE(RunValidator(v, n, Parent(n, s, n)).empty());
  Diagnostics d = RunValidator(v, n, Parent(n, n, n));
  ASSERT_EQ(d.ErrorCount(), 1u);
  EXPECT_TRUE(d.HasPath(kPath));
}

TEST(ValidatorsTest, WrongKindIsReportedNotCrashing) {
  Diagnostics d = RunValidator(validators::StringLengthBetween(1, 2), Value::Int(3));
  EXPECT_EQ(d.ErrorCount(), 1u);
}

}  // namespace
}  // namespace azbatch::framework
