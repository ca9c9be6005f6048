// Plan-time checks that a pool, its image and its Batch account agree, so a
// mistake shows in `plan` instead of as a failed resize hours later:
//  - the gallery image version exists, succeeded and is Generalized;
//  - it has a replica in the Batch account's region (error);
//  - that region has at least ceil(nodes / 300) replicas (warning);
//  - node_agent_sku_id matches the image's OS (error);
//  - an image in another subscription shares the tenant and that subscription
//    has Microsoft.Batch registered (error);
//  - fixed-scale resize_timeout >= 15 minutes per started 1000 nodes (warning);
//  - vm_size offered by Batch in the account's region, and the account's core
//    and pool quotas (preflight_quota.cc).
// Every diagnostic names the attribute and says what to change.
#ifndef AZBATCH_RESOURCES_POOL_PREFLIGHT_H_
#define AZBATCH_RESOURCES_POOL_PREFLIGHT_H_

#include "provider/cty/value.h"
#include "provider/framework/diagnostics.h"
#include "resources/common/arm_access.h"

namespace azbatch::resources::pool {

// Needs no Azure call: the resize timeout rule.
void CheckResizeTimeout(const cty::Value& plan, framework::Diagnostics* diags);

// Reads the image, its definition and the account. Skips quietly while the
// image id or account id is unknown; a failing read is a warning (the plan
// still works), not an error.
void CheckImageAndAccount(common::ArmAccess& arm, const cty::Value& plan,
                          framework::Diagnostics* diags);

// Reads the account, the VM sizes Batch offers in its region (all pages of
// virtualMachineSkus) and, for the quota, the account's pools (one list):
//  - vm_size offered in the region (error with the closest names), retiring
//    (warning);
//  - cores asked for (nodes × vCPUs; autoscale: the formula's bounds) plus the
//    other pools' cores against dedicatedCoreQuota, the per-family quota when
//    enforced and lowPriorityCoreQuota (error over, warning within 10%);
//  - the pool count against poolQuota for a new pool.
// Skips quietly while the account id is unknown or the account does not exist.
void CheckSizeAndQuota(common::ArmAccess& arm, const cty::Value& plan,
                       framework::Diagnostics* diags);

// Apply-time run of CheckImageAndAccount and CheckSizeAndQuota before a PUT or
// PATCH: copies their errors (not their warnings, which the plan showed when
// it could) into `diags` and returns false when there is one.
bool PreflightPassesAtApply(common::ArmAccess& arm, const cty::Value& planned,
                            framework::Diagnostics* diags);

// Planned node count of a fixed-scale pool (dedicated + low priority); -1 when
// the pool autoscales or the counts are unknown.
int64_t PlannedNodes(const cty::Value& plan);

}  // namespace azbatch::resources::pool

#endif  // AZBATCH_RESOURCES_POOL_PREFLIGHT_H_
