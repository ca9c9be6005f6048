// Plan-time check of a Batch account name that is about to be created:
// POST .../providers/Microsoft.Batch/locations/{region}/checkNameAvailability.
// Account names are DNS labels ({name}.{region}.batch.azure.com), so a name
// can be taken by anyone in the region, in any subscription or tenant.
#ifndef AZBATCH_RESOURCES_BATCH_ACCOUNT_NAME_CHECK_H_
#define AZBATCH_RESOURCES_BATCH_ACCOUNT_NAME_CHECK_H_

#include <string>

#include "provider/framework/diagnostics.h"
#include "resources/common/arm_access.h"

namespace azbatch::resources::batch_account {

// Records an account id this provider process has seen in state (a plan with
// a prior state). A replacement is planned as a create after such a plan, and
// the account it replaces must not count as "already exists".
void NoteManagedAccount(const std::string& id);

// One POST; when the name is taken, one more GET listing the subscription's
// Batch accounts to tell "yours: import it" from "someone else's". A failing
// call is a warning. Errors are on the `name` attribute.
void CheckAccountName(common::ArmAccess& arm, const std::string& name,
                      const std::string& location, const std::string& resource_group,
                      framework::Diagnostics* diags);

}  // namespace azbatch::resources::batch_account

#endif  // AZBATCH_RESOURCES_BATCH_ACCOUNT_NAME_CHECK_H_
