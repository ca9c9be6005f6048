// The azbatch_pool field table: every attribute and block, where it lives in
// the Batch management API body, and when Azure lets it change.
#ifndef AZBATCH_RESOURCES_POOL_POOL_SCHEMA_H_
#define AZBATCH_RESOURCES_POOL_POOL_SCHEMA_H_

#include <string>
#include <vector>

#include "provider/framework/schema.h"
#include "resources/common/field_table.h"

namespace azbatch::resources::pool {

// The pool is written with the shared field table (resources/common/field_table.h).
using common::Attr;
using common::ComputedAttributes;
using common::ComputedOnly;
using common::Conv;
using common::Expand;
using common::ExpandField;
using common::Field;
using common::Hidden;
using common::JsonAt;
using common::ListBlock;
using common::Present;
using common::SetJsonAt;
using common::SingleBlock;

// When Azure accepts a change to a top-level field (docs: "Update Batch pool
// properties", api-version >= 2024-07-01).
enum class Fate {
  kAlways,     // also while the pool has nodes (scale, start task, metadata, packages, ...)
  kZeroNodes,  // only while the pool has no nodes; with nodes the plan replaces the pool
  kLocal,      // provider behaviour switches; never sent
};

// Every configurable and computed field, except id, name, name_prefix, account_id
// and timeouts.
const std::vector<Field>& PoolFields();

// The top-level request key a field belongs to ("vmSize", "deploymentConfiguration",
// "scaleSettings", "identity", "tags"); empty for local fields.
std::string GroupOf(const Field& field);
Fate FateOf(const Field& field);

// The resource schema (fields + id, name, name_prefix, account_id, timeouts).
framework::Schema PoolSchema();


// Image reference paths used by validation and preflight.
inline constexpr char kVmcPath[] = "properties.deploymentConfiguration.virtualMachineConfiguration";

}  // namespace azbatch::resources::pool

#endif  // AZBATCH_RESOURCES_POOL_POOL_SCHEMA_H_
