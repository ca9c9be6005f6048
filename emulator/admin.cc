// Admin API under /_emulator/ (never used by ARM clients): seeding raw ARM
// resources, out-of-band drift, configuration, request log and counters,
// reset and a clock jump.
#include "emulator/handlers.h"
#include "emulator/router.h"

namespace azbatch::emulator {

using nlohmann::json;

namespace {

HttpResponse BadRequest(const std::string& message) {
  return ArmError(400, "BadRequest", message);
}

void EnsureResourceGroup(Emulator& emu, const std::string& sub, const std::string& rg,
                         const std::string& location) {
  std::string id = "/subscriptions/" + sub + "/resourceGroups/" + rg;
  if (emu.FindAny(id) != nullptr) return;
  Resource r;
  r.id = id;
  r.type = "Microsoft.Resources/resourceGroups";
  r.body = {{"id", id},
            {"name", rg},
            {"type", r.type},
            {"location", NormalizeRegion(location)},
            {"properties", {{"provisioningState", "Succeeded"}}}};
  emu.resources[ToLower(id)] = r;
}

absl::Status Seed(Emulator& emu, const json& item, std::vector<std::string>* ids) {
  if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) {
    return absl::InvalidArgumentError("every seeded resource needs a string 'id'");
  }
  std::string raw_id = item["id"];
  if (raw_id.empty() || raw_id[0] != '/') raw_id = "/" + raw_id;
  std::vector<std::string> segs = SplitPath(raw_id);
  double now = emu.clock.Now();
  std::string location = NormalizeRegion(item.value("location", "eastus"));
  if (segs.size() == 4 && IEquals(segs[2], "resourceGroups")) {
    EnsureResourceGroup(emu, segs[1], segs[3], location);
    ids->push_back(raw_id);
    return absl::OkStatus();
  }
  ResourcePath p;
  std::string code, message;
  if (!ParseResourcePath(segs, &p, &code, &message) || p.collection || !p.action.empty()) {
    return absl::InvalidArgumentError("unsupported resource id: " + raw_id + " (" + message + ")");
  }
  EnsureResourceGroup(emu, p.subscription, p.resource_group, location);
  Resource r;
  r.id = p.Id();
  r.type = p.type->type;
  r.body = item;
  r.body["id"] = r.id;
  r.body["name"] = p.Name();
  r.body["type"] = r.type;
  r.body["location"] = location;
  if (!r.body.contains("properties") || !r.body["properties"].is_object()) {
    r.body["properties"] = json::object();
  }
  json& props = r.body["properties"];
  if (!props.contains("provisioningState")) props["provisioningState"] = "Succeeded";
  if (IEquals(r.type, "Microsoft.Compute/galleries/images/versions")) {
    json& pp = props["publishingProfile"];
    if (!pp.is_object()) pp = json::object();
    if (!pp.contains("targetRegions")) {
      pp["targetRegions"] = json::array({{{"name", DisplayRegion(location)},
                                          {"regionalReplicaCount", pp.value("replicaCount", 1)},
                                          {"storageAccountType", "Standard_LRS"}}});
    }
    if (!pp.contains("publishedDate")) pp["publishedDate"] = IsoTime(now);
    json regions = json::array();
    for (const json& tr : pp["targetRegions"]) {
      regions.push_back({{"name", DisplayRegion(tr.value("name", ""))},
                         {"replicas", tr.value("regionalReplicaCount", 1)},
                         {"start", now - 1},
                         {"end", now}});
    }
    r.sim["regions"] = regions;
    UpdateReplication(r, now);
  }
  if (IEquals(r.type, "Microsoft.Compute/snapshots") || IEquals(r.type, "Microsoft.Compute/disks")) {
    if (!props.contains("diskSizeGB")) props["diskSizeGB"] = 30;
    if (!props.contains("timeCreated")) props["timeCreated"] = IsoTime(now);
  }
  if (IEquals(r.type, "Microsoft.Batch/batchAccounts")) FillAccountQuotas(emu.config, props);
  if (IEquals(r.type, "Microsoft.Batch/batchAccounts/pools")) {
    r.sim["etag_base"] = std::stoull(RandomHex(5), nullptr, 16);
    if (!props.contains("allocationState")) props["allocationState"] = "Steady";
    if (!props.contains("currentDedicatedNodes")) props["currentDedicatedNodes"] = 0;
    if (!props.contains("currentLowPriorityNodes")) props["currentLowPriorityNodes"] = 0;
  }
  emu.resources[ToLower(r.id)] = std::move(r);
  ids->push_back(p.Id());
  return absl::OkStatus();
}

json RawResource(const Resource& r) {
  return {{"id", r.id}, {"type", r.type},         {"body", r.body},
          {"phase", r.phase}, {"visible", r.visible}, {"sim", r.sim}};
}

}  // namespace

HttpResponse HandleAdmin(Emulator& emu, const HttpRequest& req, const std::string& base_url) {
  std::vector<std::string> segs = SplitPath(req.path);
  std::string what = segs.size() > 1 ? ToLower(segs[1]) : "";
  const std::string& method = req.method;
  json body;
  if (!req.body.empty()) {
    body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return BadRequest("body is not JSON");
  }
  if (what == "health") {
    return JsonResponse(200, {{"status", "ok"}, {"base_url", base_url}});
  }
  if (what == "seed" && method == "POST") {
    json items = body.is_array() ? body : body.value("resources", json::array());
    std::vector<std::string> ids;
    for (const json& item : items) {
      absl::Status s = Seed(emu, item, &ids);
      if (!s.ok()) return BadRequest(std::string(s.message()));
    }
    emu.Save();
    return JsonResponse(200, {{"seeded", ids}});
  }
  if (what == "resources") {
    std::string id = req.Query("id");
    if (id.empty()) {
      json all = json::array();
      for (const auto& [key, r] : emu.resources) all.push_back(RawResource(r));
      return JsonResponse(200, {{"resources", all}});
    }
    Resource* r = emu.FindAny(id);
    if (r == nullptr) return ArmError(404, "ResourceNotFound", "No resource with id " + id);
    if (method == "GET") {
      bool raw = req.Query("raw") == "true" || req.Query("raw") == "1";
      return JsonResponse(200, raw ? RawResource(*r) : r->body);
    }
    if (method == "DELETE") {
      emu.resources.erase(ToLower(r->id));
      emu.Save();
      return EmptyResponse(204);
    }
    if (!body.is_object()) return BadRequest("body must be a JSON object");
    json keep = {{"id", r->body["id"]}, {"name", r->body["name"]}, {"type", r->body["type"]}};
    if (method == "PATCH") {
      r->body.merge_patch(body);
    } else if (method == "PUT") {
      r->body = body;
    } else {
      return ArmError(405, "MethodNotAllowed", "Method not allowed.");
    }
    r->body.update(keep);
    r->version++;
    emu.Save();
    return JsonResponse(200, r->body);
  }
  if (what == "config") {
    if (method == "GET") return JsonResponse(200, emu.config.ToJson());
    absl::Status s = emu.config.Apply(body);
    if (!s.ok()) return BadRequest(std::string(s.message()));
    emu.ApplyConfig();
    return JsonResponse(200, emu.config.ToJson());
  }
  if (what == "requests") {
    if (method == "DELETE") {
      emu.request_log.clear();
      return EmptyResponse(204);
    }
    unsigned long long since = 0;
    if (!req.Query("since").empty()) since = std::stoull(req.Query("since"));
    json out = json::array();
    for (const json& e : emu.request_log) {
      if (e["seq"].get<unsigned long long>() > since) out.push_back(e);
    }
    return JsonResponse(200, {{"requests", out}});
  }
  if (what == "counts") {
    json by_type = json::object();
    for (const auto& [key, r] : emu.resources) {
      if (r.visible) by_type[r.type] = by_type.value(r.type, 0) + 1;
    }
    return JsonResponse(200, {{"requests", emu.counts}, {"resources", by_type}});
  }
  if (what == "reset" && method == "POST") {
    emu.Reset();
    emu.Save();
    return JsonResponse(200, {{"reset", true}});
  }
  if (what == "advance" && method == "POST") {
    double seconds = body.is_object() ? body.value("seconds", 0.0) : 0.0;
    if (seconds < 0) return BadRequest("seconds must be >= 0");
    emu.clock.Advance(seconds);
    Tick(emu);
    return JsonResponse(200, {{"now", IsoTime(emu.clock.Now())}});
  }
  return ArmError(404, "NotFound", "Unknown admin endpoint '" + req.path + "'.");
}

}  // namespace azbatch::emulator
