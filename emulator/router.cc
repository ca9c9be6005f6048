#include "emulator/router.h"

#include "common/log.h"
#include "emulator/handlers.h"
#include "emulator/identity.h"

namespace azbatch::emulator {

using nlohmann::json;

namespace {

std::string Category(const std::string& method) {
  if (method == "GET" || method == "HEAD") return "reads";
  if (method == "DELETE") return "deletes";
  return "writes";
}

void LogRequest(Emulator& emu, const HttpRequest& req, const HttpResponse& resp,
                const std::string& request_id) {
  json body;
  if (!req.body.empty()) {
    body = json::parse(req.body, nullptr, false);
    // Never keep credentials: token requests are logged without their body.
    if (body.is_discarded()) body = nullptr;
    RedactSecrets(body, false);
  }
  // The state the answer reported, so a log shows when a resource became usable
  // (e.g. a pool's allocation reaching Steady with its nodes).
  json state = json::object();
  if (resp.status < 300 && !resp.body.empty()) {
    json answer = json::parse(resp.body, nullptr, false);
    if (answer.is_object() && answer.contains("properties") && answer["properties"].is_object()) {
      const json& p = answer["properties"];
      for (const char* key : {"provisioningState", "allocationState", "currentDedicatedNodes",
                              "currentLowPriorityNodes"}) {
        if (p.contains(key) && (p[key].is_string() || p[key].is_number())) state[key] = p[key];
      }
    }
  }
  emu.request_log.push_back({{"seq", ++emu.request_seq},
                             {"time", IsoTime(Clock::RealNow())},
                             {"method", req.method},
                             {"path", req.path},
                             {"api_version", req.Query("api-version")},
                             {"status", resp.status},
                             {"request_id", request_id},
                             {"body", body},
                             {"state", state}});
  while (emu.request_log.size() > 10000) emu.request_log.pop_front();
  emu.counts["total"]++;
  emu.counts["method:" + req.method]++;
  emu.counts["status:" + std::to_string(resp.status)]++;
}

}  // namespace

HttpResponse Router::Handle(const HttpRequest& req) {
  std::string host = req.Header("host");
  if (host.empty()) host = default_host_;
  std::string base_url = scheme_ + "://" + host;
  std::vector<std::string> segs = SplitPath(req.path);
  std::string request_id = NewGuid();
  std::string correlation = req.Header("x-ms-correlation-request-id");
  if (correlation.empty()) correlation = NewGuid();

  std::lock_guard<std::mutex> lock(emu_->mu);
  Emulator& emu = *emu_;
  Tick(emu);
  HttpResponse resp;
  bool arm = false;
  bool log_body = true;
  if (!segs.empty() && segs[0] == "_emulator") {
    return HandleAdmin(emu, req, base_url);  // not logged, not throttled
  } else if (segs.size() == 2 && IEquals(segs[0], "metadata") && IEquals(segs[1], "endpoints")) {
    resp = HandleMetadataEndpoints(req, base_url);
  } else if ((segs.size() == 4 && IEquals(segs[0], "metadata") && IEquals(segs[1], "identity")) ||
             (segs.size() == 2 && IEquals(segs[0], "msi") && IEquals(segs[1], "token"))) {
    resp = HandleImdsToken(emu, req);
  } else if ((segs.size() == 4 && IEquals(segs[1], "oauth2") && IEquals(segs[2], "v2.0") &&
              IEquals(segs[3], "token")) ||
             (segs.size() == 3 && IEquals(segs[1], "oauth2") && IEquals(segs[2], "token"))) {
    resp = HandleTokenRequest(emu, req, segs[0], base_url);
    log_body = false;
  } else if (req.method == "GET" && segs.size() >= 3 &&
             IEquals(segs[segs.size() - 2], ".well-known") &&
             IEquals(segs.back(), "openid-configuration") &&
             (segs.size() == 3 || (segs.size() == 4 && IEquals(segs[1], "v2.0")))) {
    resp = HandleOpenIdConfiguration(emu, segs[0], segs.size() == 4, base_url);
  } else if (req.method == "GET" && segs.size() >= 3 && IEquals(segs[1], "discovery") &&
             IEquals(segs.back(), "keys") &&
             (segs.size() == 3 || (segs.size() == 4 && IEquals(segs[2], "v2.0")))) {
    resp = HandleJwks(emu, segs[0]);
  } else if (!segs.empty() && IEquals(segs[0], "subscriptions")) {
    arm = true;
    if (auto err = CheckBearer(emu, req, base_url)) {
      resp = *err;
    } else {
      std::string sub = segs.size() > 1 ? segs[1] : "";
      Throttler::Result t = emu.throttler.Take(sub, Category(req.method), emu.config.throttle,
                                               Clock::RealNow());
      FaultInjector::Kind fault = emu.faults.Next(ToLower(req.path));
      if (!t.allowed) {
        std::string kind = Category(req.method);
        resp = ArmError(429, "SubscriptionRequestsThrottled",
                        "Number of '" + kind.substr(0, kind.size() - 1) +
                            "' requests for subscription '" + sub +
                            "' exceeded. Please try again after '" +
                            std::to_string(t.retry_after_seconds) +
                            "' seconds after the last request.");
        resp.SetHeader("Retry-After", std::to_string(t.retry_after_seconds));
      } else if (fault == FaultInjector::Kind::kDrop) {
        resp.drop_connection = true;
      } else if (fault == FaultInjector::Kind::kThrottle) {
        resp = ArmError(429, "TooManyRequests", "Too many requests (injected fault).");
        resp.SetHeader("Retry-After", "1");
      } else if (fault == FaultInjector::Kind::kInternal) {
        resp = ArmError(500, "InternalServerError", "Internal server error (injected fault).");
      } else if (fault == FaultInjector::Kind::kUnavailable) {
        resp = ArmError(503, "ServiceUnavailable", "Service unavailable (injected fault).");
        resp.SetHeader("Retry-After", "1");
      } else {
        ArmContext ctx;
        ctx.emu = &emu;
        ctx.req = &req;
        ctx.base_url = base_url;
        ctx.api_version = req.Query("api-version");
        ctx.segs = segs;
        ctx.now = emu.clock.Now();
        bool body_ok = true;
        if (!req.body.empty()) {
          ctx.body = json::parse(req.body, nullptr, false);
          if (ctx.body.is_discarded() || !ctx.body.is_object()) {
            body_ok = false;
            resp = ArmError(400, "InvalidRequestContent",
                            "The request content was invalid and could not be deserialized.");
          }
        }
        if (body_ok && (req.method == "PUT" || req.method == "PATCH") && ctx.body.is_null()) {
          ctx.body = json::object();
        }
        if (body_ok) resp = HandleArm(ctx);
      }
      resp.SetHeader(t.header, std::to_string(t.remaining));
    }
  } else {
    resp = ArmError(404, "NotFound", "The requested path '" + req.path + "' is not served.");
  }
  resp.SetHeader("x-ms-request-id", request_id);
  resp.SetHeader("x-ms-correlation-request-id", correlation);
  if (arm) resp.SetHeader("x-ms-routing-request-id", "EMULATOR:" + request_id);
  if (resp.GetHeader("Content-Type").empty() && !resp.body.empty()) {
    resp.SetHeader("Content-Type", "application/json; charset=utf-8");
  }
  HttpRequest logged = req;
  if (!log_body) logged.body.clear();
  LogRequest(emu, logged, resp, request_id);
  if (arm && req.method != "GET" && req.method != "HEAD" && resp.status < 400) emu.Save();
  return resp;
}

}  // namespace azbatch::emulator
