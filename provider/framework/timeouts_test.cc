#include "provider/framework/timeouts.h"

#include "gtest/gtest.h"

namespace azbatch::framework {
namespace {

TEST(TimeoutsTest, ParsesGoDurations) {
  struct Case {
    const char* text;
    absl::Duration want;
  } cases[] = {
      {"90m", absl::Minutes(90)},
      {"2h30m", absl::Hours(2) + absl::Minutes(30)},
      {"1.5h", absl::Minutes(90)},
      {"300ms", absl::Milliseconds(300)},
      {"45s", absl::Seconds(45)},
      {"0", absl::ZeroDuration()},
  };
  for (const Case& c : cases) {
    auto d = ParseGoDuration(c.text);
    ASSERT_TRUE(d.ok()) << c.text << ": " << d.status();
    EXPECT_EQ(*d, c.want) << c.text;
  }
  for (const char* bad : {"", "90", "1d", "-5m", "m", "2h x"}) {
    EXPECT_FALSE(ParseGoDuration(bad).ok()) << bad;
  }
}

TEST(TimeoutsTest, BlockAndValueLookup) {
  NestedBlock b = TimeoutsBlock(true, false, false, true);
  EXPECT_EQ(b.type_name, "timeouts");
  EXPECT_EQ(b.nesting, NestingMode::kSingle);
  ASSERT_EQ(b.block.attributes.size(), 2u);
  EXPECT_EQ(b.block.attributes[1].name, "delete");

  Block res;
  res.attributes = {Attribute::Required("name", cty::Type::String())};
  res.blocks = {TimeoutsBlock()};
  cty::Value empty = res.EmptyValue();
  auto d = TimeoutFromValue(empty, Operation::kCreate, absl::Minutes(7));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, absl::Minutes(7));

  cty::Value t = TimeoutsBlock().block.EmptyValue().WithAttr("create", cty::Value::String("2h"));
  cty::Value with = empty.WithAttr("timeouts", t);
  d = TimeoutFromValue(with, Operation::kCreate, absl::Minutes(7));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, absl::Hours(2));
  d = TimeoutFromValue(with, Operation::kDelete, absl::Minutes(7));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, absl::Minutes(7));
  EXPECT_FALSE(TimeoutFromValue(empty.WithAttr("timeouts", t.WithAttr("create", cty::Value::String("soon"))),
                                Operation::kCreate, absl::Minutes(7))
                   .ok());
}

TEST(TimeoutsTest, Defaults) {
  TimeoutDefaults d;
  d.del = absl::Hours(1);
  EXPECT_EQ(d.For(Operation::kDelete), absl::Hours(1));
  EXPECT_EQ(d.For(Operation::kCreate), absl::Minutes(30));
}

}  // namespace
}  // namespace azbatch::framework
