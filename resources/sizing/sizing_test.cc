#include "resources/sizing/sizing.h"

#include "common/iso8601_duration.h"
#include "gtest/gtest.h"

namespace azbatch::resources::sizing {
namespace {

TEST(SizingTest, MinReplicasPerRegion) {
  struct Case {
    int64_t nodes, per_replica, want;
  } cases[] = {
      {0, 300, 1},   {1, 300, 1},   {300, 300, 1},   {301, 300, 2},
      {600, 300, 2}, {601, 300, 3}, {1000, 300, 4},  {1000, 600, 2},
      {10000, 300, 34}, {5, 1, 5},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(MinReplicasPerRegion(c.nodes, c.per_replica), c.want)
        << c.nodes << " nodes / " << c.per_replica;
  }
  EXPECT_EQ(MinReplicasPerRegion(900), 3);  // default 300 per replica
}

TEST(SizingTest, RecommendedResizeTimeout) {
  struct Case {
    int64_t nodes;
    const char* want;
  } cases[] = {
      {0, "PT15M"},    {1, "PT15M"},    {1000, "PT15M"},  {1001, "PT30M"},
      {2000, "PT30M"}, {3000, "PT45M"}, {4000, "PT1H"},   {4500, "PT1H15M"},
      {96001, "P1DT15M"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(iso8601::Format(RecommendedResizeTimeout(c.nodes)), c.want) << c.nodes;
  }
}

TEST(SizingTest, WholeNumberAtLeast) {
  auto ok = WholeNumberAtLeast(cty::Number::FromInt(4), 0, "n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 4);
  auto neg = WholeNumberAtLeast(cty::Number::FromInt(-3), 0, "target_dedicated_nodes");
  ASSERT_FALSE(neg.ok());
  EXPECT_EQ(neg.status().message(), "target_dedicated_nodes must be a whole number \xe2\x89\xa5 0, got -3");
  auto frac = WholeNumberAtLeast(*cty::Number::Parse("2.5"), 0, "n");
  EXPECT_FALSE(frac.ok());
  EXPECT_NE(frac.status().message().find("2.5"), absl::string_view::npos);
}

}  // namespace
}  // namespace azbatch::resources::sizing
