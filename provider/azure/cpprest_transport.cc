#include "provider/azure/cpprest_transport.h"

#include <chrono>
#include <exception>
#include <map>
#include <mutex>
#include <string>

#include <cpprest/http_client.h>

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
      return absl::UnavailableError(absl::StrCat(request.method, " ", url->Authority(),
                                                 ": connection error: ", e.what()));
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

std::shared_ptr<Transport> NewCpprestTransport(CpprestTransportOptions options) {
  return std::make_shared<CpprestTransport>(options);
}

}  // namespace azbatch::azure
