#include "resources/pool/pool_ops.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "provider/framework/host_cli.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"
#include "resources/pool/field_map.h"
#include "resources/pool_sizing/sizing.h"

namespace azbatch::resources::pool {

using nlohmann::json;

namespace {

const json& Props(const json& pool) { return common::JObj(pool, "properties"); }

std::string Progress(const json& pool) {
  const json& p = Props(pool);
  const json& fixed = common::JObj(common::JObj(p, "scaleSettings"), "fixedScale");
  return absl::StrCat(p.value("currentDedicatedNodes", 0), " dedicated / ",
                      p.value("currentLowPriorityNodes", 0), " low-priority nodes",
                      fixed.empty() ? std::string()
                                    : absl::StrCat(" (target ", fixed.value("targetDedicatedNodes", 0),
                                                   " / ", fixed.value("targetLowPriorityNodes", 0), ")"));
}

}  // namespace

absl::StatusOr<json> CreatePool(common::ArmAccess& arm, const azure::ResourceId& id,
                                const json& body) {
  absl::StatusOr<azure::ArmResponse> r = arm.client->Send(
      "PUT", id.String(), id.api_version(), body, arm.ctx, {{"If-None-Match", "*"}});
  if (!r.ok()) return common::Wrap(r.status(), "creating", id);
  return std::move(r->body);
}

absl::StatusOr<json> WaitForSteady(common::ArmAccess& arm, const azure::ResourceId& id) {
  absl::Duration interval = absl::Seconds(1);
  json last;
  for (int poll = 0;; ++poll) {
    absl::StatusOr<azure::ArmResponse> r = arm.client->Get(id.String(), id.api_version(), arm.ctx);
    if (!r.ok()) return common::Wrap(r.status(), "waiting for a steady allocation state of", id);
    last = std::move(r->body);
    std::string state = Props(last).value("allocationState", "Steady");
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
  const json errors = status.value("errors", json::array());
  if (!errors.is_array() || errors.empty()) return std::nullopt;
  std::vector<std::string> lines;
  bool timed_out = false;
  for (const json& e : errors) {
    std::string code = e.value("code", "Error");
    timed_out = timed_out || code == "AllocationTimedout";
    lines.push_back(absl::StrCat(code, ": ", e.value("message", "")));
  }
  std::string out = absl::StrCat("Azure stopped the resize with ", Progress(pool), ":\n  ",
                                 absl::StrJoin(lines, "\n  "));
  if (timed_out) {
    const json& fixed = common::JObj(common::JObj(p, "scaleSettings"), "fixedScale");
    int64_t nodes = fixed.value("targetDedicatedNodes", int64_t{0}) +
                    fixed.value("targetLowPriorityNodes", int64_t{0});
    std::string timeout = fixed.value("resizeTimeout", "");
    absl::StrAppend(
        &out, "\nFor ", nodes, " nodes Azure's guidance is resize_timeout = \"",
        pool_sizing::FormatIso8601Duration(pool_sizing::RecommendedResizeTimeout(nodes)),
        "\" (it is \"", timeout, "\") and at least ", pool_sizing::MinReplicasPerRegion(nodes),
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
