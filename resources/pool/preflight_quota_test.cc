#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/framework/context.h"
#include "resources/common/test_arm.h"
#include "resources/pool/formula_bounds.h"
#include "resources/pool/preflight.h"
#include "resources/pool/test_plan.h"
#include "resources/pool/vm_skus.h"

namespace azbatch::resources::pool {
namespace {

namespace t = common::testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;
using testing::BaseConfig;
using testing::kAccount;
using testing::PlanFrom;

constexpr char kSkus[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/providers/Microsoft.Batch/locations/"
    "westeurope/virtualMachineSkus";

json Sku(const std::string& name, const std::string& family, int vcpus, int memory, int gpus = 0,
         const std::string& eol = "") {
  json caps = json::array({{{"name", "vCPUs"}, {"value", std::to_string(vcpus)}},
                           {{"name", "MemoryGB"}, {"value", std::to_string(memory)}}});
  if (gpus > 0) caps.push_back({{"name", "GPUs"}, {"value", std::to_string(gpus)}});
  json s = {{"name", name}, {"familyName", family}, {"capabilities", caps}};
  if (!eol.empty()) s["batchSupportEndOfLife"] = eol;
  return s;
}

json Pool(const std::string& name, const std::string& size, int current, int target) {
  return {{"name", name},
          {"properties",
           {{"vmSize", size},
            {"currentDedicatedNodes", current},
            {"scaleSettings", {{"fixedScale", {{"targetDedicatedNodes", target}}}}}}}};
}

class QuotaTest : public ::testing::Test {
 protected:
  QuotaTest() {
    SeedAccount(500, 500, 100, false);
    arm_.Seed(kSkus, {{"value", json::array({Sku("Standard_D2s_v3", "standardDSv3Family", 2, 8),
                                             Sku("Standard_D4s_v3", "standardDSv3Family", 4, 16),
                                             Sku("Standard_D2_v5", "standardDv5Family", 2, 8),
                                             Sku("Standard_NV12s_v3", "standardNVSv3Family", 12,
                                                 112, 1, "2026-09-30T00:00:00Z")})}});
    SetPools(json::array());
  }
  void SeedAccount(int dedicated, int low, int pools, bool enforced, int family = 0) {
    arm_.Seed(kAccount,
              {{"location", "West Europe"},
               {"properties",
                {{"dedicatedCoreQuota", dedicated},
                 {"lowPriorityCoreQuota", low},
                 {"poolQuota", pools},
                 {"dedicatedCoreQuotaPerVMFamilyEnforced", enforced},
                 {"dedicatedCoreQuotaPerVMFamily",
                  json::array({{{"name", "standardDSv3Family"}, {"coreQuota", family}},
                               {{"name", "broken"}, {"coreQuota", nullptr}}})}}}});
  }
  void SetPools(const json& pools) { arm_.Seed(std::string(kAccount) + "/pools", {{"value", pools}}); }
  framework::Diagnostics Run(const json& extra) {
    framework::Diagnostics d;
    absl::StatusOr<common::ArmAccess> arm = arm_.Resolver()(framework::Context());
    EXPECT_TRUE(arm.ok());
    CheckSizeAndQuota(*arm, PlanFrom(BaseConfig(extra)), &d);
    return d;
  }
  int Reads() const { return static_cast<int>(arm_.seen().size()); }
  t::MiniArm arm_;
};

json Fixed(int dedicated, int low = 0) {
  return {{"fixed_scale", {{"target_dedicated_nodes", dedicated}, {"target_low_priority_nodes", low}}}};
}

TEST_F(QuotaTest, OverTheDedicatedQuotaIsAnErrorWithTheNumbers) {
  SetPools(json::array({Pool("other", "Standard_D4s_v3", 10, 10), Pool("pool1", "Standard_D2s_v3", 0, 0)}));
  framework::Diagnostics d = Run(Fixed(1200));
  ASSERT_TRUE(d.HasError()) << d.ToString();
  ASSERT_EQ(d.size(), 1u) << d.ToString();
  EXPECT_EQ(d.items()[0].attribute->ToString(), "fixed_scale.target_dedicated_nodes");
  std::string text = d.ToString();
  EXPECT_THAT(text, HasSubstr("1200 dedicated nodes × 2 vCPUs (Standard_D2s_v3) = 2400 cores"));
  EXPECT_THAT(text, HasSubstr("the account's other pools use 40 cores"));
  EXPECT_THAT(text, HasSubstr("its dedicated core quota is 500 cores (2440 needed in all)"));
  EXPECT_THAT(text, HasSubstr("quota increase of at least 1940 cores"));
  EXPECT_THAT(text, HasSubstr("set target_dedicated_nodes to 230 or less"));
  // Account, VM sizes, pools: three reads, no writes.
  EXPECT_EQ(Reads(), 3);
  EXPECT_TRUE(arm_.Writes().empty());
}

TEST_F(QuotaTest, WithinTenPercentIsAWarningAndBelowIsQuiet) {
  framework::Diagnostics d = Run(Fixed(230));  // 460 of 500
  ASSERT_EQ(d.size(), 1u) << d.ToString();
  EXPECT_FALSE(d.HasError());
  EXPECT_THAT(d.ToString(), HasSubstr("Close to the dedicated core quota"));
  EXPECT_THAT(d.ToString(), HasSubstr("460 needed in all"));
  EXPECT_EQ(Run(Fixed(200)).size(), 0u);
}

TEST_F(QuotaTest, LowPriorityQuotaIsCheckedOnItsAttribute) {
  framework::Diagnostics d = Run(Fixed(0, 300));
  ASSERT_TRUE(d.HasError()) << d.ToString();
  EXPECT_EQ(d.items()[0].attribute->ToString(), "fixed_scale.target_low_priority_nodes");
  EXPECT_THAT(d.ToString(), HasSubstr("300 low-priority nodes × 2 vCPUs"));
  EXPECT_THAT(d.ToString(), HasSubstr("set target_low_priority_nodes to 250 or less"));
}

TEST_F(QuotaTest, FamilyQuotaOnlyWhenEnforced) {
  SeedAccount(1000, 1000, 100, false, 100);
  SetPools(json::array({Pool("other", "Standard_D4s_v3", 5, 5), Pool("v5", "Standard_D2_v5", 50, 50)}));
  EXPECT_FALSE(Run(Fixed(100)).HasError());
  SeedAccount(1000, 1000, 100, true, 100);
  framework::Diagnostics d = Run(Fixed(100));
  ASSERT_TRUE(d.HasError()) << d.ToString();
  EXPECT_THAT(d.ToString(), HasSubstr("the account's other standardDSv3Family pools use 20 cores"));
  EXPECT_THAT(d.ToString(),
              HasSubstr("its dedicated core quota for the VM family standardDSv3Family (enforced "
                        "per family) is 100 cores (220 needed in all)"));
  EXPECT_THAT(d.ToString(), HasSubstr("to 40 or less"));
}

TEST_F(QuotaTest, AutoScaleUsesTheFormulaBoundsOrSaysItCannot) {
  json bounded = {{"fixed_scale", nullptr},
                  {"auto_scale", {{"formula", "$cap = 1000; $TargetDedicatedNodes = min($cap, "
                                              "$PendingTasks.GetSample(1)); $TargetLowPriorityNodes = 0;"}}}};
  framework::Diagnostics d = Run(bounded);
  ASSERT_TRUE(d.HasError()) << d.ToString();
  EXPECT_EQ(d.items()[0].attribute->ToString(), "auto_scale.formula");
  EXPECT_THAT(d.ToString(), HasSubstr("1000 dedicated nodes × 2 vCPUs"));
  json open = {{"fixed_scale", nullptr},
               {"auto_scale", {{"formula", "$TargetDedicatedNodes = $PendingTasks.GetSample(1);"}}}};
  d = Run(open);
  EXPECT_FALSE(d.HasError()) << d.ToString();
  EXPECT_THAT(d.ToString(), HasSubstr("Autoscale bounds not readable: quota not checked"));
}

TEST_F(QuotaTest, PoolQuotaCountsOnlyNewPools) {
  SeedAccount(500, 500, 2, false);
  SetPools(json::array({Pool("a", "Standard_D2s_v3", 0, 0), Pool("b", "Standard_D2s_v3", 0, 0)}));
  framework::Diagnostics d = Run(Fixed(1));
  ASSERT_TRUE(d.HasError()) << d.ToString();
  EXPECT_EQ(d.items()[0].attribute->ToString(), "name");
  EXPECT_THAT(d.ToString(), HasSubstr("The account has 2 pools and a pool quota of 2"));
  SetPools(json::array({Pool("a", "Standard_D2s_v3", 0, 0), Pool("pool1", "Standard_D2s_v3", 0, 0)}));
  EXPECT_FALSE(Run(Fixed(1)).HasError());
}

TEST_F(QuotaTest, SizeNotOfferedListsTheClosestAndRetiringWarns) {
  framework::Diagnostics d = Run({{"vm_size", "Standard_D2s_v4"}});
  ASSERT_TRUE(d.HasError()) << d.ToString();
  EXPECT_EQ(d.items()[0].attribute->ToString(), "vm_size");
  EXPECT_THAT(d.ToString(), HasSubstr("not among the 4 VM sizes Batch offers in westeurope"));
  EXPECT_THAT(d.ToString(), HasSubstr("Closest offered sizes: Standard_D2s_v3, Standard_D2_v5"));
  EXPECT_EQ(Reads(), 2);  // no pool list without a size
  framework::Diagnostics retiring = Run({{"vm_size", "standard_nv12s_v3"}});
  EXPECT_FALSE(retiring.HasError()) << retiring.ToString();
  EXPECT_THAT(retiring.ToString(), HasSubstr("Batch ends support for Standard_NV12s_v3 on 2026-09-30"));
}

TEST_F(QuotaTest, MistypedFieldsAreTolerated) {
  arm_.Seed(kAccount, {{"location", "westeurope"},
                       {"properties", {{"dedicatedCoreQuota", "many"},
                                       {"lowPriorityCoreQuota", nullptr},
                                       {"poolQuota", json::array()},
                                       {"dedicatedCoreQuotaPerVMFamily", "x"}}}});
  arm_.Seed(kSkus, {{"value", json::array({{{"name", 7}},
                                           {{"name", "Standard_D2s_v3"}, {"capabilities", "x"}},
                                           nullptr})}});
  SetPools(json::array({nullptr, {{"properties", "x"}}}));
  framework::Diagnostics d = Run(Fixed(5000));
  EXPECT_FALSE(d.HasError()) << d.ToString();
}

TEST_F(QuotaTest, ApplyTimeRunKeepsOnlyErrors) {
  framework::Diagnostics d;
  absl::StatusOr<common::ArmAccess> arm = arm_.Resolver()(framework::Context());
  ASSERT_TRUE(arm.ok());
  json no_image = Fixed(230);
  no_image["image_reference"] = nullptr;
  EXPECT_TRUE(PreflightPassesAtApply(*arm, PlanFrom(BaseConfig(no_image)), &d));
  EXPECT_EQ(d.size(), 0u) << d.ToString();
  no_image["fixed_scale"]["target_dedicated_nodes"] = 1200;
  EXPECT_FALSE(PreflightPassesAtApply(*arm, PlanFrom(BaseConfig(no_image)), &d));
  EXPECT_TRUE(d.HasError());
}

TEST(FormulaBoundTest, ReadsLiteralsMinMaxConditionalsAndVariables) {
  EXPECT_EQ(FormulaBound("$TargetDedicatedNodes = 5;", "$TargetDedicatedNodes"), 5);
  EXPECT_EQ(FormulaBound("$TargetDedicatedNodes=min(40, $PendingTasks.GetSample(1))",
                         "$TargetDedicatedNodes"), 40);
  EXPECT_EQ(FormulaBound("$x = max(3, 7); $TargetDedicatedNodes = min($x, 100);",
                         "$TargetDedicatedNodes"), 7);
  EXPECT_EQ(FormulaBound("$TargetLowPriorityNodes = $t > 5 ? 20 : 10;", "$TargetLowPriorityNodes"),
            20);
  EXPECT_EQ(FormulaBound("$TargetDedicatedNodes = (12.9);", "$TargetDedicatedNodes"), 12);
  // Unbounded: service variables, arithmetic, max with an open argument, no assignment.
  EXPECT_EQ(FormulaBound("$TargetDedicatedNodes = $PendingTasks.GetSample(1);",
                         "$TargetDedicatedNodes"), std::nullopt);
  EXPECT_EQ(FormulaBound("$TargetDedicatedNodes = 2 * 10;", "$TargetDedicatedNodes"), std::nullopt);
  EXPECT_EQ(FormulaBound("$TargetDedicatedNodes = max(1, $ActiveTasks);", "$TargetDedicatedNodes"),
            std::nullopt);
  EXPECT_EQ(FormulaBound("$TargetDedicatedNodes = 4; $TargetDedicatedNodes = $x;",
                         "$TargetDedicatedNodes"), std::nullopt);
  EXPECT_EQ(FormulaBound("$TargetDedicatedNodes = 4;", "$TargetLowPriorityNodes"), std::nullopt);
  EXPECT_EQ(FormulaBound("$a = $a; $TargetDedicatedNodes = $a;", "$TargetDedicatedNodes"),
            std::nullopt);
}

TEST(VmSkusTest, ParsesCapabilitiesAndFindsClosest) {
  std::vector<VmSku> skus = ParseVmSkus(
      {{"value", json::array({Sku("Standard_NC24ads_A100_v4", "f", 24, 220, 1), Sku("Standard_D2s_v3", "g", 2, 8)})}});
  ASSERT_EQ(skus.size(), 2u);
  EXPECT_EQ(skus[0].gpus, 1);
  EXPECT_EQ(skus[0].vcpus, 24);
  EXPECT_EQ(skus[1].memory_gb, 8.0);
  EXPECT_EQ(FindVmSku(skus, "STANDARD_D2S_V3"), &skus[1]);
  EXPECT_THAT(ClosestVmSizes("Standard_D2_v3", skus, 1), ElementsAre("Standard_D2s_v3"));
}

}  // namespace
}  // namespace azbatch::resources::pool
