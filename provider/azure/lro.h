// Long-running ARM operations: Azure-AsyncOperation, Location,
// provisioningState polling and delete-until-404.
#ifndef AZBATCH_PROVIDER_AZURE_LRO_H_
#define AZBATCH_PROVIDER_AZURE_LRO_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nlohmann/json.hpp"
#include "provider/azure/arm_client.h"

namespace azbatch::azure {

struct RegionProgress {
  std::string region;
  std::string state;  // "Replicating", "Completed", "Failed"
  int percent = -1;   // -1 when unknown
};

struct LroProgress {
  std::string method;
  std::string resource;
  std::string status;  // InProgress, Creating, Deleting, ...
  std::optional<double> percent;
  std::vector<RegionProgress> regions;  // gallery image version replication
  int polls = 0;
};

struct LroOptions {
  absl::Duration default_interval = absl::Seconds(10);  // without Retry-After
  absl::Duration min_interval = absl::Seconds(1);       // floor for Retry-After
  absl::Duration max_interval = absl::Seconds(60);      // cap for Retry-After
  // Transient errors tolerated in a row while reading operation status.
  int max_status_errors = 3;
  // ARM can answer 404 to a read right after a write; the final GET of a
  // PUT/PATCH retries a 404 this many times before giving up.
  int final_get_not_found_retries = 3;
  // False: a PUT/PATCH that completes through an operation URL returns the
  // operation's final status instead of GETting the resource, for callers
  // that read the resource themselves right after (one GET per write).
  bool final_get = true;
  std::function<void(const LroProgress&)> on_progress;
};

// Starts the operation and waits. Returns the final resource (PUT/PATCH: a
// GET of `path`), or the operation result for POST.
absl::StatusOr<ArmResponse> PutAndWait(ArmClient& client, const std::string& path,
                                       const std::string& api_version, const nlohmann::json& body,
                                       const Context& ctx, const LroOptions& options = {});
absl::StatusOr<ArmResponse> PatchAndWait(ArmClient& client, const std::string& path,
                                         const std::string& api_version,
                                         const nlohmann::json& body, const Context& ctx,
                                         const LroOptions& options = {});
absl::StatusOr<ArmResponse> PostAndWait(ArmClient& client, const std::string& path,
                                        const std::string& api_version, const nlohmann::json& body,
                                        const Context& ctx, const LroOptions& options = {});
// Deletes and waits for the operation's terminal state, then GETs until one 404:
// a 200 there (ARM's read cache) is polled again, a 404 ends the delete. A
// resource that is already gone is success.
absl::Status DeleteAndWait(ArmClient& client, const std::string& path,
                           const std::string& api_version, const Context& ctx,
                           const LroOptions& options = {});

// Waits for an operation whose first response is `initial`.
absl::StatusOr<ArmResponse> WaitForCompletion(ArmClient& client, const std::string& method,
                                              const std::string& path,
                                              const std::string& api_version,
                                              const ArmResponse& initial, const Context& ctx,
                                              const LroOptions& options = {});

// Pieces exposed for tests and for resources that render progress.
LroProgress ProgressFromBody(const nlohmann::json& body);
absl::Duration PollInterval(const Headers& headers, absl::Time now, const LroOptions& options);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_LRO_H_
