// Microsoft.Batch pools: synchronous PUT/PATCH with ETag and If-Match /
// If-None-Match, LRO delete, stopResize, disableAutoScale, image checks and
// the resize simulation parameters (replica capacity, core quotas).
#include <algorithm>
#include <regex>

#include "emulator/handlers.h"

namespace azbatch::emulator {

using nlohmann::json;

namespace {

const char kPoolType[] = "Microsoft.Batch/batchAccounts/pools";
// Zero-node-only properties may change only while the pool has no nodes.
const char* const kAlwaysUpdatable[] = {"applicationPackages", "certificates", "metadata",
                                        "scaleSettings", "startTask"};

std::string ETagFor(const Resource& r) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "W/\"0x8D%013llX\"",
                static_cast<unsigned long long>(r.sim.value("etag_base", 0ULL)) + r.version);
  return buf;
}

HttpResponse PoolResponse(ArmContext& ctx, Resource& pool) {
  pool.body["etag"] = ETagFor(pool);
  HttpResponse r = JsonResponse(200, Render(pool, ctx));
  r.SetHeader("ETag", ETagFor(pool));
  return r;
}

HttpResponse Invalid(const std::string& message, const std::string& target) {
  return ArmError(400, "InvalidPropertyValue", message, target);
}

std::vector<long long> VersionKey(const std::string& name) {
  std::vector<long long> parts;
  size_t pos = 0;
  while (pos <= name.size()) {
    size_t dot = name.find('.', pos);
    if (dot == std::string::npos) dot = name.size();
    parts.push_back(std::atoll(name.substr(pos, dot - pos).c_str()));
    pos = dot + 1;
  }
  return parts;
}

// Finds the gallery image version a pool refers to (a version id, or a
// definition id meaning its latest version).
Resource* ResolveImage(Emulator& emu, const std::string& id) {
  if (Resource* r = emu.Find(id)) {
    if (IEquals(r->type, "Microsoft.Compute/galleries/images/versions")) return r;
    if (IEquals(r->type, "Microsoft.Compute/galleries/images")) {
      Resource* best = nullptr;
      for (Resource* v : emu.Children(r->id, "Microsoft.Compute/galleries/images/versions")) {
        if (v->body["properties"]["publishingProfile"].value("excludeFromLatest", false)) continue;
        if (best == nullptr || VersionKey(v->body.value("name", "")) >
                                   VersionKey(best->body.value("name", ""))) {
          best = v;
        }
      }
      return best;
    }
  }
  return nullptr;
}

int ReplicasIn(const Resource& version, const std::string& region) {
  const json regions = version.body.value("properties", json::object())
                          .value("publishingProfile", json::object())
                          .value("targetRegions", json::array());
  for (const json& tr : regions) {
    if (NormalizeRegion(tr.value("name", "")) == NormalizeRegion(region)) {
      return tr.value("regionalReplicaCount", 1);
    }
  }
  return 0;
}

std::optional<HttpResponse> CheckImage(Emulator& emu, const json& vmc, const Resource& account) {
  const json& ref = vmc.value("imageReference", json::object());
  std::string agent = ToLower(vmc.value("nodeAgentSkuId", ""));
  const std::string target = "properties.deploymentConfiguration.virtualMachineConfiguration";
  std::string os;
  if (ref.contains("id")) {
    std::string id = ref["id"];
    Resource* version = ResolveImage(emu, id);
    if (version == nullptr) {
      return Invalid("The specified image '" + id + "' does not exist.", target + ".imageReference.id");
    }
    size_t cut = version->id.rfind("/versions/");
    Resource* definition = emu.Find(version->id.substr(0, cut));
    const json& dprops = definition != nullptr ? definition->body["properties"] : json::object();
    if (!IEquals(dprops.value("osState", "Generalized"), "Generalized")) {
      return Invalid("Only Generalized images are supported by Batch pools.",
                     target + ".imageReference.id");
    }
    os = dprops.value("osType", "");
    if (version->body["properties"].value("provisioningState", "") != "Succeeded") {
      return Invalid("The image version '" + id + "' is not ready (provisioningState " +
                         version->body["properties"].value("provisioningState", "") + ").",
                     target + ".imageReference.id");
    }
    std::string region = account.body.value("location", "");
    bool replicated = false;
    for (const json& s : version->body["properties"]["replicationStatus"].value("summary", json::array())) {
      if (NormalizeRegion(s.value("region", "")) == NormalizeRegion(region) &&
          s.value("state", "") == "Completed") {
        replicated = true;
      }
    }
    if (!replicated) {
      return Invalid("The image version '" + id + "' has no replica in the Batch account region '" +
                         region + "'.",
                     target + ".imageReference.id");
    }
  } else {
    std::string offer = ToLower(ref.value("offer", "") + ref.value("publisher", ""));
    os = offer.find("windows") != std::string::npos ? "Windows" : "Linux";
  }
  bool windows_agent = agent.find("windows") != std::string::npos;
  if (!os.empty() && windows_agent != IEquals(os, "Windows")) {
    return Invalid("The node agent SKU '" + vmc.value("nodeAgentSkuId", "") +
                       "' does not match the image OS type '" + os + "'.",
                   target + ".nodeAgentSkuId");
  }
  return std::nullopt;
}

long QuotaValue(const json& props, const char* key) {
  const json& v = props.contains(key) ? props[key] : json();
  return v.is_number_integer() ? v.get<long>() : 0;
}

long NodesFromFormula(const std::string& formula) {
  static const std::regex re("\\$TargetDedicatedNodes\\s*=\\s*([0-9]+)");
  std::smatch m;
  return std::regex_search(formula, m, re) ? std::stol(m[1].str()) : 0;
}

void StartResize(Emulator& emu, Resource& pool, const Resource& account, double now) {
  json& props = pool.body["properties"];
  const json& scale = props["scaleSettings"];
  long target_d = 0, target_lp = 0;
  double timeout = 15 * 60;
  if (scale.contains("autoScale")) {
    target_d = NodesFromFormula(scale["autoScale"].value("formula", ""));
    props["autoScaleRun"] = {{"evaluationTime", IsoTime(now)},
                             {"results", "$TargetDedicatedNodes=" + std::to_string(target_d) +
                                             ";$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue"}};
  } else {
    const json& fixed = scale.value("fixedScale", json::object());
    target_d = fixed.value("targetDedicatedNodes", 0);
    target_lp = fixed.value("targetLowPriorityNodes", 0);
    timeout = ParseDuration(fixed.value("resizeTimeout", "PT15M"));
  }
  long cur_d = props.value("currentDedicatedNodes", 0L);
  long cur_lp = props.value("currentLowPriorityNodes", 0L);
  int cores = CoresForVmSize(props.value("vmSize", ""));
  std::string family = FamilyForVmSize(props.value("vmSize", ""));
  long used_d = 0, used_lp = 0, used_family = 0;
  for (Resource* other : emu.Children(account.id, kPoolType)) {
    if (other == &pool) continue;
    const json& op = other->body["properties"];
    int c = CoresForVmSize(op.value("vmSize", ""));
    used_d += c * op.value("currentDedicatedNodes", 0L);
    used_lp += c * op.value("currentLowPriorityNodes", 0L);
    if (!family.empty() && family == FamilyForVmSize(op.value("vmSize", ""))) {
      used_family += c * op.value("currentDedicatedNodes", 0L);
    }
  }
  const json& ap = account.body["properties"];
  // UserSubscription accounts carry no quota: the subscription's applies (not modelled).
  const bool user_sub = IEquals(ap.value("poolAllocationMode", ""), "UserSubscription");
  const long unlimited = 1L << 40;
  long cap_d = user_sub ? unlimited
                        : std::max(0L, (QuotaValue(ap, "dedicatedCoreQuota") - used_d) / cores);
  long cap_lp = user_sub ? unlimited
                         : std::max(0L, (QuotaValue(ap, "lowPriorityCoreQuota") - used_lp) / cores);
  // Per-family quota: a family the account does not list has quota 0.
  long family_cap = unlimited;
  if (!user_sub && !family.empty() && ap.value("dedicatedCoreQuotaPerVMFamilyEnforced", false)) {
    long family_quota = 0;
    for (const json& f : ap.value("dedicatedCoreQuotaPerVMFamily", json::array())) {
      if (f.is_object() && IEquals(f.value("name", ""), family)) {
        family_quota = f.value("coreQuota", 0L);
      }
    }
    family_cap = std::max(0L, (family_quota - used_family) / cores);
  }
  long goal_d = std::min({target_d, cap_d, family_cap}), goal_lp = std::min(target_lp, cap_lp);
  // Batch's resize error for the quota that stopped the pool short (family before account).
  json quota_error;
  if (goal_d < target_d && family_cap < cap_d) {
    quota_error = {{"code", "AccountVMSeriesCoreQuotaReached"},
                   {"message", "The specified account has reached VM series core quota for " +
                                   family}};
  } else if (goal_d < target_d) {
    quota_error = {{"code", "AccountCoreQuotaReached"},
                   {"message", "The specified account has reached VM core quota limit"}};
  } else if (goal_lp < target_lp) {
    quota_error = {{"code", "AccountLowPriorityCoreQuotaReached"},
                   {"message", "The specified account has reached VM low priority core quota limit"}};
  }
  double factor = 1;
  const json& ref = props["deploymentConfiguration"]["virtualMachineConfiguration"].value(
      "imageReference", json::object());
  if (ref.contains("id")) {
    if (Resource* v = ResolveImage(emu, ref["id"])) {
      double capacity = 300.0 * std::max(1, ReplicasIn(*v, account.body.value("location", "")));
      if (goal_d + goal_lp > capacity) factor = capacity / (goal_d + goal_lp);
    }
  }
  bool grow = goal_d > cur_d || goal_lp > cur_lp;
  props["resizeOperationStatus"] = {{"targetDedicatedNodes", target_d},
                                    {"targetLowPriorityNodes", target_lp},
                                    {"resizeTimeout", scale.contains("fixedScale")
                                                          ? scale["fixedScale"].value("resizeTimeout", "PT15M")
                                                          : "PT15M"},
                                    {"nodeDeallocationOption",
                                     pool.sim.value("nodeDeallocationOption", "Requeue")},
                                    {"startTime", IsoTime(now)}};
  pool.sim.erase("resize");
  if (goal_d == cur_d && goal_lp == cur_lp && goal_d == target_d && goal_lp == target_lp) {
    props["allocationState"] = "Steady";
    return;
  }
  props["allocationState"] = "Resizing";
  props["allocationStateTransitionTime"] = IsoTime(now);
  pool.sim["resize"] = {{"start", now},
                        {"delay", grow ? 120.0 : 30.0},
                        {"rate", grow ? 5.0 * factor : 20.0},
                        {"timeout", timeout},
                        {"from_d", cur_d},
                        {"from_lp", cur_lp},
                        {"goal_d", goal_d},
                        {"goal_lp", goal_lp},
                        {"quota_capped", goal_d < target_d || goal_lp < target_lp},
                        {"quota_error", quota_error}};
}

std::optional<HttpResponse> CheckScale(const json& props) {
  if (!props.contains("scaleSettings")) return std::nullopt;
  const json& s = props["scaleSettings"];
  if (s.contains("fixedScale") && s.contains("autoScale")) {
    return Invalid("Only one of fixedScale and autoScale may be set.", "properties.scaleSettings");
  }
  if (s.contains("fixedScale") && s["fixedScale"].contains("resizeTimeout")) {
    double t = ParseDuration(s["fixedScale"].value("resizeTimeout", ""));
    if (t < 300) {
      return Invalid("resizeTimeout must be an ISO-8601 duration of at least 5 minutes.",
                     "properties.scaleSettings.fixedScale.resizeTimeout");
    }
  }
  return std::nullopt;
}

}  // namespace

HttpResponse HandleBatchPool(ArmContext& ctx, const ResourcePath& p) {
  Emulator& emu = *ctx.emu;
  const std::string& method = ctx.req->method;
  Resource* account = emu.Find(p.ParentId());
  if (account == nullptr) return ParentNotFound(p);
  if (p.collection) return ListResponse(ctx, emu.Children(account->id, kPoolType));
  Resource* pool = emu.Find(p.Id());
  if (!p.action.empty()) {
    if (pool == nullptr) return ResourceNotFound(p);
    std::string action = ToLower(p.action);
    json& props = pool->body["properties"];
    if (action == "stopresize") {
      if (pool->sim.contains("resize") && !pool->sim["resize"].contains("stop_at")) {
        pool->sim["resize"]["stop_at"] = ctx.now;
        pool->sim["resize"]["stop_end"] = ctx.now + 10;
        props["allocationState"] = "Stopping";
      }
    } else if (action == "disableautoscale") {
      if (props["scaleSettings"].contains("autoScale")) {
        props["scaleSettings"] = {{"fixedScale",
                                   {{"targetDedicatedNodes", props.value("currentDedicatedNodes", 0)},
                                    {"targetLowPriorityNodes", props.value("currentLowPriorityNodes", 0)},
                                    {"resizeTimeout", "PT15M"}}}};
        props.erase("autoScaleRun");
      }
    } else {
      return ArmError(404, "NotFound", "Action '" + p.action + "' is not supported.");
    }
    pool->version++;
    props["lastModified"] = IsoTime(ctx.now);
    return PoolResponse(ctx, *pool);
  }
  if (method == "GET") {
    if (pool == nullptr) return ResourceNotFound(p);
    double window = emu.config.faults.read_after_write_404_seconds;
    if (window > 0 && Clock::RealNow() - pool->last_write_real < window) {
      return ResourceNotFound(p);
    }
    return PoolResponse(ctx, *pool);
  }
  if (method == "DELETE") {
    if (pool == nullptr) return EmptyResponse(204);
    if (pool->phase != "Deleting") {
      pool->phase = "Deleting";
      pool->phase_end = ctx.now + DeleteDuration(kPoolType);
      pool->body["properties"]["provisioningState"] = "Deleting";
      pool->body["properties"]["provisioningStateTransitionTime"] = IsoTime(ctx.now);
    }
    Operation& op = StartOperation(ctx, "pool", pool->id, "DELETE", pool->phase_end, false);
    HttpResponse r = EmptyResponse(202);
    r.SetHeader("Location", AbsoluteUrl(ctx, account->id + "/poolOperationResults/delete-" +
                                                 p.Name() + "-" + op.id +
                                                 "?api-version=" + ctx.api_version));
    r.SetHeader("Retry-After",
                std::to_string(RetryAfterSeconds(emu, pool->phase_end - ctx.now)));
    return r;
  }
  if (method != "PUT" && method != "PATCH") {
    return ArmError(405, "MethodNotAllowed", "Method not allowed.");
  }
  // Preconditions.
  std::string if_match = ctx.req->Header("if-match");
  std::string if_none = ctx.req->Header("if-none-match");
  if (!if_match.empty() &&
      (pool == nullptr || (if_match != "*" && if_match != ETagFor(*pool)))) {
    return ArmError(412, "ConditionNotMet",
                    "The condition specified using HTTP conditional header(s) is not met.");
  }
  if (method == "PUT" && if_none == "*" && pool != nullptr) {
    return ArmError(412, "ConditionNotMet",
                    "The condition specified using HTTP conditional header(s) is not met.");
  }
  if (pool != nullptr && pool->phase == "Deleting") {
    return ArmError(409, "PoolBeingDeleted", "The specified pool has been marked for deletion.");
  }
  if (method == "PATCH" && pool == nullptr) return ResourceNotFound(p);
  if (auto err = CheckComputeName(p)) {
    return Invalid("Pool names must be 1-64 letters, digits, hyphens and underscores.", "poolName");
  }
  if (auto err = ValidateBody(ctx, p.type->put_schema, "InvalidRequestBody", method == "PATCH")) {
    return *err;
  }
  json in = ctx.body.value("properties", json::object());
  if (auto err = CheckScale(in)) return *err;
  json props = pool != nullptr ? pool->body["properties"] : json::object();
  if (method == "PUT" && pool == nullptr) {
    if (!in.contains("vmSize")) return Invalid("vmSize is required.", "properties.vmSize");
    if (!in.contains("deploymentConfiguration")) {
      return Invalid("deploymentConfiguration is required.", "properties.deploymentConfiguration");
    }
    if (static_cast<long>(emu.Children(account->id, kPoolType).size()) >=
        account->body["properties"].value("poolQuota", 100L)) {
      return ArmError(409, "PoolQuotaReached", "The specified account has reached its pool quota.");
    }
  }
  long nodes = props.value("currentDedicatedNodes", 0L) + props.value("currentLowPriorityNodes", 0L);
  if (pool != nullptr && nodes > 0) {
    for (auto it = in.begin(); it != in.end(); ++it) {
      bool always = false;
      for (const char* k : kAlwaysUpdatable) always = always || it.key() == k;
      if (!always && props.contains(it.key()) && props[it.key()] != it.value()) {
        return ArmError(409, "OperationNotAllowed",
                        "Property '" + it.key() +
                            "' can only be changed while the pool has zero nodes.",
                        "properties." + it.key());
      }
    }
  }
  if (in.contains("deploymentConfiguration") &&
      in["deploymentConfiguration"].contains("virtualMachineConfiguration")) {
    if (auto err = CheckImage(emu, in["deploymentConfiguration"]["virtualMachineConfiguration"],
                              *account)) {
      return *err;
    }
  }
  if (method == "PUT" && pool != nullptr) {
    json kept = json::object();
    for (const char* k : {"creationTime", "provisioningState", "provisioningStateTransitionTime",
                          "allocationState", "allocationStateTransitionTime",
                          "currentDedicatedNodes", "currentLowPriorityNodes",
                          "resizeOperationStatus", "autoScaleRun", "currentNodeCommunicationMode"}) {
      if (props.contains(k)) kept[k] = props[k];
    }
    props = kept;
    if (!in.contains("interNodeCommunication")) props["interNodeCommunication"] = "Disabled";
    if (!in.contains("taskSlotsPerNode")) props["taskSlotsPerNode"] = 1;
    if (!in.contains("taskSchedulingPolicy")) {
      props["taskSchedulingPolicy"] = {{"nodeFillType", "Spread"}};
    }
  }
  bool scale_changed = pool == nullptr || in.contains("scaleSettings") || method == "PUT";
  json node_dealloc;
  for (auto it = in.begin(); it != in.end(); ++it) {
    if (it.key() == "provisioningState" || it.key() == "allocationState") continue;
    if (it.key() == "metadata" && it.value().empty()) {
      props.erase("metadata");
    } else if (it.key() == "startTask" && it.value().is_object() && it.value().empty()) {
      props.erase("startTask");
    } else {
      props[it.key()] = it.value();
    }
  }
  if (props.contains("scaleSettings") && props["scaleSettings"].contains("fixedScale")) {
    json& fixed = props["scaleSettings"]["fixedScale"];
    if (fixed.contains("nodeDeallocationOption")) node_dealloc = fixed["nodeDeallocationOption"];
    if (!fixed.contains("resizeTimeout")) fixed["resizeTimeout"] = "PT15M";
    if (!fixed.contains("targetDedicatedNodes")) fixed["targetDedicatedNodes"] = 0;
    if (!fixed.contains("targetLowPriorityNodes")) fixed["targetLowPriorityNodes"] = 0;
  } else if (props.contains("scaleSettings") && props["scaleSettings"].contains("autoScale")) {
    json& a = props["scaleSettings"]["autoScale"];
    if (!a.contains("evaluationInterval")) a["evaluationInterval"] = "PT15M";
  } else {
    props["scaleSettings"] = {{"fixedScale",
                               {{"targetDedicatedNodes", 0},
                                {"targetLowPriorityNodes", 0},
                                {"resizeTimeout", "PT15M"}}}};
  }
  if (pool == nullptr) {
    if (!props.contains("interNodeCommunication")) props["interNodeCommunication"] = "Disabled";
    if (!props.contains("taskSlotsPerNode")) props["taskSlotsPerNode"] = 1;
    if (!props.contains("taskSchedulingPolicy")) {
      props["taskSchedulingPolicy"] = {{"nodeFillType", "Spread"}};
    }
    props["creationTime"] = IsoTime(ctx.now);
    props["provisioningState"] = "Succeeded";
    props["provisioningStateTransitionTime"] = IsoTime(ctx.now);
    props["allocationState"] = "Steady";
    props["allocationStateTransitionTime"] = IsoTime(ctx.now);
    props["currentDedicatedNodes"] = 0;
    props["currentLowPriorityNodes"] = 0;
    Resource r;
    r.id = p.Id();
    r.type = kPoolType;
    r.sim["etag_base"] = std::stoull(RandomHex(5), nullptr, 16);
    emu.resources[ToLower(r.id)] = r;
    pool = &emu.resources[ToLower(r.id)];
    pool->body = {{"id", r.id}, {"name", p.Name()}, {"type", kPoolType}};
  } else {
    pool->version++;
  }
  props["lastModified"] = IsoTime(ctx.now);
  if (ctx.body.contains("identity")) pool->body["identity"] = ctx.body["identity"];
  if (ctx.body.contains("tags")) pool->body["tags"] = ctx.body["tags"];
  pool->body["properties"] = props;
  pool->last_write_real = Clock::RealNow();
  // The resize a scale change starts reports its deallocation option
  // (default Requeue) in resizeOperationStatus; scaleSettings never echo it.
  if (scale_changed) {
    pool->sim["nodeDeallocationOption"] = node_dealloc.is_null() ? json("Requeue") : node_dealloc;
  }
  if (scale_changed) StartResize(emu, *pool, *account, ctx.now);
  return PoolResponse(ctx, *pool);
}

}  // namespace azbatch::emulator
