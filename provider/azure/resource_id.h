// Typed ARM resource ids built from one segment table: parsed
// case-insensitively, printed canonically.
#ifndef AZBATCH_PROVIDER_AZURE_RESOURCE_ID_H_
#define AZBATCH_PROVIDER_AZURE_RESOURCE_ID_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace azbatch::azure {

enum class ResourceType {
  kResourceGroup,
  kGallery,
  kGalleryImage,
  kGalleryImageVersion,
  kImage,
  kSnapshot,
  kDisk,
  kBatchAccount,
  kBatchPool,
};

// "Microsoft.Compute/galleries/images" etc.; "Microsoft.Resources/resourceGroups".
const char* ResourceTypeName(ResourceType type);
const char* ApiVersionFor(ResourceType type);

// The segments of any ARM id, of any namespace and type:
// /subscriptions/{s}/resourceGroups/{rg}[/providers/{namespace}/{type}/{name}...].
struct ArmIdParts {
  std::string subscription;
  std::string resource_group;
  std::string provider_namespace;  // "" for a resource group id
  std::vector<std::string> types;  // collection names, e.g. {"galleries", "images"}
  std::vector<std::string> names;  // one per type, outermost first
};

// The one ARM id parser (ResourceId::Parse, the parse_resource_id function and
// the id validators read ids through it). The fixed segments compare
// case-insensitively; no segment may be empty or hold a '?'; nested provider
// segments (extension resources) are refused. InvalidArgument: "\"{id}\" is not
// an ARM resource id: expected /subscriptions/{id}/resourceGroups/{name}/...
// (why)".
absl::StatusOr<ArmIdParts> ParseArmId(absl::string_view id);

class ResourceId {
 public:
  // Parses any id in the table (longest match wins, all segments must match).
  static absl::StatusOr<ResourceId> Parse(const std::string& id);
  // Parses and requires `type`; the error names the expected shape.
  static absl::StatusOr<ResourceId> Parse(const std::string& id, ResourceType type);

  static ResourceId ResourceGroup(std::string subscription, std::string resource_group);
  // Child of this id; fails if `child` is not a direct child type.
  absl::StatusOr<ResourceId> Child(ResourceType child, std::string name) const;
  // Parent id; fails for a resource group.
  absl::StatusOr<ResourceId> Parent() const;

  ResourceType type() const { return type_; }
  const std::string& subscription() const { return subscription_; }
  const std::string& resource_group() const { return resource_group_; }
  // Names below the resource group, outermost first (gallery, image, version).
  const std::vector<std::string>& names() const { return names_; }
  // Innermost name (resource group name for a resource group).
  const std::string& name() const;
  // Canonical "/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.X/...".
  std::string String() const;
  const char* api_version() const { return ApiVersionFor(type_); }

  friend bool operator==(const ResourceId& a, const ResourceId& b);

 private:
  ResourceType type_ = ResourceType::kResourceGroup;
  std::string subscription_;
  std::string resource_group_;
  std::vector<std::string> names_;
};

// Expected shape, e.g. "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries/{galleryName}".
std::string ResourceIdPattern(ResourceType type);

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_RESOURCE_ID_H_
