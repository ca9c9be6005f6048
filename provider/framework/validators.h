// Attribute validators. Each works on one attribute value (with the whole
// configuration at hand for cross-attribute checks), adds diagnostics that carry
// the attribute path, and skips null and unknown values.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_VALIDATORS_H_
#define AZBATCH_PROVIDER_FRAMEWORK_VALIDATORS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "provider/cty/path.h"
#include "provider/cty/value.h"
#include "provider/framework/diagnostics.h"

namespace azbatch::framework {

struct ValidatorRequest {
  cty::Path path;        // where the value sits in the config
  cty::Value value;      // the attribute value (may be null or unknown)
  cty::Value config;     // the whole configuration object
  // The object holding this attribute (the root config, or a nested block /
  // nested attribute element). Sibling lookups use it.
  cty::Value parent;
};

class Validator {
 public:
  virtual ~Validator() = default;
  // Plain-text description for docs, e.g. "length between 1 and 80".
  virtual std::string Description() const = 0;
  virtual void Validate(const ValidatorRequest& req, Diagnostics* diags) const = 0;
};
using ValidatorPtr = std::shared_ptr<const Validator>;

namespace validators {

// Strings.
ValidatorPtr StringLengthBetween(int64_t min, int64_t max);  // characters (UTF-8 code points)
ValidatorPtr StringLengthAtLeast(int64_t min);
// ECMAScript regular expression that must match the whole string; `message`
// (optional) explains the expected form in the error.
ValidatorPtr StringMatches(const std::string& regex, const std::string& message = "");
// Value must be one of `allowed`; case_insensitive compares ASCII case-folded.
ValidatorPtr StringOneOf(std::vector<std::string> allowed, bool case_insensitive = false);
// Go duration such as "90m", "2h30m" (timeouts blocks).
ValidatorPtr GoDuration();
// Numbers.
ValidatorPtr IntBetween(int64_t min, int64_t max);  // also requires a whole number
ValidatorPtr IntAtLeast(int64_t min);

// Lists, sets and maps.
ValidatorPtr SizeBetween(int64_t min, int64_t max);

// Cross-attribute checks against siblings (attribute names in the same object).
// ConflictsWith: error when this value and any named sibling are both set (non-null).
ValidatorPtr ConflictsWith(std::vector<std::string> siblings);
// ExactlyOneOf / AtLeastOneOf: the group is this attribute plus `siblings`.
// Unknown members count as "may be set": no error is raised while any is unknown.
ValidatorPtr ExactlyOneOf(std::vector<std::string> siblings);
ValidatorPtr AtLeastOneOf(std::vector<std::string> siblings);
// AlsoRequires: error when this value is set (non-null; a list, set or map also
// non-empty) while a named sibling is known and null. The error has `summary`
// and the detail "<attribute> can only be used together with <siblings>".
ValidatorPtr AlsoRequires(std::vector<std::string> siblings,
                          std::string summary = "Missing required attribute");

// Custom check on known, non-null values: returns an error message, or "" when valid.
ValidatorPtr Custom(std::string description,
                    std::function<std::string(const cty::Value&)> check);

}  // namespace validators
}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_VALIDATORS_H_
