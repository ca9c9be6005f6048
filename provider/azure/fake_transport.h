// Scriptable Transport for unit tests: canned responses in order, or a handler.
#ifndef AZBATCH_PROVIDER_AZURE_FAKE_TRANSPORT_H_
#define AZBATCH_PROVIDER_AZURE_FAKE_TRANSPORT_H_

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "nlohmann/json.hpp"
#include "provider/azure/http.h"

namespace azbatch::azure {

HttpResponse MakeResponse(int status, std::string body = "", Headers headers = {});
HttpResponse MakeJsonResponse(int status, const nlohmann::json& body, Headers headers = {});

class FakeTransport : public Transport {
 public:
  using Handler = std::function<absl::StatusOr<HttpResponse>(const HttpRequest&)>;

  // Queues a response for the next request; `method` and `url_contains`, when
  // not empty, are checked and a mismatch is returned as an Internal error.
  void Expect(const std::string& method, const std::string& url_contains,
              absl::StatusOr<HttpResponse> response);
  void Enqueue(absl::StatusOr<HttpResponse> response) { Expect("", "", std::move(response)); }
  // Used when the queue is empty.
  void SetHandler(Handler handler);
  // Runs before every Send (e.g. to advance a FakeClock).
  void SetOnSend(std::function<void(const HttpRequest&)> f);

  absl::StatusOr<HttpResponse> Send(const HttpRequest& request, const Context& ctx) override;

  std::vector<HttpRequest> requests() const;
  size_t pending() const;

 private:
  struct Expectation {
    std::string method, url_contains;
    absl::StatusOr<HttpResponse> response;
  };
  mutable absl::Mutex mu_;
  std::deque<Expectation> queue_ ABSL_GUARDED_BY(mu_);
  std::vector<HttpRequest> requests_ ABSL_GUARDED_BY(mu_);
  Handler handler_;
  std::function<void(const HttpRequest&)> on_send_;
};

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_FAKE_TRANSPORT_H_
