#include "provider/framework/schema.h"

#include "gtest/gtest.h"

namespace azbatch::framework {
namespace {

using cty::Type;

Block RuleBlock() {
  Block b;
  b.attributes = {Attribute::Required("port", Type::Number())};
  return b;
}

TEST(SchemaTest, ImpliedTypeOfAttributesAndBlocks) {
  Schema s;
  s.block.attributes = {
      Attribute::Required("name", Type::String()),
      Attribute::Computed("id", Type::String()),
      Attribute::Nested("tag", NestingMode::kMap,
                        {Attribute::Required("value", Type::String())})
          .AsOptional(),
  };
  s.block.blocks = {
      NestedBlock::Single("single", RuleBlock()),
      NestedBlock::Group("group", RuleBlock()),
      NestedBlock::List("list", RuleBlock(), 1, 3),
      NestedBlock::Set("set", RuleBlock()),
      NestedBlock::Map("map", RuleBlock()),
  };
  Type rule = Type::Object({{"port", Type::Number()}});
  Type want = Type::Object({
      {"name", Type::String()},
      {"id", Type::String()},
      {"tag", Type::Map(Type::Object({{"value", Type::String()}}))},
      {"single", rule},
      {"group", rule},
      {"list", Type::List(rule)},
      {"set", Type::Set(rule)},
      {"map", Type::Map(rule)},
  });
  EXPECT_EQ(s.ImpliedType(), want) << s.ImpliedType().ToJson();
  EXPECT_TRUE(ValidateSchema(s).ok()) << ValidateSchema(s);
}

TEST(SchemaTest, EmptyValueHasEmptyCollectionsForBlocks) {
  Block b;
  b.attributes = {Attribute::Optional("x", Type::String())};
  b.blocks = {NestedBlock::List("list", RuleBlock()), NestedBlock::Single("one", RuleBlock())};
  cty::Value v = b.EmptyValue();
  EXPECT_FALSE(v.is_null());
  EXPECT_TRUE(v.GetAttr("x").is_null());
  EXPECT_FALSE(v.GetAttr("list").is_null());
  EXPECT_EQ(v.GetAttr("list").Length(), 0u);
  EXPECT_TRUE(v.GetAttr("one").is_null());
  EXPECT_EQ(v.type(), b.ImpliedType());
}

TEST(SchemaTest, ValidateSchemaRejectsCoreRuleViolations) {
  auto check = [](Attribute a) {
    Schema s;
    s.block.attributes = {std::move(a)};
    return ValidateSchema(s);
  };
  EXPECT_FALSE(check(Attribute::Required("Bad-Name", Type::String())).ok());
  Attribute none;
  none.name = "x";
  none.type = Type::String();
  EXPECT_FALSE(check(none).ok());
  Attribute req_comp = Attribute::Required("x", Type::String());
  req_comp.computed = true;
  EXPECT_FALSE(check(req_comp).ok());
  Attribute default_no_computed = Attribute::Optional("x", Type::String());
  default_no_computed.default_value = cty::Value::String("a");
  EXPECT_FALSE(check(default_no_computed).ok());
  EXPECT_TRUE(check(Attribute::Optional("x", Type::String()).WithDefault(cty::Value::String("a")))
                  .ok());
  EXPECT_FALSE(check(Attribute::Computed("x", Type::String()).WriteOnly()).ok());
  EXPECT_TRUE(check(Attribute::Optional("x", Type::String()).WriteOnly()).ok());

  Schema single_bad;
  NestedBlock nb = NestedBlock::Single("one", RuleBlock());
  nb.max_items = 2;
  single_bad.block.blocks = {nb};
  EXPECT_FALSE(ValidateSchema(single_bad).ok());

  Schema write_only_in_set;
  Block inner;
  inner.attributes = {Attribute::Optional("secret", Type::String()).WriteOnly()};
  write_only_in_set.block.blocks = {NestedBlock::Set("s", inner)};
  absl::Status st = ValidateSchema(write_only_in_set);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("s.secret"), absl::string_view::npos) << st;
}

TEST(SchemaTest, AttributeAtPathFollowsBlocksAndNestedAttributes) {
  Block b;
  b.attributes = {Attribute::Nested("tag", NestingMode::kList,
                                    {Attribute::Required("value", Type::String())})
                      .AsOptional()};
  b.blocks = {NestedBlock::List("rule", RuleBlock())};
  const Attribute* port = AttributeAtPath(b, cty::Path().Attr("rule").Index(0).Attr("port"));
  ASSERT_NE(port, nullptr);
  EXPECT_EQ(port->name, "port");
  const Attribute* value = AttributeAtPath(b, cty::Path().Attr("tag").Index(2).Attr("value"));
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->name, "value");
  EXPECT_EQ(AttributeAtPath(b, cty::Path().Attr("rule").Attr("port")), nullptr);
  EXPECT_EQ(AttributeAtPath(b, cty::Path().Attr("missing")), nullptr);
}

}  // namespace
}  // namespace azbatch::framework
