// Finds strings that are not valid UTF-8 inside values received from a client.
// cty strings are Unicode text; core never sends anything else, but another
// protocol client may, and such bytes must not reach resources (which would
// copy them into requests, state and protobuf string fields).
#ifndef AZBATCH_PROVIDER_CTY_UTF8_CHECK_H_
#define AZBATCH_PROVIDER_CTY_UTF8_CHECK_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "provider/cty/path.h"
#include "provider/cty/type.h"
#include "provider/cty/value.h"

namespace azbatch::cty {

struct InvalidUtf8 {
  enum class Where {
    kString,      // the string value at `path`
    kKey,         // a key or attribute name of the map / object at `path`
    kRefinement,  // the string prefix refinement of the unknown value at `path`
  };
  Path path;  // never contains an invalid string itself
  Where where = Where::kString;
  bool operator==(const InvalidUtf8& o) const { return path == o.path && where == o.where; }
};

// Every place in `v` holding invalid UTF-8, depth first in value order.
std::vector<InvalidUtf8> FindInvalidUtf8(const Value& v);

// The same for a JSON document that is read against `type` (stored state,
// possibly of an older schema version): object members become attribute
// steps except inside maps, where they are keys. Errors only on malformed JSON.
absl::StatusOr<std::vector<InvalidUtf8>> FindInvalidUtf8InJson(std::string_view json,
                                                               const Type& type);

}  // namespace azbatch::cty

#endif  // AZBATCH_PROVIDER_CTY_UTF8_CHECK_H_
