// One api-version per ARM resource type, taken from the specs in
// azure-specs/specification (directory names carry the version).
#ifndef AZBATCH_PROVIDER_AZURE_API_VERSIONS_H_
#define AZBATCH_PROVIDER_AZURE_API_VERSIONS_H_

namespace azbatch::azure::api_versions {

// compute/.../GalleryRP/stable/2025-03-03/GalleryRP.json
inline constexpr char kGalleries[] = "2025-03-03";
inline constexpr char kGalleryImages[] = "2025-03-03";
inline constexpr char kGalleryImageVersions[] = "2025-03-03";
// compute/.../ComputeRP/stable/2025-04-01/image.json
inline constexpr char kImages[] = "2025-04-01";
// DiskRP is not in our spec copy; 2024-03-02 is its current stable version.
inline constexpr char kDisks[] = "2024-03-02";
inline constexpr char kSnapshots[] = "2024-03-02";
// batch/.../Microsoft.Batch/stable/2025-06-01/BatchManagement.json
inline constexpr char kBatchAccounts[] = "2025-06-01";
inline constexpr char kBatchPools[] = "2025-06-01";
// resources/.../Microsoft.Resources/stable/2025-04-01/resources.json
inline constexpr char kResourceGroups[] = "2025-04-01";
inline constexpr char kProviders[] = "2025-04-01";
// Cloud metadata document (/metadata/endpoints).
inline constexpr char kMetadataEndpoints[] = "2022-09-01";

}  // namespace azbatch::azure::api_versions

#endif  // AZBATCH_PROVIDER_AZURE_API_VERSIONS_H_
