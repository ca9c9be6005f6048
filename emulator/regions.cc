#include "emulator/regions.h"

#include <cctype>

namespace azbatch::emulator {

using nlohmann::json;

namespace {

std::string Squash(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

const std::vector<Region>& AllRegions() {
  static const auto* regions = new std::vector<Region>{
      {"eastus", "East US", "US", "westus", false},
      {"eastus2", "East US 2", "US", "centralus", false},
      {"southcentralus", "South Central US", "US", "northcentralus", false},
      {"westus2", "West US 2", "US", "westcentralus", false},
      {"westus3", "West US 3", "US", "eastus", false},
      {"australiaeast", "Australia East", "Asia Pacific", "australiasoutheast", false},
      {"southeastasia", "Southeast Asia", "Asia Pacific", "eastasia", false},
      {"northeurope", "North Europe", "Europe", "westeurope", false},
      {"swedencentral", "Sweden Central", "Europe", "swedensouth", false},
      {"uksouth", "UK South", "UK", "ukwest", false},
      {"westeurope", "West Europe", "Europe", "northeurope", false},
      {"centralus", "Central US", "US", "eastus2", false},
      {"southafricanorth", "South Africa North", "Africa", "southafricawest", false},
      {"centralindia", "Central India", "Asia Pacific", "southindia", false},
      {"eastasia", "East Asia", "Asia Pacific", "southeastasia", false},
      {"japaneast", "Japan East", "Asia Pacific", "japanwest", false},
      {"koreacentral", "Korea Central", "Asia Pacific", "koreasouth", false},
      {"newzealandnorth", "New Zealand North", "Asia Pacific", "", false},
      {"canadacentral", "Canada Central", "Canada", "canadaeast", false},
      {"francecentral", "France Central", "Europe", "francesouth", false},
      {"germanywestcentral", "Germany West Central", "Europe", "germanynorth", false},
      {"italynorth", "Italy North", "Europe", "", false},
      {"norwayeast", "Norway East", "Europe", "norwaywest", false},
      {"polandcentral", "Poland Central", "Europe", "", false},
      {"spaincentral", "Spain Central", "Europe", "", false},
      {"switzerlandnorth", "Switzerland North", "Europe", "switzerlandwest", false},
      {"mexicocentral", "Mexico Central", "Mexico", "", false},
      {"uaenorth", "UAE North", "Middle East", "uaecentral", false},
      {"brazilsouth", "Brazil South", "South America", "southcentralus", false},
      {"israelcentral", "Israel Central", "Middle East", "", false},
      {"qatarcentral", "Qatar Central", "Middle East", "", false},
      {"northcentralus", "North Central US", "US", "southcentralus", false},
      {"westus", "West US", "US", "eastus", false},
      {"westcentralus", "West Central US", "US", "westus2", false},
      {"japanwest", "Japan West", "Asia Pacific", "japaneast", false},
      {"koreasouth", "Korea South", "Asia Pacific", "koreacentral", false},
      {"southindia", "South India", "Asia Pacific", "centralindia", false},
      {"westindia", "West India", "Asia Pacific", "southindia", false},
      {"canadaeast", "Canada East", "Canada", "canadacentral", false},
      {"ukwest", "UK West", "UK", "uksouth", false},
      {"australiasoutheast", "Australia Southeast", "Asia Pacific", "australiaeast", false},
      {"australiacentral", "Australia Central", "Asia Pacific", "australiacentral2", false},
      {"australiacentral2", "Australia Central 2", "Asia Pacific", "australiacentral", true},
      {"brazilsoutheast", "Brazil Southeast", "South America", "brazilsouth", true},
      {"francesouth", "France South", "Europe", "francecentral", true},
      {"germanynorth", "Germany North", "Europe", "germanywestcentral", true},
      {"norwaywest", "Norway West", "Europe", "norwayeast", true},
      {"swedensouth", "Sweden South", "Europe", "swedencentral", true},
      {"switzerlandwest", "Switzerland West", "Europe", "switzerlandnorth", true},
      {"uaecentral", "UAE Central", "Middle East", "uaenorth", true},
      {"southafricawest", "South Africa West", "Africa", "southafricanorth", true},
      {"jioindiacentral", "Jio India Central", "Asia Pacific", "jioindiawest", true},
      {"jioindiawest", "Jio India West", "Asia Pacific", "jioindiacentral", true},
  };
  return *regions;
}

const Region* FindRegion(const std::string& name_or_display) {
  std::string key = Squash(name_or_display);
  if (key.empty()) return nullptr;
  for (const Region& r : AllRegions()) {
    if (key == r.name) return &r;
  }
  return nullptr;
}

bool OfferedIn(const std::string& type, const Region& region) {
  return !region.restricted || IEquals(type, "Microsoft.Resources/resourceGroups");
}

json LocationsFor(const std::string& type) {
  json out = json::array();
  for (const Region& r : AllRegions()) {
    if (OfferedIn(type, r)) out.push_back(r.display_name);
  }
  return out;
}

json SubscriptionLocations(const std::string& sub) {
  json value = json::array();
  for (const Region& r : AllRegions()) {
    json paired = json::array();
    if (*r.paired != '\0') {
      paired.push_back({{"name", r.paired},
                        {"id", "/subscriptions/" + sub + "/locations/" + r.paired}});
    }
    value.push_back(
        {{"id", "/subscriptions/" + sub + "/locations/" + r.name},
         {"name", r.name},
         {"type", "Region"},
         {"displayName", r.display_name},
         {"regionalDisplayName", "(" + std::string(r.geography) + ") " + r.display_name},
         {"metadata",
          {{"regionType", "Physical"},
           {"regionCategory", r.restricted ? "Other" : "Recommended"},
           {"geographyGroup", r.geography},
           {"pairedRegion", paired}}}});
  }
  return {{"value", value}};
}

std::optional<HttpResponse> CheckLocation(const std::string& type, const std::string& location) {
  const Region* region = FindRegion(location);
  if (region != nullptr && OfferedIn(type, *region)) return std::nullopt;
  std::string list;
  for (const Region& r : AllRegions()) {
    if (OfferedIn(type, r)) list += (list.empty() ? "" : ",") + std::string(r.name);
  }
  if (IEquals(type, "Microsoft.Resources/resourceGroups")) {
    return ArmError(400, "LocationNotAvailableForResourceGroup",
                    "The provided location '" + location +
                        "' is not available for resource group. List of available regions is '" +
                        list + "'.");
  }
  return ArmError(400, "LocationNotAvailableForResourceType",
                  "The provided location '" + location + "' is not available for resource type '" +
                      type + "'. List of available regions for the resource type is '" + list +
                      "'.");
}

}  // namespace azbatch::emulator
