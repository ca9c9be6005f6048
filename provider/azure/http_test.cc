#include "provider/azure/http.h"

#include "gtest/gtest.h"
#include "provider/azure/cpprest_transport.h"
#include "provider/azure/fake_transport.h"

namespace azbatch::azure {
namespace {

TEST(HttpTest, HeadersAreCaseInsensitive) {
  HttpResponse r;
  r.headers["Retry-After"] = "5";
  EXPECT_EQ(r.Header("retry-after").value_or(""), "5");
  r.headers["RETRY-AFTER"] = "6";
  EXPECT_EQ(r.headers.size(), 1u);
  EXPECT_FALSE(r.Header("Location").has_value());
}

TEST(HttpTest, ParseUrl) {
  auto u = ParseUrl("https://Management.Azure.com/subscriptions/x?api-version=1");
  ASSERT_TRUE(u.ok()) << u.status();
  EXPECT_EQ(u->host, "management.azure.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->path_and_query, "/subscriptions/x?api-version=1");
  EXPECT_EQ(u->Authority(), "https://management.azure.com");
  auto v = ParseUrl("http://[::1]:8080");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->host, "::1");
  EXPECT_EQ(v->port, 8080);
  EXPECT_EQ(v->path_and_query, "/");
  EXPECT_EQ(v->Authority(), "http://[::1]:8080");
  EXPECT_FALSE(ParseUrl("/relative/path").ok());
  EXPECT_FALSE(ParseUrl("ftp://x").ok());
  EXPECT_FALSE(ParseUrl("https://h:99999/").ok());
  EXPECT_FALSE(ParseUrl("https://user:pw@h/").ok());
}

TEST(HttpTest, LoopbackDetection) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.10.20.30"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("LocalHost"));
  EXPECT_FALSE(IsLoopbackHost("128.0.0.1"));
  EXPECT_FALSE(IsLoopbackHost("127.0.0.1.evil.com"));
  EXPECT_FALSE(IsLoopbackHost("localhost.evil.com"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.1"));
}

TEST(HttpTest, PlainHttpOnlyToLoopbackAndImds) {
  EXPECT_TRUE(CheckUrlAllowed(*ParseUrl("http://127.0.0.1:8443/x")).ok());
  EXPECT_TRUE(CheckUrlAllowed(*ParseUrl("http://169.254.169.254/metadata")).ok());
  EXPECT_TRUE(CheckUrlAllowed(*ParseUrl("https://example.com/")).ok());
  EXPECT_FALSE(CheckUrlAllowed(*ParseUrl("http://example.com/")).ok());
}

TEST(HttpTest, CpprestTransportRefusesPlainHttpToRemoteHost) {
  auto t = NewCpprestTransport();
  HttpRequest req{"GET", "http://management.example.com/x", {}, ""};
  auto r = t->Send(req, Context());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(r.status())) << r.status();
}

TEST(HttpTest, CpprestTransportConnectionErrorIsUnavailable) {
  auto t = NewCpprestTransport();
  // Port 1 on loopback: nothing listens there.
  HttpRequest req{"GET", "http://127.0.0.1:1/x", {}, ""};
  auto r = t->Send(req, Context().WithTimeout(absl::Seconds(20)));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::IsUnavailable(r.status())) << r.status();
}

TEST(HttpTest, UrlEncode) {
  EXPECT_EQ(UrlEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(UrlEncode("AZaz09-_.~"), "AZaz09-_.~");
}

TEST(FakeTransportTest, ChecksExpectationsAndRecords) {
  FakeTransport t;
  t.Expect("GET", "/foo", MakeResponse(200, "ok"));
  t.Expect("PUT", "/bar", MakeResponse(201));
  auto r1 = t.Send({"GET", "https://h/foo", {}, ""}, Context());
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->body, "ok");
  auto r2 = t.Send({"GET", "https://h/bar", {}, ""}, Context());
  EXPECT_FALSE(r2.ok());
  auto r3 = t.Send({"GET", "https://h/baz", {}, ""}, Context());
  EXPECT_FALSE(r3.ok());  // queue empty, no handler
  EXPECT_EQ(t.requests().size(), 3u);
}

}  // namespace
}  // namespace azbatch::azure
