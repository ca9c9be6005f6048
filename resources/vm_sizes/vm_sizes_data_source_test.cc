#include "resources/vm_sizes/vm_sizes_data_source.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/framework/context.h"
#include "resources/common/test_arm.h"
#include "resources/common/values.h"

namespace azbatch::resources::vm_sizes {
namespace {

using nlohmann::json;

constexpr char kSkus[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/providers/Microsoft.Batch/locations/"
    "westeurope/virtualMachineSkus";

TEST(VmSizesDataSourceTest, ListsTheRegionsSizesSortedWithCapabilities) {
  common::testing::MiniArm arm;
  arm.Seed(kSkus,
           {{"value",
             json::array(
                 {{{"name", "Standard_NC24ads_A100_v4"},
                   {"familyName", "StandardNCADSA100v4Family"},
                   {"capabilities", json::array({{{"name", "vCPUs"}, {"value", "24"}},
                                                 {{"name", "MemoryGB"}, {"value", "220"}},
                                                 {{"name", "GPUs"}, {"value", "1"}}})}},
                  {{"name", "Standard_D2s_v3"},
                   {"familyName", "standardDSv3Family"},
                   {"batchSupportEndOfLife", "2030-01-01T00:00:00Z"},
                   {"capabilities", json::array({{{"name", "vCPUs"}, {"value", "2"}},
                                                 {{"name", "MemoryGB"}, {"value", "8"}}})}},
                  {{"name", "Standard_Odd"}, {"capabilities", "mistyped"}}})}});
  VmSizesDataSource ds(arm.Resolver());
  framework::Schema schema = ds.GetSchema();
  cty::Value config = cty::Value::ObjectOf(schema.ImpliedType(),
                                {{"region", cty::Value::String("West Europe")},
                                 {"id", cty::Value::Null(cty::Type::String())},
                                 {"sizes", cty::Value::Null(schema.ImpliedType().AttributeType("sizes"))}});
  framework::DataSourceReadResponse resp;
  ds.Read(framework::Context(), {config}, &resp);
  ASSERT_FALSE(resp.diagnostics.HasError()) << resp.diagnostics.ToString();
  EXPECT_EQ(common::GetString(resp.state, "id"), "vm-sizes-westeurope");
  std::vector<cty::Value> sizes = common::GetList(resp.state, "sizes");
  ASSERT_EQ(sizes.size(), 3u);
  EXPECT_EQ(common::GetString(sizes[0], "name"), "Standard_D2s_v3");
  EXPECT_EQ(common::GetInt(sizes[0], "vcpus"), 2);
  EXPECT_EQ(common::GetInt(sizes[0], "memory_gb"), 8);
  EXPECT_EQ(common::GetInt(sizes[0], "gpus"), 0);
  EXPECT_EQ(common::GetString(sizes[0], "batch_support_end_of_life"), "2030-01-01T00:00:00Z");
  EXPECT_EQ(common::GetInt(sizes[1], "gpus"), 1);
  EXPECT_EQ(common::GetString(sizes[1], "family"), "StandardNCADSA100v4Family");
  EXPECT_FALSE(common::GetInt(sizes[2], "vcpus").has_value());
  EXPECT_FALSE(common::GetString(sizes[2], "batch_support_end_of_life").has_value());
}

}  // namespace
}  // namespace azbatch::resources::vm_sizes
