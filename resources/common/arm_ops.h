// Shared CRUD steps for ARM resources: the requires-import check, read with
// 404 meaning "gone", delete and wait until ARM forgets the resource, and error
// messages that name the typed id.
#ifndef AZBATCH_RESOURCES_COMMON_ARM_OPS_H_
#define AZBATCH_RESOURCES_COMMON_ARM_OPS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "provider/cty/value.h"
#include "provider/azure/lro.h"
#include "provider/azure/resource_id.h"
#include "resources/common/arm_access.h"

namespace azbatch::resources::common {

// Human-readable typed id: `Gallery "g" (Resource Group "rg")`,
// `Gallery Image Version "1.0.0" (Image "i", Gallery "g", Resource Group "rg")`.
std::string Describe(const azure::ResourceId& id);

// Prefixes the status message with "<verb> <Describe(id)>: " keeping its code
// and payload.
absl::Status Wrap(const absl::Status& status, const std::string& verb,
                  const azure::ResourceId& id);

// The requires-import error: AlreadyExists naming the resource and the command.
absl::Status ImportRequired(const azure::ResourceId& id, const std::string& type_name);

// GET; 404 → ok; 200 → ImportRequired; other errors are wrapped.
absl::Status EnsureAbsent(ArmAccess& arm, const azure::ResourceId& id,
                          const std::string& type_name);

// GET `id` (plus `query`, e.g. "$expand=ReplicationStatus"). nullopt on 404.
absl::StatusOr<std::optional<nlohmann::json>> GetOrGone(ArmAccess& arm,
                                                        const azure::ResourceId& id,
                                                        const std::string& query = "");

// PUT (with `headers`, e.g. If-None-Match) then wait. `on_accepted` runs once ARM accepted the PUT (before waiting),
// so the caller can record the id in state. Errors are wrapped with "creating".
absl::StatusOr<nlohmann::json> PutAndWait(ArmAccess& arm, const azure::ResourceId& id,
                                          const nlohmann::json& body, const std::string& verb,
                                          const std::function<void()>& on_accepted = nullptr,
                                          azure::LroOptions options = {},
                                          const azure::Headers& headers = {});

// PATCH then wait; returns the final resource body.
absl::StatusOr<nlohmann::json> PatchAndWait(ArmAccess& arm, const azure::ResourceId& id,
                                            const nlohmann::json& body,
                                            azure::LroOptions options = {});

// DELETE, wait for the operation to end, then GET until it answers 404 (a
// 200 there is ARM's read cache and is polled again). A resource already gone
// is success.
absl::Status DeleteUntilGone(ArmAccess& arm, const azure::ResourceId& id);

// Every element of an ARM list: GET `path`, then each nextLink, concatenating the
// pages' "value" arrays. A follow page answering HTTP >= 400 is an error.
absl::StatusOr<std::vector<nlohmann::json>> ListAll(ArmAccess& arm, const std::string& path,
                                                    const std::string& api_version);

// The id of the child named by `plan`'s "name" under the parent id (of
// `parent_type`) in `parent_attribute`, e.g. a version under image_definition_id.
absl::StatusOr<azure::ResourceId> ChildIdFromPlan(const cty::Value& plan,
                                                  const std::string& parent_attribute,
                                                  azure::ResourceType parent_type,
                                                  azure::ResourceType type);

// Parses an id (case-insensitively) and requires `type`; the error mentions the
// expected shape.
absl::StatusOr<azure::ResourceId> ParseId(const std::string& id, azure::ResourceType type);

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_ARM_OPS_H_
