#include "provider/cty/type.h"

#include "gtest/gtest.h"

namespace azbatch::cty {
namespace {

TEST(TypeTest, JsonRoundTrips) {
  const char* cases[] = {
      "\"string\"",
      "\"number\"",
      "\"bool\"",
      "\"dynamic\"",
      "[\"list\",\"string\"]",
      "[\"set\",[\"map\",\"number\"]]",
      "[\"object\",{\"a\":\"string\"}]",
      "[\"object\",{}]",
      "[\"object\",{\"a\":\"string\",\"b\":[\"list\",\"bool\"]},[\"b\"]]",
      "[\"tuple\",[\"string\",\"number\"]]",
      "[\"tuple\",[]]",
  };
  for (const char* json : cases) {
    absl::StatusOr<Type> t = Type::FromJson(json);
    ASSERT_TRUE(t.ok()) << json << ": " << t.status();
    EXPECT_EQ(t->ToJson(), json);
  }
}

TEST(TypeTest, ToJsonSortsAttributes) {
  Type t = Type::Object({{"zeta", Type::Number()}, {"alpha", Type::List(Type::String())}});
  EXPECT_EQ(t.ToJson(), "[\"object\",{\"alpha\":[\"list\",\"string\"],\"zeta\":\"number\"}]");
}

TEST(TypeTest, FromJsonAcceptsWhitespaceAndOptattrMarker) {
  absl::StatusOr<Type> t = Type::FromJson(" [ \"object\" , { \"a\" : \"string\" } , [\"optattr\",\"a\"] ] ");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->optional_attributes(), std::set<std::string>{"a"});
  EXPECT_EQ(t->ToJson(), "[\"object\",{\"a\":\"string\"},[\"a\"]]");
}

TEST(TypeTest, FromJsonRejectsInvalid) {
  for (const char* bad : {"", "\"str\"", "[\"list\"]", "[\"list\",\"string\",1]", "[\"tuple\",\"string\"]",
                          "[\"object\",[]]", "[\"object\",{\"a\":\"string\"},[\"b\"]]", "[1]", "7",
                          "\"string\" x", "[\"capsule\",\"x\"]"}) {
    EXPECT_FALSE(Type::FromJson(bad).ok()) << bad;
  }
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += "[\"list\",";
  deep += "\"string\"";
  for (int i = 0; i < 1000; ++i) deep += "]";
  EXPECT_FALSE(Type::FromJson(deep).ok());
}

TEST(TypeTest, EqualityAndAccessors) {
  Type a = Type::Object({{"x", Type::Set(Type::String())}});
  Type b = Type::Object({{"x", Type::Set(Type::String())}});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, Type::Object({{"x", Type::List(Type::String())}}));
  EXPECT_NE(a, Type::Object({{"x", Type::Set(Type::String())}}, {"x"}));
  EXPECT_TRUE(a.HasAttribute("x"));
  EXPECT_FALSE(a.HasAttribute("y"));
  EXPECT_TRUE(a.AttributeType("y").is_dynamic());
  EXPECT_EQ(a.AttributeType("x").element(), Type::String());
  EXPECT_TRUE(Type::String().is_primitive());
  EXPECT_TRUE(Type::Map(Type::Bool()).is_collection());
  EXPECT_FALSE(Type::Tuple({}).is_collection());
  EXPECT_TRUE(Type().is_dynamic());
  EXPECT_TRUE(Type::String().element().is_dynamic());
}

TEST(TypeTest, FriendlyName) {
  EXPECT_EQ(Type::String().FriendlyName(), "string");
  EXPECT_EQ(Type::List(Type::Number()).FriendlyName(), "list of number");
  EXPECT_EQ(Type::Map(Type::Set(Type::Bool())).FriendlyName(), "map of set of bool");
  EXPECT_EQ(Type::Object({}).FriendlyName(), "object");
  EXPECT_EQ(Type::Tuple({Type::String()}).FriendlyName(), "tuple");
  EXPECT_EQ(Type::Dynamic().FriendlyName(), "dynamic");
}

}  // namespace
}  // namespace azbatch::cty
