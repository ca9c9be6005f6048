// The resource types the emulator serves, their api-versions and name rules,
// and parsing of ARM resource paths into (type, names, action).
#ifndef AZBATCH_EMULATOR_RESOURCE_TYPES_H_
#define AZBATCH_EMULATOR_RESOURCE_TYPES_H_

#include <string>
#include <vector>

namespace azbatch::emulator {

enum class Family {
  kCompute,      // galleries, gallery images/versions, managed images, snapshots, disks
  kBatchAccount,
  kBatchPool,
  kPoolOperation,  // batchAccounts/{a}/poolOperationResults/{id}
};

struct TypeInfo {
  std::string type;                        // Microsoft.Compute/galleries/images
  std::vector<std::string> segments;       // {"galleries", "images"}
  std::vector<std::string> api_versions;   // newest last
  std::string name_pattern;                // full-match regex for the last name
  int min_len = 1;
  int max_len = 80;
  std::string name_param;                  // e.g. galleryImageName (error target)
  std::string put_schema;                  // "GalleryRP.json#/definitions/GalleryImage"
  std::string patch_schema;
  Family family = Family::kCompute;
};

const std::vector<TypeInfo>& AllTypes();
const TypeInfo* FindType(const std::string& ns, const std::vector<std::string>& segments);
std::string CanonicalNamespace(const std::string& ns);  // "" when unknown
std::vector<std::string> NamespaceApiVersions(const std::string& ns);
bool IsKnownNamespace(const std::string& ns);
// Api-versions accepted by Microsoft.Resources endpoints (groups, providers).
const std::vector<std::string>& ResourcesApiVersions();
bool Contains(const std::vector<std::string>& list, const std::string& value);
// YYYY-MM-DD with an optional -preview / -beta suffix.
bool WellFormedApiVersion(const std::string& v);

struct ResourcePath {
  std::string subscription;
  std::string resource_group;
  std::string ns;  // canonical namespace
  const TypeInfo* type = nullptr;
  std::vector<std::string> names;  // one per type segment (one fewer for a collection)
  bool collection = false;
  std::string action;  // trailing POST action (listKeys, stopResize, ...)
  // Stored id of the parent resource (keeps the casing it was created with).
  std::string canonical_parent;

  std::string ResourceGroupId() const;
  // Canonical id of the addressed instance (or of the collection's parent).
  std::string Id() const;
  std::string ParentId() const;  // resource group id for top-level types
  std::string Name() const { return names.empty() ? "" : names.back(); }
};

// Parses /subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{t}/{n}... ;
// returns false (and sets `error`) when the namespace or type is unknown.
bool ParseResourcePath(const std::vector<std::string>& segs, ResourcePath* out,
                       std::string* error_code, std::string* error_message);

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_RESOURCE_TYPES_H_
