#include "resources/pool/pool_ops.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/iso8601_duration.h"
#include "common/log.h"
#include "provider/framework/host_cli.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"
#include "resources/common/field_table.h"
#include "resources/sizing/sizing.h"

namespace azbatch::resources::pool {

using nlohmann::json;

namespace {

const json& Props(const json& pool) { return common::JObj(pool, "properties"); }

std::string Progress(const json& pool) {
  const json& p = Props(pool);
  const json& fixed = common::JObj(common::JObj(p, "scaleSettings"), "fixedScale");
  auto count = [](const json& j, const char* key) { return common::JInt(j, key).value_or(0); };
  return absl::StrCat(count(p, "currentDedicatedNodes"), " dedicated / ",
                      count(p, "currentLowPriorityNodes"), " low-priority nodes",
                      fixed.empty() ? std::string()
                                    : absl::StrCat(" (target ", count(fixed, "targetDedicatedNodes"),
                                                   " / ", count(fixed, "targetLowPriorityNodes"), ")"));
}

}  // namespace

absl::StatusOr<json> WaitForSteady(common::ArmAccess& arm, const azure::ResourceId& id) {
  absl::Duration interval = absl::Seconds(1);
  json last;
  for (int poll = 0;; ++poll) {
    absl::StatusOr<azure::ArmResponse> r = arm.client->Get(id.String(), id.api_version(), arm.ctx);
    if (!r.ok()) return common::Wrap(r.status(), "waiting for a steady allocation state of", id);
    last = std::move(r->body);
    std::string state = common::JStr(Props(last), "allocationState").value_or("Steady");
    if (state == "Steady") return last;
    log::Info("pool", "waiting for a steady allocation state",
              {{"id", id.String()}, {"allocation_state", state}, {"nodes", Progress(last)},
               {"poll", absl::StrCat(poll)}});
    absl::Status slept = arm.ctx.Sleep(interval);
    if (!slept.ok()) {
      return absl::Status(slept.code(),
                          absl::StrCat(common::Describe(id), " is still ", state, " with ",
                                       Progress(last), " when the wait ended (", slept.message(),
                                       "). The pool is kept; the next plan reads its state again. "
                                       "Raise the timeouts block for large pools."));
    }
    interval = std::min(interval * 1.5, absl::Seconds(30));
  }
}

absl::StatusOr<json> StopResize(common::ArmAccess& arm, const azure::ResourceId& id) {
  log::Info("pool", "stopping the running resize before the update", {{"id", id.String()}});
  absl::StatusOr<azure::ArmResponse> r = arm.client->Post(
      absl::StrCat(id.String(), "/stopResize"), id.api_version(), json::object(), arm.ctx);
  if (!r.ok()) return common::Wrap(r.status(), "stopping the resize of", id);
  return WaitForSteady(arm, id);
}

std::optional<std::string> ResizeFailure(const json& pool, bool on_create) {
  const json& p = Props(pool);
  const json& status = common::JObj(p, "resizeOperationStatus");
  const json& errors = common::JArr(status, "errors");
  if (errors.empty()) return std::nullopt;
  std::vector<std::string> lines;
  bool timed_out = false;
  for (const json& e : errors) {
    std::string code = common::JStr(e, "code").value_or("Error");
    timed_out = timed_out || code == "AllocationTimedout";
    lines.push_back(absl::StrCat(code, ": ", common::JStr(e, "message").value_or("")));
  }
  std::string out = absl::StrCat("Azure stopped the resize with ", Progress(pool), ":\n  ",
                                 absl::StrJoin(lines, "\n  "));
  if (timed_out) {
    const json& fixed = common::JObj(common::JObj(p, "scaleSettings"), "fixedScale");
    int64_t nodes = common::JInt(fixed, "targetDedicatedNodes").value_or(0) +
                    common::JInt(fixed, "targetLowPriorityNodes").value_or(0);
    std::string timeout = common::JStr(fixed, "resizeTimeout").value_or("");
    absl::StrAppend(
        &out, "\nFor ", nodes, " nodes Azure's guidance is resize_timeout = \"",
        iso8601::Format(sizing::RecommendedResizeTimeout(nodes)),
        "\" (it is \"", timeout, "\") and at least ", sizing::MinReplicasPerRegion(nodes),
        " image replicas in the account's region (one per 300 VMs).");
  }
  if (on_create) {
    // A create that reports an error leaves the object tainted in the CLI's state.
    absl::StrAppend(&out,
                    "\nThe pool was created and is kept in state, marked tainted: the next apply "
                    "replaces it. Fix the cause (a longer resize_timeout, more image replicas, more "
                    "core quota) first. To keep this pool and resize it in place instead, "
                    "untaint it at the address your configuration gives it (the provider cannot "
                    "see addresses): ",
                    framework::CliCommand("untaint", "ADDRESS"),
                    " with ADDRESS such as azbatch_pool.NAME or a module path, then change "
                    "fixed_scale and apply.");
  } else {
    absl::StrAppend(&out,
                    "\nThe pool is kept in state. Fix the cause (a longer resize_timeout, more "
                    "image replicas, more core quota) and apply again: any change to fixed_scale "
                    "starts a new resize.");
  }
  return out;
}

}  // namespace azbatch::resources::pool
