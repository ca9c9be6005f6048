// ARM core: routing and canonical ids, api-version checks, error shape,
// request-id headers, resource groups and provider registration.
#include "emulator/handlers.h"
#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

const char kGalleryV[] = "?api-version=2025-03-03";
const char kRgV[] = "?api-version=2025-04-01";

TEST_F(EmulatorTest, RoutingIsCaseInsensitiveAndIdsAreCanonical) {
  CreateResourceGroup("MyRG");
  Reply put = Call("PUT",
                   std::string("/SUBSCRIPTIONS/00000000-0000-0000-0000-0000000000bb/RESOURCEGROUPS/"
                               "myrg/PROVIDERS/microsoft.compute/GALLERIES/Gal1") + kGalleryV,
                   {{"location", "westus"}});
  ASSERT_EQ(put.status, 201) << put.body;
  std::string expected = Rg("MyRG") + "/providers/Microsoft.Compute/galleries/Gal1";
  EXPECT_EQ(put.json["id"], expected);
  EXPECT_EQ(put.json["type"], "Microsoft.Compute/galleries");
  Reply get = Call("GET", Rg("myrg") + "/providers/Microsoft.Compute/galleries/gal1" + kGalleryV);
  ASSERT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(get.json["id"], expected);
  EXPECT_EQ(get.json["name"], "Gal1");
  Reply rg = Call("GET", Rg("MYRG") + kRgV);
  EXPECT_EQ(rg.json["id"], Rg("MyRG"));
}

TEST_F(EmulatorTest, ApiVersionChecks) {
  CreateResourceGroup("rg");
  Reply missing = Call("GET", Rg("rg"));
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.ErrorCode(), "MissingApiVersionParameter");
  EXPECT_TRUE(missing.json["error"]["message"].is_string());
  Reply bad_rg = Call("GET", Rg("rg") + "?api-version=2001-01-01");
  EXPECT_EQ(bad_rg.status, 400);
  EXPECT_EQ(bad_rg.ErrorCode(), "InvalidApiVersionParameter");
  std::string gallery = Rg("rg") + "/providers/Microsoft.Compute/galleries/g";
  Reply unsupported = Call("GET", gallery + "?api-version=2019-01-01");
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(unsupported.ErrorCode(), "NoRegisteredProviderFound");
  Reply malformed = Call("GET", gallery + "?api-version=latest");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.ErrorCode(), "InvalidApiVersionParameter");
  // Older gallery api-versions are accepted.
  EXPECT_EQ(Call("GET", gallery + "?api-version=2023-07-03").ErrorCode(), "ResourceNotFound");
  // The current SDKs' defaults, newer than the specs here, are served too.
  EXPECT_EQ(Call("GET", gallery + "?api-version=2026-03-03").ErrorCode(), "ResourceNotFound");
  std::string compute = Rg("rg") + "/providers/Microsoft.Compute/";
  EXPECT_EQ(Call("GET", compute + "images/i?api-version=2026-04-01").ErrorCode(),
            "ResourceNotFound");
  EXPECT_EQ(Call("GET", compute + "snapshots/s?api-version=2026-03-02").ErrorCode(),
            "ResourceNotFound");
  Reply provider = Call("GET", std::string(kSub) + "/providers/Microsoft.Compute" + kRgV);
  ASSERT_EQ(provider.status, 200);
  for (const auto& t : provider.json["resourceTypes"]) {
    if (t["resourceType"] != "galleries") continue;
    EXPECT_EQ(t["apiVersions"][0], "2026-03-03");  // newest first
    EXPECT_EQ(t["apiVersions"].back(), "2018-06-01");
  }
}

TEST_F(EmulatorTest, RequestAndCorrelationIds) {
  Reply r = Call("GET", Rg("nothere") + kRgV, nullptr, {{"x-ms-correlation-request-id", "corr-1"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.ErrorCode(), "ResourceGroupNotFound");
  EXPECT_EQ(r.Header("x-ms-correlation-request-id"), "corr-1");
  EXPECT_EQ(r.Header("x-ms-request-id").size(), 36u);
  Reply other = Call("GET", Rg("nothere") + kRgV);
  EXPECT_EQ(other.Header("x-ms-correlation-request-id").size(), 36u);
  EXPECT_NE(other.Header("x-ms-request-id"), r.Header("x-ms-request-id"));
}

TEST_F(EmulatorTest, ResourceGroupLifecycle) {
  Reply created = Call("PUT", Rg("rg1") + kRgV, {{"location", "West US"}, {"tags", {{"a", "b"}}}});
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(created.json["location"], "westus");
  EXPECT_EQ(created.json["properties"]["provisioningState"], "Succeeded");
  EXPECT_EQ(Call("PUT", Rg("rg1") + kRgV, {{"location", "westus"}}).status, 200);
  Reply moved = Call("PUT", Rg("rg1") + kRgV, {{"location", "eastus"}});
  EXPECT_EQ(moved.status, 409);
  EXPECT_EQ(moved.ErrorCode(), "InvalidResourceGroupLocation");
  Reply no_location = Call("PUT", Rg("rg2") + kRgV, json::object());
  EXPECT_EQ(no_location.status, 400);
  EXPECT_EQ(no_location.ErrorCode(), "InvalidRequestContent");
  Reply bad_name = Call("PUT", Rg("bad.") + kRgV, {{"location", "westus"}});
  EXPECT_EQ(bad_name.status, 400);
  EXPECT_EQ(bad_name.ErrorCode(), "InvalidResourceGroup");
  Reply list = Call("GET", std::string(kSub) + "/resourcegroups" + kRgV);
  EXPECT_EQ(list.json["value"].size(), 1u);
  Reply in_missing = Call("PUT", Rg("ghost") + "/providers/Microsoft.Compute/galleries/g" +
                                     kGalleryV, {{"location", "westus"}});
  EXPECT_EQ(in_missing.status, 404);
  EXPECT_EQ(in_missing.ErrorCode(), "ResourceGroupNotFound");
}

TEST_F(EmulatorTest, ResourceGroupDeleteIsLongRunningAndDeletesContents) {
  CreateResourceGroup("rg");
  std::string gallery = Rg("rg") + "/providers/Microsoft.Compute/galleries/g1";
  ASSERT_EQ(Call("PUT", gallery + kGalleryV, {{"location", "westus"}}).status, 201);
  Reply del = Call("DELETE", Rg("rg") + kRgV);
  ASSERT_EQ(del.status, 202);
  std::string location = del.Header("location");
  ASSERT_EQ(location.rfind(base_url() + std::string(kSub) + "/operationresults/", 0), 0u)
      << location;
  EXPECT_EQ(del.Header("retry-after"), "20");  // a group takes 20 emulated seconds to go
  EXPECT_EQ(Call("GET", Rg("rg") + kRgV).json["properties"]["provisioningState"], "Deleting");
  EXPECT_EQ(Call("GET", location).status, 202);
  Reply blocked = Call("PUT", Rg("rg") + "/providers/Microsoft.Compute/galleries/g2" + kGalleryV,
                       {{"location", "westus"}});
  EXPECT_EQ(blocked.ErrorCode(), "ResourceGroupBeingDeleted");
  Advance(60);
  EXPECT_EQ(Call("GET", location).status, 200);
  EXPECT_EQ(Call("GET", Rg("rg") + kRgV).status, 404);
  CreateResourceGroup("rg");
  EXPECT_EQ(Call("GET", gallery + kGalleryV).ErrorCode(), "ResourceNotFound");
  EXPECT_EQ(Call("DELETE", Rg("gone") + kRgV).ErrorCode(), "ResourceGroupNotFound");
}

TEST_F(EmulatorTest, ProviderRegistration) {
  std::string batch = std::string(kSub) + "/providers/Microsoft.Batch";
  Reply get = Call("GET", batch + kRgV);
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.json["registrationState"], "Registered");
  EXPECT_EQ(get.json["namespace"], "Microsoft.Batch");
  Configure({{"default_registered", json::array({"Microsoft.Compute", "Microsoft.Resources"})}});
  EXPECT_EQ(Call("GET", batch + kRgV).json["registrationState"], "NotRegistered");
  CreateResourceGroup("rg");
  std::string account =
      Rg("rg") + "/providers/Microsoft.Batch/batchAccounts/acct1?api-version=2025-06-01";
  Reply refused = Call("PUT", account, {{"location", "westus"}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.ErrorCode(), "MissingSubscriptionRegistration");
  EXPECT_EQ(refused.json["error"]["details"][0]["target"], "Microsoft.Batch");
  Reply reg = Call("POST", batch + "/register" + kRgV);
  ASSERT_EQ(reg.status, 200);
  EXPECT_EQ(reg.json["registrationState"], "Registering");
  Advance(11);
  EXPECT_EQ(Call("GET", batch + kRgV).json["registrationState"], "Registered");
  EXPECT_EQ(Call("PUT", account, {{"location", "westus"}}).status, 202);
  // Unregistering through ARM.
  Call("POST", std::string(kSub) + "/providers/Microsoft.Compute/unregister" + kRgV);
  Advance(11);
  Reply compute = Call("GET", Rg("rg") + "/providers/Microsoft.Compute/galleries" + kGalleryV);
  EXPECT_EQ(compute.ErrorCode(), "MissingSubscriptionRegistration");
  Reply unknown = Call("GET", std::string(kSub) + "/providers/Microsoft.Nope" + kRgV);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.ErrorCode(), "InvalidResourceNamespace");
}

// Names travel percent-encoded and are decoded as ARM decodes them: ids in
// bodies carry the decoded name.
TEST_F(EmulatorTest, PercentEncodedUnicodeNamesRoundTrip) {
  const std::string encoded = Rg("gr%C3%BC%C3%9Fe%28test%29");
  const std::string decoded = Rg("grüße(test)");
  Reply put = Call("PUT", encoded + kRgV, {{"location", "westus"}});
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(put.json["id"], decoded);
  EXPECT_EQ(put.json["name"], "grüße(test)");
  Reply get = Call("GET", encoded + kRgV);
  ASSERT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(get.json["id"], decoded);
  EXPECT_EQ(Call("GET", Rg("GR%C3%BC%C3%9FE%28TEST%29") + kRgV).status, 200);  // any case
  Reply gallery = Call("PUT", encoded + "/providers/Microsoft.Compute/galleries/g" + kGalleryV,
                       {{"location", "westus"}});
  ASSERT_EQ(gallery.status, 201) << gallery.body;
  EXPECT_EQ(gallery.json["id"], decoded + "/providers/Microsoft.Compute/galleries/g");
  Reply expanded = Call("GET", encoded + "/providers/Microsoft.Compute/galleries/g" + kGalleryV +
                                   "&%24expand=SharingProfile%2FGroups");
  EXPECT_EQ(expanded.status, 200) << expanded.body;
}

TEST_F(EmulatorTest, ResourceGroupNamesAzureRefuses) {
  struct Case {
    std::string encoded, invalid;
  };
  for (const Case& c : std::vector<Case>{{"a%20b", " "},
                                         {"a%23b%3F", "#?"},
                                         {"50%25", "%"},
                                         {"x%2By", "+"},
                                         {"dash%E2%80%94", "\u2014"},
                                         {"nbsp%C2%A0x", "\u00A0"}}) {
    Reply r = Call("PUT", Rg(c.encoded) + kRgV, {{"location", "westus"}});
    EXPECT_EQ(r.status, 400) << c.encoded;
    EXPECT_EQ(r.ErrorCode(), "InvalidResourceGroup") << c.encoded;
    EXPECT_NE(r.json["error"]["message"].get<std::string>().find(
                  "has these invalid characters: '" + c.invalid + "'"),
              std::string::npos)
        << r.body;
  }
  EXPECT_EQ(Call("PUT", Rg(std::string(91, 'a')) + kRgV, {{"location", "westus"}}).ErrorCode(),
            "InvalidResourceGroup");
  // Letters and digits of any script, combining marks and '_' are fine.
  for (const char* ok : {"%E6%97%A5%E6%9C%AC", "%D9%A0%D9%A1", "u%CC%88ber", "a_b-c.d(e)"}) {
    EXPECT_EQ(Call("PUT", Rg(ok) + kRgV, {{"location", "westus"}}).status, 201) << ok;
  }
}

TEST(AbsoluteUrlTest, EncodesDecodedNamesButNotTheQuery) {
  ArmContext ctx;
  ctx.base_url = "http://127.0.0.1:1";
  EXPECT_EQ(AbsoluteUrl(ctx, "/subscriptions/s/resourceGroups/grüße (x)/providers/"
                             "Microsoft.Batch/batchAccounts/a/poolOperationResults/"
                             "delete-p-1?api-version=2025-06-01"),
            "http://127.0.0.1:1/subscriptions/s/resourceGroups/gr%C3%BC%C3%9Fe%20%28x%29/"
            "providers/Microsoft.Batch/batchAccounts/a/poolOperationResults/delete-p-1"
            "?api-version=2025-06-01");
}

TEST_F(EmulatorTest, InvalidJsonBody) {
  CreateResourceGroup("rg");
  Reply r = Raw("PUT", Rg("rg") + "/providers/Microsoft.Compute/galleries/g" + kGalleryV,
                "{not json", "application/json", {{"Authorization", "Bearer " + Token()}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorCode(), "InvalidRequestContent");
}

}  // namespace
}  // namespace azbatch::emulator::testing
