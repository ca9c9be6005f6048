// Emulator state: configuration, the scaled clock, resources, long-running
// operations, tokens, provider registrations and the request log. One mutex
// guards everything; handlers run with it held.
#ifndef AZBATCH_EMULATOR_STATE_H_
#define AZBATCH_EMULATOR_STATE_H_

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "emulator/jwt.h"
#include "emulator/spec_validator.h"
#include "emulator/throttling.h"
#include "nlohmann/json.hpp"

namespace azbatch::emulator {

inline constexpr char kDefaultClientId[] = "00000000-0000-0000-0000-000000000001";
inline constexpr char kDefaultClientSecret[] = "emulator-secret";
inline constexpr char kDefaultTenant[] = "00000000-0000-0000-0000-0000000000aa";
inline constexpr char kDefaultSubscription[] = "00000000-0000-0000-0000-0000000000bb";

struct Credential {
  std::string client_id;
  std::string client_secret;  // empty: secrets are refused for this client
  std::string tenant;
  bool allow_assertion = true;  // client_assertion (certificate / federated) accepted
  // Certificates registered for the app (PEM); certificate assertions must be
  // signed by one of them and name it in x5t / x5t#S256.
  std::vector<std::string> certificates;
  // Federated identity credentials: assertions from `issuer` about `subject`
  // for one of `audiences`, signed by a key of `jwks` (or of `certificates`).
  struct Federated {
    std::string issuer;
    std::string subject;
    std::vector<std::string> audiences = {"api://AzureADTokenExchange"};
    nlohmann::json jwks = nlohmann::json::object();
    std::vector<std::string> certificates;
  };
  std::vector<Federated> federated;
};

struct QuotaConfig {
  int dedicated_cores = 500;
  int low_priority_cores = 500;
  int pools = 100;
  // dedicatedCoreQuotaPerVMFamily[].coreQuota of every family; 0: the
  // account's dedicatedCoreQuota.
  int family_cores = 0;
  bool family_enforced = true;  // dedicatedCoreQuotaPerVMFamilyEnforced
};

struct Config {
  double time_scale = 60;  // emulated seconds per real second
  int token_lifetime_seconds = 3600;
  // App Service style managed identity: the X-IDENTITY-HEADER value accepted
  // by /msi/token (and by the IMDS path instead of "Metadata: true").
  std::string identity_header = "emulator-identity-header";
  std::vector<Credential> credentials;
  FaultConfig faults;
  ThrottleConfig throttle;
  QuotaConfig quotas;
  bool validate_bodies = true;
  // Namespaces registered by default in every subscription.
  std::vector<std::string> default_registered = {"Microsoft.Compute", "Microsoft.Batch",
                                                 "Microsoft.Resources"};

  nlohmann::json ToJson() const;  // never includes secrets
  absl::Status Apply(const nlohmann::json& j);
};

// Emulated time: unix seconds that advance `scale` times faster than real time.
class Clock {
 public:
  Clock();
  double Now() const;
  double scale() const { return scale_; }
  void SetScale(double scale);
  void Advance(double emulated_seconds);
  void SetAtLeast(double emulated_now);
  static double RealNow();

 private:
  double base_emulated_;
  std::chrono::steady_clock::time_point base_real_;
  double scale_ = 60;
};

struct Resource {
  std::string id;    // canonical id as created
  std::string type;  // canonical type, e.g. Microsoft.Compute/galleries/images
  nlohmann::json body;
  std::string phase;  // "", "Creating", "Updating", "Deleting", "Registering"
  double phase_end = 0;
  bool phase_fails = false;
  bool visible = true;  // false while created through a 202 (Batch accounts)
  double child_deleted_at = -1e18;
  double last_write_real = -1e18;
  nlohmann::json sim = nlohmann::json::object();
  unsigned long long version = 1;
};

struct Operation {
  std::string id;
  std::string kind;  // caps | account | pool | rg
  std::string resource_key;
  std::string method;
  double start = 0;
  double end = 0;
  bool fails = false;
  nlohmann::json result;  // final body for Location polls (PUT/PATCH)
};

struct Token {
  std::string client_id;
  std::string tenant;
  double expires_real = 0;
};

class Emulator {
 public:
  Emulator();

  std::mutex mu;
  Config config;
  Clock clock;
  std::string state_file;
  SpecValidator validator;
  Throttler throttler;
  FaultInjector faults;

  std::map<std::string, Resource> resources;  // key: lower-case id
  std::map<std::string, Operation> operations;
  std::unordered_map<std::string, Token> tokens;  // issued access tokens
  RsaKey signing_key;  // signs access tokens; kept in the state file
  std::map<std::string, std::string> registrations;  // "sub|ns" lower -> state
  std::map<std::string, double> registration_end;    // transition end (emulated)
  std::deque<nlohmann::json> request_log;
  unsigned long long request_seq = 0;
  std::map<std::string, long long> counts;

  // Lookup by id (case-insensitive). Invisible resources are not returned.
  Resource* Find(const std::string& id);
  Resource* FindAny(const std::string& id);
  std::vector<Resource*> Children(const std::string& parent_id, const std::string& type);
  std::string RegistrationState(const std::string& sub, const std::string& ns) const;

  // Applies the config side effects (clock scale, fault seed).
  void ApplyConfig();
  // Clears resources, operations, log, counters and throttle buckets.
  void Reset();
  nlohmann::json Snapshot() const;
  absl::Status Restore(const nlohmann::json& j);
  // Writes the state file atomically (no-op without --state-file).
  void Save();
  absl::Status Load();
};

// "West US 2" -> "westus2"; DisplayRegion("westus2") -> "West US 2".
std::string NormalizeRegion(const std::string& region);
std::string DisplayRegion(const std::string& region);
std::string IsoTime(double unix_seconds);
// Seconds of an ISO 8601 duration such as PT15M, PT1H30M, P1D, P1M (common/
// iso8601_duration.h, Units::kCalendar); -1 when invalid.
double ParseDuration(const std::string& iso);

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_STATE_H_
