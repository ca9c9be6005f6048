// Regions: the subscription's locations, where each type is offered, and
// ARM's refusals of unknown or unsupported regions.
#include "emulator/regions.h"

#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

const char kGalleries[] = "/providers/Microsoft.Compute/galleries/";
const char kAccounts[] = "/providers/Microsoft.Batch/batchAccounts/";

TEST(RegionTable, NamesDisplayNamesAndPairs) {
  const Region* we = FindRegion("West Europe");
  ASSERT_NE(we, nullptr);
  EXPECT_STREQ(we->name, "westeurope");
  EXPECT_STREQ(we->paired, "northeurope");
  EXPECT_EQ(FindRegion("westeurope"), we);
  EXPECT_EQ(FindRegion("mars-central"), nullptr);
  EXPECT_EQ(FindRegion(""), nullptr);
  for (const Region& r : AllRegions()) {
    if (*r.paired == '\0') continue;
    const Region* pair = FindRegion(r.paired);
    ASSERT_NE(pair, nullptr) << r.name << " pairs with unknown " << r.paired;
  }
  EXPECT_GE(AllRegions().size(), 50u);
}

TEST_F(EmulatorTest, SubscriptionLocationsListsRegionsWithPairs) {
  Reply r = Call("GET", std::string(kSub) + "/locations?api-version=2022-12-01");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(r.json["value"].is_array());
  bool found = false;
  for (const json& loc : r.json["value"]) {
    EXPECT_EQ(loc["type"], "Region");
    if (loc["name"] != "westeurope") continue;
    found = true;
    EXPECT_EQ(loc["id"], std::string(kSub) + "/locations/westeurope");
    EXPECT_EQ(loc["displayName"], "West Europe");
    EXPECT_EQ(loc["regionalDisplayName"], "(Europe) West Europe");
    EXPECT_EQ(loc["metadata"]["pairedRegion"][0]["name"], "northeurope");
  }
  EXPECT_TRUE(found);
  Reply bad = Call("GET", std::string(kSub) + "/locations?api-version=2025-04-01");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorCode(), "InvalidApiVersionParameter");
}

TEST_F(EmulatorTest, ProvidersListWhereEachTypeIsOffered) {
  Reply r = Call("GET", std::string(kSub) + "/providers/Microsoft.Batch?api-version=2021-04-01");
  ASSERT_EQ(r.status, 200) << r.body;
  bool checked = false;
  for (const json& t : r.json["resourceTypes"]) {
    if (t["resourceType"] != "batchAccounts") continue;
    checked = true;
    std::vector<std::string> locs = t["locations"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(locs.begin(), locs.end(), "West Europe"), locs.end());
    EXPECT_NE(std::find(locs.begin(), locs.end(), "Japan West"), locs.end());
    EXPECT_EQ(std::find(locs.begin(), locs.end(), "France South"), locs.end());  // restricted
  }
  EXPECT_TRUE(checked);
}

TEST_F(EmulatorTest, UnknownRegionsAreRefusedAsArmDoes) {
  Reply rg = Call("PUT", Rg("mars") + "?api-version=2025-04-01", {{"location", "mars-central"}});
  EXPECT_EQ(rg.status, 400);
  EXPECT_EQ(rg.ErrorCode(), "LocationNotAvailableForResourceGroup");
  EXPECT_NE(rg.json["error"]["message"].get<std::string>().find("'mars-central'"),
            std::string::npos);
  CreateResourceGroup("earth", "West Europe");  // display names are accepted
  Reply gallery = Call("PUT", Rg("earth") + kGalleries + "g1?api-version=2024-03-03",
                       {{"location", "westeurpoe"}});
  EXPECT_EQ(gallery.status, 400);
  EXPECT_EQ(gallery.ErrorCode(), "LocationNotAvailableForResourceType");
  EXPECT_NE(gallery.json["error"]["message"].get<std::string>().find(
                "resource type 'Microsoft.Compute/galleries'"),
            std::string::npos);
  Reply account = Call("PUT", Rg("earth") + kAccounts + "acct1?api-version=2024-07-01",
                       {{"location", "francesouth"}});
  EXPECT_EQ(account.status, 400);
  EXPECT_EQ(account.ErrorCode(), "LocationNotAvailableForResourceType");
  Reply ok = Call("PUT", Rg("earth") + kGalleries + "g2?api-version=2024-03-03",
                  {{"location", "North Europe"}});
  EXPECT_TRUE(ok.status == 200 || ok.status == 201) << ok.body;
}

}  // namespace
}  // namespace azbatch::emulator::testing
