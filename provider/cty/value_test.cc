#include "provider/cty/value.h"

#include "gtest/gtest.h"

namespace azbatch::cty {
namespace {

Value Num(const char* text) { return Value::Num(*Number::Parse(text)); }

TEST(PathTest, ToString) {
  EXPECT_EQ(Path().Attr("target_region").Index(1).Attr("name").ToString(), "target_region[1].name");
  EXPECT_EQ(Path().Attr("tags").Key("env").ToString(), "tags[\"env\"]");
  EXPECT_EQ(Path().Key("a\"b").ToString(), "[\"a\\\"b\"]");
  EXPECT_EQ(Path().ToString(), "");
  Path p = Path().Attr("a").Index(2);
  EXPECT_TRUE(p.HasPrefix(Path().Attr("a")));
  EXPECT_FALSE(p.HasPrefix(Path().Attr("b")));
  EXPECT_FALSE(Path().Attr("a").HasPrefix(p));
  EXPECT_EQ(p, Path().Attr("a").Index(2));
  EXPECT_NE(p, Path().Attr("a").Index(3));
  EXPECT_NE(Path().Attr("a"), Path().Key("a"));
}

TEST(ValueTest, NullUnknownKnown) {
  Value n = Value::Null(Type::String());
  EXPECT_TRUE(n.is_null());
  EXPECT_TRUE(n.is_known());
  Refinements r;
  r.nullable = false;
  Value u = Value::Unknown(Type::String(), r);
  EXPECT_FALSE(u.is_known());
  EXPECT_FALSE(u.IsWhollyKnown());
  EXPECT_EQ(u.refinements().nullable, false);
  EXPECT_EQ(u, Value::Unknown(Type::String()));  // refinements ignored
  EXPECT_NE(u, n);
  EXPECT_NE(Value::Null(Type::String()), Value::Null(Type::Number()));
  EXPECT_TRUE(Value().is_null());
  EXPECT_TRUE(Value().type().is_dynamic());
}

TEST(ValueTest, NumbersCompareByValue) {
  EXPECT_EQ(Value::Int(1), Num("1.0"));
  EXPECT_NE(Value::Int(1), Num("1.0000000001"));
  EXPECT_NE(Value::Int(1), Value::String("1"));
}

TEST(ValueTest, SetDedupAndCanonicalOrder) {
  Value s = Value::Set(Type::String(), {Value::String("b"), Value::String("a"), Value::String("b")});
  ASSERT_EQ(s.Length(), 2u);
  EXPECT_EQ(s.Elements()[0].AsString(), "a");
  EXPECT_EQ(s.Elements()[1].AsString(), "b");
  Value t = Value::Set(Type::String(), {Value::String("a"), Value::String("b")});
  EXPECT_EQ(s, t);
  Value nums = Value::Set(Type::Number(), {Num("1"), Num("1.0"), Num("10"), Num("2")});
  ASSERT_EQ(nums.Length(), 3u);
  EXPECT_EQ(nums.Elements()[0].AsNumber().ToString(), "1");
  EXPECT_EQ(nums.Elements()[2].AsNumber().ToString(), "10");
  Value objs = Value::Set(Type::Object({{"a", Type::String()}}),
                          {Value::Object({{"a", Value::String("x")}}),
                           Value::Object({{"a", Value::String("x")}})});
  EXPECT_EQ(objs.Length(), 1u);
  // Unknown elements are never equivalent to each other; nulls are.
  Value unknowns = Value::Set(Type::String(), {Value::Unknown(Type::String()), Value::String("a"),
                                               Value::Unknown(Type::String())});
  EXPECT_EQ(unknowns.Length(), 3u);
  EXPECT_EQ(Value::Set(Type::String(), {Value::Null(Type::String()), Value::Null(Type::String())}).Length(),
            1u);
}

TEST(ValueTest, ObjectsAndPaths) {
  Type ty = Type::Object({{"name", Type::String()},
                          {"regions", Type::List(Type::Object({{"name", Type::String()}}))},
                          {"tags", Type::Map(Type::String())}});
  Value v = Value::ObjectOf(
      ty, {{"name", Value::String("img")},
           {"regions", Value::List(Type::Object({{"name", Type::String()}}),
                                   {Value::Object({{"name", Value::String("westus")}}),
                                    Value::Object({{"name", Value::String("eastus")}})})}});
  EXPECT_TRUE(v.GetAttr("tags").is_null());
  EXPECT_EQ(v.GetAttr("tags").type(), Type::Map(Type::String()));
  EXPECT_EQ(v.type(), ty);
  EXPECT_TRUE(v.HasAttr("tags"));
  EXPECT_FALSE(v.HasAttr("nope"));
  EXPECT_TRUE(v.GetAttr("nope").is_null());
  EXPECT_EQ(v.At(Path().Attr("regions").Index(1).Attr("name")).AsString(), "eastus");
  EXPECT_TRUE(v.At(Path().Attr("regions").Index(5)).is_null());
  Value w = v.WithAttr("tags", Value::Map(Type::String(), {{"env", Value::String("dev")}}));
  EXPECT_EQ(w.At(Path().Attr("tags").Key("env")).AsString(), "dev");
  EXPECT_TRUE(v.GetAttr("tags").is_null());  // original unchanged
  EXPECT_EQ(v.DebugString(),
            "{\"name\" = \"img\", \"regions\" = [{\"name\" = \"westus\"}, {\"name\" = \"eastus\"}], "
            "\"tags\" = null}");
}

TEST(ValueTest, TransformAndWalk) {
  Value v = Value::Object({{"a", Value::String("x")},
                           {"b", Value::List(Type::String(), {Value::String("y"), Value::Unknown(Type::String())})}});
  EXPECT_FALSE(v.IsWhollyKnown());
  Value t = v.Transform([](const Path& p, const Value& x) {
    if (!x.is_known()) return Value::String("filled:" + p.ToString());
    return x;
  });
  EXPECT_TRUE(t.IsWhollyKnown());
  EXPECT_EQ(t.At(Path().Attr("b").Index(1)).AsString(), "filled:b[1]");
  std::vector<std::string> seen;
  v.Walk([&](const Path& p, const Value&) {
    seen.push_back(p.ToString());
    return p.ToString() != "b";
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"", "a", "b"}));
}

TEST(ConvertTest, Primitives) {
  EXPECT_EQ(Convert(Num("0.1"), Type::String())->AsString(), "0.1");
  EXPECT_EQ(Convert(Value::String("12.50"), Type::Number())->AsNumber().ToString(), "12.5");
  EXPECT_FALSE(Convert(Value::String("abc"), Type::Number()).ok());
  EXPECT_EQ(Convert(Value::Bool(true), Type::String())->AsString(), "true");
  EXPECT_EQ(Convert(Value::String("false"), Type::Bool())->AsBool(), false);
  EXPECT_FALSE(Convert(Value::String("yes"), Type::Bool()).ok());
  EXPECT_FALSE(Convert(Value::Int(1), Type::Bool()).ok());
  EXPECT_EQ(Convert(Value::Int(3), Type::Dynamic())->AsNumber(), Number::FromInt(3));
}

TEST(ConvertTest, Structural) {
  Value tuple = Value::Tuple({Value::String("a"), Value::Int(2), Value::String("a")});
  absl::StatusOr<Value> list = Convert(tuple, Type::List(Type::String()));
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->type(), Type::List(Type::String()));
  EXPECT_EQ(list->Elements()[1].AsString(), "2");
  absl::StatusOr<Value> set = Convert(tuple, Type::Set(Type::String()));
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->Length(), 2u);
  absl::StatusOr<Value> map =
      Convert(Value::Object({{"k", Value::Int(1)}}), Type::Map(Type::String()));
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->MapElements().at("k").AsString(), "1");
  Type want = Type::Object({{"a", Type::String()}, {"b", Type::Number()}}, {"b"});
  absl::StatusOr<Value> obj = Convert(Value::Object({{"a", Value::String("x")}, {"extra", Value::Int(1)}}), want);
  ASSERT_TRUE(obj.ok()) << obj.status();
  EXPECT_TRUE(obj->GetAttr("b").is_null());
  EXPECT_FALSE(obj->HasAttr("extra"));
  absl::Status missing = Convert(Value::Object({}), want).status();
  EXPECT_NE(missing.message().find("attribute \"a\" is required"), std::string::npos) << missing;
  absl::Status bad = Convert(Value::Tuple({Value::List(Type::String(), {})}), Type::List(Type::String())).status();
  EXPECT_EQ(bad.message(), "[0]: string required");
}

TEST(ConvertTest, NullAndUnknownPropagate) {
  absl::StatusOr<Value> n = Convert(Value::Null(Type::Number()), Type::String());
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(n->is_null());
  EXPECT_EQ(n->type(), Type::String());
  absl::StatusOr<Value> u = Convert(Value::Unknown(Type::Tuple({Type::String()})), Type::List(Type::String()));
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->is_known());
  EXPECT_EQ(u->type(), Type::List(Type::String()));
  EXPECT_FALSE(Convert(Value::Null(Type::Bool()), Type::List(Type::String())).ok());
}

}  // namespace
}  // namespace azbatch::cty
