// ARM resource id parsing for the parse_resource_id function.
#ifndef AZBATCH_RESOURCES_FUNCTIONS_RESOURCE_ID_H_
#define AZBATCH_RESOURCES_FUNCTIONS_RESOURCE_ID_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace azbatch::resources::functions {

struct ParsedResourceId {
  std::string subscription_id;
  std::string resource_group_name;
  std::string provider_namespace;   // e.g. "Microsoft.Compute"
  std::string resource_type;        // e.g. "galleries/images/versions"
  std::string name;                 // last name, e.g. "1.0.0"
  std::vector<std::string> types;   // e.g. {"galleries", "images", "versions"}
  std::vector<std::string> names;   // e.g. {"gallery1", "image1", "1.0.0"}
};

// Parses /subscriptions/{id}/resourceGroups/{name}/providers/{namespace}/{type}/{name}
// [/{type}/{name}...] with azure::ParseArmId, the one ARM id parser. The fixed
// segments match case-insensitively; one trailing slash is tolerated.
// InvalidArgument explains what is wrong.
absl::StatusOr<ParsedResourceId> ParseResourceId(const std::string& id);

}  // namespace azbatch::resources::functions

#endif  // AZBATCH_RESOURCES_FUNCTIONS_RESOURCE_ID_H_
