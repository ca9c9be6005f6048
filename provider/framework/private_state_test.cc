#include "provider/framework/private_state.h"

#include "gtest/gtest.h"

namespace azbatch::framework {
namespace {

TEST(PrivateStateTest, RoundTripsKeys) {
  PrivateState p;
  EXPECT_EQ(p.ToBytes(), "");
  ASSERT_TRUE(p.SetKey("etag", R"("W/\"1\"")").ok());
  ASSERT_TRUE(p.SetKey("ops", R"({"n": 2})").ok());
  auto back = PrivateState::FromBytes(p.ToBytes());
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, p);
  EXPECT_EQ(back->GetKey("ops").value_or(""), R"({"n":2})");
  EXPECT_FALSE(back->GetKey("missing").has_value());
  ASSERT_TRUE(p.SetKey("ops", "").ok());
  EXPECT_FALSE(p.GetKey("ops").has_value());
}

TEST(PrivateStateTest, RejectsInvalidJson) {
  PrivateState p;
  EXPECT_FALSE(p.SetKey("k", "{not json").ok());
  EXPECT_FALSE(PrivateState::FromBytes("[1,2]").ok());
  EXPECT_TRUE(PrivateState::FromBytes("").ok());
}

}  // namespace
}  // namespace azbatch::framework
