// Exercises the real cpprestsdk transport against a loopback listener.
#include "provider/azure/cpprest_transport.h"

#include <unistd.h>

#include <cpprest/http_listener.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace azbatch::azure {
namespace {

namespace http = web::http;

class LoopbackServer {
 public:
  LoopbackServer() {
    for (int attempt = 0; attempt < 20; ++attempt) {
      port_ = 20000 + (getpid() * 7 + attempt * 131) % 20000;
      listener_ = std::make_unique<http::experimental::listener::http_listener>(
          web::uri(absl::StrCat("http://127.0.0.1:", port_)));
      listener_->support([](http::http_request req) {
        std::string path = req.relative_uri().path();
        if (path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        http::http_response resp(path == "/missing" ? 404 : 200);
        resp.headers().add("x-ms-request-id", "rid-1");
        std::string body = req.extract_string().get();
        resp.set_body(absl::StrCat(R"({"method":")", req.method(), R"(","echo":")", body,
                                   R"(","auth":")",
                                   req.headers().has("Authorization") ? "yes" : "no", "\"}"),
                      "application/json");
        req.reply(resp).wait();
      });
      try {
        listener_->open().wait();
        return;
      } catch (...) {
      }
    }
  }
  ~LoopbackServer() {
    try {
      listener_->close().wait();
    } catch (...) {
    }
  }
  std::string base() const { return absl::StrCat("http://127.0.0.1:", port_); }

 private:
  int port_ = 0;
  std::unique_ptr<http::experimental::listener::http_listener> listener_;
};

TEST(CpprestTransportTest, SendsAndReceives) {
  LoopbackServer server;
  auto t = NewCpprestTransport();
  HttpRequest req{"PUT", server.base() + "/x?api-version=1",
                  {{"Content-Type", "application/json"}, {"Authorization", "Bearer t"}},
                  "abc"};
  auto r = t->Send(req, Context().WithTimeout(absl::Seconds(20)));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("X-MS-REQUEST-ID").value_or(""), "rid-1");
  EXPECT_EQ(r->body, R"({"method":"PUT","echo":"abc","auth":"yes"})");
  auto missing = t->Send({"GET", server.base() + "/missing", {}, ""}, Context());
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
}

TEST(CpprestTransportTest, CancellationInterruptsInFlightRequest) {
  LoopbackServer server;
  auto t = NewCpprestTransport();
  CancellationSource source;
  std::thread canceller([&] {
    absl::SleepFor(absl::Milliseconds(100));
    source.Cancel();
  });
  absl::Time start = absl::Now();
  auto r = t->Send({"GET", server.base() + "/slow", {}, ""}, Context().WithCancellation(source));
  canceller.join();
  EXPECT_TRUE(absl::IsCancelled(r.status())) << r.status();
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(1000));
  // The abandoned request finishes in the background without harm.
  absl::SleepFor(absl::Milliseconds(1600));
  auto after = t->Send({"GET", server.base() + "/x", {}, ""}, Context());
  EXPECT_TRUE(after.ok()) << after.status();
}

TEST(CpprestTransportTest, DeadlineInterruptsInFlightRequest) {
  LoopbackServer server;
  auto t = NewCpprestTransport();
  auto r = t->Send({"GET", server.base() + "/slow", {}, ""},
                   Context().WithTimeout(absl::Milliseconds(100)));
  EXPECT_TRUE(absl::IsDeadlineExceeded(r.status())) << r.status();
  absl::SleepFor(absl::Milliseconds(1600));
}

}  // namespace
}  // namespace azbatch::azure
