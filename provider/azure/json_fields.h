// Non-throwing reads of JSON that comes from Azure. A missing key, a `null`
// and a value of another type all read as absent, so a body ARM shapes
// differently than documented degrades to "not returned" instead of throwing
// (nlohmann's value()/at()/get() throw on a type mismatch). Every read of a
// remote body goes through these; they are the only copy.
#ifndef AZBATCH_PROVIDER_AZURE_JSON_FIELDS_H_
#define AZBATCH_PROVIDER_AZURE_JSON_FIELDS_H_

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "nlohmann/json.hpp"

namespace azbatch::azure {

// j[key] when j is an object that has it, else nullptr.
inline const nlohmann::json* JField(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

inline std::optional<std::string> JStr(const nlohmann::json& j, const char* key) {
  const nlohmann::json* v = JField(j, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

// An integral number (a float with no fraction counts) that fits int64.
inline std::optional<int64_t> JIntValue(const nlohmann::json& v) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() &&
        v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    return v.get<int64_t>();
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > 9.0e18) return std::nullopt;
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

inline std::optional<int64_t> JInt(const nlohmann::json& j, const char* key) {
  const nlohmann::json* v = JField(j, key);
  return v == nullptr ? std::nullopt : JIntValue(*v);
}

inline std::optional<double> JNum(const nlohmann::json& j, const char* key) {
  const nlohmann::json* v = JField(j, key);
  if (v == nullptr || !v->is_number()) return std::nullopt;
  return v->get<double>();
}

inline std::optional<bool> JBool(const nlohmann::json& j, const char* key) {
  const nlohmann::json* v = JField(j, key);
  if (v == nullptr || !v->is_boolean()) return std::nullopt;
  return v->get<bool>();
}

// j[key] when it is an object, else an empty object.
inline const nlohmann::json& JObj(const nlohmann::json& j, const char* key) {
  static const nlohmann::json* const kEmpty = new nlohmann::json(nlohmann::json::object());
  const nlohmann::json* v = JField(j, key);
  return v != nullptr && v->is_object() ? *v : *kEmpty;
}

// j[key] when it is an array, else an empty array.
inline const nlohmann::json& JArr(const nlohmann::json& j, const char* key) {
  static const nlohmann::json* const kEmpty = new nlohmann::json(nlohmann::json::array());
  const nlohmann::json* v = JField(j, key);
  return v != nullptr && v->is_array() ? *v : *kEmpty;
}

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_JSON_FIELDS_H_
