#include "provider/azure/fake_transport.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace azbatch::azure {

HttpResponse MakeResponse(int status, std::string body, Headers headers) {
  HttpResponse r;
  r.status = status;
  r.reason = ReasonPhrase(status);
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

HttpResponse MakeJsonResponse(int status, const nlohmann::json& body, Headers headers) {
  headers["Content-Type"] = "application/json; charset=utf-8";
  return MakeResponse(status, body.dump(), std::move(headers));
}

void FakeTransport::Expect(const std::string& method, const std::string& url_contains,
                           absl::StatusOr<HttpResponse> response) {
  absl::MutexLock lock(&mu_);
  queue_.push_back({method, url_contains, std::move(response)});
}

void FakeTransport::SetHandler(Handler handler) { handler_ = std::move(handler); }
void FakeTransport::SetOnSend(std::function<void(const HttpRequest&)> f) {
  on_send_ = std::move(f);
}

absl::StatusOr<HttpResponse> FakeTransport::Send(const HttpRequest& request,
                                                 const Context& ctx) {
  if (on_send_) on_send_(request);
  Expectation e;
  {
    absl::MutexLock lock(&mu_);
    requests_.push_back(request);
    if (queue_.empty()) {
      if (!handler_) {
        return absl::InternalError(
            absl::StrCat("FakeTransport: unexpected ", request.method, " ", request.url));
      }
    } else {
      e = std::move(queue_.front());
      queue_.pop_front();
      if (!e.method.empty() && e.method != request.method) {
        return absl::InternalError(absl::StrCat("FakeTransport: expected ", e.method,
                                                ", got ", request.method, " ", request.url));
      }
      if (!e.url_contains.empty() && !absl::StrContains(request.url, e.url_contains)) {
        return absl::InternalError(absl::StrCat("FakeTransport: expected URL containing ",
                                                e.url_contains, ", got ", request.url));
      }
      return std::move(e.response);
    }
  }
  return handler_(request);
}

std::vector<HttpRequest> FakeTransport::requests() const {
  absl::MutexLock lock(&mu_);
  return requests_;
}

size_t FakeTransport::pending() const {
  absl::MutexLock lock(&mu_);
  return queue_.size();
}

}  // namespace azbatch::azure
