// ARM-style per-subscription token buckets and seeded fault injection.
#ifndef AZBATCH_EMULATOR_THROTTLING_H_
#define AZBATCH_EMULATOR_THROTTLING_H_

#include <map>
#include <random>
#include <string>

#include "nlohmann/json.hpp"

namespace azbatch::emulator {

struct ThrottleConfig {
  bool enabled = true;
  // Multiplies both bucket sizes and refill rates (reads 250 @ 25/s,
  // writes 200 @ 10/s, deletes 200 @ 10/s at scale 1).
  double scale = 1.0;
};

class Throttler {
 public:
  struct Result {
    bool allowed = true;
    long remaining = 0;
    int retry_after_seconds = 0;
    std::string header;  // x-ms-ratelimit-remaining-subscription-{reads|writes|deletes}
  };
  // `category` is "reads", "writes" or "deletes"; `now` is real seconds.
  Result Take(const std::string& subscription, const std::string& category,
              const ThrottleConfig& config, double now);
  void Reset() { buckets_.clear(); }

 private:
  struct Bucket {
    double tokens = -1;
    double last = 0;
  };
  std::map<std::string, Bucket> buckets_;
};

struct FaultConfig {
  unsigned long long seed = 1;
  double rate_429 = 0;
  double rate_500 = 0;
  double rate_503 = 0;
  double rate_drop = 0;
  // Probability that a newly started long-running operation ends Failed.
  double lro_failure_rate = 0;
  // After a successful PUT, GETs of that resource return 404 for this many
  // real seconds (eventual consistency of ARM's cache).
  double read_after_write_404_seconds = 0;
  // Only requests whose path contains this (case-insensitive) are affected.
  std::string path_contains;

  nlohmann::json ToJson() const;
  void Apply(const nlohmann::json& j);
};

class FaultInjector {
 public:
  enum class Kind { kNone, kThrottle, kInternal, kUnavailable, kDrop };
  void Configure(const FaultConfig& config);
  const FaultConfig& config() const { return config_; }
  Kind Next(const std::string& lower_path);
  bool NextLroFails();

 private:
  double Draw() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  FaultConfig config_;
  std::mt19937_64 rng_{1};
};

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_THROTTLING_H_
