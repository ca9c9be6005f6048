#include "provider/azure/resource_id.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "provider/azure/api_versions.h"

namespace azbatch::azure {
namespace {

struct TypeInfo {
  ResourceType type;
  const char* full_name;
  const char* ns;  // "" for resource groups
  std::vector<const char*> segments;      // collection names below the namespace
  std::vector<const char*> placeholders;  // for ResourceIdPattern
  std::optional<ResourceType> parent;
  const char* api_version;
};

const std::vector<TypeInfo>& Table() {
  using T = ResourceType;
  static const auto* table = new std::vector<TypeInfo>{
      {T::kResourceGroup, "Microsoft.Resources/resourceGroups", "", {}, {}, std::nullopt,
       api_versions::kResourceGroups},
      {T::kGallery, "Microsoft.Compute/galleries", "Microsoft.Compute", {"galleries"},
       {"galleryName"}, std::nullopt, api_versions::kGalleries},
      {T::kGalleryImage, "Microsoft.Compute/galleries/images", "Microsoft.Compute",
       {"galleries", "images"}, {"galleryName", "galleryImageName"}, T::kGallery,
       api_versions::kGalleryImages},
      {T::kGalleryImageVersion, "Microsoft.Compute/galleries/images/versions", "Microsoft.Compute",
       {"galleries", "images", "versions"},
       {"galleryName", "galleryImageName", "galleryImageVersionName"}, T::kGalleryImage,
       api_versions::kGalleryImageVersions},
      {T::kImage, "Microsoft.Compute/images", "Microsoft.Compute", {"images"}, {"imageName"},
       std::nullopt, api_versions::kImages},
      {T::kSnapshot, "Microsoft.Compute/snapshots", "Microsoft.Compute", {"snapshots"},
       {"snapshotName"}, std::nullopt, api_versions::kSnapshots},
      {T::kDisk, "Microsoft.Compute/disks", "Microsoft.Compute", {"disks"}, {"diskName"},
       std::nullopt, api_versions::kDisks},
      {T::kBatchAccount, "Microsoft.Batch/batchAccounts", "Microsoft.Batch", {"batchAccounts"},
       {"accountName"}, std::nullopt, api_versions::kBatchAccounts},
      {T::kBatchPool, "Microsoft.Batch/batchAccounts/pools", "Microsoft.Batch",
       {"batchAccounts", "pools"}, {"accountName", "poolName"}, T::kBatchAccount,
       api_versions::kBatchPools},
  };
  return *table;
}

const TypeInfo& Info(ResourceType type) {
  for (const auto& t : Table()) {
    if (t.type == type) return t;
  }
  return Table()[0];
}

// No ARM name may hold a '?': ARM paths carry names and the query in one
// string, and a '?' there starts the query (see EncodeArmPath).
absl::Status QuestionMarkError(const std::string& id, const std::string& segment) {
  return absl::InvalidArgumentError(absl::StrCat("\"", id, "\" is not a valid ARM resource id: \"",
                                                 segment, "\" contains '?', which Azure does not "
                                                 "allow in resource names"));
}

}  // namespace

const char* ResourceTypeName(ResourceType type) { return Info(type).full_name; }
const char* ApiVersionFor(ResourceType type) { return Info(type).api_version; }

std::string ResourceIdPattern(ResourceType type) {
  const TypeInfo& t = Info(type);
  std::string out = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
  if (t.segments.empty()) return out;
  absl::StrAppend(&out, "/providers/", t.ns);
  for (size_t i = 0; i < t.segments.size(); ++i) {
    absl::StrAppend(&out, "/", t.segments[i], "/{", t.placeholders[i], "}");
  }
  return out;
}

absl::StatusOr<ArmIdParts> ParseArmId(absl::string_view id) {
  auto not_an_id = [id](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", id, "\" is not an ARM resource id: expected /subscriptions/{id}/resourceGroups/"
        "{name}/providers/{namespace}/{type}/{name} (", why, ")"));
  };
  if (id.empty() || id[0] != '/') return not_an_id("it must start with \"/\"");
  std::vector<std::string> seg = absl::StrSplit(id.substr(1), '/');
  for (const std::string& s : seg) {
    if (s.empty()) return not_an_id("it contains an empty segment");
  }
  for (const std::string& s : seg) {
    if (absl::StrContains(s, '?')) return QuestionMarkError(std::string(id), s);
  }
  if (seg.size() < 4 || !absl::EqualsIgnoreCase(seg[0], "subscriptions") ||
      !absl::EqualsIgnoreCase(seg[2], "resourceGroups")) {
    return not_an_id("it must begin /subscriptions/{id}/resourceGroups/{name}");
  }
  ArmIdParts out;
  out.subscription = seg[1];
  out.resource_group = seg[3];
  if (seg.size() == 4) return out;
  if (!absl::EqualsIgnoreCase(seg[4], "providers")) {
    return not_an_id("the fifth segment must be \"providers\"");
  }
  if (seg.size() < 8) return not_an_id("it has too few segments");
  if (seg.size() % 2 != 0) return not_an_id("a resource type has no name");
  out.provider_namespace = seg[5];
  for (size_t i = 6; i + 1 < seg.size(); i += 2) {
    if (absl::EqualsIgnoreCase(seg[i], "providers")) {
      return not_an_id("nested provider segments (extension resources) are not supported");
    }
    out.types.push_back(seg[i]);
    out.names.push_back(seg[i + 1]);
  }
  return out;
}

absl::StatusOr<ResourceId> ResourceId::Parse(const std::string& id) {
  absl::StatusOr<ArmIdParts> parts = ParseArmId(id);
  if (!parts.ok()) return parts.status();
  ResourceId out;
  out.subscription_ = parts->subscription;
  out.resource_group_ = parts->resource_group;
  if (parts->types.empty()) {
    out.type_ = ResourceType::kResourceGroup;
    return out;
  }
  for (const TypeInfo& t : Table()) {
    if (t.segments.size() != parts->types.size() ||
        !absl::EqualsIgnoreCase(parts->provider_namespace, t.ns)) {
      continue;
    }
    bool match = true;
    for (size_t i = 0; match && i < t.segments.size(); ++i) {
      match = absl::EqualsIgnoreCase(parts->types[i], t.segments[i]);
    }
    if (!match) continue;
    out.type_ = t.type;
    out.names_ = parts->names;
    return out;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", id, "\" is not a resource id of a supported type"));
}

absl::StatusOr<ResourceId> ResourceId::Parse(const std::string& id, ResourceType type) {
  absl::StatusOr<ResourceId> parsed = Parse(id);
  if (!parsed.ok() || parsed->type() != type) {
    return absl::InvalidArgumentError(absl::StrCat("\"", id, "\" is not a ",
                                                   ResourceTypeName(type), " id; expected ",
                                                   ResourceIdPattern(type)));
  }
  return parsed;
}

ResourceId ResourceId::ResourceGroup(std::string subscription, std::string resource_group) {
  ResourceId out;
  out.subscription_ = std::move(subscription);
  out.resource_group_ = std::move(resource_group);
  return out;
}

absl::StatusOr<ResourceId> ResourceId::Child(ResourceType child, std::string name) const {
  const TypeInfo& c = Info(child);
  bool ok = c.parent ? *c.parent == type_
                     : (type_ == ResourceType::kResourceGroup && child != type_);
  if (!ok) {
    return absl::InvalidArgumentError(absl::StrCat(c.full_name, " is not a child of ",
                                                   ResourceTypeName(type_)));
  }
  if (name.empty() || absl::StrContains(name, '/') || absl::StrContains(name, '?')) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid ", c.full_name, " name \"", name, "\""));
  }
  ResourceId out = *this;
  out.type_ = child;
  out.names_.push_back(std::move(name));
  return out;
}

absl::StatusOr<ResourceId> ResourceId::Parent() const {
  if (type_ == ResourceType::kResourceGroup) {
    return absl::InvalidArgumentError("a resource group id has no parent in the table");
  }
  ResourceId out = *this;
  out.names_.pop_back();
  const TypeInfo& t = Info(type_);
  out.type_ = t.parent ? *t.parent : ResourceType::kResourceGroup;
  return out;
}

const std::string& ResourceId::name() const {
  return names_.empty() ? resource_group_ : names_.back();
}

std::string ResourceId::String() const {
  std::string out = absl::StrCat("/subscriptions/", subscription_, "/resourceGroups/",
                                 resource_group_);
  const TypeInfo& t = Info(type_);
  if (t.segments.empty()) return out;
  absl::StrAppend(&out, "/providers/", t.ns);
  for (size_t i = 0; i < t.segments.size(); ++i) {
    absl::StrAppend(&out, "/", t.segments[i], "/", names_[i]);
  }
  return out;
}

bool operator==(const ResourceId& a, const ResourceId& b) {
  if (a.type_ != b.type_ || !absl::EqualsIgnoreCase(a.subscription_, b.subscription_) ||
      !absl::EqualsIgnoreCase(a.resource_group_, b.resource_group_) ||
      a.names_.size() != b.names_.size()) {
    return false;
  }
  for (size_t i = 0; i < a.names_.size(); ++i) {
    if (!absl::EqualsIgnoreCase(a.names_[i], b.names_[i])) return false;
  }
  return true;
}

}  // namespace azbatch::azure
