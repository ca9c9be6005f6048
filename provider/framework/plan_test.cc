#include "provider/framework/plan.h"

#include "gtest/gtest.h"

namespace azbatch::framework::internal {
namespace {

using cty::Type;
using cty::Value;

Block TestBlock() {
  Block rule;
  rule.attributes = {
      Attribute::Required("port", Type::Number()),
      Attribute::Optional("proto", Type::String()).WithDefault(Value::String("tcp")),
      Attribute::Computed("rule_id", Type::String()),
  };
  Block b;
  b.attributes = {
      Attribute::Required("name", Type::String()),
      Attribute::Computed("id", Type::String()),
      Attribute::Optional("secret", Type::String()).WriteOnly(),
  };
  b.blocks = {NestedBlock::List("rule", rule), NestedBlock::Set("tagset", rule)};
  return b;
}

Value Rule(const Block& b, Value port, Value proto, Value rule_id) {
  const Type& t = b.FindBlock("rule")->block.ImpliedType();
  return Value::ObjectOf(t, {{"port", port}, {"proto", proto}, {"rule_id", rule_id}});
}

TEST(PlanTest, DefaultsAndUnknownsReachListAndSetElements) {
  Block b = TestBlock();
  Type rt = b.FindBlock("rule")->block.ImpliedType();
  Value null_s = Value::Null(Type::String());
  Value config = Value::ObjectOf(
      b.ImpliedType(),
      {{"name", Value::String("n")},
       {"rule", Value::List(rt, {Rule(b, Value::Int(1), null_s, null_s),
                                 Rule(b, Value::Int(2), Value::String("udp"), null_s)})},
       {"tagset", Value::Set(rt, {Rule(b, Value::Int(3), null_s, null_s)})}});
  Value plan = ApplyDefaults(b, config, config);
  plan = MarkComputedNullsUnknown(b, config, plan);

  EXPECT_FALSE(plan.GetAttr("id").is_known());
  const auto& rules = plan.GetAttr("rule").Elements();
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].GetAttr("proto"), Value::String("tcp"));
  EXPECT_EQ(rules[1].GetAttr("proto"), Value::String("udp"));
  EXPECT_FALSE(rules[0].GetAttr("rule_id").is_known());
  ASSERT_EQ(plan.GetAttr("tagset").Length(), 1u);
  const Value& tag = plan.GetAttr("tagset").Elements()[0];
  EXPECT_EQ(tag.GetAttr("proto"), Value::String("tcp"));
  EXPECT_FALSE(tag.GetAttr("rule_id").is_known());
  // Non-computed values untouched.
  EXPECT_EQ(plan.GetAttr("name"), Value::String("n"));
  Diagnostics d;
  CheckPlanFollowsConfig(b, config, Value::Null(b.ImpliedType()), plan, &d);
  EXPECT_FALSE(d.HasError()) << d.ToString();
}

TEST(PlanTest, NormaliseStateNullsWriteOnlyAndFillsBlocks) {
  Block b = TestBlock();
  Value v = Value::ObjectOf(b.ImpliedType(), {{"name", Value::String("n")},
                                              {"secret", Value::String("hunter2")}});
  ASSERT_TRUE(v.GetAttr("rule").is_null());
  Value n = NormaliseState(b, v);
  EXPECT_TRUE(n.GetAttr("secret").is_null());
  EXPECT_FALSE(n.GetAttr("rule").is_null());
  EXPECT_EQ(n.GetAttr("rule").Length(), 0u);
  EXPECT_FALSE(n.GetAttr("tagset").is_null());
}

TEST(PlanTest, CheckPlanFollowsConfigNamesThePath) {
  Block b = TestBlock();
  Type rt = b.FindBlock("rule")->block.ImpliedType();
  Value null_s = Value::Null(Type::String());
  Value config = NormaliseState(
      b, Value::ObjectOf(b.ImpliedType(),
                         {{"name", Value::String("n")},
                          {"rule", Value::List(rt, {Rule(b, Value::Int(1), null_s, null_s)})}}));
  Value plan = config.WithAttr(
      "rule", Value::List(rt, {Rule(b, Value::Int(9), null_s, null_s)}));
  Value no_prior = Value::Null(b.ImpliedType());
  Diagnostics d;
  CheckPlanFollowsConfig(b, config, no_prior, plan, &d);
  EXPECT_TRUE(d.HasPath(cty::Path().Attr("rule").Index(0).Attr("port"))) << d.ToString();

  // An unknown config value must stay unknown.
  Value unknown_cfg = config.WithAttr("name", Value::Unknown(Type::String()));
  Diagnostics d2;
  CheckPlanFollowsConfig(b, unknown_cfg, no_prior, config, &d2);
  EXPECT_TRUE(d2.HasPath(cty::Path().Attr("name"))) << d2.ToString();
}

TEST(PlanTest, CheckPlanFollowsConfigAcceptsAnEquivalentPriorValue) {
  Block b = TestBlock();
  Value prior = NormaliseState(
      b, Value::ObjectOf(b.ImpliedType(), {{"name", Value::String("westeurope")}}));
  Value config = prior.WithAttr("name", Value::String("West Europe"));
  Diagnostics kept;
  CheckPlanFollowsConfig(b, config, prior, prior, &kept);
  EXPECT_FALSE(kept.HasError()) << kept.ToString();
  // Without a prior value the plan must follow the config.
  Diagnostics created;
  CheckPlanFollowsConfig(b, config, Value::Null(b.ImpliedType()), prior, &created);
  EXPECT_TRUE(created.HasPath(cty::Path().Attr("name"))) << created.ToString();
}

TEST(PlanTest, ValidationSkipsUnknownBlocksAndChecksCounts) {
  Block b = TestBlock();
  b.blocks[0].max_items = 1;
  b.attributes[0].validators = {validators::StringLengthBetween(2, 5)};
  Type rt = b.FindBlock("rule")->block.ImpliedType();
  Value null_s = Value::Null(Type::String());
  Value config = NormaliseState(
      b, Value::ObjectOf(b.ImpliedType(),
                         {{"name", Value::String("n")},
                          {"rule", Value::List(rt, {Rule(b, Value::Int(1), null_s, null_s),
                                                    Rule(b, Value::Int(2), null_s, null_s)})}}));
  Diagnostics d;
  ValidateConfigValue(b, config, &d);
  EXPECT_EQ(d.ErrorCount(), 2u) << d.ToString();
  EXPECT_TRUE(d.HasPath(cty::Path().Attr("name")));
  EXPECT_TRUE(d.HasPath(cty::Path().Attr("rule")));

  Diagnostics d2;
  ValidateConfigValue(b, config.WithAttr("rule", Value::Unknown(Type::List(rt)))
                             .WithAttr("name", Value::Unknown(Type::String())),
                      &d2);
  EXPECT_TRUE(d2.empty()) << d2.ToString();
}

TEST(PlanTest, SortPathsDeduplicates) {
  auto paths = SortPaths({cty::Path().Attr("b"), cty::Path().Attr("a"), cty::Path().Attr("b")});
  ASSERT_EQ(paths.size(), 2u);
  EXPECT_EQ(paths[0], cty::Path().Attr("a"));
}

}  // namespace
}  // namespace azbatch::framework::internal
