#include "provider/cty/msgpack.h"

#include <cstdio>

#include "gtest/gtest.h"

namespace azbatch::cty {
namespace {

std::string Hex(std::string_view bytes) {
  std::string out;
  char buf[4];
  for (unsigned char c : bytes) {
    if (!out.empty()) out.push_back(' ');
    std::snprintf(buf, sizeof(buf), "%02x", c);
    out += buf;
  }
  return out;
}

std::string Unhex(std::string_view hex) {
  std::string out;
  int nibble = -1;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else continue;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<char>(nibble * 16 + v));
      nibble = -1;
    }
  }
  return out;
}

std::string Enc(const Value& v, const Type& t) {
  absl::StatusOr<std::string> out = MarshalMsgpack(v, t);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? Hex(*out) : "<error>";
}

Value Dec(std::string_view hex, const Type& t) {
  absl::StatusOr<Value> v = UnmarshalMsgpack(Unhex(hex), t);
  EXPECT_TRUE(v.ok()) << hex << ": " << v.status();
  return v.ok() ? *v : Value();
}

std::string DecError(std::string_view hex, const Type& t) {
  absl::StatusOr<Value> v = UnmarshalMsgpack(Unhex(hex), t);
  EXPECT_FALSE(v.ok()) << hex << " decoded as " << v->DebugString();
  return std::string(v.status().message());
}

Value Num(const char* text) { return Value::Num(*Number::Parse(text)); }

TEST(MsgpackTest, NullAndPlainUnknown) {
  EXPECT_EQ(Enc(Value::Null(Type::String()), Type::String()), "c0");
  EXPECT_EQ(Enc(Value::Unknown(Type::String()), Type::String()), "d4 00 00");
  Value u = Dec("d4 00 00", Type::List(Type::Number()));
  EXPECT_FALSE(u.is_known());
  EXPECT_EQ(u.type(), Type::List(Type::Number()));
  // Any extension with a payload of at most one byte is an unknown.
  EXPECT_FALSE(Dec("d4 07 05", Type::String()).is_known());
  EXPECT_FALSE(Dec("c7 00 03", Type::String()).is_known());
  EXPECT_EQ(DecError("d5 05 00 00", Type::String()), "unsupported extension type");
  EXPECT_TRUE(Dec("", Type::Bool()).is_null());
}

TEST(MsgpackTest, RefinedUnknown) {
  Refinements r;
  r.nullable = false;
  r.string_prefix = "ab";
  // ext8 len 7 type 12: {1: false, 2: "ab"}
  const char* hex = "c7 07 0c 82 01 c2 02 a2 61 62";
  EXPECT_EQ(Enc(Value::Unknown(Type::String(), r), Type::String()), hex);
  Value u = Dec(hex, Type::String());
  EXPECT_FALSE(u.is_known());
  EXPECT_EQ(u.refinements(), r);
  // Refinements that do not apply to the type are not sent; none left means plain unknown.
  Refinements prefix_only;
  prefix_only.string_prefix = "ab";
  EXPECT_EQ(Enc(Value::Unknown(Type::Number(), prefix_only), Type::Number()), "d4 00 00");
  Refinements nr;
  nr.lower_bound = std::make_pair(Number::FromInt(1), true);
  nr.upper_bound = std::make_pair(*Number::Parse("0.1"), false);
  std::string enc = Enc(Value::Unknown(Type::Number(), nr), Type::Number());
  EXPECT_EQ(enc, "c7 0c 0c 82 03 92 01 c3 04 92 a3 30 2e 31 c2");
  EXPECT_EQ(Dec(enc, Type::Number()).refinements(), nr);
  Refinements lr;
  lr.length_min = 1;
  lr.length_max = 300;
  enc = Enc(Value::Unknown(Type::Set(Type::String()), lr), Type::Set(Type::String()));
  EXPECT_EQ(enc, "c7 07 0c 82 05 01 06 cd 01 2c");
  EXPECT_EQ(Dec(enc, Type::Set(Type::String())).refinements(), lr);
  // Unknown refinement keys are skipped.
  Value skip = Dec("c7 07 0c 82 63 92 01 02 01 c2", Type::String());
  EXPECT_EQ(skip.refinements().nullable, false);
}

TEST(MsgpackTest, DynamicWrapping) {
  // ["string" as bin, "hi"]
  const char* hex = "92 c4 08 22 73 74 72 69 6e 67 22 a2 68 69";
  EXPECT_EQ(Enc(Value::String("hi"), Type::Dynamic()), hex);
  Value v = Dec(hex, Type::Dynamic());
  EXPECT_EQ(v.type(), Type::String());
  EXPECT_EQ(v.AsString(), "hi");
  // The type may also arrive as str.
  EXPECT_EQ(Dec("92 a8 22 73 74 72 69 6e 67 22 a2 68 69", Type::Dynamic()).AsString(), "hi");
  // Wholly unknown dynamic: the plain unknown, not wrapped.
  EXPECT_EQ(Enc(Value::Unknown(Type::Dynamic()), Type::Dynamic()), "d4 00 00");
  EXPECT_FALSE(Dec("d4 00 00", Type::Dynamic()).is_known());
  // Unknown of a known type in a dynamic slot is wrapped.
  EXPECT_EQ(Enc(Value::Unknown(Type::String()), Type::Dynamic()),
            "92 c4 08 22 73 74 72 69 6e 67 22 d4 00 00");
  EXPECT_EQ(Enc(Value::Null(Type::Dynamic()), Type::Dynamic()), "c0");
  EXPECT_EQ(DecError("91 c4 08 22 73 74 72 69 6e 67 22", Type::Dynamic()),
            "dynamic value array must have exactly two elements");
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("92 a3 61 62 63 c0"), Type::Dynamic()).ok());
}

TEST(MsgpackTest, Numbers) {
  EXPECT_EQ(Enc(Value::Int(1), Type::Number()), "01");
  EXPECT_EQ(Enc(Value::Int(300), Type::Number()), "cd 01 2c");
  EXPECT_EQ(Enc(Value::Int(200), Type::Number()), "cc c8");
  EXPECT_EQ(Enc(Value::Int(-1), Type::Number()), "ff");
  EXPECT_EQ(Enc(Value::Int(-33), Type::Number()), "d0 df");
  EXPECT_EQ(Enc(Value::Int(-40000), Type::Number()), "d2 ff ff 63 c0");
  EXPECT_EQ(Enc(Num("4294967296"), Type::Number()), "cf 00 00 00 01 00 00 00 00");
  EXPECT_EQ(Enc(Num("1.5"), Type::Number()), "cb 3f f8 00 00 00 00 00 00");
  EXPECT_EQ(Enc(Num("0.1"), Type::Number()), "a3 30 2e 31");
  EXPECT_EQ(Enc(Num("1e20"), Type::Number()), "cb 44 15 af 1d 78 b5 8c 40");
  EXPECT_EQ(Enc(Num("12345678901234567890123"), Type::Number()),
            "b7 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38 39 30 31 32 33");
  EXPECT_EQ(Enc(Value::Num(Number::Infinity(false)), Type::Number()), "cb 7f f0 00 00 00 00 00 00");
  EXPECT_EQ(Dec("a3 30 2e 31", Type::Number()).AsNumber().ToString(), "0.1");
  EXPECT_EQ(Dec("c4 03 30 2e 31", Type::Number()).AsNumber().ToString(), "0.1");
  EXPECT_EQ(Dec("cb 3f f8 00 00 00 00 00 00", Type::Number()).AsNumber().ToString(), "1.5");
  EXPECT_EQ(Dec("ca 3f c0 00 00", Type::Number()).AsNumber().ToString(), "1.5");
  EXPECT_EQ(Dec("cd 01 2c", Type::Number()).AsNumber().ToString(), "300");
  EXPECT_EQ(Dec("d0 80", Type::Number()).AsNumber().ToString(), "-128");
  EXPECT_EQ(Dec("d3 80 00 00 00 00 00 00 00", Type::Number()).AsNumber().ToString(),
            "-9223372036854775808");
  EXPECT_EQ(Dec("cf ff ff ff ff ff ff ff ff", Type::Number()).AsNumber().ToString(),
            "18446744073709551615");
  EXPECT_EQ(Dec("e0", Type::Number()).AsNumber().ToString(), "-32");
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("cb 7f f8 00 00 00 00 00 00"), Type::Number()).ok());  // NaN
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("a3 61 62 63"), Type::Number()).ok());
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("c3"), Type::Number()).ok());
}

TEST(MsgpackTest, ZeroPointOneRoundTripsByteForByte) {
  std::string wire = Unhex("a3 30 2e 31");
  absl::StatusOr<Value> v = UnmarshalMsgpack(wire, Type::Number());
  ASSERT_TRUE(v.ok());
  absl::StatusOr<std::string> back = MarshalMsgpack(*v, Type::Number());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, wire);
}

TEST(MsgpackTest, StringsAcceptStrAndBin) {
  EXPECT_EQ(Dec("a2 68 69", Type::String()).AsString(), "hi");
  EXPECT_EQ(Dec("c4 02 68 69", Type::String()).AsString(), "hi");
  EXPECT_EQ(Dec("d9 02 68 69", Type::String()).AsString(), "hi");
  std::string long_str(40, 'x');
  EXPECT_EQ(Enc(Value::String(long_str), Type::String()).substr(0, 5), "d9 28");
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("a5 68 69"), Type::String()).ok());  // truncated
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("01"), Type::String()).ok());
}

TEST(MsgpackTest, SetsDeduplicate) {
  Value s = Dec("93 a1 61 a1 62 a1 61", Type::Set(Type::String()));
  EXPECT_EQ(s.Length(), 2u);
  EXPECT_EQ(Enc(s, Type::Set(Type::String())), "92 a1 61 a1 62");
  Value l = Dec("93 a1 61 a1 62 a1 61", Type::List(Type::String()));
  EXPECT_EQ(l.Length(), 3u);
}

TEST(MsgpackTest, Objects) {
  Type ty = Type::Object({{"a", Type::String()}, {"b", Type::Number()}});
  Value v = Value::Object({{"b", Value::Int(2)}, {"a", Value::String("x")}});
  std::string hex = "82 a1 61 a1 78 a1 62 02";
  EXPECT_EQ(Enc(v, ty), hex);
  EXPECT_EQ(Dec(hex, ty), v);
  EXPECT_EQ(Dec("82 a1 62 02 a1 61 a1 78", ty), v);  // key order does not matter
  EXPECT_EQ(DecError("81 a1 61 a1 78", ty), "an object with 2 attributes is required (1 given)");
  EXPECT_EQ(DecError("82 a1 61 a1 78 a1 63 02", ty), "unsupported attribute \"c\"");
  EXPECT_EQ(DecError("82 a1 61 a1 78 a1 61 a1 78", ty), "duplicate attribute \"a\"");
  // Attributes missing from the value are sent as null.
  EXPECT_EQ(Enc(Value::Object({{"a", Value::String("x")}}), ty), "82 a1 61 a1 78 a1 62 c0");
  Type nested = Type::Object({{"tags", Type::Map(Type::String())}});
  EXPECT_EQ(DecError("81 a4 74 61 67 73 81 a3 65 6e 76 05", nested), "tags[\"env\"]: a string is required");
}

TEST(MsgpackTest, Tuples) {
  Type ty = Type::Tuple({Type::String(), Type::Bool()});
  Value v = Value::Tuple({Value::String("a"), Value::Bool(true)});
  EXPECT_EQ(Enc(v, ty), "92 a1 61 c3");
  EXPECT_EQ(Dec("92 a1 61 c3", ty), v);
  EXPECT_EQ(DecError("91 a1 61", ty), "a tuple of length 2 is required");
}

TEST(MsgpackTest, ComplexRoundTrip) {
  Type region = Type::Object({{"name", Type::String()}, {"replicas", Type::Number()}});
  Type ty = Type::Object({{"name", Type::String()},
                          {"regions", Type::List(region)},
                          {"zones", Type::Set(Type::Number())},
                          {"tags", Type::Map(Type::String())},
                          {"extra", Type::Dynamic()}});
  Value v = Value::ObjectOf(
      ty, {{"name", Value::String("img")},
           {"regions", Value::List(region, {Value::ObjectOf(region, {{"name", Value::String("westus")},
                                                                      {"replicas", Num("0.1")}}),
                                            Value::Unknown(region)})},
           {"zones", Value::Set(Type::Number(), {Value::Int(3), Value::Int(1)})},
           {"tags", Value::Map(Type::String(), {{"env", Value::String("dev")}})},
           {"extra", Value::Object({{"k", Value::List(Type::Bool(), {Value::Bool(false)})}})}});
  absl::StatusOr<std::string> wire = MarshalMsgpack(v, ty);
  ASSERT_TRUE(wire.ok()) << wire.status();
  absl::StatusOr<Value> back = UnmarshalMsgpack(*wire, ty);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, v) << back->DebugString();
  EXPECT_EQ(back->At(Path().Attr("extra").Attr("k").Index(0)).AsBool(), false);
  EXPECT_EQ(back->GetAttr("extra").type().ToJson(), "[\"object\",{\"k\":[\"list\",\"bool\"]}]");
  absl::StatusOr<std::string> again = MarshalMsgpack(*back, ty);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Hex(*again), Hex(*wire));
}

TEST(MsgpackTest, HostileInputIsRejected) {
  // Deep nesting through dynamic wrappers: each level is ["dynamic", ...].
  std::string deep;
  for (int i = 0; i < 1000; ++i) deep += Unhex("92 c4 09 22 64 79 6e 61 6d 69 63 22");
  deep += Unhex("c0");
  EXPECT_FALSE(UnmarshalMsgpack(deep, Type::Dynamic()).ok());
  // Huge declared lengths with no data.
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("dd ff ff ff ff"), Type::List(Type::String())).ok());
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("df ff ff ff ff"), Type::Map(Type::String())).ok());
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("db ff ff ff ff 61"), Type::String()).ok());
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("c9 ff ff ff ff 0c"), Type::String()).ok());
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("c1"), Type::String()).ok());
  // Refined unknown with a malformed payload.
  EXPECT_FALSE(UnmarshalMsgpack(Unhex("d5 0c 81 02"), Type::String()).ok());
}

}  // namespace
}  // namespace azbatch::cty
