#include "provider/azure/lro.h"

#include "gtest/gtest.h"
#include "provider/azure/arm_test_util.h"
#include "provider/azure/test_util.h"

namespace azbatch::azure {
namespace {

using nlohmann::json;
using testing::ArmHarness;
using testing::kPool;
using testing::kVersion;

constexpr char kOp[] = "https://management.azure.com/subscriptions/sub/providers/"
                       "Microsoft.Compute/locations/westus/capsOperations/op1?api-version=x";
constexpr char kLoc[] = "https://management.azure.com/subscriptions/sub/providers/"
                        "Microsoft.Batch/locations/westus/operationResults/op2";

std::vector<absl::Duration> Secs(std::initializer_list<int> s) {
  std::vector<absl::Duration> out;
  for (int x : s) out.push_back(absl::Seconds(x));
  return out;
}

TEST(LroTest, AsyncOperationThenFinalGet) {
  ArmHarness h;
  std::vector<LroProgress> seen;
  LroOptions o;
  o.on_progress = [&](const LroProgress& p) { seen.push_back(p); };
  h.transport->Expect("PUT", "/versions/1.0.0",
                      MakeJsonResponse(201, {{"properties", {{"provisioningState", "Creating"}}}},
                                       {{"Azure-AsyncOperation", kOp}, {"Retry-After", "0"}}));
  h.transport->Expect("GET", "capsOperations/op1",
                      MakeJsonResponse(200, {{"status", "InProgress"}, {"percentComplete", 40}},
                                       {{"Retry-After", "600"}}));
  h.transport->Expect("GET", "capsOperations/op1", MakeJsonResponse(200, {{"status", "Succeeded"}}));
  h.transport->Expect("GET", "/versions/1.0.0?api-version=2025-03-03",
                      MakeJsonResponse(200, {{"name", "1.0.0"},
                                             {"properties", {{"provisioningState", "Succeeded"}}}}));
  auto r = PutAndWait(*h.client, kVersion, "2025-03-03", json::object(), h.ctx(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->body["name"], "1.0.0");
  // Retry-After 0 is raised to the 1 s floor; 600 is capped at 60 s.
  EXPECT_EQ(h.clock.sleeps(), Secs({1, 60}));
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].status, "InProgress");
  ASSERT_TRUE(seen[1].percent.has_value());
  EXPECT_EQ(*seen[1].percent, 40);
}

TEST(LroTest, AsyncOperationFailureCarriesError) {
  ArmHarness h;
  h.transport->Enqueue(MakeJsonResponse(201, json::object(), {{"Azure-AsyncOperation", kOp}}));
  h.transport->Enqueue(MakeJsonResponse(
      200, {{"status", "Failed"},
            {"error", {{"code", "ReplicationFailed"}, {"message", "region eastus failed"}}}},
      {{"x-ms-request-id", "r7"}}));
  auto r = PutAndWait(*h.client, kVersion, "2025-03-03", json::object(), h.ctx());
  ASSERT_FALSE(r.ok());
  std::string msg(r.status().message());
  EXPECT_NE(msg.find("operation Failed: ReplicationFailed: region eastus failed"),
            std::string::npos)
      << msg;
  auto e = ArmErrorFromStatus(r.status());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->operation_status, "Failed");
  EXPECT_EQ(e->code, "ReplicationFailed");
  EXPECT_EQ(e->request_id, "r7");
  EXPECT_EQ(h.clock.sleeps(), Secs({10}));  // default interval without Retry-After
}

TEST(LroTest, AsyncStatusTransientErrorsAndUnreadableStatus) {
  ArmHarness h;
  h.transport->Enqueue(MakeJsonResponse(201, json::object(), {{"Azure-AsyncOperation", kOp}}));
  h.transport->Enqueue(absl::UnavailableError("reset"));  // retried inside the pipeline
  h.transport->Enqueue(MakeJsonResponse(200, {{"status", "Canceled"}}));
  auto r = PutAndWait(*h.client, kVersion, "v", json::object(), h.ctx());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ArmErrorFromStatus(r.status())->operation_status, "Canceled");

  ArmHarness h2;
  h2.transport->Enqueue(MakeJsonResponse(201, json::object(), {{"Azure-AsyncOperation", kOp}}));
  h2.transport->Enqueue(MakeJsonResponse(403, {{"error", {{"code", "AuthorizationFailed"},
                                                          {"message", "no"}}}}));
  auto r2 = PutAndWait(*h2.client, kVersion, "v", json::object(), h2.ctx());
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(r2.status().message().find("could not read the status of PUT"), std::string::npos)
      << r2.status();
}

TEST(LroTest, LocationPollingForPutAndPost) {
  ArmHarness h;
  h.transport->Enqueue(MakeResponse(202, "", {{"Location", kLoc}, {"Retry-After", "3"}}));
  h.transport->Expect("GET", "operationResults/op2", MakeResponse(202, "", {{"Retry-After", "4"}}));
  h.transport->Expect("GET", "operationResults/op2", MakeResponse(404));  // not visible yet
  h.transport->Expect("GET", "operationResults/op2", MakeJsonResponse(200, {{"id", "x"}}));
  h.transport->Expect("GET", "/pools/p?api-version=v", MakeJsonResponse(200, {{"name", "p"}}));
  auto r = PutAndWait(*h.client, kPool, "v", json::object(), h.ctx());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->body["name"], "p");
  EXPECT_EQ(h.clock.sleeps(), Secs({3, 4, 10}));

  ArmHarness h2;
  h2.transport->Enqueue(MakeResponse(202, "", {{"Location", kLoc}}));
  h2.transport->Enqueue(MakeJsonResponse(200, {{"result", 7}}));
  auto post = PostAndWait(*h2.client, std::string(kPool) + "/stopResize", "v", json::object(),
                          h2.ctx());
  ASSERT_TRUE(post.ok()) << post.status();
  EXPECT_EQ(post->body["result"], 7);
  EXPECT_EQ(h2.transport->requests().size(), 2u);

  ArmHarness h3;  // Location reporting a failure status
  h3.transport->Enqueue(MakeResponse(202, "", {{"Location", kLoc}}));
  h3.transport->Enqueue(MakeJsonResponse(409, {{"error", {{"code", "Conflict"}, {"message", "m"}}}}));
  auto bad = PatchAndWait(*h3.client, kPool, "v", json::object(), h3.ctx());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(ArmErrorFromStatus(bad.status())->http_status, 409);
}

json VersionBody(const std::string& state, int westus, int eastus) {
  return {{"properties",
           {{"provisioningState", state},
            {"replicationStatus",
             {{"aggregatedState", "InProgress"},
              {"summary",
               {{{"region", "westus"}, {"state", "Replicating"}, {"progress", westus}},
                {{"region", "eastus"}, {"state", "Replicating"}, {"progress", eastus}}}}}}}}};
}

TEST(LroTest, ProvisioningStatePollingReportsReplication) {
  testing::LogCapture logs(log::Level::kInfo);
  ArmHarness h;
  std::vector<LroProgress> seen;
  LroOptions o;
  o.on_progress = [&](const LroProgress& p) { seen.push_back(p); };
  h.transport->Enqueue(MakeJsonResponse(201, VersionBody("Creating", 0, 0)));
  h.transport->Enqueue(MakeJsonResponse(200, VersionBody("Creating", 50, 20)));
  h.transport->Enqueue(MakeJsonResponse(200, VersionBody("Succeeded", 100, 100)));
  auto r = PutAndWait(*h.client, kVersion, "v", json::object(), h.ctx(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(seen.size(), 2u);
  ASSERT_EQ(seen[1].regions.size(), 2u);
  EXPECT_EQ(seen[1].regions[0].region, "westus");
  EXPECT_EQ(seen[1].regions[0].percent, 50);
  EXPECT_EQ(seen[1].regions[1].percent, 20);
  EXPECT_EQ(seen[1].status, "Creating");
  EXPECT_NE(logs.all().find("westus:Replicating:50%,eastus:Replicating:20%"), std::string::npos)
      << logs.all();
  auto reqs = h.transport->requests();
  EXPECT_EQ(reqs[1].method, "GET");
}

TEST(LroTest, ProvisioningStateFailedAndSynchronousSuccess) {
  ArmHarness h;
  h.transport->Enqueue(MakeJsonResponse(200, {{"properties", {{"provisioningState", "Updating"}}}}));
  h.transport->Enqueue(MakeJsonResponse(
      200, {{"properties", {{"provisioningState", "Failed"},
                            {"error", {{"code", "AllocationFailed"}, {"message", "no VMs"}}}}}}));
  auto r = PutAndWait(*h.client, kPool, "v", json::object(), h.ctx());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ArmErrorFromStatus(r.status())->code, "AllocationFailed");

  ArmHarness h2;  // Batch pool PUT is synchronous: no state -> done at once
  h2.transport->Enqueue(MakeJsonResponse(200, {{"name", "p"}, {"properties", json::object()}}));
  ASSERT_TRUE(PutAndWait(*h2.client, kPool, "v", json::object(), h2.ctx()).ok());
  EXPECT_EQ(h2.transport->requests().size(), 1u);
}

TEST(LroTest, DeleteFollowsLocationThenWaitsFor404) {
  ArmHarness h;
  h.transport->Expect("DELETE", "/pools/p", MakeResponse(202, "", {{"Location", kLoc}}));
  h.transport->Expect("GET", "op2", MakeResponse(202));
  h.transport->Expect("GET", "op2", MakeResponse(200));
  h.transport->Expect("GET", "/pools/p",
                      MakeJsonResponse(200, {{"properties", {{"provisioningState", "Deleting"}}}}));
  h.transport->Expect("GET", "/pools/p", MakeResponse(404));
  ASSERT_TRUE(DeleteAndWait(*h.client, kPool, "v", h.ctx()).ok());
  EXPECT_EQ(h.transport->pending(), 0u);
}

TEST(LroTest, DeleteEndsAtTheFirst404AfterTheOperation) {
  ArmHarness h;
  h.transport->Expect("DELETE", "/pools/p", MakeResponse(202, "", {{"Location", kLoc}}));
  h.transport->Expect("GET", "op2", MakeResponse(200));
  h.transport->Expect("GET", "/pools/p", MakeResponse(404));
  ASSERT_TRUE(DeleteAndWait(*h.client, kPool, "v", h.ctx()).ok());
  EXPECT_EQ(h.transport->pending(), 0u);
  EXPECT_EQ(h.transport->requests().size(), 3u);
  // Only the operation's pacing: no wait after the operation ended.
  EXPECT_EQ(h.clock.sleeps().size(), 1u);
}

TEST(LroTest, DeleteRetriesOnlyWhileGetStillAnswers200) {
  ArmHarness h;
  h.transport->Enqueue(MakeResponse(200));                        // DELETE, synchronous
  h.transport->Enqueue(MakeJsonResponse(200, json::object()));    // ARM's read cache
  h.transport->Enqueue(MakeJsonResponse(200, json::object()));
  h.transport->Enqueue(MakeResponse(404));
  ASSERT_TRUE(DeleteAndWait(*h.client, kPool, "v", h.ctx()).ok());
  EXPECT_EQ(h.transport->pending(), 0u);
  EXPECT_EQ(h.transport->requests().size(), 4u);
  EXPECT_EQ(h.clock.sleeps().size(), 2u);  // one per 200, none after the 404
}

TEST(LroTest, WithoutFinalGetTheOperationResultIsReturned) {
  ArmHarness h;
  LroOptions o;
  o.final_get = false;
  h.transport->Expect("PUT", "/versions/1.0.0",
                      MakeJsonResponse(201, json::object(), {{"Azure-AsyncOperation", kOp}}));
  h.transport->Expect("GET", "capsOperations/op1", MakeJsonResponse(200, {{"status", "Succeeded"}}));
  auto r = PutAndWait(*h.client, kVersion, "2025-03-03", json::object(), h.ctx(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->body["status"], "Succeeded");
  EXPECT_EQ(h.transport->pending(), 0u);
  EXPECT_EQ(h.transport->requests().size(), 2u);
}

TEST(LroTest, DeleteAlreadyGoneAndFailures) {
  ArmHarness h;
  h.transport->Enqueue(MakeResponse(404));
  EXPECT_TRUE(DeleteAndWait(*h.client, kPool, "v", h.ctx()).ok());

  ArmHarness h2;
  h2.transport->Enqueue(MakeResponse(202, "", {{"Azure-AsyncOperation", kOp}}));
  h2.transport->Enqueue(MakeJsonResponse(200, {{"status", "Failed"},
                                               {"error", {{"code", "InUse"}, {"message", "m"}}}}));
  auto s = DeleteAndWait(*h2.client, kPool, "v", h2.ctx());
  EXPECT_EQ(ArmErrorFromStatus(s)->code, "InUse");

  ArmHarness h3;
  h3.transport->Enqueue(MakeResponse(200));
  h3.transport->Enqueue(MakeJsonResponse(500, {{"error", {{"code", "Boom"}, {"message", "m"}}}}));
  h3.transport->SetHandler([](const HttpRequest&) {
    return MakeJsonResponse(400, {{"error", {{"code", "Bad"}, {"message", "m"}}}});
  });
  auto s3 = DeleteAndWait(*h3.client, kPool, "v", h3.ctx());
  EXPECT_EQ(ArmErrorFromStatus(s3)->code, "Bad");
}

TEST(LroTest, CancellationStopsPolling) {
  ArmHarness h;
  CancellationSource source;
  int sleeps = 0;
  h.clock.set_on_sleep([&](absl::Duration) {
    if (++sleeps == 3) source.Cancel();
  });
  h.transport->SetHandler([](const HttpRequest& r) {
    if (r.method == "DELETE") return MakeResponse(202, "", {{"Location", kLoc}});
    return MakeResponse(202);
  });
  absl::Status s = DeleteAndWait(*h.client, kPool, "v", h.ctx().WithCancellation(source));
  EXPECT_TRUE(absl::IsCancelled(s)) << s;
  EXPECT_EQ(h.transport->requests().size(), 3u);
}

TEST(LroTest, DeadlineBoundsPolling) {
  ArmHarness h;
  h.transport->SetHandler([](const HttpRequest&) {
    return MakeJsonResponse(200, {{"properties", {{"provisioningState", "Creating"}}}});
  });
  auto r = PutAndWait(*h.client, kPool, "v", json::object(),
                      Context().WithClock(&h.clock).WithTimeout(absl::Seconds(95)));
  EXPECT_TRUE(absl::IsDeadlineExceeded(r.status())) << r.status();
  EXPECT_EQ(h.transport->requests().size(), 10u);  // t=0,10,...,90
}

TEST(LroTest, FinalGetToleratesBriefNotFound) {
  ArmHarness h;
  h.transport->Enqueue(MakeResponse(202, "", {{"Location", kLoc}, {"Retry-After", "1"}}));
  h.transport->Enqueue(MakeJsonResponse(200, json::object()));
  h.transport->Enqueue(MakeResponse(404));
  h.transport->Enqueue(MakeResponse(404));
  h.transport->Enqueue(MakeJsonResponse(200, {{"name", "p"}}));
  auto r = PutAndWait(*h.client, kPool, "v", json::object(), h.ctx());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->body["name"], "p");

  ArmHarness h2;  // persistent 404 is reported
  h2.transport->Enqueue(MakeResponse(202, "", {{"Location", kLoc}}));
  h2.transport->Enqueue(MakeJsonResponse(200, json::object()));
  h2.transport->SetHandler([](const HttpRequest&) { return MakeResponse(404); });
  auto gone = PutAndWait(*h2.client, kPool, "v", json::object(), h2.ctx());
  EXPECT_TRUE(absl::IsNotFound(gone.status()));
  EXPECT_EQ(h2.transport->requests().size(), 6u);  // PUT, poll, 1 + 3 GETs
}

class ShortLivedCredential : public TokenCredential {
 public:
  std::string Name() const override { return "short"; }
  absl::StatusOr<AccessToken> GetToken(const std::string&, const Context& ctx) override {
    return AccessToken{"t" + std::to_string(++n), ctx.Now() + absl::Minutes(30)};
  }
  int n = 0;
};

TEST(LroTest, TokenRefreshesDuringLongPoll) {
  auto cred = std::make_shared<CachingCredential>(std::make_shared<ShortLivedCredential>());
  ArmHarness h({}, cred);
  int polls = 0;
  h.transport->SetHandler([&](const HttpRequest& r) {
    std::string state = ++polls < 40 ? "Creating" : "Succeeded";
    return MakeJsonResponse(200, {{"properties", {{"provisioningState", state}}}},
                            {{"Retry-After", "60"}});
  });
  LroOptions o;
  auto r = PutAndWait(*h.client, kVersion, "v", json::object(), h.ctx(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  std::set<std::string> tokens;
  for (const auto& req : h.transport->requests()) tokens.insert(req.headers.at("Authorization"));
  // 39 minutes of polling with 30-minute tokens refreshed 5 minutes early.
  EXPECT_EQ(tokens.size(), 2u);
  EXPECT_TRUE(tokens.count("Bearer t2"));
}

}  // namespace
}  // namespace azbatch::azure
