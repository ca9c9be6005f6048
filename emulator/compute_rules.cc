// Microsoft.Compute rules: names, immutable properties, source references and
// region rules for gallery image versions and managed images.
#include <regex>

#include "emulator/handlers.h"

namespace azbatch::emulator {

using nlohmann::json;

HttpResponse PropertyChangeNotAllowed(const std::string& property) {
  return ArmError(409, "PropertyChangeNotAllowed",
                  "Changing property '" + property + "' is not allowed.", property);
}

std::optional<HttpResponse> CheckComputeName(const ResourcePath& p) {
  const std::string name = p.Name();
  const TypeInfo& t = *p.type;
  bool ok = static_cast<int>(name.size()) >= t.min_len &&
            static_cast<int>(name.size()) <= t.max_len &&
            std::regex_match(name, std::regex(t.name_pattern));
  if (ok && IEquals(t.type, "Microsoft.Compute/galleries/images/versions")) {
    size_t pos = 0;
    while (ok && pos < name.size()) {
      size_t dot = name.find('.', pos);
      if (dot == std::string::npos) dot = name.size();
      ok = std::stoll(name.substr(pos, dot - pos)) <= 2147483647LL;
      pos = dot + 1;
    }
  }
  if (ok) return std::nullopt;
  return ArmError(400, "InvalidParameter",
                  "The " + t.name_param + " '" + name + "' is invalid. It must be " +
                      std::to_string(t.min_len) + "-" + std::to_string(t.max_len) +
                      " characters and match " + t.name_pattern + ".",
                  t.name_param);
}

namespace {

std::string Str(const json& j, const json::json_pointer& ptr) {
  return j.contains(ptr) && j[ptr].is_string() ? j[ptr].get<std::string>() : "";
}

// Compares `ptr` in `next` (only when present) with `existing`.
std::optional<HttpResponse> Immutable(const json& next, const json& existing,
                                      const std::string& pointer, const std::string& name) {
  json::json_pointer ptr(pointer);
  if (!next.contains(ptr) || next[ptr].is_null()) return std::nullopt;
  json a = next[ptr], b = existing.contains(ptr) ? existing[ptr] : json();
  if (a.is_string() && b.is_string() && IEquals(a.get<std::string>(), b.get<std::string>())) {
    return std::nullopt;
  }
  if (a == b) return std::nullopt;
  return PropertyChangeNotAllowed(name);
}

std::string WithSlash(const std::string& id) {
  return id.empty() || id[0] == '/' ? id : "/" + id;
}

std::optional<HttpResponse> SourceMustExist(ArmContext& ctx, const std::string& id,
                                            const std::string& target, const std::string& location,
                                            Resource** out) {
  Resource* src = ctx.emu->Find(WithSlash(id));
  if (src == nullptr) {
    return ArmError(404, "NotFound", "Source resource '" + id + "' was not found.", target);
  }
  if (NormalizeRegion(src->body.value("location", "")) != NormalizeRegion(location)) {
    return ArmError(400, "InvalidParameter",
                    "The source resource '" + id + "' is in region '" +
                        src->body.value("location", "") +
                        "', which is different from the resource location '" + location + "'.",
                    target);
  }
  if (out != nullptr) *out = src;
  return std::nullopt;
}

std::optional<HttpResponse> CheckImageDefinition(const json& next, const Resource* existing) {
  if (existing == nullptr) return std::nullopt;
  const json& old = existing->body;
  for (const auto& [ptr, name] : std::vector<std::pair<std::string, std::string>>{
           {"/properties/osType", "osType"},
           {"/properties/osState", "osState"},
           {"/properties/identifier/publisher", "identifier.publisher"},
           {"/properties/identifier/offer", "identifier.offer"},
           {"/properties/identifier/sku", "identifier.sku"},
           {"/properties/hyperVGeneration", "hyperVGeneration"},
           {"/properties/architecture", "architecture"},
           {"/properties/purchasePlan", "purchasePlan"}}) {
    if (auto err = Immutable(next, old, ptr, name)) return err;
  }
  const json& nf = next.value("properties", json::object()).value("features", json::array());
  const json& of = old["properties"].value("features", json::array());
  for (const json& f : nf) {
    std::string value;
    bool found = false;
    for (const json& o : of) {
      if (IEquals(o.value("name", ""), f.value("name", ""))) {
        found = true;
        value = o.value("value", "");
      }
    }
    if (!found || !IEquals(value, f.value("value", ""))) {
      return PropertyChangeNotAllowed(f.value("name", "features"));
    }
  }
  return std::nullopt;
}

std::optional<HttpResponse> CheckVersion(ArmContext& ctx, const ResourcePath& p, const json& next,
                                         const Resource* existing) {
  const json& props = next.value("properties", json::object());
  std::string location = next.value("location", "");
  Resource* definition = ctx.emu->Find(p.ParentId());
  if (definition != nullptr &&
      NormalizeRegion(definition->body.value("location", "")) != NormalizeRegion(location)) {
    return ArmError(400, "InvalidParameter",
                    "The gallery image version location '" + location +
                        "' must match the gallery image location '" +
                        definition->body.value("location", "") + "'.",
                    "location");
  }
  if (existing != nullptr) {
    const json& old = existing->body;
    for (const auto& [ptr, name] : std::vector<std::pair<std::string, std::string>>{
             {"/properties/storageProfile/source/id", "storageProfile.source.id"},
             {"/properties/storageProfile/osDiskImage/source/id",
              "storageProfile.osDiskImage.source.id"},
             {"/properties/publishingProfile/replicationMode", "publishingProfile.replicationMode"},
             {"/properties/publishingProfile/storageAccountType",
              "publishingProfile.storageAccountType"}}) {
      if (auto err = Immutable(next, old, ptr, name)) return err;
    }
    for (const json& tr : props.value("publishingProfile", json::object())
                              .value("targetRegions", json::array())) {
      for (const json& o : old["properties"]["publishingProfile"].value("targetRegions",
                                                                         json::array())) {
        if (NormalizeRegion(o.value("name", "")) == NormalizeRegion(tr.value("name", "")) &&
            tr.contains("storageAccountType") &&
            !IEquals(tr.value("storageAccountType", ""), o.value("storageAccountType", ""))) {
          return PropertyChangeNotAllowed("publishingProfile.targetRegions.storageAccountType");
        }
      }
    }
    return std::nullopt;
  }
  const json& sp = props.value("storageProfile", json::object());
  std::string image_id = Str(sp, json::json_pointer("/source/id"));
  std::string disk_id = Str(sp, json::json_pointer("/osDiskImage/source/id"));
  if (image_id.empty() && disk_id.empty() && !sp.contains("osDiskImage")) {
    return ArmError(400, "InvalidParameter",
                    "A source (storageProfile.source.id or osDiskImage.source) is required.",
                    "properties.storageProfile");
  }
  Resource* src = nullptr;
  if (!image_id.empty()) {
    if (auto err = SourceMustExist(ctx, image_id, "properties.storageProfile.source.id",
                                   location, &src)) {
      return err;
    }
  } else if (!disk_id.empty()) {
    if (auto err = SourceMustExist(ctx, disk_id, "properties.storageProfile.osDiskImage.source.id",
                                   location, &src)) {
      return err;
    }
  }
  if (src != nullptr && definition != nullptr && IEquals(src->type, "Microsoft.Compute/images")) {
    std::string os = Str(src->body, json::json_pointer("/properties/storageProfile/osDisk/osType"));
    std::string def_os = Str(definition->body, json::json_pointer("/properties/osType"));
    if (!os.empty() && !def_os.empty() && !IEquals(os, def_os)) {
      return ArmError(400, "InvalidParameter",
                      "The source image OS type '" + os +
                          "' does not match the gallery image OS type '" + def_os + "'.",
                      "properties.storageProfile.source.id");
    }
  }
  const json& regions =
      props.value("publishingProfile", json::object()).value("targetRegions", json::array());
  if (!regions.empty()) {
    bool has_source_region = false;
    for (const json& tr : regions) {
      if (NormalizeRegion(tr.value("name", "")) == NormalizeRegion(location)) {
        has_source_region = true;
      }
    }
    if (!has_source_region) {
      return ArmError(400, "InvalidParameter",
                      "The target regions must include the source region '" + location + "'.",
                      "properties.publishingProfile.targetRegions");
    }
  }
  return std::nullopt;
}

std::optional<HttpResponse> CheckManagedImage(ArmContext& ctx, const json& next,
                                              const Resource* existing) {
  if (existing != nullptr) {
    for (const auto& [ptr, name] : std::vector<std::pair<std::string, std::string>>{
             {"/properties/storageProfile/osDisk/osType", "storageProfile.osDisk.osType"},
             {"/properties/storageProfile/osDisk/osState", "storageProfile.osDisk.osState"},
             {"/properties/storageProfile/osDisk/snapshot/id", "storageProfile.osDisk.snapshot.id"},
             {"/properties/storageProfile/osDisk/managedDisk/id",
              "storageProfile.osDisk.managedDisk.id"},
             {"/properties/storageProfile/osDisk/blobUri", "storageProfile.osDisk.blobUri"},
             {"/properties/hyperVGeneration", "hyperVGeneration"},
             {"/properties/sourceVirtualMachine/id", "sourceVirtualMachine.id"}}) {
      if (auto err = Immutable(next, existing->body, ptr, name)) return err;
    }
    return std::nullopt;
  }
  std::string location = next.value("location", "");
  const json& props = next.value("properties", json::object());
  if (props.contains("sourceVirtualMachine")) {
    return ArmError(404, "NotFound", "Virtual machines are not emulated.",
                    "properties.sourceVirtualMachine.id");
  }
  json::json_pointer snap("/storageProfile/osDisk/snapshot/id");
  json::json_pointer disk("/storageProfile/osDisk/managedDisk/id");
  if (!Str(props, snap).empty()) {
    return SourceMustExist(ctx, Str(props, snap), "properties.storageProfile.osDisk.snapshot.id",
                           location, nullptr);
  }
  if (!Str(props, disk).empty()) {
    return SourceMustExist(ctx, Str(props, disk),
                           "properties.storageProfile.osDisk.managedDisk.id", location, nullptr);
  }
  return std::nullopt;
}

}  // namespace

std::optional<HttpResponse> CheckComputeRules(ArmContext& ctx, const ResourcePath& p,
                                              const json& next, const Resource* existing) {
  const std::string& t = p.type->type;
  if (IEquals(t, "Microsoft.Compute/galleries/images")) {
    Resource* gallery = ctx.emu->Find(p.ParentId());
    if (existing == nullptr && gallery != nullptr &&
        NormalizeRegion(gallery->body.value("location", "")) !=
            NormalizeRegion(next.value("location", ""))) {
      return ArmError(400, "InvalidParameter",
                      "The gallery image location must match the gallery location '" +
                          gallery->body.value("location", "") + "'.",
                      "location");
    }
    return CheckImageDefinition(next, existing);
  }
  if (IEquals(t, "Microsoft.Compute/galleries/images/versions")) {
    return CheckVersion(ctx, p, next, existing);
  }
  if (IEquals(t, "Microsoft.Compute/images")) return CheckManagedImage(ctx, next, existing);
  return std::nullopt;
}

}  // namespace azbatch::emulator
