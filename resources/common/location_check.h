// Plan-time check of region names (`location`, `target_region.name`) against
// the regions of the configured subscription: one
// GET /subscriptions/{id}/locations per provider process, cached. An unknown
// name is an error on the attribute that lists the close names. Skipped when
// the provider is not configured for Azure, preflight is off, or the list
// cannot be read (e.g. an unknown subscription).
#ifndef AZBATCH_RESOURCES_COMMON_LOCATION_CHECK_H_
#define AZBATCH_RESOURCES_COMMON_LOCATION_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "provider/azure/arm_client.h"
#include "provider/azure/context.h"
#include "provider/framework/plan_modifiers.h"

namespace azbatch::resources::common {

struct KnownLocation {
  std::string name;          // "westeurope"
  std::string display_name;  // "West Europe"
};

// The `value` of a subscription locations list.
std::vector<KnownLocation> ParseLocations(const nlohmann::json& body);

// Region names within two edits of `location` (names and display names,
// compared without case and spaces), closest first.
std::vector<std::string> CloseLocations(const std::vector<KnownLocation>& known,
                                        const std::string& location);

// Nullopt when `location` is a name or display name in `known`; otherwise the
// diagnostic detail, naming the close regions.
std::optional<std::string> UnknownLocationDetail(const std::vector<KnownLocation>& known,
                                                 const std::string& location,
                                                 const std::string& subscription);

// The subscription's regions, read once per client endpoint and subscription
// for the life of the process (a failed read is remembered too).
absl::StatusOr<std::vector<KnownLocation>> CachedSubscriptionLocations(
    azure::ArmClient& client, const azure::Context& ctx);

// Forgets the cache (tests).
void ClearLocationCacheForTesting();

// The plan modifier behind the check, for location-like string attributes.
framework::PlanModifierPtr CheckRegionExists();

}  // namespace azbatch::resources::common

#endif  // AZBATCH_RESOURCES_COMMON_LOCATION_CHECK_H_
