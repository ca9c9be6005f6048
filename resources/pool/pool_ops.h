// Pool calls beyond plain CRUD: create-only PUT, waiting for a steady
// allocation state with progress logs, stopping a resize, and turning resize
// errors into advice.
#ifndef AZBATCH_RESOURCES_POOL_POOL_OPS_H_
#define AZBATCH_RESOURCES_POOL_POOL_OPS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "provider/azure/resource_id.h"
#include "resources/common/arm_access.h"

namespace azbatch::resources::pool {

// Polls GET until allocationState is Steady (1 s, growing to 30 s between
// reads). Returns the last body; DeadlineExceeded/Cancelled keep their code
// and say how far the resize got.
absl::StatusOr<nlohmann::json> WaitForSteady(common::ArmAccess& arm, const azure::ResourceId& id);

// POST stopResize, then wait for Steady.
absl::StatusOr<nlohmann::json> StopResize(common::ArmAccess& arm, const azure::ResourceId& id);

// When the pool's last resize reported errors: a message listing them, the
// nodes reached, and what to change (resize timeout, replicas). nullopt otherwise.
// `on_create`: the pool was just created, so the CLI keeps it tainted.
std::optional<std::string> ResizeFailure(const nlohmann::json& pool, bool on_create = false);

}  // namespace azbatch::resources::pool

#endif  // AZBATCH_RESOURCES_POOL_POOL_OPS_H_
