// Validators for Azure's grammar: ARM resource ids of a given type and resource
// group names. They live with the resources, not in the framework, which knows
// nothing of Azure; ids are read with azure::ParseArmId.
#ifndef AZBATCH_RESOURCES_COMMON_ARM_ID_VALIDATORS_H_
#define AZBATCH_RESOURCES_COMMON_ARM_ID_VALIDATORS_H_

#include <string>

#include "provider/framework/validators.h"

namespace azbatch::resources::common {

// ARM resource id of the given type, e.g. "Microsoft.Compute/galleries/images":
// /subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/galleries/{}/images/{}.
// Segment names compare case-insensitively; the resource group segment must
// pass ResourceGroupNameError.
framework::ValidatorPtr ArmResourceId(const std::string& resource_type);

// ARM resource group names: what Azure accepts (SPEC common-types v1
// ResourceGroupNameParameter: ^[-\w\._\(\)]+$, 1-90 characters; ARM also
// refuses a trailing '.'). .NET's \w covers Unicode letters and digits, so
// "grüße" is a valid name and "my images" is not. Returns "" for a valid name,
// else what is wrong, naming the offending character. Conservative: a
// non-ASCII character is refused only when it is plainly no letter or digit
// (spaces, controls, punctuation, symbols); Azure judges the rest.
std::string ResourceGroupNameError(const std::string& name);
// String attribute holding a resource group name (the rule above).
framework::ValidatorPtr ResourceGroupName();
// The resource group segment of an ARM id ("/subscriptions/{s}/resourceGroups/
// {rg}/..."): "" when the id has none or it passes ResourceGroupNameError,
// else a message naming the segment and what is wrong with it.
std::string ArmIdResourceGroupError(const std::string& id);

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_ARM_ID_VALIDATORS_H_
