#include "resources/common/plan_rules.h"

#include "gtest/gtest.h"
#include "provider/framework/plan.h"
#include "provider/framework/schema.h"
#include "resources/common/identity.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {
namespace {

namespace fw = azbatch::framework;
using cty::Type;
using cty::Value;

// A schema like a Batch account's: keys derived from the modes, a mode that
// means nothing without a storage account, and an identity.
fw::Block Schema() {
  fw::Block b = BuildBlock({IdentityBlock("", "", true)});
  b.attributes = {
      fw::Attribute::Optional("modes", Type::String()),
      fw::Attribute::Computed("key", Type::String())
          .WithPlanModifiers({UseStateWhileSame({"modes"})}),
      fw::Attribute::Optional("storage", Type::String()),
      fw::Attribute::Optional("storage_mode", Type::String())
          .WithDefault(Value::String("Keys"))
          .WithPlanModifiers({NullWithout("storage")}),
  };
  return b;
}

Value Object(const fw::Block& b, std::map<std::string, Value> attrs) {
  Value v = b.EmptyValue();
  for (auto& [k, x] : attrs) v = v.WithAttr(k, x);
  return v;
}

Value Identity(const fw::Block& b, const char* type, Value principal) {
  const Type t = b.ImpliedType().AttributeType("identity");
  return Value::ObjectOf(t, {{"type", Value::String(type)},
                             {"identity_ids", Value::Null(StringSet())},
                             {"principal_id", principal},
                             {"tenant_id", Value::Null(Type::String())}});
}

Value Plan(const fw::Block& b, const Value& config, const Value& state) {
  Value plan = fw::internal::ApplyDefaults(b, config, config);
  plan = fw::internal::MarkComputedNullsUnknown(b, config, plan);
  fw::Diagnostics d;
  fw::internal::ModifiersResult m =
      fw::internal::RunPlanModifiers(b, config, state, plan, fw::PrivateState(), &d);
  EXPECT_FALSE(d.HasError()) << d.ToString();
  return m.plan;
}

TEST(PlanRulesTest, DerivedValuesStayWhileWhatTheyDeriveFromStays) {
  const fw::Block b = Schema();
  const Value unknown = Value::Unknown(Type::String());
  const Value state = Object(b, {{"modes", Value::String("SharedKey")},
                                 {"key", Value::String("k1")},
                                 {"identity", Identity(b, "SystemAssigned", Value::String("p1"))}});
  Value config = Object(b, {{"modes", Value::String("SharedKey")},
                            {"identity", Identity(b, "SystemAssigned", Value::Null(Type::String()))}});
  Value plan = Plan(b, config, state);
  EXPECT_EQ(plan.GetAttr("key"), Value::String("k1"));
  EXPECT_EQ(plan.GetAttr("identity").GetAttr("principal_id"), Value::String("p1"));

  // A changed mode or identity type: Azure gives new values after apply.
  plan = Plan(b, config.WithAttr("modes", Value::String("AAD"))
                     .WithAttr("identity", Identity(b, "None", Value::Null(Type::String()))),
              state);
  EXPECT_EQ(plan.GetAttr("key"), unknown);
  EXPECT_EQ(plan.GetAttr("identity").GetAttr("principal_id"), unknown);
  // On create there is nothing to keep.
  EXPECT_EQ(Plan(b, config, Value::Null(b.ImpliedType())).GetAttr("key"), unknown);
}

TEST(PlanRulesTest, ADefaultThatNeedsASiblingIsNullWithoutIt) {
  const fw::Block b = Schema();
  const Value none = Value::Null(b.ImpliedType());
  EXPECT_TRUE(Plan(b, Object(b, {}), none).GetAttr("storage_mode").is_null());
  EXPECT_EQ(Plan(b, Object(b, {{"storage", Value::String("sa")}}), none).GetAttr("storage_mode"),
            Value::String("Keys"));
  // Configured, it stays (validation tells the user it needs the sibling).
  EXPECT_EQ(Plan(b, Object(b, {{"storage_mode", Value::String("Identity")}}), none)
                .GetAttr("storage_mode"),
            Value::String("Identity"));
  // Unknown sibling: the default stands until it is known.
  EXPECT_EQ(Plan(b, Object(b, {{"storage", Value::Unknown(Type::String())}}), none)
                .GetAttr("storage_mode"),
            Value::String("Keys"));
}

TEST(PlanRulesTest, ValueAtWalksAttributesIndexesAndKeys) {
  const Type elem = Type::Object({{"name", Type::String()}});
  const Value v = Value::ObjectOf(
      Type::Object({{"items", Type::List(elem)}, {"tags", Type::Map(Type::String())}}),
      {{"items", Value::List(elem, {Value::ObjectOf(elem, {{"name", Value::String("a")}})})},
       {"tags", Value::Map(Type::String(), {{"env", Value::String("prod")}})}});
  const cty::Path name = cty::Path::Root().Attr("items").Index(0).Attr("name");
  EXPECT_EQ(ValueAt(v, name), Value::String("a"));
  EXPECT_EQ(ValueAt(v, name, 1).GetAttr("name"), Value::String("a"));
  EXPECT_EQ(ValueAt(v, cty::Path::Root().Attr("tags").Key("env")), Value::String("prod"));
  EXPECT_TRUE(ValueAt(v, cty::Path::Root().Attr("items").Index(3)).is_null());
  EXPECT_TRUE(ValueAt(v, cty::Path::Root().Attr("nope")).is_null());
  EXPECT_EQ(ParentPath(name), cty::Path::Root().Attr("items").Index(0));
}

TEST(IdentityBlockTest, IdentityIdsGoWithUserAssignedOnly) {
  const fw::Block b = BuildBlock({IdentityBlock("", "", false)});
  const Type t = b.ImpliedType().AttributeType("identity");
  auto config = [&](const char* type, Value ids) {
    return b.EmptyValue().WithAttr(
        "identity", Value::ObjectOf(t, {{"type", Value::String(type)}, {"identity_ids", ids}}));
  };
  const Value one = Value::Set(Type::String(), {Value::String("/subscriptions/s/id")});
  const cty::Path ids = cty::Path::Root().Attr("identity").Attr("identity_ids");
  fw::Diagnostics d;
  fw::internal::ValidateConfigValue(b, config("UserAssigned", Value::Null(StringSet())), &d);
  ASSERT_TRUE(d.HasError());
  EXPECT_EQ(d.items()[0].attribute, ids);
  EXPECT_EQ(d.items()[0].summary, "Missing identity_ids");
  fw::Diagnostics extra;
  fw::internal::ValidateConfigValue(b, config("None", one), &extra);
  ASSERT_TRUE(extra.HasError());
  EXPECT_EQ(extra.items()[0].summary, "Unexpected identity_ids");
  fw::Diagnostics ok;
  fw::internal::ValidateConfigValue(b, config("UserAssigned", one), &ok);
  fw::internal::ValidateConfigValue(b, config("None", Value::Null(StringSet())), &ok);
  fw::internal::ValidateConfigValue(
      b, config("UserAssigned", Value::Unknown(StringSet())), &ok);
  EXPECT_FALSE(ok.HasError()) << ok.ToString();
  // SystemAssigned is only offered where a resource has it.
  fw::Diagnostics system;
  fw::internal::ValidateConfigValue(b, config("SystemAssigned", Value::Null(StringSet())), &system);
  EXPECT_TRUE(system.HasError());
}

}  // namespace
}  // namespace azbatch::resources::common
