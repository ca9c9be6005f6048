#include "emulator/resource_types.h"

#include <regex>

#include "emulator/http_message.h"

namespace azbatch::emulator {

namespace {

// The api-versions Azure serves for each type (its providers API), oldest first. Every one is
// accepted and answered in the shape of the newest spec the emulator knows (GalleryRP
// 2025-03-03, ComputeRP 2025-04-01, Batch 2025-06-01); the newest entries are those the current
// SDKs send by default.
const std::vector<std::string> kGalleryVersions = {
    "2018-06-01", "2019-03-01", "2019-07-01", "2019-12-01", "2020-09-30", "2021-07-01",
    "2021-10-01", "2022-01-03", "2022-03-03", "2022-08-03", "2023-07-03", "2024-03-03",
    "2025-03-03", "2025-12-03", "2026-03-03"};
const std::vector<std::string> kComputeVersions = {
    "2016-04-30-preview", "2017-03-30", "2017-12-01", "2018-04-01", "2018-06-01",
    "2018-10-01",         "2019-03-01", "2019-07-01", "2019-12-01", "2020-06-01",
    "2020-12-01",         "2021-03-01", "2021-04-01", "2021-07-01", "2021-11-01",
    "2022-03-01",         "2022-08-01", "2022-11-01", "2023-03-01", "2023-07-01",
    "2023-09-01",         "2024-03-01", "2024-07-01", "2024-11-01", "2025-04-01",
    "2025-11-01",         "2026-03-01", "2026-04-01"};
const std::vector<std::string> kDiskVersions = {
    "2016-04-30-preview", "2017-03-30", "2018-04-01", "2018-06-01", "2018-09-30",
    "2019-03-01",         "2019-07-01", "2019-11-01", "2020-05-01", "2020-06-30",
    "2020-09-30",         "2020-12-01", "2021-04-01", "2021-08-01", "2021-12-01",
    "2022-03-02",         "2022-07-02", "2023-01-02", "2023-04-02", "2023-10-02",
    "2024-03-02",         "2025-01-02", "2026-03-02"};
const std::vector<std::string> kBatchVersions = {
    "2015-12-01", "2017-01-01", "2017-05-01", "2017-09-01", "2018-12-01", "2019-04-01",
    "2019-08-01", "2020-03-01", "2020-05-01", "2020-09-01", "2021-01-01", "2021-06-01",
    "2022-01-01", "2022-06-01", "2022-10-01", "2023-05-01", "2023-11-01", "2024-02-01",
    "2024-07-01", "2025-06-01"};

std::vector<TypeInfo> BuildTypes() {
  std::vector<TypeInfo> t;
  t.push_back({"Microsoft.Compute/galleries", {"galleries"}, kGalleryVersions,
               "[A-Za-z0-9_]([A-Za-z0-9_.]*[A-Za-z0-9_])?", 1, 80, "galleryName",
               "GalleryRP.json#/definitions/Gallery", "GalleryRP.json#/definitions/GalleryUpdate",
               Family::kCompute});
  t.push_back({"Microsoft.Compute/galleries/images", {"galleries", "images"}, kGalleryVersions,
               "[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?", 1, 80, "galleryImageName",
               "GalleryRP.json#/definitions/GalleryImage",
               "GalleryRP.json#/definitions/GalleryImageUpdate", Family::kCompute});
  t.push_back({"Microsoft.Compute/galleries/images/versions",
               {"galleries", "images", "versions"}, kGalleryVersions,
               "[0-9]{1,10}\\.[0-9]{1,10}\\.[0-9]{1,10}", 5, 32, "galleryImageVersionName",
               "GalleryRP.json#/definitions/GalleryImageVersion",
               "GalleryRP.json#/definitions/GalleryImageVersionUpdate", Family::kCompute});
  t.push_back({"Microsoft.Compute/images", {"images"}, kComputeVersions,
               "[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?", 1, 80, "imageName",
               "image.json#/definitions/Image", "image.json#/definitions/ImageUpdate",
               Family::kCompute});
  t.push_back({"Microsoft.Compute/snapshots", {"snapshots"}, kDiskVersions,
               "[A-Za-z0-9_.-]+", 1, 80, "snapshotName", "", "", Family::kCompute});
  t.push_back({"Microsoft.Compute/disks", {"disks"}, kDiskVersions, "[A-Za-z0-9_.-]+", 1, 80,
               "diskName", "", "", Family::kCompute});
  t.push_back({"Microsoft.Batch/batchAccounts", {"batchAccounts"}, kBatchVersions,
               "[a-z0-9]+", 3, 24, "accountName",
               "BatchManagement.json#/definitions/BatchAccountCreateParameters",
               "BatchManagement.json#/definitions/BatchAccountUpdateParameters",
               Family::kBatchAccount});
  t.push_back({"Microsoft.Batch/batchAccounts/pools", {"batchAccounts", "pools"}, kBatchVersions,
               "[a-zA-Z0-9_-]+", 1, 64, "poolName", "BatchManagement.json#/definitions/Pool",
               "BatchManagement.json#/definitions/Pool", Family::kBatchPool});
  t.push_back({"Microsoft.Batch/batchAccounts/poolOperationResults",
               {"batchAccounts", "poolOperationResults"}, kBatchVersions, ".+", 1, 200, "",
               "", "", Family::kPoolOperation});
  return t;
}

}  // namespace

const std::vector<TypeInfo>& AllTypes() {
  static const auto* types = new std::vector<TypeInfo>(BuildTypes());
  return *types;
}

const TypeInfo* FindType(const std::string& ns, const std::vector<std::string>& segments) {
  for (const TypeInfo& t : AllTypes()) {
    if (t.segments.size() != segments.size()) continue;
    if (!IEquals(t.type.substr(0, t.type.find('/')), ns)) continue;
    bool match = true;
    for (size_t i = 0; i < segments.size() && match; ++i) {
      match = IEquals(t.segments[i], segments[i]);
    }
    if (match) return &t;
  }
  return nullptr;
}

std::string CanonicalNamespace(const std::string& ns) {
  for (const char* known : {"Microsoft.Compute", "Microsoft.Batch", "Microsoft.Resources"}) {
    if (IEquals(ns, known)) return known;
  }
  return "";
}

bool IsKnownNamespace(const std::string& ns) { return !CanonicalNamespace(ns).empty(); }

std::vector<std::string> NamespaceApiVersions(const std::string& ns) {
  if (IEquals(ns, "Microsoft.Batch")) return kBatchVersions;
  if (IEquals(ns, "Microsoft.Resources")) return ResourcesApiVersions();
  std::vector<std::string> all = kComputeVersions;
  all.insert(all.end(), kGalleryVersions.begin(), kGalleryVersions.end());
  all.insert(all.end(), kDiskVersions.begin(), kDiskVersions.end());
  return all;
}

const std::vector<std::string>& ResourcesApiVersions() {
  static const auto* v = new std::vector<std::string>{
      "2014-04-01", "2015-01-01", "2015-11-01", "2016-02-01", "2016-06-01", "2016-07-01",
      "2016-09-01", "2017-05-10", "2017-06-01", "2017-08-01", "2018-02-01", "2018-05-01",
      "2019-03-01", "2019-05-01", "2019-05-10", "2019-07-01", "2019-08-01", "2019-10-01",
      "2020-06-01", "2020-08-01", "2020-10-01", "2021-01-01", "2021-04-01", "2022-09-01",
      "2023-07-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-03-01", "2025-04-01"};
  return *v;
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  for (const auto& v : list) {
    if (IEquals(v, value)) return true;
  }
  return false;
}

bool WellFormedApiVersion(const std::string& v) {
  static const std::regex re("^[0-9]{4}-[0-9]{2}-[0-9]{2}(-[A-Za-z]+)?(\\.[0-9.]+)?$");
  return std::regex_match(v, re);
}

std::string ResourcePath::ResourceGroupId() const {
  return "/subscriptions/" + subscription + "/resourceGroups/" + resource_group;
}

std::string ResourcePath::Id() const {
  if (!canonical_parent.empty()) {
    if (collection) return canonical_parent;
    return canonical_parent + "/" + type->segments[names.size() - 1] + "/" + names.back();
  }
  std::string id = ResourceGroupId() + "/providers/" + ns;
  for (size_t i = 0; i < names.size(); ++i) id += "/" + type->segments[i] + "/" + names[i];
  return id;
}

std::string ResourcePath::ParentId() const {
  if (!canonical_parent.empty()) return canonical_parent;
  if (collection) return Id();
  if (names.size() <= 1) return ResourceGroupId();
  std::string id = ResourceGroupId() + "/providers/" + ns;
  for (size_t i = 0; i + 1 < names.size(); ++i) {
    id += "/" + type->segments[i] + "/" + names[i];
  }
  return id;
}

bool ParseResourcePath(const std::vector<std::string>& segs, ResourcePath* out,
                       std::string* error_code, std::string* error_message) {
  // subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/...
  if (segs.size() < 7) {
    *error_code = "InvalidResourceType";
    *error_message = "The resource path is incomplete.";
    return false;
  }
  out->subscription = segs[1];
  out->resource_group = segs[3];
  out->ns = CanonicalNamespace(segs[5]);
  if (out->ns.empty()) {
    *error_code = "InvalidResourceNamespace";
    *error_message = "The resource namespace '" + segs[5] + "' is invalid.";
    return false;
  }
  std::vector<std::string> type_segs;
  size_t i = 6;
  for (; i < segs.size(); i += 2) {
    type_segs.push_back(segs[i]);
    if (i + 1 < segs.size()) out->names.push_back(segs[i + 1]);
  }
  // Odd tail: either a collection (known type) or an action on the parent.
  if (type_segs.size() > out->names.size()) {
    const TypeInfo* t = FindType(out->ns, type_segs);
    if (t != nullptr) {
      out->type = t;
      out->collection = true;
      return true;
    }
    out->action = type_segs.back();
    type_segs.pop_back();
  }
  out->type = FindType(out->ns, type_segs);
  if (out->type == nullptr) {
    std::string joined;
    for (const auto& s : type_segs) joined += (joined.empty() ? "" : "/") + s;
    *error_code = "InvalidResourceType";
    *error_message = "The resource type '" + joined + "' could not be found in the namespace '" +
                     out->ns + "'.";
    return false;
  }
  return true;
}

}  // namespace azbatch::emulator
