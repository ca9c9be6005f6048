// Unit-test support: a tiny in-memory ARM behind azure::FakeTransport, and a
// resolver handing resources a client over it (virtual clock, no sleeping).
#ifndef AZBATCH_RESOURCES_COMMON_TEST_ARM_H_
#define AZBATCH_RESOURCES_COMMON_TEST_ARM_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "provider/azure/fake_transport.h"
#include "provider/azure/pipeline.h"
#include "resources/common/arm_access.h"

namespace azbatch::resources::common::testing {

inline constexpr char kSub[] = "00000000-0000-0000-0000-0000000000bb";

// Resources keyed by lower-cased id. PUT/PATCH answer 200/201 with a terminal
// provisioningState (so no polling), DELETE removes, POST actions answer 200.
class MiniArm {
 public:
  MiniArm() {
    transport_->SetHandler([this](const azure::HttpRequest& r) { return Handle(r); });
    azure::RetryOptions retry;
    retry.random = [] { return 0.0; };
    auto pipeline = azure::BuildPipeline({transport_, nullptr, "", nullptr, "", retry});
    azure::ArmClientOptions o;
    o.endpoint = "https://arm.test";
    o.subscription_id = kSub;
    client_ = std::make_shared<azure::ArmClient>(pipeline, o);
  }

  ArmResolver Resolver() {
    return [this](const framework::Context&) -> absl::StatusOr<ArmAccess> {
      return ArmAccess{client_, azure::Context().WithClock(&clock_).WithTimeout(absl::Hours(3))};
    };
  }

  // Stores a resource as if created out of band.
  void Seed(const std::string& id, nlohmann::json body) {
    body["id"] = id;
    body["name"] = LastSegment(id);
    store_[absl::AsciiStrToLower(id)] = body;
  }
  nlohmann::json* Find(const std::string& id) {
    auto it = store_.find(absl::AsciiStrToLower(id));
    return it == store_.end() ? nullptr : &it->second;
  }
  void Erase(const std::string& id) { store_.erase(absl::AsciiStrToLower(id)); }
  // Requests seen as "METHOD path-without-host-and-query" plus bodies.
  struct Seen {
    std::string method, path, query;
    nlohmann::json body;
    azure::Headers headers;
  };
  const std::vector<Seen>& seen() const { return seen_; }
  std::vector<Seen> Writes() const {
    std::vector<Seen> out;
    for (const Seen& s : seen_) {
      if (s.method != "GET") out.push_back(s);
    }
    return out;
  }
  // Makes every PUT fail its operation (async) after being accepted.
  bool fail_put_operation = false;
  // Hook to decorate stored bodies on PUT (e.g. fill read-only properties).
  std::function<void(nlohmann::json&)> on_put;

 private:
  static std::string LastSegment(const std::string& id) {
    std::vector<std::string> parts = absl::StrSplit(id, '/');
    return parts.empty() ? "" : parts.back();
  }

  absl::StatusOr<azure::HttpResponse> Handle(const azure::HttpRequest& r) {
    std::string rest = r.url.substr(std::string("https://arm.test").size());
    std::string path = rest, query;
    if (size_t q = rest.find('?'); q != std::string::npos) {
      path = rest.substr(0, q);
      query = rest.substr(q + 1);
    }
    nlohmann::json body = r.body.empty() ? nlohmann::json() : nlohmann::json::parse(r.body);
    seen_.push_back({r.method, path, query, body, r.headers});
    if (absl::StartsWith(path, "/operations/")) {
      return azure::MakeJsonResponse(
          200, {{"status", "Failed"},
                {"error", {{"code", "InternalError"}, {"message", "replication failed"}}}});
    }
    const std::string key = absl::AsciiStrToLower(path);
    if (r.method == "POST") return azure::MakeJsonResponse(200, nlohmann::json::object());
    if (r.method == "GET") {
      auto it = store_.find(key);
      if (it == store_.end()) {
        return azure::MakeJsonResponse(
            404, {{"error", {{"code", "ResourceNotFound"}, {"message", "not found"}}}});
      }
      return azure::MakeJsonResponse(200, it->second);
    }
    if (r.method == "DELETE") {
      store_.erase(key);
      return azure::MakeResponse(200);
    }
    auto it = store_.find(key);
    nlohmann::json next;
    if (r.method == "PATCH") {
      if (it == store_.end()) return azure::MakeJsonResponse(404, {{"error", {{"code", "NotFound"}, {"message", "x"}}}});
      next = it->second;
      next.merge_patch(body);
    } else {
      next = body;
      next["id"] = path;
      next["name"] = LastSegment(path);
      if (on_put) on_put(next);
    }
    int status = it == store_.end() ? 201 : 200;
    if (r.method == "PUT" && fail_put_operation) {
      store_[key] = next;
      return azure::MakeResponse(201, next.dump(),
                                 {{"Content-Type", "application/json"},
                                  {"Azure-AsyncOperation", "https://arm.test/operations/op1"}});
    }
    next["properties"]["provisioningState"] = "Succeeded";
    store_[key] = next;
    return azure::MakeJsonResponse(status, next);
  }

  azure::FakeClock clock_;
  std::shared_ptr<azure::FakeTransport> transport_ = std::make_shared<azure::FakeTransport>();
  std::shared_ptr<azure::ArmClient> client_;
  std::map<std::string, nlohmann::json> store_;
  std::vector<Seen> seen_;
};

}  // namespace azbatch::resources::common::testing

#endif  // AZBATCH_RESOURCES_COMMON_TEST_ARM_H_
