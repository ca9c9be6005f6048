#include "resources/common/name_prefix.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace azbatch::resources::common {
namespace {

TEST(NamePrefixTest, DrawnNamesFitTheirPrefixAndDiffer) {
  std::set<std::string> names;
  for (int i = 0; i < 200; ++i) {
    std::string name = NameFromPrefix("render-");
    EXPECT_THAT(name, ::testing::MatchesRegex("render-[a-z0-9]{8}"));
    EXPECT_TRUE(NameFitsPrefix(name, "render-")) << name;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 200u);
}

TEST(NamePrefixTest, NamesThatDoNotFit) {
  EXPECT_TRUE(NameFitsPrefix("p-abcd1234", "p-"));
  EXPECT_FALSE(NameFitsPrefix("p-abcd123", "p-"));     // suffix too short
  EXPECT_FALSE(NameFitsPrefix("p-abcd12345", "p-"));   // too long
  EXPECT_FALSE(NameFitsPrefix("p-ABCD1234", "p-"));    // not drawn: uppercase
  EXPECT_FALSE(NameFitsPrefix("q-abcd1234", "p-"));    // other prefix
  EXPECT_FALSE(NameFitsPrefix("render-abcd1234", "render"));  // '-' is not drawn
}

}  // namespace
}  // namespace azbatch::resources::common
