#include "provider/cty/json.h"

#include "gtest/gtest.h"

namespace azbatch::cty {
namespace {

std::string Enc(const Value& v, const Type& t) {
  absl::StatusOr<std::string> out = MarshalJson(v, t);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : "<error>";
}

Value Num(const char* text) { return Value::Num(*Number::Parse(text)); }

TEST(JsonTest, ExactNumbers) {
  for (const char* text : {"0.1", "-12", "12345678901234567890123",
                           "123456789012345678901234567890.123456789", "0.30000000000000004",
                           "1e400", "18446744073709551616"}) {
    absl::StatusOr<Value> v = UnmarshalJson(text, Type::Number());
    ASSERT_TRUE(v.ok()) << text << ": " << v.status();
    EXPECT_EQ(v->AsNumber(), *Number::Parse(text)) << text;
    EXPECT_EQ(Enc(*v, Type::Number()), Number::Parse(text)->ToString());
  }
  EXPECT_EQ(Enc(Num("0.1"), Type::Number()), "0.1");
  EXPECT_EQ(UnmarshalJson("\"2.50\"", Type::Number())->AsNumber().ToString(), "2.5");
  EXPECT_FALSE(MarshalJson(Value::Num(Number::Infinity(false)), Type::Number()).ok());
}

TEST(JsonTest, Primitives) {
  EXPECT_EQ(Enc(Value::String("a\"b\n"), Type::String()), "\"a\\\"b\\n\"");
  EXPECT_EQ(Enc(Value::Bool(true), Type::Bool()), "true");
  EXPECT_EQ(Enc(Value::Null(Type::String()), Type::String()), "null");
  EXPECT_EQ(UnmarshalJson("12", Type::String())->AsString(), "12");
  EXPECT_EQ(UnmarshalJson("true", Type::String())->AsString(), "true");
  EXPECT_EQ(UnmarshalJson("\"true\"", Type::Bool())->AsBool(), true);
  EXPECT_TRUE(UnmarshalJson("null", Type::Bool())->is_null());
  EXPECT_FALSE(UnmarshalJson("[]", Type::String()).ok());
  EXPECT_FALSE(UnmarshalJson("", Type::String()).ok());
  EXPECT_FALSE(UnmarshalJson("1 2", Type::Number()).ok());
  EXPECT_FALSE(MarshalJson(Value::Unknown(Type::String()), Type::String()).ok());
}

TEST(JsonTest, ParserStringsAndSyntax) {
  EXPECT_EQ(UnmarshalJson("\"caf\\u00e9 \\ud83d\\ude00 \\/\\t\"", Type::String())->AsString(),
            "caf\xc3\xa9 \xf0\x9f\x98\x80 /\t");
  EXPECT_EQ(UnmarshalJson("\"\\ud800x\"", Type::String())->AsString(), "\xef\xbf\xbdx");
  EXPECT_EQ(UnmarshalJson(" \r\n\t[ 1 , -2.5e-3 ]\n", Type::List(Type::Number()))->DebugString(),
            "[1, -0.0025]");
  const std::pair<const char*, Type> bad[] = {
      {"01", Type::Number()},           {"1.", Type::Number()},
      {"-", Type::Number()},            {"+1", Type::Number()},
      {".5", Type::Number()},           {"1e", Type::Number()},
      {"[1,]", Type::List(Type::Number())}, {"[1 2]", Type::List(Type::Number())},
      {"{\"a\":1,}", Type::Map(Type::Number())}, {"{\"a\" 1}", Type::Map(Type::Number())},
      {"\"abc", Type::String()},       {"\"\\x\"", Type::String()},
      {"\"\\u12\"", Type::String()},    {"\"a\nb\"", Type::String()},
      {"tru", Type::Bool()},            {"nul", Type::String()},
  };
  for (const auto& [text, type] : bad) {
    EXPECT_FALSE(UnmarshalJson(text, type).ok()) << text;
  }
  EXPECT_TRUE(UnmarshalJson("{\"a\":1}", Type::Map(Type::Number())).ok());
}

TEST(JsonTest, Dynamic) {
  EXPECT_EQ(Enc(Value::String("x"), Type::Dynamic()), "{\"value\":\"x\",\"type\":\"string\"}");
  EXPECT_EQ(Enc(Value::Null(Type::Dynamic()), Type::Dynamic()), "null");
  EXPECT_EQ(Enc(Value::List(Type::Number(), {Num("0.1")}), Type::Dynamic()),
            "{\"value\":[0.1],\"type\":[\"list\",\"number\"]}");
  absl::StatusOr<Value> v =
      UnmarshalJson("{\"type\":[\"list\",\"number\"],\"value\":[0.1,2]}", Type::Dynamic());
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->type(), Type::List(Type::Number()));
  EXPECT_EQ(v->Elements()[0].AsNumber().ToString(), "0.1");
  EXPECT_FALSE(UnmarshalJson("{\"value\":1}", Type::Dynamic()).ok());
  EXPECT_FALSE(UnmarshalJson("{\"type\":\"number\"}", Type::Dynamic()).ok());
  EXPECT_FALSE(UnmarshalJson("{\"type\":\"number\",\"value\":1,\"x\":2}", Type::Dynamic()).ok());
}

TEST(JsonTest, ObjectsStrictAndLenient) {
  Type inner = Type::Object({{"name", Type::String()}});
  Type ty = Type::Object({{"a", Type::String()}, {"n", Type::Number()}, {"list", Type::List(inner)}});
  absl::StatusOr<Value> v = UnmarshalJson("{\"a\":\"x\",\"list\":[{\"name\":\"q\"}]}", ty);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_TRUE(v->GetAttr("n").is_null());
  EXPECT_EQ(v->GetAttr("n").type(), Type::Number());
  EXPECT_EQ(Enc(*v, ty), "{\"a\":\"x\",\"list\":[{\"name\":\"q\"}],\"n\":null}");

  const char* extra = "{\"a\":\"x\",\"gone\":1,\"list\":[{\"name\":\"q\",\"old\":true}]}";
  absl::Status strict = UnmarshalJson(extra, ty).status();
  EXPECT_EQ(strict.message(), "unsupported attribute \"gone\"");
  absl::StatusOr<Value> lenient = UnmarshalJsonLenient(extra, ty);
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  EXPECT_EQ(*lenient, *v);
  EXPECT_EQ(UnmarshalJson("{\"a\":\"x\",\"list\":[{\"name\":\"q\",\"old\":true}]}", ty).status().message(),
            "list[0]: unsupported attribute \"old\"");
}

TEST(JsonTest, CollectionsAndTuples) {
  Type set = Type::Set(Type::String());
  EXPECT_EQ(UnmarshalJson("[\"b\",\"a\",\"b\"]", set)->Length(), 2u);
  Type map = Type::Map(Type::Number());
  EXPECT_EQ(Enc(*UnmarshalJson("{\"z\":1,\"a\":2.5}", map), map), "{\"a\":2.5,\"z\":1}");
  Type tuple = Type::Tuple({Type::String(), Type::Number()});
  EXPECT_EQ(Enc(*UnmarshalJson("[\"a\",1]", tuple), tuple), "[\"a\",1]");
  EXPECT_EQ(UnmarshalJson("[\"a\"]", tuple).status().message(), "not enough tuple elements");
  EXPECT_EQ(UnmarshalJson("[\"a\",1,2]", tuple).status().message(), "too many tuple elements");
  std::string deep(2000, '[');
  EXPECT_FALSE(UnmarshalJson(deep, Type::Dynamic()).ok());
}

}  // namespace
}  // namespace azbatch::cty
