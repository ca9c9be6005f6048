// Building blocks of the azbatch_pool field table: attribute helpers and the
// nested tables (image reference, start task, network, mounts, upgrade policy,
// container registries). Only pool_schema.cc uses them.
#ifndef AZBATCH_RESOURCES_POOL_POOL_BLOCKS_H_
#define AZBATCH_RESOURCES_POOL_POOL_BLOCKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "provider/framework/schema.h"
#include "resources/common/field_table.h"
#include "resources/pool/pool_schema.h"

namespace azbatch::resources::pool::parts {

// "<virtualMachineConfiguration path>.<rest>".
std::string Vmc(const char* rest);
cty::Type StrList();
cty::Type StrSet();
framework::Attribute OptStr(const char* name, const char* description = "");
framework::Attribute OneOf(const char* name, std::vector<std::string> values,
                           const char* description = "");
framework::Attribute Defaulted(framework::Attribute a, cty::Value d);
// A sensitive string Azure never returns; `what` starts its description.
framework::Attribute Secret(const char* name, const char* what, bool required = false);
// ISO 8601 duration between the bounds, in minutes.
framework::ValidatorPtr DurationMinutes(int64_t min_minutes, int64_t max_minutes);
Field IdentityRef(const char* name = "identity_id");

std::vector<Field> Registry(bool with_password);
std::vector<Field> ImageReference();
std::vector<Field> StartTask();
std::vector<Field> Network();
std::vector<Field> Mounts();
std::vector<Field> UpgradePolicy();

}  // namespace azbatch::resources::pool::parts

#endif  // AZBATCH_RESOURCES_POOL_POOL_BLOCKS_H_
