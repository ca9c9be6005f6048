#include "resources/functions/resource_id.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace azbatch::resources::functions {
namespace {

constexpr char kExpected[] =
    "expected /subscriptions/{id}/resourceGroups/{name}/providers/{namespace}/{type}/{name}";

absl::Status NotAnId(const std::string& id, const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat("\"", id, "\" is not an ARM resource id: ", kExpected, " (", why, ")"));
}

}  // namespace

absl::StatusOr<ParsedResourceId> ParseResourceId(const std::string& id) {
  std::string body = id;
  if (body.empty() || body[0] != '/') return NotAnId(id, "it must start with \"/\"");
  body = body.substr(1);
  if (!body.empty() && body.back() == '/') body.pop_back();
  std::vector<std::string> seg = absl::StrSplit(body, '/');
  for (const std::string& s : seg) {
    if (s.empty()) return NotAnId(id, "it contains an empty segment");
  }
  if (seg.size() < 8) return NotAnId(id, "it has too few segments");
  if (seg.size() % 2 != 0) return NotAnId(id, "a resource type has no name");
  if (!absl::EqualsIgnoreCase(seg[0], "subscriptions")) {
    return NotAnId(id, "the first segment must be \"subscriptions\"");
  }
  if (!absl::EqualsIgnoreCase(seg[2], "resourceGroups")) {
    return NotAnId(id, "the third segment must be \"resourceGroups\"");
  }
  if (!absl::EqualsIgnoreCase(seg[4], "providers")) {
    return NotAnId(id, "the fifth segment must be \"providers\"");
  }
  ParsedResourceId out;
  out.subscription_id = seg[1];
  out.resource_group_name = seg[3];
  out.provider_namespace = seg[5];
  for (size_t i = 6; i + 1 < seg.size(); i += 2) {
    if (absl::EqualsIgnoreCase(seg[i], "providers")) {
      return NotAnId(id, "nested provider segments (extension resources) are not supported");
    }
    out.types.push_back(seg[i]);
    out.names.push_back(seg[i + 1]);
  }
  out.resource_type = absl::StrJoin(out.types, "/");
  out.name = out.names.back();
  return out;
}

}  // namespace azbatch::resources::functions
