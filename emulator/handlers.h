// Entry points and shared helpers of the ARM request handlers.
#ifndef AZBATCH_EMULATOR_HANDLERS_H_
#define AZBATCH_EMULATOR_HANDLERS_H_

#include <optional>
#include <string>
#include <vector>

#include "emulator/http_message.h"
#include "emulator/resource_types.h"
#include "emulator/state.h"
#include "nlohmann/json.hpp"

namespace azbatch::emulator {

struct ArmContext {
  Emulator* emu = nullptr;
  const HttpRequest* req = nullptr;
  std::string base_url;     // scheme://host:port of this emulator as the client sees it
  std::string api_version;
  nlohmann::json body;      // parsed request body (null when empty)
  std::vector<std::string> segs;
  double now = 0;           // emulated time
};

// --- arm_core.cc ---------------------------------------------------------
// Everything under /subscriptions (after authentication and throttling).
HttpResponse HandleArm(ArmContext& ctx);
std::string AbsoluteUrl(const ArmContext& ctx, const std::string& path_and_query);
// Real seconds a client should wait for `remaining` emulated seconds (1..60).
int RetryAfterSeconds(const Emulator& emu, double remaining);
HttpResponse ResourceNotFound(const ResourcePath& p);
HttpResponse ResourceGroupNotFound(const std::string& rg);
HttpResponse ParentNotFound(const ResourcePath& p);
// Validates ctx.body against `schema` in request mode; returns a 400 with
// `error_code` when the body is invalid.
std::optional<HttpResponse> ValidateBody(ArmContext& ctx, const std::string& schema,
                                         const std::string& error_code, bool partial = false);
std::optional<HttpResponse> ValidateValue(ArmContext& ctx, const std::string& schema,
                                          const std::string& error_code,
                                          const nlohmann::json& value, bool partial);
nlohmann::json Render(const Resource& r, const ArmContext& ctx);
HttpResponse ListResponse(const ArmContext& ctx, const std::vector<Resource*>& items);
bool ResourceGroupExists(Emulator& emu, const ResourcePath& p);
// x-ms-secret properties (passwords, keys, protectedSettings): removed from
// responses (`remove`) or masked with "***" (request log).
void RedactSecrets(nlohmann::json& j, bool remove);
// Removes read-only top-level fields a client may echo back.
nlohmann::json StripEnvelope(const nlohmann::json& body);

// --- compute_handlers.cc / compute_rules.cc --------------------------------
HttpResponse HandleCompute(ArmContext& ctx, const ResourcePath& p);
// Type-specific checks of a PUT/PATCH result against the existing resource and
// referenced resources. Returns an ARM error or nothing.
std::optional<HttpResponse> CheckComputeRules(ArmContext& ctx, const ResourcePath& p,
                                              const nlohmann::json& next,
                                              const Resource* existing);
std::optional<HttpResponse> CheckComputeName(const ResourcePath& p);
HttpResponse PropertyChangeNotAllowed(const std::string& property);

// --- batch_accounts.cc / batch_pools.cc -----------------------------------
HttpResponse HandleBatchAccount(ArmContext& ctx, const ResourcePath& p);
// /subscriptions/{s}/providers/Microsoft.Batch/locations/{loc}/...
HttpResponse HandleBatchLocation(ArmContext& ctx);
HttpResponse HandleBatchPool(ArmContext& ctx, const ResourcePath& p);
// --- batch_skus.cc: the VM sizes Batch offers and account default quotas ---
int CoresForVmSize(const std::string& vm_size);
std::string FamilyForVmSize(const std::string& vm_size);  // "" for sizes not in the table
// Fills the quota properties a BatchService account lacks with Batch's defaults.
void FillAccountQuotas(const Config& config, nlohmann::json& props);
HttpResponse HandleVirtualMachineSkus(ArmContext& ctx, const std::string& location);

// --- lro.cc ----------------------------------------------------------------
Operation& StartOperation(ArmContext& ctx, const std::string& kind, const std::string& key,
                          const std::string& method, double end, bool fails);
std::string OperationStatus(const Operation& op, double now);
// Azure-AsyncOperation status document / Location poll for operation `id`.
HttpResponse HandleOperationStatus(ArmContext& ctx, const std::string& id);
HttpResponse HandleOperationLocation(ArmContext& ctx, const std::string& id);
std::string CapsOperationUrl(const ArmContext& ctx, const std::string& sub,
                             const std::string& location, const std::string& op_id);

// --- simulation.cc ---------------------------------------------------------
// Advances every time-driven state machine to ctx.emu->clock.Now().
void Tick(Emulator& emu);
// Durations in emulated seconds.
double CreateDuration(const std::string& type);
double DeleteDuration(const std::string& type);
inline constexpr double kChildDeleteWindow = 15;  // parent refuses delete after a child delete
// Replication schedule for a gallery image version body (sets sim["regions"]).
double ScheduleReplication(Resource& r, const Resource* previous, double now);
void UpdateReplication(Resource& r, double now);
void UpdatePool(Emulator& emu, Resource& r, double now);

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_HANDLERS_H_
