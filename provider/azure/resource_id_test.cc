#include "provider/azure/resource_id.h"

#include "gtest/gtest.h"

namespace azbatch::azure {
namespace {

struct Case {
  const char* input;
  ResourceType type;
  const char* canonical;
  std::vector<std::string> names;
};

TEST(ResourceIdTest, ParsesCaseInsensitivelyAndPrintsCanonically) {
  const std::string rg = "/subscriptions/0000-11/resourceGroups/My-RG";
  std::vector<Case> cases = {
      {"/SUBSCRIPTIONS/0000-11/resourcegroups/My-RG", ResourceType::kResourceGroup, "", {}},
      {"/subscriptions/0000-11/resourceGroups/My-RG/providers/microsoft.compute/GALLERIES/g1",
       ResourceType::kGallery, "/providers/Microsoft.Compute/galleries/g1", {"g1"}},
      {"/subscriptions/0000-11/resourceGroups/My-RG/providers/Microsoft.Compute/galleries/g1/"
       "Images/img",
       ResourceType::kGalleryImage, "/providers/Microsoft.Compute/galleries/g1/images/img",
       {"g1", "img"}},
      {"/subscriptions/0000-11/resourceGroups/My-RG/providers/Microsoft.Compute/galleries/g1/"
       "images/img/VERSIONS/1.0.0",
       ResourceType::kGalleryImageVersion,
       "/providers/Microsoft.Compute/galleries/g1/images/img/versions/1.0.0",
       {"g1", "img", "1.0.0"}},
      {"/subscriptions/0000-11/resourceGroups/My-RG/providers/Microsoft.Compute/images/m",
       ResourceType::kImage, "/providers/Microsoft.Compute/images/m", {"m"}},
      {"/subscriptions/0000-11/resourceGroups/My-RG/providers/Microsoft.Compute/snapshots/s",
       ResourceType::kSnapshot, "/providers/Microsoft.Compute/snapshots/s", {"s"}},
      {"/subscriptions/0000-11/resourceGroups/My-RG/providers/Microsoft.Compute/disks/d",
       ResourceType::kDisk, "/providers/Microsoft.Compute/disks/d", {"d"}},
      {"/subscriptions/0000-11/resourceGroups/My-RG/providers/microsoft.batch/batchaccounts/acct",
       ResourceType::kBatchAccount, "/providers/Microsoft.Batch/batchAccounts/acct", {"acct"}},
      {"/subscriptions/0000-11/resourceGroups/My-RG/providers/Microsoft.Batch/batchAccounts/acct/"
       "POOLS/p1",
       ResourceType::kBatchPool, "/providers/Microsoft.Batch/batchAccounts/acct/pools/p1",
       {"acct", "p1"}},
  };
  for (const Case& c : cases) {
    auto id = ResourceId::Parse(c.input);
    ASSERT_TRUE(id.ok()) << c.input << ": " << id.status();
    EXPECT_EQ(id->type(), c.type) << c.input;
    EXPECT_EQ(id->String(), rg + c.canonical) << c.input;
    EXPECT_EQ(id->names(), c.names);
    EXPECT_EQ(id->subscription(), "0000-11");
    EXPECT_EQ(id->resource_group(), "My-RG");
    // Round trip.
    auto again = ResourceId::Parse(id->String(), c.type);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(*again == *id);
  }
}

TEST(ResourceIdTest, RejectsMalformedIds) {
  for (const char* bad : {
           "", "subscriptions/s/resourceGroups/rg", "/subscriptions/s/resourceGroups/",
           "/subscriptions/s/resourceGroups/rg/", "/subscriptions/s/resourceGroupz/rg",
           "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries",
           "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images",
           "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/v",
           "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/galleries/g",
           "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/x/y",
           "/subscriptions//resourceGroups/rg"}) {
    EXPECT_FALSE(ResourceId::Parse(bad).ok()) << bad;
  }
}

TEST(ResourceIdTest, TypedParseNamesExpectedShape) {
  auto r = ResourceId::Parse(
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g",
      ResourceType::kBatchPool);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(
                "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
                "Microsoft.Batch/batchAccounts/{accountName}/pools/{poolName}"),
            std::string::npos)
      << r.status();
}

TEST(ResourceIdTest, BuildsChildrenAndParents) {
  ResourceId rg = ResourceId::ResourceGroup("sub", "rg");
  auto g = rg.Child(ResourceType::kGallery, "gal");
  ASSERT_TRUE(g.ok());
  auto img = g->Child(ResourceType::kGalleryImage, "def");
  ASSERT_TRUE(img.ok());
  auto ver = img->Child(ResourceType::kGalleryImageVersion, "1.2.3");
  ASSERT_TRUE(ver.ok());
  EXPECT_EQ(ver->String(),
            "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal/"
            "images/def/versions/1.2.3");
  EXPECT_EQ(ver->name(), "1.2.3");
  EXPECT_STREQ(ver->api_version(), "2025-03-03");
  auto parent = ver->Parent();
  ASSERT_TRUE(parent.ok());
  EXPECT_TRUE(*parent == *img);
  auto pool = rg.Child(ResourceType::kBatchAccount, "acct")->Child(ResourceType::kBatchPool, "p");
  ASSERT_TRUE(pool.ok());
  EXPECT_STREQ(pool->api_version(), "2025-06-01");
  EXPECT_TRUE(pool->Parent()->Parent()->type() == ResourceType::kResourceGroup);
  // Wrong parent, bad names.
  EXPECT_FALSE(rg.Child(ResourceType::kGalleryImage, "x").ok());
  EXPECT_FALSE(g->Child(ResourceType::kBatchPool, "x").ok());
  EXPECT_FALSE(rg.Child(ResourceType::kGallery, "a/b").ok());
  EXPECT_FALSE(rg.Child(ResourceType::kGallery, "").ok());
  EXPECT_FALSE(rg.Parent().ok());
}

TEST(ResourceIdTest, UnicodeNamesRoundTripAndQuestionMarksAreRefused) {
  auto rg = ResourceId::Parse("/subscriptions/s/resourceGroups/grüße (test)");
  ASSERT_TRUE(rg.ok()) << rg.status();
  EXPECT_EQ(rg->resource_group(), "grüße (test)");
  EXPECT_EQ(rg->String(), "/subscriptions/s/resourceGroups/grüße (test)");
  // '?' would start the query of the request path: no ARM name holds one.
  auto q = ResourceId::Parse(
      "/subscriptions/s/resourceGroups/a?b/providers/Microsoft.Compute/images/i");
  ASSERT_FALSE(q.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(q.status()));
  EXPECT_NE(q.status().message().find("\"a?b\" contains '?'"), std::string::npos) << q.status();
  EXPECT_FALSE(rg->Child(ResourceType::kGallery, "g?x").ok());
}

TEST(ResourceIdTest, EqualityIgnoresCase) {
  auto a = ResourceId::Parse("/subscriptions/S/resourceGroups/RG/providers/Microsoft.Compute/images/I");
  auto b = ResourceId::Parse("/subscriptions/s/resourcegroups/rg/providers/MICROSOFT.COMPUTE/IMAGES/i");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(*a == *b);
  EXPECT_STREQ(ResourceTypeName(a->type()), "Microsoft.Compute/images");
}

TEST(ParseArmIdTest, AnyNamespaceAndTypeInSegments) {
  auto id = ParseArmId(
      "/SUBSCRIPTIONS/s/resourcegroups/rg/providers/Microsoft.Network/virtualNetworks/v/"
      "subnets/default");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->subscription, "s");
  EXPECT_EQ(id->resource_group, "rg");
  EXPECT_EQ(id->provider_namespace, "Microsoft.Network");
  EXPECT_EQ(id->types, (std::vector<std::string>{"virtualNetworks", "subnets"}));
  EXPECT_EQ(id->names, (std::vector<std::string>{"v", "default"}));
  auto rg = ParseArmId("/subscriptions/s/resourceGroups/rg");
  ASSERT_TRUE(rg.ok()) << rg.status();
  EXPECT_TRUE(rg->types.empty());
  EXPECT_EQ(rg->provider_namespace, "");
}

TEST(ParseArmIdTest, SaysWhatIsWrong) {
  struct Case {
    const char* id;
    const char* why;
  } cases[] = {
      {"subscriptions/s/resourceGroups/rg", "must start with \"/\""},
      {"/subscriptions/s/resourceGroups/rg/", "empty segment"},
      {"/subscriptions/s/groups/rg", "must begin /subscriptions/{id}/resourceGroups/{name}"},
      {"/subscriptions/s/resourceGroups/rg/x/Microsoft.Batch/batchAccounts/a",
       "fifth segment must be \"providers\""},
      {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch", "too few segments"},
      {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/pools",
       "a resource type has no name"},
      {"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/a/providers/"
       "Microsoft.Authorization/locks/l",
       "nested provider segments"},
      {"/subscriptions/s/resourceGroups/a?b", "contains '?'"},
  };
  for (const Case& c : cases) {
    auto id = ParseArmId(c.id);
    ASSERT_FALSE(id.ok()) << c.id;
    EXPECT_TRUE(absl::IsInvalidArgument(id.status())) << c.id;
    EXPECT_NE(id.status().message().find(c.why), std::string::npos) << id.status();
  }
}

}  // namespace
}  // namespace azbatch::azure
