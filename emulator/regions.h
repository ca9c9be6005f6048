// Azure's public regions as the emulator knows them (name, display name,
// geography, paired region) and where each resource type is offered. Served
// through GET /subscriptions/{s}/locations and the providers API, and used to
// refuse unknown or unsupported regions with ARM's errors.
#ifndef AZBATCH_EMULATOR_REGIONS_H_
#define AZBATCH_EMULATOR_REGIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "emulator/http_message.h"
#include "nlohmann/json.hpp"

namespace azbatch::emulator {

struct Region {
  const char* name;          // "westeurope"
  const char* display_name;  // "West Europe"
  const char* geography;     // "Europe"
  const char* paired;        // "northeurope", or "" when the region has no pair
  // Access-restricted regions (Azure lists them, but most services must be
  // requested): the emulator offers only resource groups there.
  bool restricted;
};

const std::vector<Region>& AllRegions();
// By name or display name, ignoring case and spaces ("West Europe" = "westeurope").
const Region* FindRegion(const std::string& name_or_display);
// Whether `type` ("Microsoft.Batch/batchAccounts", "Microsoft.Resources/resourceGroups")
// is offered in `region`.
bool OfferedIn(const std::string& type, const Region& region);
// Display names of the regions where `type` is offered, as the providers API lists them.
nlohmann::json LocationsFor(const std::string& type);
// GET /subscriptions/{sub}/locations body ({"value": [...]}).
nlohmann::json SubscriptionLocations(const std::string& sub);
// Nullopt when `location` names a region where `type` is offered; otherwise
// ARM's 400 (LocationNotAvailableForResourceGroup / ...ForResourceType).
std::optional<HttpResponse> CheckLocation(const std::string& type, const std::string& location);

}  // namespace azbatch::emulator

#endif  // AZBATCH_EMULATOR_REGIONS_H_
