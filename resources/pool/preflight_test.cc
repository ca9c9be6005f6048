#include "resources/pool/preflight.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/framework/context.h"
#include "resources/common/test_arm.h"
#include "resources/pool/test_plan.h"

namespace azbatch::resources::pool {
namespace {

namespace t = common::testing;
using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;
using testing::BaseConfig;
using testing::kAccount;
using testing::kVersion;
using testing::PlanFrom;

constexpr char kDefinition[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/img/providers/"
    "Microsoft.Compute/galleries/gal/images/ubuntu";

TEST(ResizeTimeoutTest, WarnsWithTheValueToUse) {
  framework::Diagnostics d;
  CheckResizeTimeout(PlanFrom(BaseConfig({{"fixed_scale", {{"target_dedicated_nodes", 3000}}}})), &d);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_FALSE(d.HasError());
  EXPECT_EQ(d.items()[0].attribute->ToString(), "fixed_scale.resize_timeout");
  EXPECT_THAT(d.ToString(), HasSubstr("Use resize_timeout = \"PT45M\""));

  framework::Diagnostics ok;
  CheckResizeTimeout(PlanFrom(BaseConfig({{"fixed_scale", {{"target_dedicated_nodes", 1000}}}})), &ok);
  CheckResizeTimeout(PlanFrom(BaseConfig({{"fixed_scale", {{"target_dedicated_nodes", 3000},
                                                            {"resize_timeout", "PT1H"}}}})),
                     &ok);
  EXPECT_EQ(ok.size(), 0u) << ok.ToString();
}

class PreflightTest : public ::testing::Test {
 protected:
  PreflightTest() {
    arm_.Seed(kAccount, {{"location", "westeurope"}});
    arm_.Seed(kDefinition, {{"location", "westeurope"},
                            {"properties", {{"osType", "Linux"}, {"osState", "Generalized"}}}});
    SeedVersion(json::parse(R"([{"name":"West Europe","regionalReplicaCount":2},{"name":"eastus"}])"));
  }
  void SeedVersion(const json& regions) {
    arm_.Seed(kVersion, {{"location", "westeurope"},
                         {"properties",
                          {{"provisioningState", "Succeeded"},
                           {"publishingProfile", {{"replicaCount", 1}, {"targetRegions", regions}}}}}});
  }
  framework::Diagnostics Run(const json& extra = json::object()) {
    framework::Diagnostics d;
    absl::StatusOr<common::ArmAccess> arm = arm_.Resolver()(framework::Context());
    EXPECT_TRUE(arm.ok());
    CheckImageAndAccount(*arm, PlanFrom(BaseConfig(extra)), &d);
    return d;
  }
  t::MiniArm arm_;
};

TEST_F(PreflightTest, AConsistentPoolPassesQuietly) {
  framework::Diagnostics d = Run({{"fixed_scale", {{"target_dedicated_nodes", 600}}}});
  EXPECT_EQ(d.size(), 0u) << d.ToString();
}

TEST_F(PreflightTest, MissingVersionIsAnError) {
  arm_.Erase(kVersion);
  framework::Diagnostics d = Run();
  ASSERT_TRUE(d.HasError());
  EXPECT_EQ(d.items()[0].attribute->ToString(), "image_reference.id");
  EXPECT_THAT(d.ToString(), HasSubstr("does not exist"));
}

TEST_F(PreflightTest, NoReplicaInTheAccountRegionIsAnError) {
  SeedVersion(json::parse(R"([{"name":"northeurope"}])"));
  framework::Diagnostics d = Run();
  ASSERT_TRUE(d.HasError());
  // target_region is a list attribute: the advice is an assignment that parses as HCL.
  EXPECT_THAT(d.ToString(),
              HasSubstr("target_region = [{ name = \"northeurope\" }, { name = \"westeurope\", "
                        "regional_replica_count = 1 }]"));
  EXPECT_THAT(d.ToString(), Not(HasSubstr("target_region {")));
}

TEST_F(PreflightTest, TooFewReplicasWarnWithTheNumbers) {
  framework::Diagnostics d = Run({{"fixed_scale", {{"target_dedicated_nodes", 900},
                                                   {"target_low_priority_nodes", 300}}}});
  EXPECT_FALSE(d.HasError());
  ASSERT_EQ(d.size(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].attribute->ToString(), "fixed_scale.target_dedicated_nodes");
  EXPECT_THAT(d.ToString(), HasSubstr("1200 nodes need at least 4 replicas"));
  EXPECT_THAT(d.ToString(), HasSubstr("has 2"));
  EXPECT_THAT(d.ToString(),
              HasSubstr("{ name = \"westeurope\", regional_replica_count = 4 }"));
}

TEST_F(PreflightTest, NodeAgentMustMatchTheImageOs) {
  framework::Diagnostics d = Run({{"node_agent_sku_id", "batch.node.windows amd64"}});
  ASSERT_TRUE(d.HasError());
  EXPECT_EQ(d.items()[0].attribute->ToString(), "node_agent_sku_id");
  EXPECT_THAT(d.ToString(), HasSubstr("the image is Linux"));
}

TEST_F(PreflightTest, SpecializedImagesAreRefused) {
  arm_.Find(kDefinition)->at("properties")["osState"] = "Specialized";
  framework::Diagnostics d = Run();
  ASSERT_TRUE(d.HasError());
  EXPECT_THAT(d.ToString(), HasSubstr("only accept Generalized images"));
}

TEST_F(PreflightTest, DefinitionIdMeansItsLatestVersion) {
  arm_.Seed(std::string(kDefinition) + "/versions",
            {{"value", json::parse(R"([{"name":"1.0.0"},{"name":"1.10.0",
              "properties":{"publishingProfile":{"excludeFromLatest":true}}}])")}});
  framework::Diagnostics d = Run({{"image_reference", {{"id", kDefinition}}}});
  EXPECT_EQ(d.size(), 0u) << d.ToString();
}

TEST_F(PreflightTest, ImageInAnotherTenantOrUnregisteredSubscriptionIsAnError) {
  const std::string other = "11111111-1111-1111-1111-111111111111";
  const std::string version =
      "/subscriptions/" + other +
      "/resourceGroups/img/providers/Microsoft.Compute/galleries/gal/images/ubuntu/versions/1.0.0";
  arm_.Seed("/subscriptions/" + other, {{"tenantId", "tenant-b"}});
  arm_.Seed("/subscriptions/00000000-0000-0000-0000-0000000000bb", {{"tenantId", "tenant-a"}});
  arm_.Seed("/subscriptions/" + other + "/providers/Microsoft.Batch",
            {{"registrationState", "NotRegistered"}});
  framework::Diagnostics d = Run({{"image_reference", {{"id", version}}}});
  ASSERT_TRUE(d.HasError());
  EXPECT_THAT(d.ToString(), HasSubstr("Batch pools can only use gallery images from the same tenant"));
  EXPECT_THAT(d.ToString(), HasSubstr("az provider register --namespace Microsoft.Batch"));
}

TEST_F(PreflightTest, NullMissingAndMistypedFieldsDoNotThrow) {
  arm_.Seed(kDefinition, {{"location", "westeurope"},
                          {"properties", {{"osType", 7}, {"osState", nullptr}}}});
  arm_.Seed(std::string(kDefinition) + "/versions",
            {{"value", json::parse(R"([null, {"name": 3}, {"name":"1.0.0",
              "properties":{"publishingProfile":{"excludeFromLatest":"yes"}}}])")}});
  arm_.Seed(kVersion, {{"location", "westeurope"},
                       {"properties",
                        {{"provisioningState", 1},
                         {"publishingProfile",
                          {{"replicaCount", "two"},
                           {"targetRegions", json::parse(R"([null, {"name": 5},
                              {"name":"westeurope","regionalReplicaCount":"x"}])")}}}}}});
  arm_.Seed(kAccount, {{"location", "westeurope"}, {"properties", "mistyped"}});
  framework::Diagnostics d;
  EXPECT_NO_THROW(d = Run({{"image_reference", {{"id", kDefinition}}}}));
  EXPECT_FALSE(d.HasError()) << d.ToString();
  arm_.Seed(kAccount, {{"location", 12}});
  EXPECT_NO_THROW(d = Run());
}

}  // namespace
}  // namespace azbatch::resources::pool
