#include "resources/functions/resource_id.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "provider/azure/resource_id.h"

namespace azbatch::resources::functions {

absl::StatusOr<ParsedResourceId> ParseResourceId(const std::string& id) {
  absl::string_view body = id;
  if (body.size() > 1 && body.back() == '/') body.remove_suffix(1);
  absl::StatusOr<azure::ArmIdParts> parts = azure::ParseArmId(body);
  if (parts.ok() && parts->types.empty()) {
    parts = absl::InvalidArgumentError(absl::StrCat(
        "\"", id, "\" is not an ARM resource id: expected /subscriptions/{id}/resourceGroups/"
        "{name}/providers/{namespace}/{type}/{name} (it has too few segments)"));
  }
  if (!parts.ok()) return parts.status();
  ParsedResourceId out;
  out.subscription_id = parts->subscription;
  out.resource_group_name = parts->resource_group;
  out.provider_namespace = parts->provider_namespace;
  out.types = parts->types;
  out.names = parts->names;
  out.resource_type = absl::StrJoin(out.types, "/");
  out.name = out.names.back();
  return out;
}

}  // namespace azbatch::resources::functions
