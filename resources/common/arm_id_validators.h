// Validators for Azure's grammar: ARM resource ids of given types, resource
// group names and lists keyed by Azure names (regions). They live with the
// resources, not in the framework, which knows nothing of Azure; ids are read
// with azure::ParseArmId.
#ifndef AZBATCH_RESOURCES_COMMON_ARM_ID_VALIDATORS_H_
#define AZBATCH_RESOURCES_COMMON_ARM_ID_VALIDATORS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "provider/framework/validators.h"

namespace azbatch::resources::common {

// ARM resource id of the given type, e.g. "Microsoft.Compute/galleries/images":
// /subscriptions/{}/resourceGroups/{}/providers/Microsoft.Compute/galleries/{}/images/{}.
// Segment names compare case-insensitively; the resource group segment must
// pass ResourceGroupNameError.
framework::ValidatorPtr ArmResourceId(const std::string& resource_type);
// The same for an id of any of `resource_types`, e.g. {"Microsoft.Compute/snapshots",
// "Microsoft.Compute/disks"}. `description` (docs and error) defaults to
// "an ARM resource id of type A or B".
framework::ValidatorPtr ArmResourceIdOneOf(const std::vector<std::string>& resource_types,
                                           const std::string& description = "");

// A list or set of objects whose `key` attribute must be unique once passed
// through `normalise` (e.g. NormaliseLocation: "West Europe" is "westeurope").
// Each repeat is an error at its key with `summary` and the detail
// `<noun> "<value>" is listed more than once`. No docs text: the attribute's
// description says it.
framework::ValidatorPtr UniqueKeys(std::string key,
                                   std::function<std::string(std::string_view)> normalise,
                                   std::string summary, std::string noun);

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
