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

absl::StatusOr<ResourceId> ResourceId::Parse(const std::string& id) {
  std::vector<std::string> parts = absl::StrSplit(id, '/');
  // A valid id starts with '/', has no empty segments and no trailing '/'.
  bool shape_ok = parts.size() >= 5 && parts[0].empty();
  for (size_t i = 1; shape_ok && i < parts.size(); ++i) shape_ok = !parts[i].empty();
  if (!shape_ok || !absl::EqualsIgnoreCase(parts[1], "subscriptions") ||
      !absl::EqualsIgnoreCase(parts[3], "resourceGroups")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", id, "\" is not an ARM resource id (expected /subscriptions/{subscriptionId}/"
        "resourceGroups/{resourceGroupName}/...)"));
  }
  for (const std::string& part : parts) {
    if (absl::StrContains(part, '?')) return QuestionMarkError(id, part);
  }
  ResourceId out;
  out.subscription_ = parts[2];
  out.resource_group_ = parts[4];
  if (parts.size() == 5) {
    out.type_ = ResourceType::kResourceGroup;
    return out;
  }
  if (parts.size() >= 7 && absl::EqualsIgnoreCase(parts[5], "providers")) {
    for (const TypeInfo& t : Table()) {
      if (t.segments.empty() || parts.size() != 7 + 2 * t.segments.size()) continue;
      if (!absl::EqualsIgnoreCase(parts[6], t.ns)) continue;
      bool match = true;
      for (size_t i = 0; match && i < t.segments.size(); ++i) {
        match = absl::EqualsIgnoreCase(parts[7 + 2 * i], t.segments[i]);
      }
      if (!match) continue;
      out.type_ = t.type;
      for (size_t i = 0; i < t.segments.size(); ++i) out.names_.push_back(parts[8 + 2 * i]);
      return out;
    }
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
