#include "provider/azure/pipeline.h"

#include <set>

#include "gtest/gtest.h"
#include "provider/azure/fake_transport.h"
#include "provider/azure/redact.h"
#include "provider/azure/test_util.h"

namespace azbatch::azure {
namespace {

class CountingCredential : public TokenCredential {
 public:
  explicit CountingCredential(absl::Duration lifetime) : lifetime_(lifetime) {}
  std::string Name() const override { return "counting"; }
  absl::StatusOr<AccessToken> GetToken(const std::string& scope, const Context& ctx) override {
    ++calls;
    last_scope = scope;
    return AccessToken{"tok-" + std::to_string(calls), ctx.Now() + lifetime_};
  }
  int calls = 0;
  std::string last_scope;

 private:
  absl::Duration lifetime_;
};

struct Harness {
  FakeClock clock;
  std::shared_ptr<FakeTransport> transport = std::make_shared<FakeTransport>();
  std::shared_ptr<CountingCredential> inner =
      std::make_shared<CountingCredential>(absl::Hours(1));
  std::shared_ptr<CachingCredential> cred = std::make_shared<CachingCredential>(inner);
  std::shared_ptr<UserAgent> ua = std::make_shared<UserAgent>("1.2.3");
  std::shared_ptr<Pipeline> pipeline;
  explicit Harness(RetryOptions retry = {}) {
    if (!retry.random) retry.random = [] { return 0.5; };
    pipeline = BuildPipeline({transport, cred, "https://management.azure.com/.default", ua,
                              "corr-1", retry});
  }
  Context ctx() { return Context().WithClock(&clock); }
  absl::StatusOr<HttpResponse> Get(const Context& c) {
    return pipeline->Send({"GET", "https://management.azure.com/x?api-version=1", {}, ""}, c);
  }
};

TEST(PipelineTest, SetsRequestIdsUserAgentAndToken) {
  Harness h;
  h.transport->Enqueue(MakeResponse(200));
  h.transport->Enqueue(MakeResponse(200));
  ASSERT_TRUE(h.Get(h.ctx()).ok());
  h.ua->SetCli("Terraform", "1.9.5");
  ASSERT_TRUE(h.Get(h.ctx()).ok());
  auto reqs = h.transport->requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].headers["User-Agent"], "terraform-provider-azbatch/1.2.3");
  EXPECT_EQ(reqs[1].headers["User-Agent"], "terraform-provider-azbatch/1.2.3 Terraform/1.9.5");
  EXPECT_EQ(reqs[0].headers["x-ms-correlation-request-id"], "corr-1");
  EXPECT_EQ(reqs[0].headers["x-ms-client-request-id"].size(), 36u);
  EXPECT_NE(reqs[0].headers["x-ms-client-request-id"], reqs[1].headers["x-ms-client-request-id"]);
  EXPECT_EQ(reqs[0].headers["Authorization"], "Bearer tok-1");
  EXPECT_EQ(reqs[1].headers["Authorization"], "Bearer tok-1");  // cached
  EXPECT_EQ(h.inner->calls, 1);
  EXPECT_EQ(h.inner->last_scope, "https://management.azure.com/.default");
}

TEST(PipelineTest, UuidsAreVersion4) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string u = NewUuid();
    ASSERT_EQ(u.size(), 36u);
    EXPECT_EQ(u[14], '4');
    EXPECT_TRUE(u[19] == '8' || u[19] == '9' || u[19] == 'a' || u[19] == 'b');
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(RetryTest, HonoursRetryAfterSecondsAndMs) {
  Harness h;
  h.transport->Enqueue(MakeResponse(429, "", {{"Retry-After", "7"}}));
  h.transport->Enqueue(MakeResponse(503, "", {{"x-ms-retry-after-ms", "1500"}}));
  h.transport->Enqueue(MakeResponse(500, "", {{"retry-after-ms", "250"}, {"Retry-After", "9"}}));
  h.transport->Enqueue(MakeResponse(200, "done"));
  auto r = h.Get(h.ctx().WithTimeout(absl::Minutes(5)));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->attempts, 4);
  std::vector<absl::Duration> want = {absl::Seconds(7), absl::Milliseconds(1500),
                                      absl::Milliseconds(250)};
  EXPECT_EQ(h.clock.sleeps(), want);
  // Each attempt carries the same client request id and a bearer token.
  auto reqs = h.transport->requests();
  ASSERT_EQ(reqs.size(), 4u);
  EXPECT_EQ(reqs[0].headers["x-ms-client-request-id"], reqs[3].headers["x-ms-client-request-id"]);
  EXPECT_EQ(reqs[3].headers["Authorization"], "Bearer tok-1");
}

TEST(RetryTest, HonoursRetryAfterHttpDate) {
  Harness h;
  absl::Time when = h.clock.Now() + absl::Seconds(42);
  h.transport->Enqueue(MakeResponse(
      503, "", {{"Retry-After", absl::FormatTime("%a, %d %b %Y %H:%M:%S GMT", when,
                                                  absl::UTCTimeZone())}}));
  h.transport->Enqueue(MakeResponse(200));
  auto r = h.Get(h.ctx());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(h.clock.sleeps().size(), 1u);
  EXPECT_EQ(h.clock.sleeps()[0], absl::Seconds(42));
}

TEST(RetryTest, ExponentialBackoffWithinJitterBounds) {
  RetryOptions o;
  for (double r : {0.0, 0.25, 0.5, 0.999}) {
    for (int retry = 1; retry <= 10; ++retry) {
      absl::Duration base = std::min(absl::Seconds(1) * (1 << (retry - 1)), absl::Seconds(60));
      absl::Duration d = BackoffDelay(o, retry, r);
      EXPECT_GE(d, base * 0.8 - absl::Milliseconds(1)) << retry;
      EXPECT_LT(d, base * 1.3) << retry;
    }
  }
  EXPECT_EQ(BackoffDelay(o, 3, 0.0), absl::Seconds(4) * 0.8);
  EXPECT_EQ(BackoffDelay(o, 20, 0.0), absl::Seconds(48));
  // The default random source stays within bounds too.
  FakeClock clock;
  auto transport = std::make_shared<FakeTransport>();
  transport->SetHandler([](const HttpRequest&) { return MakeResponse(500); });
  RetryOptions real;
  real.max_attempts_without_deadline = 3;
  auto p = BuildPipeline({transport, nullptr, "", nullptr, "", real});
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(p->Send({"GET", "https://h/", {}, ""}, Context().WithClock(&clock)).ok());
  }
  auto sleeps = clock.sleeps();
  ASSERT_EQ(sleeps.size(), 40u);
  std::set<int64_t> distinct;
  for (size_t i = 0; i < sleeps.size(); ++i) {
    absl::Duration base = absl::Seconds(i % 2 == 0 ? 1 : 2);
    EXPECT_GE(sleeps[i], base * 0.8);
    EXPECT_LT(sleeps[i], base * 1.3);
    distinct.insert(absl::ToInt64Microseconds(sleeps[i]));
  }
  EXPECT_GT(distinct.size(), 10u);  // actually jittered
}

TEST(RetryTest, RetriesConnectionErrorsNotClientErrors) {
  Harness h;
  h.transport->Enqueue(absl::UnavailableError("connection reset"));
  h.transport->Enqueue(MakeResponse(200));
  auto r = h.Get(h.ctx());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->attempts, 2);

  for (int status : {400, 404, 409, 501}) {
    Harness h2;
    h2.transport->Enqueue(MakeResponse(status));
    auto r2 = h2.Get(h2.ctx());
    ASSERT_TRUE(r2.ok());
    EXPECT_EQ(r2->status, status);
    EXPECT_EQ(h2.transport->requests().size(), 1u) << status;
  }
}

// Errors a retry cannot fix come back after one attempt, without sleeping.
TEST(RetryTest, PermanentTransportErrorsAreNotRetried) {
  const absl::Status permanent[] = {
      absl::InvalidArgumentError("GET https://management.azure.com: the request URL is not a "
                                 "valid URI"),
      absl::FailedPreconditionError("TLS certificate verification failed for host "
                                    "management.azure.com:443"),
      absl::FailedPreconditionError("TLS handshake with host management.azure.com:443 failed "
                                    "(sslv3 alert bad certificate)"),
  };
  for (const absl::Status& error : permanent) {
    Harness h;
    h.transport->SetHandler([error](const HttpRequest&) { return error; });
    auto r = h.Get(h.ctx().WithTimeout(absl::Minutes(5)));
    EXPECT_EQ(r.status(), error);
    EXPECT_EQ(h.transport->requests().size(), 1u) << error;
    EXPECT_TRUE(h.clock.sleeps().empty()) << error;
  }
}

TEST(RetryTest, ClientErrorsFailAtOnceExceptTimeoutAndThrottling) {
  for (int status : {400, 401, 403, 404, 405, 409, 412, 422}) {
    Harness h;
    h.transport->SetHandler([status](const HttpRequest&) {
      return MakeJsonResponse(status, {{"error", {{"code", "Whatever"}, {"message", "no"}}}});
    });
    auto r = h.Get(h.ctx().WithTimeout(absl::Minutes(5)));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, status);
    EXPECT_EQ(r->attempts, 1) << status;
  }
  for (int status : {408, 429}) {
    Harness h;
    h.transport->Enqueue(MakeResponse(status));
    h.transport->Enqueue(MakeResponse(200));
    auto r = h.Get(h.ctx().WithTimeout(absl::Minutes(5)));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->attempts, 2) << status;
  }
}

TEST(RetryTest, OnlyRetryableConflictsAreRetried) {
  // ARM's "wait for the other operation" conflict, as code or as a detail.
  for (const nlohmann::json& error :
       {nlohmann::json{{"code", "AnotherOperationInProgress"},
                       {"message", "Another operation on this or dependent resource is in "
                                   "progress."}},
        nlohmann::json{
            {"code", "Conflict"},
            {"message", "busy"},
            {"details", {{{"code", "AnotherOperationInProgress"}, {"message", "x"}}}}}}) {
    Harness h;
    h.transport->Enqueue(MakeJsonResponse(409, {{"error", error}}, {{"Retry-After", "3"}}));
    h.transport->Enqueue(MakeResponse(200));
    auto r = h.Get(h.ctx().WithTimeout(absl::Minutes(5)));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->attempts, 2) << error.dump();
    EXPECT_EQ(h.clock.sleeps(), std::vector<absl::Duration>{absl::Seconds(3)});
  }
  // Conflicts that describe a state waiting cannot change.
  for (const char* code : {"Conflict", "CannotDeleteResource", "PropertyChangeNotAllowed",
                           "MissingSubscriptionRegistration", "ResourceGroupBeingDeleted"}) {
    Harness h;
    h.transport->SetHandler([code](const HttpRequest&) {
      return MakeJsonResponse(409, {{"error", {{"code", code}, {"message", "no"}}}});
    });
    auto r = h.Get(h.ctx().WithTimeout(absl::Minutes(5)));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->attempts, 1) << code;
  }
  EXPECT_TRUE(IsRetryableConflictCode("anotheroperationinprogress"));
  EXPECT_FALSE(IsRetryableConflictCode(""));
  // A 409 whose body is not JSON is not retried either.
  EXPECT_FALSE(IsRetryableResponse(MakeResponse(409, "<html>busy</html>")));
}

TEST(RetryTest, BoundedByDeadlineNotByCount) {
  Harness h;
  h.transport->SetHandler([](const HttpRequest&) { return MakeResponse(503); });
  auto r = h.Get(h.ctx().WithTimeout(absl::Minutes(30)));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 503);
  // Well beyond azure-core's 3 retries: backoff caps at 60s*1.05 until 30 min are used.
  EXPECT_GT(h.transport->requests().size(), 20u);
  absl::Duration slept;
  for (auto d : h.clock.sleeps()) slept += d;
  EXPECT_LE(slept, absl::Minutes(30));
}

TEST(RetryTest, NoDeadlineUsesAttemptCap) {
  RetryOptions o;
  o.max_attempts_without_deadline = 4;
  Harness h(o);
  h.transport->SetHandler([](const HttpRequest&) { return MakeResponse(500); });
  auto r = h.Get(h.ctx());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->attempts, 4);
}

TEST(RetryTest, RetryAfterBeyondDeadlineReturnsLastResponse) {
  Harness h;
  h.transport->Enqueue(MakeResponse(429, "", {{"Retry-After", "120"}}));
  auto r = h.Get(h.ctx().WithTimeout(absl::Seconds(60)));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 429);
  EXPECT_TRUE(h.clock.sleeps().empty());
}

TEST(RetryTest, CancellationStopsRetrying) {
  Harness h;
  CancellationSource source;
  h.clock.set_on_sleep([&](absl::Duration) { source.Cancel(); });
  h.transport->SetHandler([](const HttpRequest&) { return MakeResponse(503); });
  auto r = h.Get(h.ctx().WithCancellation(source));
  EXPECT_TRUE(absl::IsCancelled(r.status())) << r.status();
  EXPECT_EQ(h.transport->requests().size(), 1u);
}

TEST(BearerTest, RefreshesOnceOn401) {
  Harness h;
  h.transport->Enqueue(MakeResponse(401));
  h.transport->Enqueue(MakeResponse(200));
  auto r = h.Get(h.ctx());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  auto reqs = h.transport->requests();
  EXPECT_EQ(reqs[0].headers["Authorization"], "Bearer tok-1");
  EXPECT_EQ(reqs[1].headers["Authorization"], "Bearer tok-2");
}

TEST(BearerTest, RefreshesBeforeExpiry) {
  Harness h;
  h.transport->SetHandler([](const HttpRequest&) { return MakeResponse(200); });
  ASSERT_TRUE(h.Get(h.ctx()).ok());
  h.clock.Advance(absl::Minutes(54));
  ASSERT_TRUE(h.Get(h.ctx()).ok());
  EXPECT_EQ(h.inner->calls, 1);
  h.clock.Advance(absl::Minutes(2));  // 4 min left: inside the 5 min window
  ASSERT_TRUE(h.Get(h.ctx()).ok());
  EXPECT_EQ(h.inner->calls, 2);
  EXPECT_EQ(h.transport->requests()[2].headers["Authorization"], "Bearer tok-2");
}

TEST(RedactTest, LogsNeverContainSecrets) {
  testing::LogCapture capture(log::Level::kTrace);
  Harness h;
  h.transport->Enqueue(MakeJsonResponse(
      200, {{"access_token", "eyJhbGciOi.eyJzdWIiOi.sigpart"}, {"expires_in", 3599}},
      {{"Set-Cookie", "session=abc"}}));
  ASSERT_TRUE(h.pipeline
                  ->Send({"POST", "https://login.example/t/oauth2/v2.0/token?sig=SASSIG123",
                          {{"Content-Type", "application/x-www-form-urlencoded"},
                           {"X-IDENTITY-HEADER", "idheader-secret"}},
                          "grant_type=client_credentials&client_id=abc&client_secret=TopSecret1"
                          "&client_assertion=ASSERTIONXYZ"},
                         h.ctx())
                  .ok());
  std::string logs = capture.all();
  EXPECT_NE(logs.find("client_id=abc"), std::string::npos) << logs;
  for (const char* secret : {"TopSecret1", "ASSERTIONXYZ", "SASSIG123", "tok-1", "eyJhbGciOi",
                             "idheader-secret", "session=abc"}) {
    EXPECT_EQ(logs.find(secret), std::string::npos) << secret << "\n" << logs;
  }
  EXPECT_NE(logs.find("REDACTED"), std::string::npos);
}

TEST(RedactTest, TextAndUrls) {
  EXPECT_EQ(RedactUrl("https://a.blob/c?sv=1&sig=abc%2Bdef&se=2"),
            "https://a.blob/c?sv=1&sig=REDACTED&se=2");
  EXPECT_EQ(RedactText(R"({"client_secret": "s3cr3t", "name":"x"})"),
            R"({"client_secret":"REDACTED","name":"x"})");
  EXPECT_EQ(RedactText("Authorization: Bearer abc.def"), "Authorization: Bearer REDACTED");
  EXPECT_EQ(RedactText(R"({"accountName":"a","primary":"k1","secondary":"k2"})"),
            R"({"accountName":"a","primary":"REDACTED","secondary":"REDACTED"})");
  EXPECT_EQ(RedactText(R"({"protectedSettings":{"k":"v","n":{"x":"}"}},"name":"e"})"),
            R"({"protectedSettings":"REDACTED","name":"e"})");
  EXPECT_EQ(RedactText(R"({"error":{"code":"Conflict","message":"m"}})"),
            R"({"error":{"code":"Conflict","message":"m"}})");
  EXPECT_EQ(RedactHeaderValue("authorization", "Bearer x"), "REDACTED");
  EXPECT_EQ(RedactHeaderValue("Location", "https://h/op?sig=1"), "https://h/op?sig=REDACTED");
  EXPECT_EQ(RedactHeaderValue("x-ms-request-id", "rid"), "rid");
}

}  // namespace
}  // namespace azbatch::azure
