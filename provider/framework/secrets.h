// Sensitive values reach no log line: every value the schema marks sensitive
// or write-only is handed to the logger's scrubber (log::AddSecret) as soon as
// a request carries it, so any later line that happens to contain it, in any
// shape, shows "REDACTED" instead.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_SECRETS_H_
#define AZBATCH_PROVIDER_FRAMEWORK_SECRETS_H_

#include <string>
#include <vector>

#include "provider/cty/value.h"
#include "provider/framework/schema.h"

namespace azbatch::framework {

// The known strings (and numbers, as written) held anywhere inside the
// sensitive or write-only attributes of `value`, an object of `block`'s type.
// Null, unknown and mistyped parts are skipped.
std::vector<std::string> SensitiveStrings(const Block& block, const cty::Value& value);

// log::AddSecret for each of SensitiveStrings(block, value).
void RegisterSensitiveValues(const Block& block, const cty::Value& value);

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_SECRETS_H_
