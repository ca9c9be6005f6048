// The azbatch provider: its block schema and the one list registering every
// resource, data source and function. Adding a resource type is one folder
// under resources/ plus one line in registry.cc.
#ifndef AZBATCH_RESOURCES_REGISTRY_H_
#define AZBATCH_RESOURCES_REGISTRY_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "provider/framework/provider.h"
#include "resources/provider_config/provider_config.h"  // ProviderSettings

namespace azbatch::resources {

inline constexpr char kProviderTypeName[] = "azbatch";

// Registers everything into `provider`; fails on duplicates or invalid schemas.
absl::Status RegisterAll(framework::Provider* provider);

// The provider with everything registered. Registration problems are logged
// (and caught by the registry test).
std::unique_ptr<framework::Provider> NewAzbatchProvider(std::string version);

}  // namespace azbatch::resources

#endif  // AZBATCH_RESOURCES_REGISTRY_H_
