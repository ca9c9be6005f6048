// Time-driven state: provisioning phases, gallery replication, pool resizes,
// deletions (including resource-group cascades) and provider registration.
#include <algorithm>
#include <cmath>

#include "emulator/handlers.h"

namespace azbatch::emulator {

using nlohmann::json;

double CreateDuration(const std::string& type) {
  std::string t = ToLower(type);
  if (t == "microsoft.compute/galleries") return 20;
  if (t == "microsoft.compute/galleries/images") return 15;
  if (t == "microsoft.compute/images") return 30;
  if (t == "microsoft.batch/batchaccounts") return 30;
  return 10;
}

double DeleteDuration(const std::string& type) {
  std::string t = ToLower(type);
  if (t == "microsoft.compute/galleries/images/versions") return 30;
  if (t == "microsoft.batch/batchaccounts") return 30;
  if (t == "microsoft.batch/batchaccounts/pools") return 60;
  if (t == "microsoft.resources/resourcegroups") return 20;
  return 15;
}

double ScheduleReplication(Resource& r, const Resource* previous, double now) {
  json regions = json::array();
  const json& pp = r.body["properties"]["publishingProfile"];
  double last = now;
  int fresh = 0;
  for (const json& tr : pp.value("targetRegions", json::array())) {
    std::string name = tr.value("name", "");
    int replicas = tr.value("regionalReplicaCount", 1);
    json entry;
    if (previous != nullptr && previous->sim.contains("regions")) {
      for (const json& old : previous->sim["regions"]) {
        if (NormalizeRegion(old.value("name", "")) == NormalizeRegion(name) &&
            old.value("replicas", 0) == replicas) {
          entry = old;
        }
      }
    }
    if (entry.is_null()) {
      double start = now + 5.0 * fresh++;
      entry = {{"name", DisplayRegion(name)},
               {"replicas", replicas},
               {"start", start},
               {"end", start + 60 + 20.0 * replicas}};
    }
    last = std::max(last, entry["end"].get<double>());
    regions.push_back(entry);
  }
  r.sim["regions"] = regions;
  UpdateReplication(r, now);
  return last;
}

void UpdateReplication(Resource& r, double now) {
  if (!r.sim.contains("regions")) return;
  json summary = json::array();
  bool all_done = true;
  for (const json& e : r.sim["regions"]) {
    double start = e["start"], end = e["end"];
    int progress = 0;
    std::string state = "Replicating";
    if (now >= end) {
      progress = 100;
      state = "Completed";
    } else {
      all_done = false;
      if (now > start) progress = static_cast<int>(100 * (now - start) / (end - start));
    }
    json s = {{"region", e["name"]}, {"state", state}, {"progress", progress}};
    if (state == "Completed") s["details"] = "";
    summary.push_back(s);
  }
  bool failed = r.phase_fails && r.phase.empty();
  if (failed) {
    for (json& s : summary) {
      if (s["state"] != "Completed") s["state"] = "Failed";
    }
  }
  r.body["properties"]["replicationStatus"] = {
      {"aggregatedState", failed ? "Failed" : (all_done ? "Completed" : "InProgress")},
      {"summary", summary}};
}

namespace {

struct NodeCounts {
  long dedicated;
  long low_priority;
};

long Along(long from, long to, double moved) {
  long dist = std::labs(to - from);
  long step = std::min(dist, static_cast<long>(std::floor(std::max(0.0, moved) + 1e-6)));
  return to >= from ? from + step : from - step;
}

}  // namespace

void UpdatePool(Emulator& emu, Resource& r, double now) {
  if (!r.sim.contains("resize")) return;
  json& rs = r.sim["resize"];
  json& props = r.body["properties"];
  double start = rs["start"], delay = rs["delay"], rate = rs["rate"], timeout = rs["timeout"];
  long from_d = rs["from_d"], from_lp = rs["from_lp"];
  long goal_d = rs["goal_d"], goal_lp = rs["goal_lp"];  // targets after quota caps
  auto at = [&](double t) {
    double moved = (t - start - delay) * rate;
    return NodeCounts{Along(from_d, goal_d, moved), Along(from_lp, goal_lp, moved)};
  };
  long dist = std::max(std::labs(goal_d - from_d), std::labs(goal_lp - from_lp));
  double t_done = start + delay + (rate > 0 ? dist / rate : 1e18);
  double t_timeout = start + timeout;
  json errors = json::array();
  double finish = -1;
  NodeCounts nodes{0, 0};
  if (rs.contains("stop_at")) {
    double stop_at = std::min({rs["stop_at"].get<double>(), t_done, t_timeout});
    nodes = at(stop_at);
    if (now >= rs["stop_end"].get<double>()) finish = rs["stop_end"];
    else props["allocationState"] = "Stopping";
  } else if (t_done <= t_timeout) {
    nodes = at(std::min(now, t_done));
    if (now >= t_done) {
      finish = t_done;
      nodes = NodeCounts{goal_d, goal_lp};
      if (rs.contains("quota_error") && rs["quota_error"].is_object()) {
        errors.push_back(rs["quota_error"]);
      } else if (rs.value("quota_capped", false)) {  // state written by older builds
        errors.push_back({{"code", "AccountCoreQuotaReached"},
                          {"message",
                           "The specified account has reached VM core quota limit"}});
      }
    }
  } else {
    nodes = at(std::min(now, t_timeout));
    if (now >= t_timeout) {
      finish = t_timeout;
      errors.push_back(
          {{"code", "AllocationTimedout"},
           {"message",
            "Desired number of dedicated nodes could not be allocated as the resize "
            "timeout was reached"}});
    }
  }
  props["currentDedicatedNodes"] = nodes.dedicated;
  props["currentLowPriorityNodes"] = nodes.low_priority;
  if (finish >= 0) {
    props["allocationState"] = "Steady";
    props["allocationStateTransitionTime"] = IsoTime(finish);
    if (!errors.empty()) props["resizeOperationStatus"]["errors"] = errors;
    r.sim.erase("resize");
  }
  (void)emu;
}

void Tick(Emulator& emu) {
  double now = emu.clock.Now();
  std::vector<std::string> doomed;
  for (auto& [key, r] : emu.resources) {
    if (IEquals(r.type, "Microsoft.Compute/galleries/images/versions")) UpdateReplication(r, now);
    if (IEquals(r.type, "Microsoft.Batch/batchAccounts/pools")) UpdatePool(emu, r, now);
    if (r.phase.empty() || now < r.phase_end) continue;
    if (r.phase == "Deleting") {
      doomed.push_back(key);
      continue;
    }
    if (r.phase_fails && !r.visible) {
      doomed.push_back(key);
      continue;
    }
    r.phase.clear();
    r.visible = true;
    if (r.body.contains("properties")) {
      r.body["properties"]["provisioningState"] = r.phase_fails ? "Failed" : "Succeeded";
    }
    if (IEquals(r.type, "Microsoft.Compute/galleries/images/versions")) UpdateReplication(r, now);
  }
  for (const std::string& key : doomed) {
    std::string prefix = key + "/";
    for (auto it = emu.resources.lower_bound(prefix); it != emu.resources.end();) {
      if (it->first.compare(0, prefix.size(), prefix) != 0) break;
      it = emu.resources.erase(it);
    }
    emu.resources.erase(key);
    // The parent briefly keeps refusing deletes, as ARM's cache still lists the child.
    size_t slash = key.rfind('/');
    if (slash != std::string::npos) slash = key.rfind('/', slash - 1);
    if (slash != std::string::npos) {
      auto parent = emu.resources.find(key.substr(0, slash));
      if (parent != emu.resources.end()) parent->second.child_deleted_at = now;
    }
  }
  for (auto it = emu.registration_end.begin(); it != emu.registration_end.end();) {
    if (now < it->second) {
      ++it;
      continue;
    }
    std::string& state = emu.registrations[it->first];
    if (state == "Registering") state = "Registered";
    if (state == "Unregistering") state = "NotRegistered";
    it = emu.registration_end.erase(it);
  }
}

}  // namespace azbatch::emulator
