// cty msgpack codec, byte-compatible with go-cty's cty/msgpack (what core sends).
#ifndef AZBATCH_PROVIDER_CTY_MSGPACK_H_
#define AZBATCH_PROVIDER_CTY_MSGPACK_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "provider/cty/value.h"

namespace azbatch::cty {

// Encodes `value` conforming to `type` (dynamic slots are wrapped as
// [type JSON, value]; unknowns as d4 00 00 or ext 12 with refinements).
absl::StatusOr<std::string> MarshalMsgpack(const Value& value, const Type& type);
// Decodes bytes into a value of `type`. Empty input is null of `type`.
absl::StatusOr<Value> UnmarshalMsgpack(std::string_view bytes, const Type& type);

}  // namespace azbatch::cty

#endif  // AZBATCH_PROVIDER_CTY_MSGPACK_H_
