#include "resources/image_version_lookup/image_version_lookup_data_source.h"

#include "gtest/gtest.h"
#include "resources/common/test_arm.h"

namespace azbatch::resources::image_version_lookup {
namespace {

nlohmann::json Version(const std::string& name, bool excluded,
                       std::vector<std::pair<std::string, bool>> regions,
                       const std::string& state = "Succeeded") {
  nlohmann::json tr = nlohmann::json::array();
  for (auto& [n, ex] : regions) tr.push_back({{"name", n}, {"excludeFromLatest", ex}});
  return {{"name", name},
          {"id", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/"
                 "images/i/versions/" + name},
          {"location", "westeurope"},
          {"properties",
           {{"provisioningState", state},
            {"publishingProfile", {{"excludeFromLatest", excluded}, {"targetRegions", tr}}}}}};
}

TEST(PickLatest, HighestSemverNotExcluded) {
  std::vector<nlohmann::json> v = {
      Version("1.9.0", false, {{"West Europe", false}}),
      Version("1.10.0", false, {{"West Europe", false}}),   // 10 > 9 numerically
      Version("2.0.0", true, {{"West Europe", false}}),     // excluded
      Version("3.0.0", false, {{"West Europe", false}}, "Creating"),
  };
  auto best = PickLatest(v, "");
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ((*best)["name"], "1.10.0");
}

TEST(PickLatest, RegionFilterHonoursPerRegionExclusion) {
  std::vector<nlohmann::json> v = {
      Version("1.0.0", false, {{"West Europe", false}, {"North Europe", false}}),
      Version("1.1.0", false, {{"West Europe", false}, {"North Europe", true}}),
  };
  EXPECT_EQ((*PickLatest(v, "northeurope"))["name"], "1.0.0");
  EXPECT_EQ((*PickLatest(v, "West Europe"))["name"], "1.1.0");
  EXPECT_FALSE(PickLatest(v, "eastus").has_value());
}

}  // namespace
}  // namespace azbatch::resources::image_version_lookup
