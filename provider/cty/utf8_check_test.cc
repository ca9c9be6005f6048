#include "provider/cty/utf8_check.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/cty/json.h"
#include "provider/cty/msgpack.h"

namespace azbatch::cty {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Where = InvalidUtf8::Where;

constexpr char kBad[] = "pool-\xFF";          // stray byte
constexpr char kSurrogate[] = "\xED\xA0\x80";  // UTF-16 surrogate, encoded

InvalidUtf8 At(Path p, Where w = Where::kString) { return {std::move(p), w}; }

Type ThingType() {
  return Type::Object({{"name", Type::String()},
                       {"tags", Type::Map(Type::String())},
                       {"regions", Type::List(Type::Object({{"name", Type::String()}}))},
                       {"zones", Type::Set(Type::String())},
                       {"size", Type::Number()}});
}

TEST(FindInvalidUtf8Test, ValidValuesHaveNone) {
  Value v = Value::ObjectOf(
      ThingType(),
      {{"name", Value::String("caf\xC3\xA9 \xF0\x9F\x98\x80")},
       {"tags", Value::Map(Type::String(), {{"\xE2\x82\xAC", Value::String("ok")}})},
       {"regions", Value::List(Type::Object({{"name", Type::String()}}),
                               {Value::Object({{"name", Value::String("westeurope")}})})},
       {"zones", Value::Unknown(Type::Set(Type::String()))},
       {"size", Value::Int(3)}});
  EXPECT_THAT(FindInvalidUtf8(v), IsEmpty());
  EXPECT_THAT(FindInvalidUtf8(Value::Null(ThingType())), IsEmpty());
}

TEST(FindInvalidUtf8Test, ReportsEachStringOnItsPath) {
  const Type region = Type::Object({{"name", Type::String()}});
  Value v = Value::ObjectOf(
      ThingType(),
      {{"name", Value::String(kBad)},
       {"tags", Value::Map(Type::String(), {{"env", Value::String("prod")},
                                            {"owner", Value::String(kSurrogate)}})},
       {"regions", Value::List(region, {Value::Object({{"name", Value::String("ok")}}),
                                        Value::Object({{"name", Value::String("\xC3")}})})},
       {"zones", Value::Set(Type::String(), {Value::String("1"), Value::String("\xF5")})}});
  EXPECT_THAT(FindInvalidUtf8(v),
              ElementsAre(At(Path().Attr("name")), At(Path().Attr("regions").Index(1).Attr("name")),
                          At(Path().Attr("tags").Key("owner")), At(Path().Attr("zones").Index(1))));
}

TEST(FindInvalidUtf8Test, InvalidKeyIsReportedOnTheMapOnly) {
  Value v = Value::ObjectOf(
      ThingType(), {{"tags", Value::Map(Type::String(), {{"ok", Value::String("fine")},
                                                         {"\xFF" "k", Value::String(kBad)}})}});
  EXPECT_THAT(FindInvalidUtf8(v), ElementsAre(At(Path().Attr("tags"), Where::kKey)));
}

TEST(FindInvalidUtf8Test, UnknownWithInvalidPrefixRefinement) {
  Refinements r;
  r.string_prefix = std::string("ab\xC3");
  Value v = Value::ObjectOf(ThingType(), {{"name", Value::Unknown(Type::String(), r)}});
  EXPECT_THAT(FindInvalidUtf8(v), ElementsAre(At(Path().Attr("name"), Where::kRefinement)));
}

TEST(FindInvalidUtf8Test, DecodersKeepInvalidBytesForTheCheck) {
  // Both wire forms carry the bytes through unchanged, so the check sees them.
  Value v = Value::ObjectOf(ThingType(), {{"name", Value::String(kBad)}});
  auto packed = MarshalMsgpack(v, ThingType());
  ASSERT_TRUE(packed.ok()) << packed.status();
  auto from_msgpack = UnmarshalMsgpack(*packed, ThingType());
  ASSERT_TRUE(from_msgpack.ok()) << from_msgpack.status();
  EXPECT_THAT(FindInvalidUtf8(*from_msgpack), ElementsAre(At(Path().Attr("name"))));

  auto from_json = UnmarshalJson(std::string("{\"name\":\"") + kBad + "\"}", ThingType());
  ASSERT_TRUE(from_json.ok()) << from_json.status();
  EXPECT_THAT(FindInvalidUtf8(*from_json), ElementsAre(At(Path().Attr("name"))));
}

TEST(FindInvalidUtf8InJsonTest, ValidDocumentNeedsNoParse) {
  auto r = FindInvalidUtf8InJson("{\"name\":\"caf\\u00e9 \\ud800\"}", ThingType());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(*r, IsEmpty());
  // Not parsed at all when valid: malformed but valid UTF-8 is not this check's concern.
  auto malformed = FindInvalidUtf8InJson("{", ThingType());
  ASSERT_TRUE(malformed.ok());
  EXPECT_THAT(*malformed, IsEmpty());
}

TEST(FindInvalidUtf8InJsonTest, PathsFollowTheType) {
  const std::string json = std::string("{\"name\":\"") + kBad +
                           "\",\"tags\":{\"label\":\"\xC3\"},"
                           "\"regions\":[{\"name\":\"ok\"},{\"name\":\"" + kSurrogate +
                           "\"}],\"old_field\":{\"inner\":\"\xFF\"},\"size\":1}";
  auto r = FindInvalidUtf8InJson(json, ThingType());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(*r, ElementsAre(At(Path().Attr("name")), At(Path().Attr("tags").Key("label")),
                              At(Path().Attr("regions").Index(1).Attr("name")),
                              At(Path().Attr("old_field").Attr("inner"))));
}

TEST(FindInvalidUtf8InJsonTest, InvalidMemberNameAndMalformedDocument) {
  auto r = FindInvalidUtf8InJson("{\"tags\":{\"\xFF\":\"x\"}}", ThingType());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_THAT(*r, ElementsAre(At(Path().Attr("tags"), Where::kKey)));

  auto bad = FindInvalidUtf8InJson("{\"name\":\"\xFF\"", ThingType());
  EXPECT_FALSE(bad.ok());
}

}  // namespace
}  // namespace azbatch::cty
