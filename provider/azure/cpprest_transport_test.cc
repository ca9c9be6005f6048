// Exercises the real cpprestsdk transport against a loopback listener.
#include "provider/azure/cpprest_transport.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <cpprest/http_listener.h>

#include <atomic>
#include <cerrno>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/azure/pipeline.h"
#include "provider/azure/test_cert.h"
#include "provider/azure/test_util.h"

namespace azbatch::azure {
namespace {

namespace http = web::http;
using ::testing::HasSubstr;
using ::testing::Not;

class LoopbackServer {
 public:
  // `tls`: serve https with a throw-away self-signed certificate no trust
  // store holds.
  explicit LoopbackServer(bool tls = false) : scheme_(tls ? "https" : "http") {
    http::experimental::listener::http_listener_config config;
    if (tls) {
      std::string pem = testing::MakeTestCert("unused").pem;
      config.set_ssl_context_callback([pem](boost::asio::ssl::context& ctx) {
        ctx.use_certificate_chain(boost::asio::buffer(pem));
        ctx.use_private_key(boost::asio::buffer(pem), boost::asio::ssl::context::pem);
      });
    }
    for (int attempt = 0; attempt < 20; ++attempt) {
      port_ = 20000 + (getpid() * 7 + attempt * 131 + (tls ? 57 : 0)) % 20000;
      listener_ = std::make_unique<http::experimental::listener::http_listener>(
          web::uri(absl::StrCat(scheme_, "://127.0.0.1:", port_)), config);
      listener_->support([this](http::http_request req) {
        ++requests_;
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
  std::string base() const { return absl::StrCat(scheme_, "://127.0.0.1:", port_); }
  int requests() const { return requests_; }

 private:
  std::string scheme_;
  std::atomic<int> requests_{0};
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

std::shared_ptr<Pipeline> RetryingPipeline() {
  RetryOptions retry;
  retry.initial_delay = absl::Milliseconds(100);
  return BuildPipeline({NewCpprestTransport(), nullptr, "", nullptr, "", retry});
}

TEST(CpprestTransportTest, InvalidUriFailsAtOnceAsInvalidArgument) {
  LoopbackServer server;
  auto t = NewCpprestTransport();
  // A raw space in the path (what an unencoded "my images" produced).
  auto r = t->Send({"GET", server.base() + "/resourceGroups/my images", {}, ""}, Context());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(r.status())) << r.status();
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("not a valid URI"));
  // Through the retry policy: one attempt, no retry logged.
  testing::LogCapture capture(log::Level::kWarn);
  auto p = RetryingPipeline()->Send({"GET", server.base() + "/a b", {}, ""},
                                    Context().WithTimeout(absl::Seconds(120)));
  EXPECT_TRUE(absl::IsInvalidArgument(p.status())) << p.status();
  EXPECT_THAT(capture.all(), Not(HasSubstr("retrying request")));
  EXPECT_EQ(server.requests(), 0);
}

TEST(CpprestTransportTest, UntrustedCertificateFailsAtOnceWithAClearMessage) {
  LoopbackServer server(/*tls=*/true);
  auto t = NewCpprestTransport();
  auto r = t->Send({"GET", server.base() + "/x", {}, ""}, Context().WithTimeout(absl::Seconds(20)));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(r.status())) << r.status();
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("TLS certificate verification failed for host 127.0.0.1:"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("certificate verify failed"));
  testing::LogCapture capture(log::Level::kWarn);
  auto p = RetryingPipeline()->Send({"GET", server.base() + "/x", {}, ""},
                                    Context().WithTimeout(absl::Seconds(120)));
  EXPECT_TRUE(absl::IsFailedPrecondition(p.status())) << p.status();
  EXPECT_THAT(capture.all(), Not(HasSubstr("retrying request")));  // one attempt
  EXPECT_EQ(server.requests(), 0);  // no request got past the handshake
}

// cpprest hands over the Asio error's value with its category lost; OpenSSL
// errors keep their packed library and reason.
TEST(CpprestTransportTest, TransportErrorsAreClassifiedByWhatARetryCanDo) {
  const Url url = *ParseUrl("https://management.azure.com/x");
  auto ssl = [](int reason) { return static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, reason)); };
  struct Case {
    std::string what;
    int code;
    absl::StatusCode want;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"Error in SSL handshake", ssl(SSL_R_CERTIFICATE_VERIFY_FAILED),
            absl::StatusCode::kFailedPrecondition,
            "TLS certificate verification failed for host management.azure.com:443"},
           // The server refused the (missing) client certificate.
           {"Failed to read HTTP status line",
            ssl(SSL_AD_REASON_OFFSET + SSL_AD_CERTIFICATE_REQUIRED),
            absl::StatusCode::kFailedPrecondition, "refused the connection with the alert"},
           {"Error in SSL handshake", ssl(SSL_AD_REASON_OFFSET + SSL_AD_BAD_CERTIFICATE),
            absl::StatusCode::kFailedPrecondition, "refused the connection with the alert"},
           {"Error in SSL handshake", ssl(SSL_R_WRONG_VERSION_NUMBER),
            absl::StatusCode::kFailedPrecondition, "TLS handshake with host"},
           // The network cut the handshake short: retryable.
           {"Error in SSL handshake", ECONNRESET, absl::StatusCode::kUnavailable,
            "connection error: Error in SSL handshake"},
           {"Error in SSL handshake", ssl(SSL_R_UNEXPECTED_EOF_WHILE_READING),
            absl::StatusCode::kUnavailable, "TLS connection error"},
           {"Failed to connect to any resolved endpoint", EHOSTUNREACH,
            absl::StatusCode::kUnavailable, "connection error"},
           {"Failed to read HTTP status line", ETIMEDOUT, absl::StatusCode::kUnavailable,
            "connection error"},
       }) {
    absl::Status s = StatusForTransportError("GET", url, c.what, c.code);
    EXPECT_EQ(s.code(), c.want) << c.what << " " << c.code << ": " << s;
    EXPECT_THAT(std::string(s.message()), HasSubstr(c.says)) << s;
  }
}

}  // namespace
}  // namespace azbatch::azure
