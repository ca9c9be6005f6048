#include "resources/common/location_check.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/framework/context.h"

namespace azbatch::resources::common {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<KnownLocation> Known() {
  return ParseLocations(nlohmann::json::parse(R"({"value": [
    {"id": "/subscriptions/s/locations/westeurope", "name": "westeurope", "displayName": "West Europe"},
    {"name": "northeurope", "displayName": "North Europe"},
    {"name": "westus", "displayName": "West US"},
    {"name": "westus2", "displayName": "West US 2"},
    {"name": "uaecentral", "displayName": "UAE Central"},
    {"displayName": "no name: skipped"}
  ]})"));
}

TEST(LocationCheckTest, ParsesNamesAndDisplayNames) {
  std::vector<KnownLocation> k = Known();
  ASSERT_EQ(k.size(), 5u);
  EXPECT_EQ(k[0].name, "westeurope");
  EXPECT_EQ(k[0].display_name, "West Europe");
  EXPECT_THAT(ParseLocations(nullptr), IsEmpty());
}

TEST(LocationCheckTest, NamesAndDisplayNamesAreAccepted) {
  EXPECT_FALSE(UnknownLocationDetail(Known(), "westeurope", "sub").has_value());
  EXPECT_FALSE(UnknownLocationDetail(Known(), "West Europe", "sub").has_value());
  EXPECT_FALSE(UnknownLocationDetail(Known(), "WESTUS2", "sub").has_value());
}

TEST(LocationCheckTest, TyposGetTheCloseNames) {
  EXPECT_THAT(CloseLocations(Known(), "westeurpoe"), ElementsAre("westeurope"));
  EXPECT_THAT(CloseLocations(Known(), "West Eurpoe"), ElementsAre("westeurope"));
  EXPECT_THAT(CloseLocations(Known(), "westus3"), ElementsAre("westus", "westus2"));
  std::optional<std::string> d = UnknownLocationDetail(Known(), "westeurpoe", "sub-1");
  ASSERT_TRUE(d.has_value());
  EXPECT_THAT(*d, HasSubstr("\"westeurpoe\" is not a region of subscription sub-1"));
  EXPECT_THAT(*d, HasSubstr("Did you mean \"westeurope\"?"));
}

TEST(LocationCheckTest, FarNamesGetNothingClose) {
  EXPECT_THAT(CloseLocations(Known(), "mars-central"), IsEmpty());
  std::optional<std::string> d = UnknownLocationDetail(Known(), "mars-central", "sub");
  ASSERT_TRUE(d.has_value());
  EXPECT_THAT(*d, HasSubstr("No region name is close to it"));
}

TEST(LocationCheckTest, ModifierDoesNothingWithoutAProviderContext) {
  framework::PlanModifierRequest req;
  req.plan_value = cty::Value::String("mars-central");
  req.state_value = cty::Value::Null(cty::Type::String());
  framework::PlanModifierResponse resp;
  resp.plan_value = req.plan_value;
  CheckRegionExists()->Modify(req, &resp);
  EXPECT_FALSE(resp.diagnostics.HasError());
  framework::Context unconfigured;  // no provider data: not configured for Azure
  req.ctx = &unconfigured;
  CheckRegionExists()->Modify(req, &resp);
  EXPECT_FALSE(resp.diagnostics.HasError());
}

}  // namespace
}  // namespace azbatch::resources::common
