// The managed identity block ARM resources share: `type`, `identity_ids` (the
// keys of userAssignedIdentities) and, where system-assigned identities exist,
// the principal and tenant Azure gives them.
#ifndef AZBATCH_RESOURCES_COMMON_IDENTITY_H_
#define AZBATCH_RESOURCES_COMMON_IDENTITY_H_

#include <string>

#include "resources/common/field_table.h"

namespace azbatch::resources::common {

// Type `UserAssigned` or `None`, plus `SystemAssigned` (with computed
// principal_id and tenant_id, kept while the type stays) when
// `system_assigned`. identity_ids must be set exactly with UserAssigned.
// Unset when Azure reports type None, and identity_ids when it reports none,
// unless configured.
Field IdentityBlock(std::string description, std::string ids_description,
                    bool system_assigned);

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_IDENTITY_H_
