#include "provider/cty/path.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/json_string.h"

// GCC 12 reports a false -Wmaybe-uninitialized when copying vectors of
// variants that hold strings; the code below has no uninitialised reads.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace azbatch::cty {

Path Path::Attr(std::string name) const {
  Path p = *this;
  p.steps_.push_back(AttributeStep{std::move(name)});
  return p;
}

Path Path::Index(int64_t i) const {
  Path p = *this;
  p.steps_.push_back(IndexStep{i});
  return p;
}

Path Path::Key(std::string key) const {
  Path p = *this;
  p.steps_.push_back(KeyStep{std::move(key)});
  return p;
}

std::string Path::ToString() const {
  std::string out;
  for (const PathStep& step : steps_) {
    if (const auto* a = std::get_if<AttributeStep>(&step)) {
      if (!out.empty()) out.push_back('.');
      out += a->name;
    } else if (const auto* i = std::get_if<IndexStep>(&step)) {
      absl::StrAppend(&out, "[", i->index, "]");
    } else if (const auto* k = std::get_if<KeyStep>(&step)) {
      out.push_back('[');
      json_string::Append(&out, k->key);
      out.push_back(']');
    }
  }
  return out;
}

static bool StepEquals(const PathStep& a, const PathStep& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<AttributeStep>(&a)) {
    return x->name == std::get<AttributeStep>(b).name;
  }
  if (const auto* x = std::get_if<IndexStep>(&a)) {
    return x->index == std::get<IndexStep>(b).index;
  }
  return std::get<KeyStep>(a).key == std::get<KeyStep>(b).key;
}

bool Path::operator==(const Path& o) const {
  if (steps_.size() != o.steps_.size()) return false;
  for (size_t i = 0; i < steps_.size(); ++i) {
    if (!StepEquals(steps_[i], o.steps_[i])) return false;
  }
  return true;
}

bool Path::HasPrefix(const Path& prefix) const {
  if (prefix.steps_.size() > steps_.size()) return false;
  for (size_t i = 0; i < prefix.steps_.size(); ++i) {
    if (!StepEquals(steps_[i], prefix.steps_[i])) return false;
  }
  return true;
}

}  // namespace azbatch::cty
