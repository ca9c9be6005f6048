// Microsoft.Batch: accounts (202 + Location), pools (sync PUT/PATCH with ETag),
// resize simulation, image rules, quotas, stopResize/disableAutoScale, delete.
#include <map>

#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

const char kV[] = "?api-version=2025-06-01";

class BatchTest : public EmulatorTest {
 protected:
  void SetUp() override {
    EmulatorTest::SetUp();
    CreateResourceGroup("rg");
    std::string g = Rg("rg") + "/providers/Microsoft.Compute/galleries/gal";
    json def = {{"osType", "Linux"}, {"osState", "Generalized"},
                {"identifier", {{"publisher", "p"}, {"offer", "o"}, {"sku", "s"}}}};
    json special = def;
    special["osState"] = "Specialized";
    Seed(json::array(
        {{{"id", g}, {"location", "westus"}},
         {{"id", g + "/images/linux"}, {"location", "westus"}, {"properties", def}},
         {{"id", g + "/images/linux/versions/1.0.0"}, {"location", "westus"},
          {"properties", {{"publishingProfile", {{"targetRegions", json::array({{{"name", "westus"}, {"regionalReplicaCount", 1}}})}}}}}},
         {{"id", g + "/images/linux/versions/2.0.0"}, {"location", "westus"},
          {"properties", {{"publishingProfile", {{"targetRegions", json::array({{{"name", "eastus"}}})}}}}}},
         {{"id", g + "/images/special"}, {"location", "westus"}, {"properties", special}},
         {{"id", g + "/images/special/versions/1.0.0"}, {"location", "westus"}}}));
  }
  static std::string Image(const std::string& def = "linux", const std::string& v = "1.0.0") {
    return Rg("rg") + "/providers/Microsoft.Compute/galleries/gal/images/" + def + "/versions/" + v;
  }
  static std::string Account(const std::string& name = "acct1") {
    return Rg("rg") + "/providers/Microsoft.Batch/batchAccounts/" + name;
  }
  static std::string Pool(const std::string& name = "pool1") {
    return Account() + "/pools/" + name;
  }
  void MakeAccount() {
    Reply put = Call("PUT", Account() + kV, {{"location", "westus"}});
    ASSERT_EQ(put.status, 202) << put.body;
    Advance(31);
    ASSERT_EQ(Call("GET", Account() + kV).status, 200);
  }
  static json PoolBody(int dedicated, const std::string& image = Image(),
                       const std::string& agent = "batch.node.ubuntu 22.04",
                       const std::string& vm = "STANDARD_D2S_V3") {
    return {{"properties",
             {{"vmSize", vm},
              {"deploymentConfiguration",
               {{"virtualMachineConfiguration",
                 {{"imageReference", {{"id", image}}}, {"nodeAgentSkuId", agent}}}}},
              {"scaleSettings",
               {{"fixedScale",
                 {{"targetDedicatedNodes", dedicated},
                  {"resizeTimeout", "PT15M"},
                  {"nodeDeallocationOption", "TaskCompletion"}}}}}}}};
  }
};

TEST_F(BatchTest, AccountLifecycle) {
  Reply put = Call("PUT", Account() + kV, {{"location", "West US"}, {"tags", {{"env", "t"}}}});
  ASSERT_EQ(put.status, 202) << put.body;
  std::string location = put.Header("location");
  EXPECT_EQ(location.rfind(base_url() + std::string(kSub) +
                               "/providers/Microsoft.Batch/locations/westus/accountOperationResults/acct1-", 0),
            0u) << location;
  EXPECT_FALSE(put.Header("retry-after").empty());
  EXPECT_EQ(Call("GET", Account() + kV).status, 404);  // invisible until done
  EXPECT_EQ(Call("GET", location).status, 202);
  Advance(31);
  Reply done = Call("GET", location);
  ASSERT_EQ(done.status, 200);
  EXPECT_EQ(done.json["properties"]["accountEndpoint"], "acct1.westus.batch.azure.com");
  Reply get = Call("GET", Account() + kV);
  EXPECT_EQ(get.json["properties"]["provisioningState"], "Succeeded");
  EXPECT_EQ(get.json["properties"]["poolAllocationMode"], "BatchService");
  EXPECT_EQ(get.json["type"], "Microsoft.Batch/batchAccounts");
  Reply keys = Call("POST", Account() + "/listKeys" + kV);
  ASSERT_EQ(keys.status, 200);
  EXPECT_EQ(keys.json["accountName"], "acct1");
  EXPECT_NE(keys.json["primary"], keys.json["secondary"]);
  Reply patch = Call("PATCH", Account() + kV,
                     {{"tags", {{"env", "u"}}},
                      {"properties", {{"allowedAuthenticationModes", json::array({"AAD"})}}}});
  EXPECT_EQ(patch.status, 200);
  EXPECT_EQ(patch.json["tags"]["env"], "u");
  EXPECT_EQ(Call("POST", Account() + "/listKeys" + kV).status, 409);
  Reply immutable = Call("PATCH", Account() + kV,
                         {{"properties", {{"poolAllocationMode", "UserSubscription"}}}});
  // BatchAccountUpdateProperties does not declare poolAllocationMode: Batch's
  // deserializer refuses the member before any update rule runs.
  EXPECT_EQ(immutable.ErrorCode(), "InvalidRequestBody");
  EXPECT_EQ(immutable.json["error"]["details"][1]["message"], "properties.poolAllocationMode");
  Reply bad = Call("PUT", Account("Bad_Name") + kV, {{"location", "westus"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorCode(), "AccountNameInvalid");
  Reply del = Call("DELETE", Account() + kV);
  ASSERT_EQ(del.status, 202);
  EXPECT_NE(del.Header("location").find("accountOperationResults"), std::string::npos);
  EXPECT_EQ(Call("GET", Account() + kV).json["properties"]["provisioningState"], "Deleting");
  Advance(31);
  EXPECT_EQ(Call("GET", del.Header("location")).status, 200);
  EXPECT_EQ(Call("GET", Account() + kV).status, 404);
}

TEST_F(BatchTest, PoolCreateResizesOverTimeWithETag) {
  MakeAccount();
  Reply put = Call("PUT", Pool() + kV, PoolBody(2));
  ASSERT_EQ(put.status, 200) << put.body;
  std::string etag = put.Header("etag");
  EXPECT_EQ(etag.rfind("W/\"0x8D", 0), 0u);
  EXPECT_EQ(put.json["etag"], etag);
  const json& p = put.json["properties"];
  EXPECT_EQ(p["provisioningState"], "Succeeded");
  EXPECT_EQ(p["allocationState"], "Resizing");
  EXPECT_EQ(p["currentDedicatedNodes"], 0);
  EXPECT_EQ(p["interNodeCommunication"], "Disabled");
  EXPECT_FALSE(p["scaleSettings"]["fixedScale"].contains("nodeDeallocationOption"));
  Advance(60);
  EXPECT_EQ(Call("GET", Pool() + kV).json["properties"]["allocationState"], "Resizing");
  Advance(70);
  Reply steady = Call("GET", Pool() + kV);
  EXPECT_EQ(steady.json["properties"]["allocationState"], "Steady");
  EXPECT_EQ(steady.json["properties"]["currentDedicatedNodes"], 2);
  EXPECT_EQ(steady.Header("etag"), etag);
  // Only the resize status reports the deallocation option; scaleSettings never do.
  EXPECT_FALSE(steady.json["properties"]["scaleSettings"]["fixedScale"].contains(
      "nodeDeallocationOption"));
  EXPECT_EQ(steady.json["properties"]["resizeOperationStatus"]["nodeDeallocationOption"],
            "TaskCompletion");
  EXPECT_EQ(Call("GET", Account() + "/pools" + kV).json["value"].size(), 1u);
}

TEST_F(BatchTest, PoolPreconditions) {
  MakeAccount();
  Reply put = Call("PUT", Pool() + kV, PoolBody(0));
  ASSERT_EQ(put.status, 200);
  std::string etag = put.Header("etag");
  Reply none = Call("PUT", Pool() + kV, PoolBody(0), {{"If-None-Match", "*"}});
  EXPECT_EQ(none.status, 412);
  Reply stale = Call("PATCH", Pool() + kV, {{"properties", {{"metadata", json::array({{{"name", "a"}, {"value", "b"}}})}}}},
                     {{"If-Match", "W/\"0x8D0000000000000\""}});
  EXPECT_EQ(stale.status, 412);
  Reply fresh = Call("PATCH", Pool() + kV, {{"properties", {{"metadata", json::array({{{"name", "a"}, {"value", "b"}}})}}}},
                     {{"If-Match", etag}});
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_NE(fresh.Header("etag"), etag);
  EXPECT_EQ(fresh.json["properties"]["metadata"][0]["value"], "b");
  EXPECT_EQ(Call("PUT", Pool("p2") + kV, PoolBody(0), {{"If-Match", "*"}}).status, 412);
}

TEST_F(BatchTest, ZeroNodeOnlyPropertiesAndScaleChanges) {
  MakeAccount();
  ASSERT_EQ(Call("PUT", Pool() + kV, PoolBody(1)).status, 200);
  Advance(200);
  Reply vm = Call("PATCH", Pool() + kV, {{"properties", {{"vmSize", "STANDARD_D4S_V3"}}}});
  EXPECT_EQ(vm.status, 409);
  EXPECT_EQ(vm.ErrorCode(), "OperationNotAllowed");
  EXPECT_EQ(vm.json["error"]["target"], "properties.vmSize");
  Reply meta = Call("PATCH", Pool() + kV, {{"properties", {{"startTask", {{"commandLine", "echo"}}}}}});
  EXPECT_EQ(meta.status, 200);
  Reply shrink = Call("PATCH", Pool() + kV,
                      {{"properties", {{"scaleSettings", {{"fixedScale", {{"targetDedicatedNodes", 0}}}}}}}});
  EXPECT_EQ(shrink.json["properties"]["allocationState"], "Resizing");
  Advance(40);
  EXPECT_EQ(Call("GET", Pool() + kV).json["properties"]["currentDedicatedNodes"], 0);
  Reply now_ok = Call("PATCH", Pool() + kV, {{"properties", {{"vmSize", "STANDARD_D4S_V3"}}}});
  EXPECT_EQ(now_ok.status, 200) << now_ok.body;
  Reply timeout = Call("PATCH", Pool() + kV,
                       {{"properties", {{"scaleSettings", {{"fixedScale", {{"resizeTimeout", "PT1M"}}}}}}}});
  EXPECT_EQ(timeout.status, 400);
  EXPECT_EQ(timeout.ErrorCode(), "InvalidPropertyValue");
}

TEST_F(BatchTest, StopResizeAndDisableAutoScale) {
  MakeAccount();
  ASSERT_EQ(Call("PUT", Pool() + kV, PoolBody(100)).status, 200);
  Advance(130);  // 10 s of allocation at 5 nodes/s
  Reply stop = Call("POST", Pool() + "/stopResize" + kV);
  ASSERT_EQ(stop.status, 200);
  EXPECT_FALSE(stop.Header("etag").empty());
  EXPECT_EQ(stop.json["properties"]["allocationState"], "Stopping");
  Advance(11);
  Reply after = Call("GET", Pool() + kV);
  EXPECT_EQ(after.json["properties"]["allocationState"], "Steady");
  int nodes = after.json["properties"]["currentDedicatedNodes"];
  EXPECT_GT(nodes, 0);
  EXPECT_LT(nodes, 100);

  json auto_body = PoolBody(0);
  auto_body["properties"]["scaleSettings"] = {
      {"autoScale", {{"formula", "$TargetDedicatedNodes = 3;"}}}};
  Reply autos = Call("PUT", Pool("auto") + kV, auto_body);
  ASSERT_EQ(autos.status, 200) << autos.body;
  EXPECT_NE(autos.json["properties"]["autoScaleRun"]["results"].get<std::string>().find(
                "$TargetDedicatedNodes=3"), std::string::npos);
  EXPECT_EQ(autos.json["properties"]["scaleSettings"]["autoScale"]["evaluationInterval"], "PT15M");
  Advance(200);
  Reply disabled = Call("POST", Pool("auto") + "/disableAutoScale" + kV);
  ASSERT_EQ(disabled.status, 200);
  EXPECT_EQ(disabled.json["properties"]["scaleSettings"]["fixedScale"]["targetDedicatedNodes"], 3);
  EXPECT_FALSE(disabled.json["properties"].contains("autoScaleRun"));
}

TEST_F(BatchTest, ImageRules) {
  MakeAccount();
  auto code_and_target = [&](const json& body) {
    Reply r = Call("PUT", Pool() + kV, body);
    EXPECT_EQ(r.status, 400) << r.body;
    return r.ErrorCode() + "|" + r.json["error"].value("target", "");
  };
  const std::string vmc = "properties.deploymentConfiguration.virtualMachineConfiguration";
  EXPECT_EQ(code_and_target(PoolBody(1, Image("special"))),
            "InvalidPropertyValue|" + vmc + ".imageReference.id");
  EXPECT_EQ(code_and_target(PoolBody(1, Image("linux", "2.0.0"))),
            "InvalidPropertyValue|" + vmc + ".imageReference.id");
  EXPECT_EQ(code_and_target(PoolBody(1, Image("linux", "9.9.9"))),
            "InvalidPropertyValue|" + vmc + ".imageReference.id");
  EXPECT_EQ(code_and_target(PoolBody(1, Image(), "batch.node.windows amd64")),
            "InvalidPropertyValue|" + vmc + ".nodeAgentSkuId");
  // A definition id means its latest version.
  Reply latest = Call("PUT", Pool() + kV,
                      PoolBody(0, Rg("rg") + "/providers/Microsoft.Compute/galleries/gal/images/linux"));
  EXPECT_EQ(latest.status, 400);  // latest (2.0.0) is not replicated to westus
  Reply orphan = Call("PUT", Account("nope") + "/pools/p" + kV, PoolBody(0));
  EXPECT_EQ(orphan.ErrorCode(), "ParentResourceNotFound");
}

TEST_F(BatchTest, BigPoolWithFewReplicasTimesOutAndQuotaCapsNodes) {
  Configure({{"quotas", {{"dedicated_cores", 100000}}}});
  MakeAccount();
  ASSERT_EQ(Call("PUT", Pool("big") + kV, PoolBody(3000)).status, 200);
  Advance(901);
  Reply big = Call("GET", Pool("big") + kV);
  EXPECT_EQ(big.json["properties"]["allocationState"], "Steady");
  int nodes = big.json["properties"]["currentDedicatedNodes"];
  EXPECT_GT(nodes, 0);
  EXPECT_LT(nodes, 3000);
  EXPECT_EQ(big.json["properties"]["resizeOperationStatus"]["errors"][0]["code"], "AllocationTimedout");
  ASSERT_EQ(Call("DELETE", Pool("big") + kV).status, 202);
  Advance(61);

  Configure({{"quotas", {{"dedicated_cores", 40}}}});
  Reply acct = Call("PUT", Account("acct2") + kV, {{"location", "westus"}});
  ASSERT_EQ(acct.status, 202);
  Advance(31);
  std::string pool = Account("acct2") + "/pools/capped";
  ASSERT_EQ(Call("PUT", pool + kV, PoolBody(30, Image(), "batch.node.ubuntu 22.04", "STANDARD_D4_V3")).status, 200);
  Advance(300);
  Reply capped = Call("GET", pool + kV);
  EXPECT_EQ(capped.json["properties"]["currentDedicatedNodes"], 10);  // 40 cores / 4
  EXPECT_EQ(capped.json["properties"]["resizeOperationStatus"]["errors"][0]["code"],
            "AccountCoreQuotaReached");
}

TEST_F(BatchTest, SeededAccountsGetDefaultQuotasAndAllocate) {
  // A seed without quota properties gets Batch's defaults, and its pools grow.
  Seed(json::array({{{"id", Account("seeded")}, {"location", "westus"},
                     {"properties", {{"poolAllocationMode", "BatchService"}}}}}));
  Reply acct = Call("GET", Account("seeded") + kV);
  ASSERT_EQ(acct.status, 200) << acct.body;
  const json& props = acct.json["properties"];
  EXPECT_EQ(props["dedicatedCoreQuota"], 500);
  EXPECT_EQ(props["lowPriorityCoreQuota"], 500);
  EXPECT_EQ(props["poolQuota"], 100);
  EXPECT_EQ(props["dedicatedCoreQuotaPerVMFamilyEnforced"], true);
  bool listed = false;
  for (const json& f : props["dedicatedCoreQuotaPerVMFamily"]) {
    listed = listed || (f["name"] == "standardDSv3Family" && f["coreQuota"] == 500);
  }
  EXPECT_TRUE(listed) << props.dump();
  std::string pool = Account("seeded") + "/pools/p";
  ASSERT_EQ(Call("PUT", pool + kV, PoolBody(4)).status, 200);
  Advance(600);
  Reply got = Call("GET", pool + kV);
  EXPECT_EQ(got.json["properties"]["currentDedicatedNodes"], 4) << got.body;
  EXPECT_FALSE(got.json["properties"]["resizeOperationStatus"].contains("errors")) << got.body;
  // A created account carries the same defaults.
  MakeAccount();
  EXPECT_EQ(Call("GET", Account() + kV).json["properties"]["dedicatedCoreQuotaPerVMFamily"],
            props["dedicatedCoreQuotaPerVMFamily"]);
}

TEST_F(BatchTest, LowPriorityQuotaShortfallHasItsOwnCode) {
  Seed(json::array({{{"id", Account("spot")}, {"location", "westus"},
                     {"properties", {{"dedicatedCoreQuota", 1000}, {"lowPriorityCoreQuota", 8}}}}}));
  json body = PoolBody(2);
  body["properties"]["scaleSettings"]["fixedScale"]["targetLowPriorityNodes"] = 10;
  ASSERT_EQ(Call("PUT", Account("spot") + "/pools/p" + kV, body).status, 200);
  Advance(600);
  Reply pool = Call("GET", Account("spot") + "/pools/p" + kV);
  EXPECT_EQ(pool.json["properties"]["currentDedicatedNodes"], 2);
  EXPECT_EQ(pool.json["properties"]["currentLowPriorityNodes"], 4);  // 8 cores / 2
  EXPECT_EQ(pool.json["properties"]["resizeOperationStatus"]["errors"][0]["code"],
            "AccountLowPriorityCoreQuotaReached");
}

TEST_F(BatchTest, PerFamilyQuotaIsEnforcedOnlyWhenTheAccountSaysSo) {
  json family = json::array({{{"name", "standardDSv3Family"}, {"coreQuota", 20}}});
  auto seed = [&](const std::string& name, bool enforced) {
    Seed(json::array({{{"id", Account(name)}, {"location", "westus"},
                       {"properties", {{"dedicatedCoreQuota", 1000},
                                       {"dedicatedCoreQuotaPerVMFamily", family},
                                       {"dedicatedCoreQuotaPerVMFamilyEnforced", enforced}}}}}));
  };
  seed("enforced", true);
  seed("loose", false);
  for (const char* name : {"enforced", "loose"}) {
    ASSERT_EQ(Call("PUT", Account(name) + "/pools/p" + kV, PoolBody(30)).status, 200);
    // A family the account does not list has no cores when enforced.
    ASSERT_EQ(Call("PUT", Account(name) + "/pools/f" + kV,
                   PoolBody(2, Image(), "batch.node.ubuntu 22.04", "Standard_F2s_v2")).status, 200);
  }
  Advance(600);
  Reply capped = Call("GET", Account("enforced") + "/pools/p" + kV);
  EXPECT_EQ(capped.json["properties"]["currentDedicatedNodes"], 10);  // 20 cores / 2
  // Batch names the family that ran out, not the account's total.
  const json& error = capped.json["properties"]["resizeOperationStatus"]["errors"][0];
  EXPECT_EQ(error["code"], "AccountVMSeriesCoreQuotaReached");
  EXPECT_EQ(error["message"],
            "The specified account has reached VM series core quota for standardDSv3Family");
  EXPECT_EQ(Call("GET", Account("enforced") + "/pools/f" + kV)
                .json["properties"]["currentDedicatedNodes"], 0);
  EXPECT_EQ(Call("GET", Account("loose") + "/pools/p" + kV)
                .json["properties"]["currentDedicatedNodes"], 30);
  EXPECT_EQ(Call("GET", Account("loose") + "/pools/f" + kV)
                .json["properties"]["currentDedicatedNodes"], 2);
}

TEST_F(BatchTest, VirtualMachineSkusAsTheSpecDescribesThem) {
  std::string loc = std::string(kSub) + "/providers/Microsoft.Batch/locations/";
  Reply all = Call("GET", loc + "westeurope/virtualMachineSkus" + kV);
  ASSERT_EQ(all.status, 200) << all.body;
  std::map<std::string, json> by_name;
  for (const json& sku : all.json["value"]) by_name[sku["name"]] = sku;
  ASSERT_TRUE(by_name.count("Standard_D2s_v3"));
  const json& d2 = by_name["Standard_D2s_v3"];
  EXPECT_EQ(d2["familyName"], "standardDSv3Family");
  std::map<std::string, std::string> caps;
  for (const json& c : d2["capabilities"]) caps[c["name"]] = c["value"];
  EXPECT_EQ(caps["vCPUs"], "2");
  EXPECT_EQ(caps["MemoryGB"], "8");
  EXPECT_FALSE(caps.count("GPUs"));
  ASSERT_TRUE(by_name.count("Standard_NC24ads_A100_v4"));
  bool gpu = false;
  for (const json& c : by_name["Standard_NC24ads_A100_v4"]["capabilities"]) {
    gpu = gpu || (c["name"] == "GPUs" && c["value"] == "1");
  }
  EXPECT_TRUE(gpu);
  EXPECT_EQ(by_name["Standard_NV12s_v3"]["batchSupportEndOfLife"], "2026-09-30T00:00:00Z");
  EXPECT_FALSE(d2.contains("batchSupportEndOfLife"));
  // GPU sizes are not offered everywhere.
  Reply west = Call("GET", loc + "westus/virtualMachineSkus" + kV);
  for (const json& sku : west.json["value"]) EXPECT_NE(sku["name"], "Standard_NC24ads_A100_v4");
  EXPECT_LT(west.json["value"].size(), all.json["value"].size());
  // $filter on familyName, and maxresults pages through nextLink.
  Reply fam = Call("GET", loc + "westeurope/virtualMachineSkus" + kV +
                              "&$filter=familyName%20eq%20%27standardEv5Family%27");
  ASSERT_EQ(fam.status, 200) << fam.body;
  EXPECT_EQ(fam.json["value"].size(), 7u);
  EXPECT_EQ(Call("GET", loc + "westeurope/virtualMachineSkus" + kV + "&$filter=vCPUs%20gt%202")
                .status, 400);
  Reply page = Call("GET", loc + "westeurope/virtualMachineSkus" + kV + "&maxresults=5");
  ASSERT_EQ(page.json["value"].size(), 5u);
  size_t seen = 5;
  std::string next = page.json.value("nextLink", "");
  while (!next.empty()) {
    Reply more = Call("GET", next.substr(base_url().size()));
    ASSERT_EQ(more.status, 200) << more.body;
    seen += more.json["value"].size();
    next = more.json.value("nextLink", "");
  }
  EXPECT_EQ(seen, all.json["value"].size());
}

TEST_F(BatchTest, CheckNameAvailabilityIsGlobalAcrossSubscriptions) {
  MakeAccount();  // acct1 in westus, subscription ...bb
  const std::string other = "/subscriptions/00000000-0000-0000-0000-0000000000cc";
  json body = {{"name", "acct1"}, {"type", "Microsoft.Batch/batchAccounts"}};
  Reply taken = Call("POST", other + "/providers/Microsoft.Batch/locations/westus/"
                                     "checkNameAvailability" + kV, body);
  ASSERT_EQ(taken.status, 200) << taken.body;
  EXPECT_EQ(taken.json["nameAvailable"], false);
  EXPECT_EQ(taken.json["reason"], "AlreadyExists");
  EXPECT_EQ(Call("POST", std::string(kSub) + "/providers/Microsoft.Batch/locations/westus/"
                                             "checkNameAvailability" + kV,
                 {{"name", "acct1"}})
                .status, 400);  // type is required
  EXPECT_EQ(Call("GET", std::string(kSub) + "/providers/Microsoft.Batch/locations/westus/"
                                            "checkNameAvailability" + kV)
                .status, 405);
}

TEST_F(BatchTest, PoolDeleteAndQuota) {
  Configure({{"quotas", {{"pools", 1}}}});
  MakeAccount();
  ASSERT_EQ(Call("PUT", Pool() + kV, PoolBody(0)).status, 200);
  Reply second = Call("PUT", Pool("p2") + kV, PoolBody(0));
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(second.ErrorCode(), "PoolQuotaReached");
  Reply del = Call("DELETE", Pool() + kV);
  ASSERT_EQ(del.status, 202);
  std::string location = del.Header("location");
  EXPECT_NE(location.find("/poolOperationResults/delete-pool1-"), std::string::npos) << location;
  EXPECT_FALSE(del.Header("retry-after").empty());
  EXPECT_EQ(Call("GET", Pool() + kV).json["properties"]["provisioningState"], "Deleting");
  EXPECT_EQ(Call("GET", location).status, 202);
  EXPECT_EQ(Call("PATCH", Pool() + kV, {{"properties", json::object()}}).ErrorCode(),
            "PoolBeingDeleted");
  Advance(61);
  EXPECT_EQ(Call("GET", location).status, 200);
  EXPECT_EQ(Call("GET", Pool() + kV).status, 404);
  EXPECT_EQ(Call("DELETE", Pool() + kV).status, 204);
}

TEST_F(BatchTest, SystemAssignedIdentityGetsAPrincipalKeptAcrossUpdates) {
  Reply put = Call("PUT", Account() + kV, {{"location", "westus"}, {"identity", {{"type", "SystemAssigned"}}}});
  ASSERT_EQ(put.status, 202) << put.body;
  Advance(31);
  json identity = Call("GET", Account() + kV).json["identity"];
  std::string principal = identity.value("principalId", "");
  EXPECT_EQ(principal.size(), 36u);
  EXPECT_EQ(identity["tenantId"], kDefaultTenant);
  Reply tags = Call("PATCH", Account() + kV, {{"identity", {{"type", "SystemAssigned"}}}, {"tags", {{"a", "b"}}}});
  ASSERT_EQ(tags.status, 200) << tags.body;
  EXPECT_EQ(tags.json["identity"]["principalId"], principal);
  Reply none = Call("PATCH", Account() + kV, {{"identity", {{"type", "None"}}}});
  EXPECT_FALSE(none.json["identity"].contains("principalId"));
}

TEST_F(BatchTest, LocationEndpointsKeysAndPatchRemovals) {
  MakeAccount();
  std::string loc = std::string(kSub) + "/providers/Microsoft.Batch/locations/westus";
  Reply taken = Call("POST", loc + "/checkNameAvailability" + kV,
                     {{"name", "acct1"}, {"type", "Microsoft.Batch/batchAccounts"}});
  ASSERT_EQ(taken.status, 200);
  EXPECT_EQ(taken.json["nameAvailable"], false);
  EXPECT_EQ(taken.json["reason"], "AlreadyExists");
  Reply invalid = Call("POST", loc + "/checkNameAvailability" + kV,
                       {{"name", "Has_Upper"}, {"type", "Microsoft.Batch/batchAccounts"}});
  EXPECT_EQ(invalid.json["reason"], "Invalid");
  EXPECT_EQ(Call("POST", loc + "/checkNameAvailability" + kV,
                 {{"name", "freename"}, {"type", "Microsoft.Batch/batchAccounts"}})
                .json["nameAvailable"], true);
  EXPECT_TRUE(Call("GET", loc + "/quotas" + kV).json["accountQuota"].is_number());
  Reply keys = Call("POST", Account() + "/listKeys" + kV);
  Reply regen = Call("POST", Account() + "/regenerateKeys" + kV, {{"keyName", "Primary"}});
  ASSERT_EQ(regen.status, 200);
  EXPECT_NE(regen.json["primary"], keys.json["primary"]);
  EXPECT_EQ(regen.json["secondary"], keys.json["secondary"]);
  EXPECT_EQ(Call("POST", Account() + "/regenerateKeys" + kV, {{"keyName", "Tertiary"}}).status, 400);
  EXPECT_EQ(Call("GET", std::string(kSub) + "/providers/Microsoft.Batch/batchAccounts" + kV)
                .json["value"].size(), 1u);

  json body = PoolBody(0);
  body["properties"]["startTask"] = {{"commandLine", "echo hi"}};
  body["properties"]["metadata"] = json::array({{{"name", "k"}, {"value", "v"}}});
  ASSERT_EQ(Call("PUT", Pool() + kV, body).status, 200);
  Reply cleared = Call("PATCH", Pool() + kV,
                       {{"properties", {{"startTask", json::object()}, {"metadata", json::array()}}}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_FALSE(cleared.json["properties"].contains("startTask"));
  EXPECT_FALSE(cleared.json["properties"].contains("metadata"));
}

TEST_F(BatchTest, SecretsAreNeverReturnedOrLoggedAndPutReplaces) {
  MakeAccount();
  json body = PoolBody(0);
  body["properties"]["userAccounts"] = json::array({{{"name", "u"}, {"password", "Hunter2!"}}});
  body["properties"]["taskSlotsPerNode"] = 4;
  Reply put = Call("PUT", Pool() + kV, body);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.body.find("Hunter2!"), std::string::npos);
  EXPECT_EQ(put.json["properties"]["userAccounts"][0]["name"], "u");
  Reply log = Call("GET", "/_emulator/requests", nullptr, {}, false);
  EXPECT_EQ(log.body.find("Hunter2!"), std::string::npos);
  EXPECT_NE(log.body.find("***"), std::string::npos);
  // A PUT on an existing pool is a full replace: omitted properties go back to defaults.
  Reply again = Call("PUT", Pool() + kV, PoolBody(0));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json["properties"]["taskSlotsPerNode"], 1);
  EXPECT_FALSE(again.json["properties"].contains("userAccounts"));
  EXPECT_EQ(again.json["properties"]["creationTime"], put.json["properties"]["creationTime"]);
}

}  // namespace
}  // namespace azbatch::emulator::testing
