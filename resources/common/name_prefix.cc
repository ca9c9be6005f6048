#include "resources/common/name_prefix.h"

#include "absl/random/random.h"

namespace azbatch::resources::common {

namespace {
constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
}  // namespace

std::string NameFromPrefix(const std::string& prefix) {
  absl::BitGen gen;
  std::string name = prefix;
  for (int i = 0; i < kNameSuffixLength; ++i) {
    name += kAlphabet[absl::Uniform<size_t>(gen, 0, sizeof(kAlphabet) - 1)];
  }
  return name;
}

bool NameFitsPrefix(const std::string& name, const std::string& prefix) {
  if (name.size() != prefix.size() + kNameSuffixLength || name.compare(0, prefix.size(), prefix)) {
    return false;
  }
  for (size_t i = prefix.size(); i < name.size(); ++i) {
    const char c = name[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace azbatch::resources::common
