// cty JSON codec (go-cty cty/json): DynamicValue.json and RawState.json.
#ifndef AZBATCH_PROVIDER_CTY_JSON_H_
#define AZBATCH_PROVIDER_CTY_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "provider/cty/value.h"

namespace azbatch::cty {

// Wholly known values only (JSON cannot carry unknowns). Numbers keep their
// exact decimal text. Dynamic slots are {"value":V,"type":T}.
absl::StatusOr<std::string> MarshalJson(const Value& value, const Type& type);
// Strict decode: missing object attributes become null, extra ones are errors.
absl::StatusOr<Value> UnmarshalJson(std::string_view json, const Type& type);
// Lenient decode for stored state: missing attributes null, extra attributes dropped
// (at every nesting level).
absl::StatusOr<Value> UnmarshalJsonLenient(std::string_view json, const Type& type);

}  // namespace azbatch::cty

#endif  // AZBATCH_PROVIDER_CTY_JSON_H_
