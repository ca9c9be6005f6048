// Attribute paths: where in a value a diagnostic or a replacement applies.
#ifndef AZBATCH_PROVIDER_CTY_PATH_H_
#define AZBATCH_PROVIDER_CTY_PATH_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace azbatch::cty {

struct AttributeStep { std::string name; };
struct IndexStep { int64_t index; };        // list / tuple element
struct KeyStep { std::string key; };        // map element
using PathStep = std::variant<AttributeStep, IndexStep, KeyStep>;

class Path {
 public:
  Path() = default;
  static Path Root() { return Path(); }
  Path Attr(std::string name) const;
  Path Index(int64_t i) const;
  Path Key(std::string key) const;
  const std::vector<PathStep>& steps() const { return steps_; }
  bool empty() const { return steps_.empty(); }
  // HCL-like rendering for messages: target_region[1].name, tags["env"].
  std::string ToString() const;
  bool operator==(const Path& o) const;
  bool operator!=(const Path& o) const { return !(*this == o); }
  bool HasPrefix(const Path& prefix) const;

 private:
  std::vector<PathStep> steps_;
};

}  // namespace azbatch::cty

#endif  // AZBATCH_PROVIDER_CTY_PATH_H_
