#include "provider/framework/private_state.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace azbatch::framework {

absl::StatusOr<PrivateState> PrivateState::FromBytes(const std::string& bytes) {
  PrivateState out;
  if (bytes.empty()) return out;
  nlohmann::json doc = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return absl::InvalidArgumentError("private state is not a JSON object");
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    out.entries_[it.key()] = it.value().dump();
  }
  return out;
}

std::string PrivateState::ToBytes() const {
  if (entries_.empty()) return "";
  nlohmann::json doc = nlohmann::json::object();
  for (const auto& [key, text] : entries_) {
    doc[key] = nlohmann::json::parse(text, nullptr, false);
  }
  return doc.dump();
}

std::optional<std::string> PrivateState::GetKey(const std::string& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

absl::Status PrivateState::SetKey(const std::string& key, const std::string& json) {
  if (json.empty()) {
    entries_.erase(key);
    return absl::OkStatus();
  }
  nlohmann::json value = nlohmann::json::parse(json, nullptr, false);
  if (value.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat("private state key \"", key,
                                                   "\": value is not valid JSON"));
  }
  entries_[key] = value.dump();
  return absl::OkStatus();
}

void PrivateState::RemoveKey(const std::string& key) { entries_.erase(key); }

}  // namespace azbatch::framework
