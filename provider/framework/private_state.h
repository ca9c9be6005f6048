// Provider-private state: opaque bytes core stores next to the resource state
// and hands back on the next Read/Plan/Apply. We keep a JSON object of
// key -> JSON value. Keys starting with "." are reserved for the framework.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_PRIVATE_STATE_H_
#define AZBATCH_PROVIDER_FRAMEWORK_PRIVATE_STATE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace azbatch::framework {

class PrivateState {
 public:
  PrivateState() = default;
  // Empty bytes decode to an empty state.
  static absl::StatusOr<PrivateState> FromBytes(const std::string& bytes);
  // Empty string when there are no keys (core then stores nothing).
  std::string ToBytes() const;

  // The JSON text stored under `key`, if any.
  std::optional<std::string> GetKey(const std::string& key) const;
  // `json` must be valid JSON; an empty string removes the key.
  absl::Status SetKey(const std::string& key, const std::string& json);
  void RemoveKey(const std::string& key);
  bool empty() const { return entries_.empty(); }
  const std::map<std::string, std::string>& entries() const { return entries_; }
  bool operator==(const PrivateState& o) const { return entries_ == o.entries_; }

 private:
  std::map<std::string, std::string> entries_;  // key -> compact JSON text
};

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_PRIVATE_STATE_H_
