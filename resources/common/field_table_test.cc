#include "resources/common/field_table.h"

#include "gtest/gtest.h"
#include "provider/framework/schema.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {
namespace {

namespace fw = azbatch::framework;
using cty::Type;
using cty::Value;
using nlohmann::json;

TEST(JsonPathTest, SetsAndReadsNestedPaths) {
  json j = json::object();
  SetJsonAt(j, "a.b.c", 1);
  SetJsonAt(j, "a.b.d", "x");
  EXPECT_EQ(j, json::parse(R"({"a":{"b":{"c":1,"d":"x"}}})"));
  ASSERT_NE(JsonAt(j, "a.b.d"), nullptr);
  EXPECT_EQ(*JsonAt(j, "a.b.d"), "x");
  EXPECT_EQ(JsonAt(j, "a.x.d"), nullptr);
}

// A small table with every conversion the ARM resources use.
std::vector<Field> Table() {
  return {
      Fixed(Attr(LocationAttribute(), "location", Conv::kLocation)),
      Attr(TagsAttribute(), "tags", Conv::kTags),
      Attr(fw::Attribute::Optional("description", Type::String()), "properties.description"),
      Attr(fw::Attribute::Optional("end_of_life", Type::String()),
           "properties.endOfLifeDate", Conv::kDate),
      Attr(fw::Attribute::Optional("count", Type::Number()), "properties.count"),
      InGroup(Attr(fw::Attribute::Optional("low", Type::Number()), "properties.range.low"),
              "properties.range"),
      InGroup(Attr(fw::Attribute::Optional("high", Type::Number()), "properties.range.high"),
              "properties.range"),
      Hidden(fw::Attribute::Optional("secret", Type::String()).Sensitive(),
             "properties.secret"),
      [] {
        Field f = Attr(fw::Attribute::Optional("regional_count", Type::Number()),
                       "properties.regionalCount");
        f.null_when_equal_to = "count";
        return f;
      }(),
  };
}

Value Object(std::map<std::string, Value> attrs) {
  Value v = BuildBlock(Table()).EmptyValue();
  for (auto& [k, x] : attrs) v = v.WithAttr(k, x);
  return v;
}

TEST(FieldTableTest, ExpandsLocationsAndPatchesGroups) {
  Value plan = Object({{"location", Value::String("West Europe")},
                       {"end_of_life", Value::String("2030-01-01T00:00:00Z")},
                       {"low", Value::Int(1)},
                       {"high", Value::Int(5)},
                       {"secret", Value::String("s3")}});
  json body = Expand(Table(), plan);
  EXPECT_EQ(body["location"], "westeurope");
  EXPECT_EQ(body["properties"]["range"], (json{{"low", 1}, {"high", 5}}));
  EXPECT_EQ(body["properties"]["secret"], "s3");
  // Only the changed group, whole; a removed value is a JSON null; tags clear to {}.
  Value next = plan.WithAttr("high", Value::Int(6))
                   .WithAttr("end_of_life", Value::Null(Type::String()))
                   .WithAttr("tags", Value::Map(Type::String(), {{"a", Value::String("b")}}));
  EXPECT_EQ(PatchBody(Table(), plan, next),
            json::parse(R"({"properties":{"range":{"low":1,"high":6},"endOfLifeDate":null},
                            "tags":{"a":"b"}})"));
  EXPECT_EQ(PatchBody(Table(), next, next), json::object());
  EXPECT_EQ(PatchBody(Table(), next, next.WithAttr("tags", Value::Null(
                                                               Type::Map(Type::String())))),
            json::parse(R"({"tags":{}})"));
  // Fixed fields are never patched.
  EXPECT_EQ(PatchBody(Table(), plan, plan.WithAttr("location", Value::String("northeurope"))),
            json::object());
}

TEST(FieldTableTest, FlattenKeepsSpellingsSecretsAndDefaults) {
  Value prior = Object({{"location", Value::String("West Europe")},
                        {"end_of_life", Value::String("2030-01-01T00:00:00+00:00")},
                        {"secret", Value::String("s3")},
                        {"description", Value::String("")}});
  json remote = json::parse(R"({"location":"westeurope","properties":{
      "endOfLifeDate":"2030-01-01T00:00:00Z","description":"","regionalCount":2,"count":2}})");
  Value state = Flatten(Table(), prior.type(), remote, prior);
  EXPECT_EQ(state.GetAttr("location").AsString(), "West Europe");
  EXPECT_EQ(state.GetAttr("end_of_life").AsString(), "2030-01-01T00:00:00+00:00");
  EXPECT_EQ(state.GetAttr("secret").AsString(), "s3");
  EXPECT_EQ(state.GetAttr("description").AsString(), "");
  // Equal to the count it defaults to: null (Azure filled it in).
  EXPECT_EQ(state.GetAttr("count").AsNumber().ToInt64(), 2);
  EXPECT_TRUE(state.GetAttr("regional_count").is_null());
  remote["properties"]["regionalCount"] = 3;
  remote["properties"]["endOfLifeDate"] = "2031-01-01T00:00:00Z";
  state = Flatten(Table(), prior.type(), remote, Value::Null(prior.type()));
  EXPECT_EQ(state.GetAttr("location").AsString(), "westeurope");
  EXPECT_EQ(state.GetAttr("regional_count").AsNumber().ToInt64(), 3);
  EXPECT_EQ(state.GetAttr("end_of_life").AsString(), "2031-01-01T00:00:00Z");
  EXPECT_TRUE(state.GetAttr("secret").is_null());
  EXPECT_TRUE(state.GetAttr("description").is_null());
}

TEST(FieldTableTest, FoldedSetsKeepPriorSpellingsAndBuildersSetFlags) {
  const std::vector<Field> fields = {
      Attr(fw::Attribute::Optional("modes", StringSet()), "modes", Conv::kFold),
      Local(fw::Attribute::Optional("switch", Type::Bool())),
      ComputedField("endpoint", Type::String(), "properties.endpoint", "Where it is.")};
  const Type type = BuildBlock(fields).ImpliedType();
  Value prior = Value::ObjectOf(type, {{"modes", Value::Set(Type::String(), {Value::String("AAD")})},
                                       {"switch", Value::Bool(true)},
                                       {"endpoint", Value::Null(Type::String())}});
  json remote = json::parse(R"({"modes":["aad","SharedKey",null,3],"switch":false,
      "properties":{"endpoint":"e.example"}})");
  Value state = Flatten(fields, type, remote, prior);
  EXPECT_EQ(state.GetAttr("modes"),
            Value::Set(Type::String(), {Value::String("AAD"), Value::String("SharedKey")}));
  EXPECT_TRUE(state.GetAttr("switch").AsBool());  // local: kept from the prior
  EXPECT_EQ(state.GetAttr("endpoint").AsString(), "e.example");
  EXPECT_EQ(Expand(fields, prior), (json{{"modes", {"AAD"}}}));
  EXPECT_TRUE(ComputedOnly(fields[2]));
  EXPECT_EQ(fields[2].attribute->plan_modifiers.size(), 1u);
  EXPECT_EQ(fields[2].attribute->description, "Where it is.");
}

TEST(FieldTableTest, ListElementsMatchTheirPriorByKeyAndDefaultToEnclosingValues) {
  auto same_as = [](Field f, const char* other) {
    f.null_when_equal_to = other;
    return f;
  };
  Field regions = NestedAttr(
      fw::Attribute::Optional("region", Type::String()), "regions", fw::NestingMode::kList,
      {Attr(fw::Attribute::Required("name", Type::String()), "name", Conv::kRegion),
       same_as(Attr(fw::Attribute::Optional("copies", Type::Number()), "copies"), "count"),
       same_as(Attr(fw::Attribute::Optional("kind", Type::String()), "kind"), "kind")});
  regions.match_by = "name";
  const std::vector<Field> fields = {
      Attr(fw::Attribute::Optional("count", Type::Number()), "count"),
      Attr(fw::Attribute::Optional("kind", Type::String()), "kind"), regions};
  const Type type = BuildBlock(fields).ImpliedType();
  const Type rt = type.AttributeType("region").element();
  auto region = [&](const char* name, Value copies, Value kind) {
    return Value::ObjectOf(rt, {{"name", Value::String(name)}, {"copies", copies}, {"kind", kind}});
  };
  const Value no_int = Value::Null(Type::Number()), no_str = Value::Null(Type::String());
  Value prior = Value::ObjectOf(
      type, {{"count", Value::Int(1)},
             {"kind", Value::String("A")},
             {"region", Value::List(rt, {region("West Europe", no_int, Value::String("B")),
                                         region("northeurope", Value::Int(1), no_str)})}});
  EXPECT_EQ(Expand(fields, prior)["regions"][0], (json{{"name", "westeurope"}, {"kind", "B"}}));
  // Azure reordered the regions, added one and filled every setting.
  json remote = json::parse(R"({"count":1,"kind":"A","regions":[
      {"name":"North Europe","copies":1,"kind":"A"},
      {"name":"westeurope","copies":1,"kind":"B"},
      {"name":"East US","copies":1,"kind":"A"}]})");
  Value state = Flatten(fields, type, remote, prior);
  EXPECT_EQ(state.GetAttr("region"),
            Value::List(rt, {region("northeurope", Value::Int(1), no_str),
                             region("West Europe", no_int, Value::String("B")),
                             region("eastus", no_int, no_str)}))
      << state.DebugString();
}

// An unknown planned value is Azure's to decide: a PATCH neither sends it nor
// clears it, alone or inside a group.
TEST(FieldTableTest, UnknownPlannedValuesAreNotPatched) {
  Value prior = Object({{"count", Value::Int(2)}, {"low", Value::Int(1)}, {"high", Value::Int(5)}});
  const Value unknown = Value::Unknown(Type::Number());
  EXPECT_EQ(PatchBody(Table(), prior, prior.WithAttr("count", unknown)), json::object());
  EXPECT_EQ(PatchBody(Table(), prior, prior.WithAttr("low", unknown).WithAttr("high", Value::Int(6))),
            json::parse(R"({"properties":{"range":{"high":6}}})"));
}

// How Azure reports blocks nobody configured: an identity of type None, an
// endpoint at the service default, an object with no members; and [] as a
// value of its own.
TEST(FieldTableTest, AzureDefaultsOfUnconfiguredBlocksReadBackNull) {
  Field endpoint = SingleBlock(
      "endpoint", "endpoint", "",
      {Attr(fw::Attribute::Optional("action", Type::String()), "action"),
       ListBlock("rule", "rules", "", {Attr(fw::Attribute::Required("value", Type::String()),
                                            "value")})});
  endpoint.unset_if = [](const Value& e) {
    return e.GetAttr("rule").Elements().empty() && GetString(e, "action") == "Allow";
  };
  Field profile = SingleBlock("profile", "profile", "", {endpoint});
  profile.unset_if = AllUnset();
  Field modes = Attr(fw::Attribute::Optional("modes", StringSet()), "modes");
  modes.empty_is_value = true;
  const std::vector<Field> fields = {profile, modes};
  const Type type = BuildBlock(fields).ImpliedType();
  const Value none = Value::Null(type);
  const json defaults = json::parse(R"({"profile":{"endpoint":{"action":"Allow","rules":[]}},
                                        "modes":[]})");
  Value state = Flatten(fields, type, defaults, none);
  EXPECT_TRUE(state.GetAttr("profile").is_null()) << state.DebugString();
  EXPECT_EQ(state.GetAttr("modes"), Value::Set(Type::String(), {}));
  json absent = json::object();
  EXPECT_TRUE(Flatten(fields, type, absent, none).GetAttr("modes").is_null());
  EXPECT_TRUE(Flatten(fields, type, absent, state).GetAttr("modes").is_null());  // was []

  // A rule is not the default: the endpoint and its profile are kept.
  json ruled = defaults;
  ruled["profile"]["endpoint"]["rules"] = json::parse(R"([{"value":"10.0.0.0/8"}])");
  state = Flatten(fields, type, ruled, none);
  ASSERT_FALSE(state.GetAttr("profile").is_null());
  EXPECT_EQ(state.GetAttr("profile").GetAttr("endpoint").GetAttr("rule").Length(), 1u);

  // Configured, the default reads back as configured; and an empty block that
  // Azure leaves out of its answer stays as the configuration has it.
  Value configured = Flatten(fields, type, defaults, state);
  EXPECT_EQ(GetString(configured.GetAttr("profile").GetAttr("endpoint"), "action"), "Allow");
  const Type pt = type.AttributeType("profile");
  Value empty_profile = Value::ObjectOf(pt, {{"endpoint", Value::Null(pt.AttributeType("endpoint"))}});
  Value prior = state.WithAttr("profile", empty_profile);
  EXPECT_EQ(Flatten(fields, type, absent, prior).GetAttr("profile"), empty_profile);
  EXPECT_TRUE(Flatten(fields, type, absent, state).GetAttr("profile").is_null());
}

}  // namespace
}  // namespace azbatch::resources::common
