// Names drawn from a `name_prefix`: the prefix plus a short random suffix, so a
// replacement created before its predecessor is destroyed gets a name of its own.
// ArmResource draws the name at create for any resource whose schema has both
// `name` (optional and computed) and `name_prefix`.
#ifndef AZBATCH_RESOURCES_COMMON_NAME_PREFIX_H_
#define AZBATCH_RESOURCES_COMMON_NAME_PREFIX_H_

#include <string>

namespace azbatch::resources::common {

// Random characters after the prefix, from [a-z0-9]: 36^8 (2.8e12) names per
// prefix, lowercase so they survive services that fold case.
inline constexpr int kNameSuffixLength = 8;

// `prefix` plus kNameSuffixLength random characters.
std::string NameFromPrefix(const std::string& prefix);

// True when `name` is `prefix` plus such a suffix (e.g. an imported object whose
// configuration names it by prefix).
bool NameFitsPrefix(const std::string& name, const std::string& prefix);

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_NAME_PREFIX_H_
