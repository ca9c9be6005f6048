#include "resources/functions/resource_id.h"

#include "gtest/gtest.h"

namespace azbatch::resources::functions {
namespace {

TEST(ResourceIdTest, ParsesNestedIds) {
  auto id = ParseResourceId(
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/"
      "Microsoft.Compute/galleries/gal/images/img/versions/1.0.0");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->subscription_id, "00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(id->resource_group_name, "rg1");
  EXPECT_EQ(id->provider_namespace, "Microsoft.Compute");
  EXPECT_EQ(id->resource_type, "galleries/images/versions");
  EXPECT_EQ(id->name, "1.0.0");
  EXPECT_EQ(id->types, (std::vector<std::string>{"galleries", "images", "versions"}));
  EXPECT_EQ(id->names, (std::vector<std::string>{"gal", "img", "1.0.0"}));
}

TEST(ResourceIdTest, CaseInsensitiveKeywordsAndTrailingSlash) {
  auto id = ParseResourceId(
      "/SUBSCRIPTIONS/s/resourcegroups/rg/PROVIDERS/Microsoft.Batch/batchAccounts/acct/");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->resource_type, "batchAccounts");
  EXPECT_EQ(id->name, "acct");
}

TEST(ResourceIdTest, RejectsMalformedIds) {
  for (const char* bad : {
           "",
           "subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a",
           "/subscriptions/s/resourceGroups/rg",
           "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts",
           "/subscriptions/s/resourceGroups//providers/Microsoft.Batch/batchAccounts/a",
           "/subscription/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a",
           "/subscriptions/s/groups/rg/providers/Microsoft.Batch/batchAccounts/a",
       }) {
    auto id = ParseResourceId(bad);
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_NE(id.status().message().find("is not an ARM resource id"), absl::string_view::npos);
  }
}

}  // namespace
}  // namespace azbatch::resources::functions
