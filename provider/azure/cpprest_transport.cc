#include "provider/azure/cpprest_transport.h"

#include <chrono>
#include <exception>
#include <map>
#include <mutex>
#include <string>

#include <cpprest/http_client.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

namespace azbatch::azure {
namespace {

namespace http = web::http;
namespace client = web::http::client;

class CpprestTransport : public Transport {
 public:
  explicit CpprestTransport(CpprestTransportOptions options) : options_(options) {}

  absl::StatusOr<HttpResponse> Send(const HttpRequest& request, const Context& ctx) override {
    absl::StatusOr<Url> url = ParseUrl(request.url);
    if (!url.ok()) return url.status();
    if (absl::Status s = CheckUrlAllowed(*url); !s.ok()) return s;
    if (absl::Status s = ctx.Check(); !s.ok()) return s;
    try {
      std::shared_ptr<client::http_client> c = ClientFor(*url);
      http::http_request msg{http::method(request.method)};
      msg.set_request_uri(url->path_and_query);
      for (const auto& [name, value] : request.headers) {
        if (name == "Content-Type") continue;  // set with the body
        msg.headers().add(name, value);
      }
      if (!request.body.empty() || request.method == "PUT" || request.method == "POST" ||
          request.method == "PATCH") {
        auto ct = request.headers.find("Content-Type");
        msg.set_body(request.body, ct == request.headers.end() ? "application/json"
                                                               : ct->second);
      }
      pplx::cancellation_token_source cts;
      pplx::task<http::http_response> task = c->request(msg, cts.get_token());
      // Wait in short slices so StopProvider and deadlines interrupt promptly.
      auto done = std::make_shared<absl::Notification>();
      // The continuation observes the outcome so an abandoned (cancelled)
      // request never leaves an unobserved exception behind.
      task.then([done](pplx::task<http::http_response> t) {
        try {
          t.wait();
        } catch (...) {
        }
        done->Notify();
      });
      while (!done->WaitForNotificationWithTimeout(absl::Milliseconds(25))) {
        if (!ctx.Check().ok()) break;
      }
      if (absl::Status s = ctx.Check(); !s.ok() && !task.is_done()) {
        cts.cancel();
        return s;
      }
      http::http_response resp = task.get();
      HttpResponse out;
      out.status = resp.status_code();
      out.reason = resp.reason_phrase();
      for (const auto& [name, value] : resp.headers()) out.headers[name] = value;
      std::vector<unsigned char> bytes = resp.extract_vector().get();
      out.body.assign(bytes.begin(), bytes.end());
      return out;
    } catch (const pplx::task_canceled&) {
      return absl::CancelledError("request cancelled");
    } catch (const http::http_exception& e) {
      return StatusForTransportError(request.method, *url, e.what(), e.error_code().value());
    } catch (const web::uri_exception& e) {
      return absl::InvalidArgumentError(absl::StrCat(
          request.method, " ", url->Authority(), ": the request URL is not a valid URI (",
          e.what(), "); this is not retried: an invalid URL stays invalid"));
    } catch (const std::exception& e) {
      return absl::UnavailableError(absl::StrCat(request.method, " ", url->Authority(),
                                                 ": transport error: ", e.what()));
    }
  }

 private:
  std::shared_ptr<client::http_client> ClientFor(const Url& url) {
    std::string key = url.Authority();
    std::lock_guard<std::mutex> lock(mu_);
    auto it = clients_.find(key);
    if (it != clients_.end()) return it->second;
    client::http_client_config config;
    config.set_validate_certificates(true);
    config.set_timeout(std::chrono::seconds(absl::ToInt64Seconds(options_.request_timeout)));
    auto c = std::make_shared<client::http_client>(web::uri(key), config);
    clients_[key] = c;
    return c;
  }

  CpprestTransportOptions options_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<client::http_client>> clients_;
};

}  // namespace

absl::Status StatusForTransportError(const std::string& method, const Url& url,
                                     const std::string& what, int code) {
  std::string where = absl::StrCat(method, " ", url.Authority());
  std::string host = absl::StrCat(url.host, ":", url.port);
  // cpprest's Boost.Asio client reports errors with the value of the Asio
  // error code, its category lost; an OpenSSL error keeps its packed form
  // (library and reason), a socket error is a small errno value.
  unsigned long packed = static_cast<unsigned int>(code);
  int lib = ERR_GET_LIB(packed);
  int reason = ERR_GET_REASON(packed);
  bool handshake = absl::StartsWith(what, "Error in SSL handshake");
  if (lib == ERR_LIB_SSL || lib == ERR_LIB_X509) {
    const char* text = ERR_reason_error_string(packed);
    std::string detail = text != nullptr ? text : absl::StrCat("OpenSSL error ", packed);
    if (lib == ERR_LIB_SSL && reason == SSL_R_CERTIFICATE_VERIFY_FAILED) {
      return absl::FailedPreconditionError(absl::StrCat(
          "TLS certificate verification failed for host ", host, " (", where, ": ", detail,
          "): the server's certificate is not trusted - self-signed, expired, issued for "
          "another host name or by a CA missing from the system trust store. Not retried: "
          "retrying cannot fix a certificate"));
    }
    bool cut_short = false;  // the peer closed the connection: worth another attempt
#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING
    cut_short = lib == ERR_LIB_SSL && reason == SSL_R_UNEXPECTED_EOF_WHILE_READING;
#endif
    if (!cut_short && lib == ERR_LIB_SSL && reason >= SSL_AD_REASON_OFFSET) {
      // A TLS alert from the server: it refused our certificate (or its
      // absence), the protocol version or the cipher suites.
      return absl::FailedPreconditionError(absl::StrCat(
          "TLS: host ", host, " refused the connection with the alert \"", detail, "\" (",
          where, "), e.g. it requires or rejects the client certificate; not retried"));
    }
    if (!cut_short && handshake) {
      return absl::FailedPreconditionError(absl::StrCat(
          "TLS handshake with host ", host, " failed (", where, ": ", detail, "); not retried"));
    }
    return absl::UnavailableError(absl::StrCat(where, ": TLS connection error: ", detail));
  }
  // Refused, reset, unreachable, timed out: the network may recover.
  return absl::UnavailableError(absl::StrCat(where, ": connection error: ", what));
}

std::shared_ptr<Transport> NewCpprestTransport(CpprestTransportOptions options) {
  return std::make_shared<CpprestTransport>(options);
}

}  // namespace azbatch::azure
