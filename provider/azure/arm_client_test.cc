#include "provider/azure/arm_client.h"

#include "gtest/gtest.h"
#include "provider/azure/arm_test_util.h"

namespace azbatch::azure {
namespace {

using testing::ArmHarness;
using testing::kPool;
using nlohmann::json;

TEST(ArmClientTest, BuildsUrlsAndSendsJson) {
  ArmClientOptions o;
  o.endpoint = "https://management.azure.com/";
  ArmHarness h(o);
  h.transport->Expect("PUT", "", MakeJsonResponse(200, {{"name", "p"}},
                                                  {{"x-ms-request-id", "rid-1"}}));
  auto r = h.client->Put(kPool, "2025-06-01", {{"properties", {{"vmSize", "STANDARD_D2S_V3"}}}},
                         h.ctx());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body["name"], "p");
  EXPECT_EQ(r->request_id(), "rid-1");
  auto req = h.transport->requests()[0];
  EXPECT_EQ(req.url, std::string("https://management.azure.com") + kPool + "?api-version=2025-06-01");
  EXPECT_EQ(req.headers["Content-Type"], "application/json");
  EXPECT_EQ(json::parse(req.body)["properties"]["vmSize"], "STANDARD_D2S_V3");
  EXPECT_EQ(h.client->UrlFor("/x?$expand=a", "1"), "https://management.azure.com/x?$expand=a&api-version=1");
}

TEST(ArmClientTest, EncodesEveryPathSegment) {
  // Unreserved characters stay; space, UTF-8 bytes, '#', '?', '%' and the
  // other reserved characters are percent-encoded; '/' separators stay.
  EXPECT_EQ(EncodePathSegments("/subscriptions/s/resourceGroups/my images"),
            "/subscriptions/s/resourceGroups/my%20images");
  EXPECT_EQ(EncodePathSegments("/resourceGroups/grüße (test)"),
            "/resourceGroups/gr%C3%BC%C3%9Fe%20%28test%29");
  EXPECT_EQ(EncodePathSegments("/a#b/c?d/50%/e&f=g+h"), "/a%23b/c%3Fd/50%25/e%26f%3Dg%2Bh");
  EXPECT_EQ(EncodePathSegments("/AZaz09-._~"), "/AZaz09-._~");
  // An encoded-looking name is a name: its '%' is encoded again.
  EXPECT_EQ(EncodePathSegments("/a%20b"), "/a%2520b");
}

TEST(ArmClientTest, EncodesQueryValuesKeepingTheStructure) {
  EXPECT_EQ(EncodeArmPath("/rg/grüße?$expand=ReplicationStatus"),
            "/rg/gr%C3%BC%C3%9Fe?$expand=ReplicationStatus");
  EXPECT_EQ(EncodeArmPath("/x/pools?$filter=name eq 'a#b?'&maxresults=5"),
            "/x/pools?$filter=name%20eq%20%27a%23b%3F%27&maxresults=5");
  EXPECT_EQ(EncodeArmPath("/x?$filter=startswith(name, 'é%')&$select=id,name"),
            "/x?$filter=startswith%28name%2C%20%27%C3%A9%25%27%29&$select=id%2Cname");
  EXPECT_EQ(EncodeArmPath("/x?flag&a=&b=1"), "/x?flag&a=&b=1");
  EXPECT_EQ(EncodeArmPath("/x?"), "/x");
}

TEST(ArmClientTest, UrlForEncodesAndAppendsApiVersion) {
  ArmHarness h;
  EXPECT_EQ(h.client->UrlFor("/subscriptions/s/resourceGroups/a b", "2025-04-01"),
            "https://management.azure.com/subscriptions/s/resourceGroups/a%20b"
            "?api-version=2025-04-01");
  EXPECT_EQ(h.client->UrlFor("/subscriptions/s/resourceGroups/#1?$expand=x y", "1"),
            "https://management.azure.com/subscriptions/s/resourceGroups/%231"
            "?$expand=x%20y&api-version=1");
  // What goes on the wire.
  h.transport->Expect("GET", "", MakeJsonResponse(200, json::object()));
  ASSERT_TRUE(h.client->Get("/subscriptions/s/resourceGroups/grüße", "1", h.ctx()).ok());
  EXPECT_EQ(h.transport->requests()[0].url,
            "https://management.azure.com/subscriptions/s/resourceGroups/gr%C3%BC%C3%9Fe"
            "?api-version=1");
}

TEST(ArmClientTest, PollingUrlsFromArmAreNotEncodedAgain) {
  ArmHarness h;
  const std::string location =
      "https://management.azure.com/subscriptions/s/resourceGroups/gr%C3%BC%C3%9Fe/providers/"
      "Microsoft.Batch/batchAccounts/a/poolOperationResults/delete-p-1?api-version=2025-06-01";
  h.transport->Expect("GET", "", MakeResponse(202));
  ASSERT_TRUE(h.client->GetUrl(location, h.ctx()).ok());
  EXPECT_EQ(h.transport->requests()[0].url, location);
}

TEST(ArmClientTest, ErrorCarriesArmDetails) {
  ArmHarness h;
  h.transport->Enqueue(MakeJsonResponse(
      409,
      {{"error",
        {{"code", "CannotDeleteResource"},
         {"message", "Gallery has nested resources"},
         {"target", "g"},
         {"details", {{{"code", "NestedResourcesExist"}, {"message", "image i"}}}}}}},
      {{"x-ms-request-id", "req-42"}, {"x-ms-correlation-request-id", "corr-9"}}));
  auto r = h.client->Delete(kPool, "2025-06-01", h.ctx());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::IsAborted(r.status()));
  std::string msg(r.status().message());
  EXPECT_EQ(msg.find(std::string("ARM DELETE ") + kPool +
                     ": 409 Conflict: CannotDeleteResource: Gallery has nested resources"),
            0u)
      << msg;
  EXPECT_NE(msg.find("(request id req-42)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("NestedResourcesExist: image i"), std::string::npos) << msg;
  auto e = ArmErrorFromStatus(r.status());
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->http_status, 409);
  EXPECT_EQ(e->code, "CannotDeleteResource");
  EXPECT_EQ(e->target, "g");
  EXPECT_EQ(e->request_id, "req-42");
  EXPECT_EQ(e->correlation_id, "corr-9");
  ASSERT_EQ(e->details.size(), 1u);
  EXPECT_EQ(e->details[0].code, "NestedResourcesExist");
  EXPECT_EQ(e->method, "DELETE");
}

TEST(ArmClientTest, StatusCodesMapAndOddBodies) {
  ArmHarness h;
  h.transport->Enqueue(MakeResponse(404, ""));
  h.transport->Enqueue(MakeJsonResponse(400, {{"error", {{"code", "X"}, {"message", {{"a", 1}}}}}}));
  h.transport->Enqueue(MakeResponse(403, "<html>denied</html>"));
  h.transport->Enqueue(MakeResponse(200, "not json"));
  EXPECT_TRUE(absl::IsNotFound(h.client->Get(kPool, "v", h.ctx()).status()));
  auto bad = h.client->Get(kPool, "v", h.ctx());
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status()));
  EXPECT_EQ(ArmErrorFromStatus(bad.status())->message, R"({"a":1})");
  auto denied = h.client->Get(kPool, "v", h.ctx());
  EXPECT_TRUE(absl::IsPermissionDenied(denied.status()));
  EXPECT_NE(denied.status().message().find("denied"), std::string::npos);
  EXPECT_TRUE(absl::IsDataLoss(h.client->Get(kPool, "v", h.ctx()).status()));
  EXPECT_FALSE(ArmErrorFromStatus(absl::InternalError("x")).has_value());
}

TEST(ArmClientTest, GetUrlRefusesOtherHosts) {
  ArmHarness h;
  auto r = h.client->GetUrl("https://evil.example.com/op", h.ctx());
  EXPECT_TRUE(absl::IsFailedPrecondition(r.status()));
  EXPECT_TRUE(h.transport->requests().empty());
}

json MissingRegistration() {
  return {{"error",
           {{"code", "MissingSubscriptionRegistration"},
            {"message", "The subscription is not registered to use namespace 'Microsoft.Batch'."},
            {"details",
             {{{"code", "MissingSubscriptionRegistration"}, {"target", "Microsoft.Batch"},
               {"message", "not registered"}}}}}}};
}

TEST(RegistrationTest, RegistersPollsAndRetriesOnce) {
  ArmClientOptions o;
  o.auto_register = {"Microsoft.Compute", "microsoft.batch"};
  o.registration_poll_interval = absl::Seconds(5);
  ArmHarness h(o);
  h.transport->Expect("PUT", "/pools/p", MakeJsonResponse(409, MissingRegistration()));
  h.transport->Expect("POST", "/subscriptions/sub/providers/Microsoft.Batch/register?api-version=",
                      MakeJsonResponse(200, {{"registrationState", "Registering"}}));
  h.transport->Expect("GET", "/subscriptions/sub/providers/Microsoft.Batch?api-version=",
                      MakeJsonResponse(200, {{"registrationState", "Registering"}}));
  h.transport->Expect("GET", "/subscriptions/sub/providers/Microsoft.Batch?api-version=",
                      MakeJsonResponse(200, {{"registrationState", "Registered"}}));
  h.transport->Expect("PUT", "/pools/p", MakeJsonResponse(200, {{"name", "p"}}));
  auto r = h.client->Put(kPool, "2025-06-01", json::object(), h.ctx());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(h.transport->pending(), 0u);
  EXPECT_EQ(h.clock.sleeps(), (std::vector<absl::Duration>{absl::Seconds(5), absl::Seconds(5)}));
  // A second 409 after registering is returned, not looped on.
  h.transport->Enqueue(MakeJsonResponse(409, MissingRegistration()));
  h.transport->Enqueue(MakeJsonResponse(409, MissingRegistration()));
  auto again = h.client->Put(kPool, "2025-06-01", json::object(), h.ctx());
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(h.transport->requests().size(), 7u);  // no second registration either
}

TEST(RegistrationTest, NotAllowedExplainsHow) {
  ArmHarness h;  // registrations "none"
  h.transport->Enqueue(MakeJsonResponse(409, MissingRegistration()));
  auto r = h.client->Put(kPool, "2025-06-01", json::object(), h.ctx());
  ASSERT_FALSE(r.ok());
  std::string msg(r.status().message());
  EXPECT_NE(msg.find("az provider register --namespace Microsoft.Batch --subscription sub"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("resource_provider_registrations"), std::string::npos);
  EXPECT_EQ(h.transport->requests().size(), 1u);
  EXPECT_EQ(ArmErrorFromStatus(r.status())->code, "MissingSubscriptionRegistration");
}

TEST(RegistrationTest, NamespaceFromMessageFallback) {
  ArmError e;
  e.code = "MissingSubscriptionRegistration";
  e.message = "The subscription is not registered to use namespace 'Microsoft.Compute'. See";
  EXPECT_EQ(MissingRegistrationNamespace(e), "Microsoft.Compute");
  e.code = "Conflict";
  EXPECT_EQ(MissingRegistrationNamespace(e), "");
}

}  // namespace
}  // namespace azbatch::azure
