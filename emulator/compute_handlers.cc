// Microsoft.Compute: galleries, gallery images, gallery image versions,
// managed images, snapshots and disks. PUT/PATCH answer 201/200 with a
// non-terminal provisioningState plus Azure-AsyncOperation; DELETE answers 202
// with Azure-AsyncOperation and Location (monitor=true).
#include <algorithm>
#include <optional>

#include "emulator/handlers.h"

namespace azbatch::emulator {

using nlohmann::json;

namespace {

bool IsType(const ResourcePath& p, const char* type) { return IEquals(p.type->type, type); }

// Fills read-only and defaulted properties of a freshly PUT body.
void Complete(ArmContext& ctx, const ResourcePath& p, json& body, const Resource* existing) {
  json& props = body["properties"];
  if (!props.is_object()) props = json::object();
  if (IsType(p, "Microsoft.Compute/galleries")) {
    std::string upper = p.Name();
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    props["identifier"] = {{"uniqueName", p.subscription + "-" + upper}};
    // No sharingProfile until one is set or a share operation runs: a gallery
    // that was never shared has none (Gallery_Create/Get examples).
  } else if (IsType(p, "Microsoft.Compute/galleries/images")) {
    if (!props.contains("hyperVGeneration")) props["hyperVGeneration"] = "V1";
    if (!props.contains("architecture")) props["architecture"] = "x64";
  } else if (IsType(p, "Microsoft.Compute/galleries/images/versions")) {
    json& pp = props["publishingProfile"];
    if (!pp.is_object()) pp = json::object();
    int replicas = pp.value("replicaCount", 1);
    std::string sat = pp.value("storageAccountType", "Standard_LRS");
    pp["replicaCount"] = replicas;
    pp["storageAccountType"] = sat;
    if (!pp.contains("excludeFromLatest")) pp["excludeFromLatest"] = false;
    if (!pp.contains("replicationMode")) pp["replicationMode"] = "Full";
    pp["publishedDate"] = existing != nullptr
                              ? existing->body["properties"]["publishingProfile"].value(
                                    "publishedDate", IsoTime(ctx.now))
                              : IsoTime(ctx.now);
    json regions = pp.value("targetRegions", json::array());
    if (regions.empty()) regions.push_back({{"name", body.value("location", "")}});
    for (json& tr : regions) {
      tr["name"] = DisplayRegion(tr.value("name", ""));
      if (!tr.contains("regionalReplicaCount")) tr["regionalReplicaCount"] = replicas;
      if (!tr.contains("storageAccountType")) tr["storageAccountType"] = sat;
      if (!tr.contains("excludeFromLatest")) tr["excludeFromLatest"] = false;
    }
    pp["targetRegions"] = regions;
    json& sp = props["storageProfile"];
    int size_gb = 30;
    std::string source_id = sp.contains("source") ? sp["source"].value("id", "") : "";
    if (sp.contains("osDiskImage") && sp["osDiskImage"].contains("source")) {
      source_id = sp["osDiskImage"]["source"].value("id", source_id);
    }
    if (const Resource* src = ctx.emu->Find(source_id)) {
      static const json::json_pointer kSize("/properties/diskSizeGB");
      static const json::json_pointer kOsSize("/properties/storageProfile/osDisk/diskSizeGB");
      for (const auto* ptr : {&kSize, &kOsSize}) {
        if (src->body.contains(*ptr) && src->body.at(*ptr).is_number_integer()) {
          size_gb = src->body.at(*ptr).get<int>();
        }
      }
    }
    if (!sp.contains("osDiskImage")) sp["osDiskImage"] = json::object();
    sp["osDiskImage"]["sizeInGB"] = size_gb;
    if (!sp["osDiskImage"].contains("hostCaching")) sp["osDiskImage"]["hostCaching"] = "ReadOnly";
    // A managed image source contributes its data disks (hostCaching None,
    // size from the disk or its snapshot), as the Create/Get examples show.
    // Read through a const view: operator[] on a mutable body would add nulls to it.
    const Resource* src = ctx.emu->Find(source_id);
    static const json::json_pointer kDataDisks("/properties/storageProfile/dataDisks");
    const json* src_disks = nullptr;
    if (src != nullptr && src->body.is_object() && src->body.contains(kDataDisks)) {
      src_disks = &src->body.at(kDataDisks);
    }
    if (src_disks != nullptr && src_disks->is_array() && !sp.contains("dataDiskImages")) {
      json images = json::array();
      for (const json& dd : *src_disks) {
        if (!dd.is_object()) continue;
        int gb = dd.value("diskSizeGB", 0);
        for (const char* k : {"snapshot", "managedDisk"}) {
          if (gb > 0 || !dd.contains(k) || !dd[k].is_object()) continue;
          std::string id = dd[k].value("id", "");
          if (Resource* d = ctx.emu->Find(id.empty() || id[0] == '/' ? id : "/" + id)) {
            gb = d->body["properties"].value("diskSizeGB", 0);
          }
        }
        images.push_back({{"lun", dd.value("lun", 0)},
                          {"sizeInGB", gb > 0 ? gb : 30},
                          {"hostCaching", "None"}});
      }
      if (!images.empty()) sp["dataDiskImages"] = images;
    }
    json& safety = props["safetyProfile"];
    if (!safety.is_object()) safety = json::object();
    if (!safety.contains("allowDeletionOfReplicatedLocations")) {
      safety["allowDeletionOfReplicatedLocations"] = false;
    }
    if (!safety.contains("blockDeletionBeforeEndOfLife")) {
      safety["blockDeletionBeforeEndOfLife"] = false;
    }
    safety["reportedForPolicyViolation"] = false;
  } else if (IsType(p, "Microsoft.Compute/images")) {
    // Disk sizes come from the source snapshot or disk; caching defaults to
    // ReadWrite and dataDisks to [] (Image_CreateFromASnapshot example).
    auto fill_disk = [&](json& disk) {
      if (!disk.is_object()) return;
      if (!disk.contains("caching")) disk["caching"] = "ReadWrite";
      std::string src;
      if (disk.contains("snapshot")) src = disk["snapshot"].value("id", "");
      if (disk.contains("managedDisk")) src = disk["managedDisk"].value("id", src);
      if (Resource* s = ctx.emu->Find(src.empty() || src[0] == '/' ? src : "/" + src)) {
        if (!disk.contains("diskSizeGB") && s->body["properties"].contains("diskSizeGB")) {
          disk["diskSizeGB"] = s->body["properties"]["diskSizeGB"];
        }
      }
    };
    json& storage = props["storageProfile"];
    if (storage.is_object()) {
      if (storage.contains("osDisk")) fill_disk(storage["osDisk"]);
      if (!storage.contains("dataDisks") || !storage["dataDisks"].is_array()) {
        storage["dataDisks"] = json::array();
      }
    }
    if (!props.contains("hyperVGeneration")) props["hyperVGeneration"] = "V1";
  } else {  // snapshots and disks
    if (!props.contains("diskSizeGB")) props["diskSizeGB"] = 30;
    if (!props.contains("creationData")) props["creationData"] = {{"createOption", "Empty"}};
    props["timeCreated"] = IsoTime(ctx.now);
    props["diskState"] = "Unattached";
    props["diskSizeBytes"] = props["diskSizeGB"].get<long long>() * 1024LL * 1024 * 1024;
    if (!body.contains("sku")) body["sku"] = {{"name", "Standard_LRS"}, {"tier", "Standard"}};
  }
  props.erase("replicationStatus");
}

HttpResponse StartWrite(ArmContext& ctx, const ResourcePath& p, json body, Resource* existing,
                        bool is_patch) {
  Emulator& emu = *ctx.emu;
  std::string id = existing != nullptr ? existing->id : p.Id();
  body["id"] = id;
  body["name"] = existing != nullptr ? existing->body["name"].get<std::string>() : p.Name();
  body["type"] = p.type->type;
  body["location"] = NormalizeRegion(body.value("location", ""));
  Complete(ctx, p, body, existing);
  std::string phase = existing != nullptr ? "Updating" : "Creating";
  body["properties"]["provisioningState"] = phase;
  Resource next;
  next.id = id;
  next.type = p.type->type;
  next.body = std::move(body);
  next.version = existing != nullptr ? existing->version + 1 : 1;
  next.child_deleted_at = existing != nullptr ? existing->child_deleted_at : -1e18;
  double end = ctx.now + (existing != nullptr ? 10 : CreateDuration(p.type->type));
  if (IsType(p, "Microsoft.Compute/galleries/images/versions")) {
    end = std::max(end, ScheduleReplication(next, existing, ctx.now));
  }
  next.phase = phase;
  next.phase_end = end;
  next.phase_fails = emu.faults.NextLroFails();
  next.last_write_real = Clock::RealNow();
  Operation& op = StartOperation(ctx, "caps", id, is_patch ? "PATCH" : "PUT", end,
                                 next.phase_fails);
  int status = existing != nullptr ? 200 : 201;
  std::string location = next.body.value("location", "");
  emu.resources[ToLower(id)] = std::move(next);
  HttpResponse r = JsonResponse(status, Render(emu.resources[ToLower(id)], ctx));
  r.SetHeader("Azure-AsyncOperation", CapsOperationUrl(ctx, p.subscription, location, op.id));
  r.SetHeader("Retry-After", std::to_string(RetryAfterSeconds(emu, end - ctx.now)));
  return r;
}

// POST .../galleries/{g}/share: records the sharing state the operation leaves
// behind. Add/Remove edit the group lists (permission Groups), Reset makes the
// gallery private again, EnableCommunity publishes a community gallery under
// public names derived from its prefix. Returns an error for a bad body.
std::optional<HttpResponse> ApplyShare(ArmContext& ctx, const ResourcePath& p, Resource& gallery) {
  const json& body = ctx.body.is_object() ? ctx.body : json::object();
  const std::string op = body.value("operationType", "");
  json& props = gallery.body["properties"];
  json& sp = props["sharingProfile"];
  if (!sp.is_object()) sp = json::object();
  auto group_ids = [&sp](const std::string& type) -> json& {
    json& groups = sp["groups"];
    if (!groups.is_array()) groups = json::array();
    for (json& g : groups) {
      if (IEquals(g.value("type", ""), type)) return g["ids"];
    }
    groups.push_back({{"type", type}, {"ids", json::array()}});
    return groups.back()["ids"];
  };
  if (IEquals(op, "Add") || IEquals(op, "Remove")) {
    const json& groups = body.value("groups", json::array());
    for (const json& g : groups) {
      json& ids = group_ids(g.value("type", ""));
      for (const json& id : g.value("ids", json::array())) {
        auto at = std::find(ids.begin(), ids.end(), id);
        if (IEquals(op, "Add") && at == ids.end()) ids.push_back(id);
        if (IEquals(op, "Remove") && at != ids.end()) ids.erase(at);
      }
    }
    sp["permissions"] = "Groups";
  } else if (IEquals(op, "Reset")) {
    sp.erase("groups");
    sp["permissions"] = "Private";
    if (sp.contains("communityGalleryInfo")) {
      sp["communityGalleryInfo"]["communityGalleryEnabled"] = false;
      sp["communityGalleryInfo"].erase("publicNames");
    }
  } else if (IEquals(op, "EnableCommunity")) {
    json& info = sp["communityGalleryInfo"];
    if (!info.is_object()) info = json::object();
    std::string prefix = info.value("publicNamePrefix", gallery.body.value("name", ""));
    info["communityGalleryEnabled"] = true;
    info["publicNames"] = json::array({prefix + "-" + ToLower(p.subscription)});
    sp["permissions"] = "Community";
  } else {
    return ArmError(400, "InvalidParameter",
                    "The value '" + op + "' of parameter 'operationType' is not valid.",
                    "operationType");
  }
  return std::nullopt;
}

HttpResponse HandleDelete(ArmContext& ctx, const ResourcePath& p, Resource* existing) {
  Emulator& emu = *ctx.emu;
  if (existing == nullptr) return EmptyResponse(204);
  if (existing->phase != "Deleting") {
    bool has_children = false;
    for (Resource* c : emu.Children(existing->id, "")) {
      (void)c;
      has_children = true;
    }
    bool recent = ctx.now - existing->child_deleted_at < kChildDeleteWindow;
    if (has_children || recent) {
      return ArmError(409, "CannotDeleteResource",
                      "Can not delete resource before nested resources are deleted.");
    }
    existing->phase = "Deleting";
    existing->phase_end = ctx.now + DeleteDuration(existing->type);
    existing->phase_fails = false;
    existing->body["properties"]["provisioningState"] = "Deleting";
  }
  Operation& op = StartOperation(ctx, "caps", existing->id, "DELETE", existing->phase_end, false);
  std::string url =
      CapsOperationUrl(ctx, p.subscription, existing->body.value("location", ""), op.id);
  HttpResponse r = EmptyResponse(202);
  r.SetHeader("Azure-AsyncOperation", url);
  r.SetHeader("Location", url + "&monitor=true");
  r.SetHeader("Retry-After",
              std::to_string(RetryAfterSeconds(emu, existing->phase_end - ctx.now)));
  return r;
}

}  // namespace

HttpResponse HandleCompute(ArmContext& ctx, const ResourcePath& p) {
  Emulator& emu = *ctx.emu;
  const std::string& method = ctx.req->method;
  bool nested = p.type->segments.size() > 1;
  Resource* parent = nested ? emu.Find(p.ParentId()) : nullptr;
  if (p.collection) {
    if (method != "GET") return ArmError(405, "MethodNotAllowed", "Method not allowed.");
    if (nested && parent == nullptr) return ParentNotFound(p);
    return ListResponse(ctx, emu.Children(p.collection && nested ? p.ParentId()
                                                                 : p.ResourceGroupId() +
                                                                       "/providers/" + p.ns,
                                          p.type->type));
  }
  Resource* existing = emu.Find(p.Id());
  if (!p.action.empty()) {
    if (existing == nullptr) return ResourceNotFound(p);
    if (IsType(p, "Microsoft.Compute/galleries") && IEquals(p.action, "share")) {
      if (auto err = ApplyShare(ctx, p, *existing)) return *err;
      HttpResponse r = EmptyResponse(202);
      Operation& op = StartOperation(ctx, "caps", existing->id, "POST", ctx.now + 5, false);
      std::string url =
          CapsOperationUrl(ctx, p.subscription, existing->body.value("location", ""), op.id);
      r.SetHeader("Azure-AsyncOperation", url);
      r.SetHeader("Location", url + "&monitor=true");
      r.SetHeader("Retry-After", "1");
      return r;
    }
    return ArmError(404, "NotFound", "Action '" + p.action + "' is not supported.");
  }
  if (method == "GET") {
    if (existing == nullptr) {
      if (nested && parent == nullptr) return ParentNotFound(p);
      return ResourceNotFound(p);
    }
    double window = emu.config.faults.read_after_write_404_seconds;
    if (window > 0 && Clock::RealNow() - existing->last_write_real < window) {
      return ResourceNotFound(p);
    }
    return JsonResponse(200, Render(*existing, ctx));
  }
  if (method == "DELETE") return HandleDelete(ctx, p, existing);
  if (method != "PUT" && method != "PATCH") {
    return ArmError(405, "MethodNotAllowed", "Method not allowed.");
  }
  if (auto err = CheckComputeName(p)) return *err;
  if (nested && parent == nullptr) return ParentNotFound(p);
  if (existing != nullptr && existing->phase == "Deleting") {
    return ArmError(409, "OperationNotAllowed",
                    "The resource is being deleted and cannot be updated.");
  }
  json next;
  if (method == "PUT") {
    if (auto err = ValidateBody(ctx, p.type->put_schema, "InvalidParameter")) return *err;
    next = StripEnvelope(ctx.body);
  } else {
    if (existing == nullptr) return ResourceNotFound(p);
    if (auto err = ValidateBody(ctx, p.type->patch_schema, "InvalidParameter", true)) return *err;
    next = StripEnvelope(existing->body);
    json patch = StripEnvelope(ctx.body);
    patch.erase("location");
    next.merge_patch(patch);
    // The merged result must still be a valid resource (e.g. no required field nulled).
    if (auto err = ValidateValue(ctx, p.type->put_schema, "InvalidParameter", next, false)) {
      return *err;
    }
  }
  if (!next.contains("location") || !next["location"].is_string()) {
    return ArmError(400, "LocationRequired", "The location property is required for this definition.");
  }
  if (existing != nullptr && NormalizeRegion(next["location"]) !=
                                 NormalizeRegion(existing->body.value("location", ""))) {
    return ArmError(409, "InvalidResourceLocation",
                    "The resource '" + p.Name() + "' already exists in location '" +
                        existing->body.value("location", "") + "' in resource group '" +
                        p.resource_group +
                        "'. A resource with the same name cannot be created in location '" +
                        next["location"].get<std::string>() + "'.");
  }
  if (auto err = CheckComputeRules(ctx, p, next, existing)) return *err;
  return StartWrite(ctx, p, std::move(next), existing, method == "PATCH");
}

}  // namespace azbatch::emulator
