#include "emulator/throttling.h"

#include <algorithm>
#include <cmath>

#include "emulator/http_message.h"

namespace azbatch::emulator {

Throttler::Result Throttler::Take(const std::string& subscription, const std::string& category,
                                  const ThrottleConfig& config, double now) {
  double capacity = category == "reads" ? 250 : 200;
  double refill = category == "reads" ? 25 : 10;
  capacity *= config.scale;
  refill *= config.scale;
  Result r;
  r.header = "x-ms-ratelimit-remaining-subscription-" + category;
  Bucket& b = buckets_[ToLower(subscription) + "|" + category];
  if (b.tokens < 0) {
    b.tokens = capacity;
    b.last = now;
  }
  b.tokens = std::min(capacity, b.tokens + (now - b.last) * refill);
  b.last = now;
  if (!config.enabled) {
    r.remaining = static_cast<long>(b.tokens);
    return r;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    r.remaining = static_cast<long>(b.tokens);
    return r;
  }
  r.allowed = false;
  r.remaining = 0;
  r.retry_after_seconds = std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / refill)));
  return r;
}

nlohmann::json FaultConfig::ToJson() const {
  return {{"seed", seed},
          {"rate_429", rate_429},
          {"rate_500", rate_500},
          {"rate_503", rate_503},
          {"rate_drop", rate_drop},
          {"lro_failure_rate", lro_failure_rate},
          {"read_after_write_404_seconds", read_after_write_404_seconds},
          {"path_contains", path_contains}};
}

void FaultConfig::Apply(const nlohmann::json& j) {
  seed = j.value("seed", seed);
  rate_429 = j.value("rate_429", rate_429);
  rate_500 = j.value("rate_500", rate_500);
  rate_503 = j.value("rate_503", rate_503);
  rate_drop = j.value("rate_drop", rate_drop);
  lro_failure_rate = j.value("lro_failure_rate", lro_failure_rate);
  read_after_write_404_seconds =
      j.value("read_after_write_404_seconds", read_after_write_404_seconds);
  path_contains = j.value("path_contains", path_contains);
}

void FaultInjector::Configure(const FaultConfig& config) {
  config_ = config;
  rng_.seed(config.seed);
}

FaultInjector::Kind FaultInjector::Next(const std::string& lower_path) {
  double total = config_.rate_429 + config_.rate_500 + config_.rate_503 + config_.rate_drop;
  if (total <= 0) return Kind::kNone;
  if (!config_.path_contains.empty() &&
      lower_path.find(ToLower(config_.path_contains)) == std::string::npos) {
    return Kind::kNone;
  }
  double x = Draw();
  if ((x -= config_.rate_429) < 0) return Kind::kThrottle;
  if ((x -= config_.rate_500) < 0) return Kind::kInternal;
  if ((x -= config_.rate_503) < 0) return Kind::kUnavailable;
  if ((x -= config_.rate_drop) < 0) return Kind::kDrop;
  return Kind::kNone;
}

bool FaultInjector::NextLroFails() {
  if (config_.lro_failure_rate <= 0) return false;
  return Draw() < config_.lro_failure_rate;
}

}  // namespace azbatch::emulator
