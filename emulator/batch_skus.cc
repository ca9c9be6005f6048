// The VM sizes Batch offers per region (Location_ListSupportedVirtualMachineSkus)
// and the default quotas of a BatchService account. The table is a realistic
// subset of Azure's sizes; vCPUs and family drive the core-quota simulation.
#include <regex>

#include "emulator/handlers.h"

namespace azbatch::emulator {

using nlohmann::json;

namespace {

struct SkuRow {
  const char* name;
  const char* family;
  int vcpus;
  int memory_gb;
  int gpus;
  const char* end_of_life;  // batchSupportEndOfLife, or nullptr
};

constexpr char kDv3[] = "standardDv3Family";
constexpr char kDsv3[] = "standardDSv3Family";
constexpr char kDv5[] = "standardDv5Family";
constexpr char kDsv5[] = "standardDSv5Family";
constexpr char kEv5[] = "standardEv5Family";
constexpr char kFsv2[] = "standardFSv2Family";
constexpr char kNcT4[] = "standardNCASv3_T4Family";
constexpr char kNcA100[] = "StandardNCADSA100v4Family";
constexpr char kNvv3[] = "standardNVSv3Family";
constexpr char kNvRetire[] = "2026-09-30T00:00:00Z";

constexpr SkuRow kSkus[] = {
    {"Standard_D2_v3", kDv3, 2, 8, 0, nullptr},
    {"Standard_D4_v3", kDv3, 4, 16, 0, nullptr},
    {"Standard_D8_v3", kDv3, 8, 32, 0, nullptr},
    {"Standard_D16_v3", kDv3, 16, 64, 0, nullptr},
    {"Standard_D32_v3", kDv3, 32, 128, 0, nullptr},
    {"Standard_D64_v3", kDv3, 64, 256, 0, nullptr},
    {"Standard_D2s_v3", kDsv3, 2, 8, 0, nullptr},
    {"Standard_D4s_v3", kDsv3, 4, 16, 0, nullptr},
    {"Standard_D8s_v3", kDsv3, 8, 32, 0, nullptr},
    {"Standard_D16s_v3", kDsv3, 16, 64, 0, nullptr},
    {"Standard_D32s_v3", kDsv3, 32, 128, 0, nullptr},
    {"Standard_D48s_v3", kDsv3, 48, 192, 0, nullptr},
    {"Standard_D64s_v3", kDsv3, 64, 256, 0, nullptr},
    {"Standard_D2_v5", kDv5, 2, 8, 0, nullptr},
    {"Standard_D4_v5", kDv5, 4, 16, 0, nullptr},
    {"Standard_D8_v5", kDv5, 8, 32, 0, nullptr},
    {"Standard_D16_v5", kDv5, 16, 64, 0, nullptr},
    {"Standard_D32_v5", kDv5, 32, 128, 0, nullptr},
    {"Standard_D64_v5", kDv5, 64, 256, 0, nullptr},
    {"Standard_D96_v5", kDv5, 96, 384, 0, nullptr},
    {"Standard_D2s_v5", kDsv5, 2, 8, 0, nullptr},
    {"Standard_D4s_v5", kDsv5, 4, 16, 0, nullptr},
    {"Standard_D8s_v5", kDsv5, 8, 32, 0, nullptr},
    {"Standard_D16s_v5", kDsv5, 16, 64, 0, nullptr},
    {"Standard_D32s_v5", kDsv5, 32, 128, 0, nullptr},
    {"Standard_E2_v5", kEv5, 2, 16, 0, nullptr},
    {"Standard_E4_v5", kEv5, 4, 32, 0, nullptr},
    {"Standard_E8_v5", kEv5, 8, 64, 0, nullptr},
    {"Standard_E16_v5", kEv5, 16, 128, 0, nullptr},
    {"Standard_E32_v5", kEv5, 32, 256, 0, nullptr},
    {"Standard_E64_v5", kEv5, 64, 512, 0, nullptr},
    {"Standard_E96_v5", kEv5, 96, 672, 0, nullptr},
    {"Standard_F2s_v2", kFsv2, 2, 4, 0, nullptr},
    {"Standard_F4s_v2", kFsv2, 4, 8, 0, nullptr},
    {"Standard_F8s_v2", kFsv2, 8, 16, 0, nullptr},
    {"Standard_F16s_v2", kFsv2, 16, 32, 0, nullptr},
    {"Standard_F32s_v2", kFsv2, 32, 64, 0, nullptr},
    {"Standard_F48s_v2", kFsv2, 48, 96, 0, nullptr},
    {"Standard_F64s_v2", kFsv2, 64, 128, 0, nullptr},
    {"Standard_F72s_v2", kFsv2, 72, 144, 0, nullptr},
    {"Standard_NC4as_T4_v3", kNcT4, 4, 28, 1, nullptr},
    {"Standard_NC8as_T4_v3", kNcT4, 8, 56, 1, nullptr},
    {"Standard_NC16as_T4_v3", kNcT4, 16, 110, 1, nullptr},
    {"Standard_NC64as_T4_v3", kNcT4, 64, 440, 4, nullptr},
    {"Standard_NC24ads_A100_v4", kNcA100, 24, 220, 1, nullptr},
    {"Standard_NC48ads_A100_v4", kNcA100, 48, 440, 2, nullptr},
    {"Standard_NC96ads_A100_v4", kNcA100, 96, 880, 4, nullptr},
    {"Standard_NV12s_v3", kNvv3, 12, 112, 1, kNvRetire},
    {"Standard_NV24s_v3", kNvv3, 24, 224, 2, kNvRetire},
    {"Standard_NV48s_v3", kNvv3, 48, 448, 4, kNvRetire},
};

// GPU sizes are offered in fewer regions than general purpose ones.
constexpr const char* kGpuRegions[] = {"eastus",      "eastus2",       "southcentralus",
                                       "westus2",     "westus3",       "westeurope",
                                       "northeurope", "uksouth",       "japaneast",
                                       "australiaeast"};

bool OfferedIn(const SkuRow& row, const std::string& region) {
  if (row.gpus == 0) return true;
  for (const char* r : kGpuRegions) {
    if (region == r) return true;
  }
  return false;
}

const SkuRow* FindRow(const std::string& vm_size) {
  for (const SkuRow& row : kSkus) {
    if (IEquals(row.name, vm_size)) return &row;
  }
  return nullptr;
}

json SkuJson(const SkuRow& row) {
  auto cap = [](const char* name, const std::string& value) {
    return json{{"name", name}, {"value", value}};
  };
  std::string name = row.name;
  bool premium = std::regex_search(ToLower(name), std::regex("^standard_[a-z]+[0-9]+[a-z]*s"));
  json caps = json::array({cap("MaxResourceVolumeMB", std::to_string(row.vcpus * 16384)),
                           cap("OSVhdSizeMB", "1047552"),
                           cap("vCPUs", std::to_string(row.vcpus)),
                           cap("HyperVGenerations", "V1,V2"),
                           cap("MemoryGB", std::to_string(row.memory_gb)),
                           cap("MaxDataDiskCount", std::to_string(std::min(64, row.vcpus * 2))),
                           cap("CpuArchitectureType", "x64"),
                           cap("LowPriorityCapable", "True"),
                           cap("PremiumIO", premium ? "True" : "False"),
                           cap("VMDeploymentTypes", "IaaS"),
                           cap("vCPUsAvailable", std::to_string(row.vcpus)),
                           cap("vCPUsPerCore", "2"),
                           cap("EphemeralOSDiskSupported", premium ? "True" : "False"),
                           cap("AcceleratedNetworkingEnabled", "True"),
                           cap("RdmaEnabled", "False"),
                           cap("MaxNetworkInterfaces", std::to_string(std::min(8, row.vcpus)))});
  if (row.gpus > 0) caps.push_back(cap("GPUs", std::to_string(row.gpus)));
  json sku = {{"name", name}, {"familyName", row.family}, {"capabilities", caps}};
  if (row.end_of_life != nullptr) sku["batchSupportEndOfLife"] = row.end_of_life;
  return sku;
}

// "familyName eq 'x'" (the only filter the API documents); "" for none.
std::string FamilyFilter(const std::string& filter) {
  static const std::regex re("^\\s*familyName\\s+eq\\s+'([^']*)'\\s*$", std::regex::icase);
  std::smatch m;
  return std::regex_match(filter, m, re) ? m[1].str() : "";
}

}  // namespace

int CoresForVmSize(const std::string& vm_size) {
  if (const SkuRow* row = FindRow(vm_size)) return row->vcpus;
  static const std::regex re("^(?:standard_|basic_)?[a-z]+([0-9]+)");
  std::smatch m;
  std::string lower = ToLower(vm_size);
  if (std::regex_search(lower, m, re)) return std::max(1, std::stoi(m[1].str()));
  return 1;
}

std::string FamilyForVmSize(const std::string& vm_size) {
  const SkuRow* row = FindRow(vm_size);
  return row == nullptr ? "" : row->family;
}

void FillAccountQuotas(const Config& config, json& props) {
  if (IEquals(props.value("poolAllocationMode", "BatchService"), "UserSubscription")) return;
  auto fill = [&](const char* key, const json& value) {
    if (!props.contains(key) || props[key].is_null()) props[key] = value;
  };
  fill("dedicatedCoreQuota", config.quotas.dedicated_cores);
  fill("lowPriorityCoreQuota", config.quotas.low_priority_cores);
  fill("poolQuota", config.quotas.pools);
  fill("activeJobAndJobScheduleQuota", 300);
  const json& dedicated = props["dedicatedCoreQuota"];
  int family_cores = config.quotas.family_cores > 0 ? config.quotas.family_cores
                     : dedicated.is_number_integer() ? dedicated.get<int>()
                                                     : config.quotas.dedicated_cores;
  json families = json::array();
  std::string last;
  for (const SkuRow& row : kSkus) {
    if (row.family == last) continue;
    last = row.family;
    families.push_back({{"name", row.family}, {"coreQuota", family_cores}});
  }
  fill("dedicatedCoreQuotaPerVMFamily", families);
  fill("dedicatedCoreQuotaPerVMFamilyEnforced", config.quotas.family_enforced);
}

HttpResponse HandleVirtualMachineSkus(ArmContext& ctx, const std::string& location) {
  if (ctx.req->method != "GET") return ArmError(405, "MethodNotAllowed", "Method not allowed.");
  std::string region = NormalizeRegion(location);
  std::string family = FamilyFilter(ctx.req->Query("$filter"));
  if (!ctx.req->Query("$filter").empty() && family.empty()) {
    return ArmError(400, "InvalidFilter",
                    "The $filter '" + ctx.req->Query("$filter") +
                        "' is not supported; use familyName eq '<family>'.");
  }
  long max = 0, skip = 0;
  try {
    if (!ctx.req->Query("maxresults").empty()) max = std::stol(ctx.req->Query("maxresults"));
    if (!ctx.req->Query("$skiptoken").empty()) skip = std::stol(ctx.req->Query("$skiptoken"));
  } catch (...) {
    return ArmError(400, "InvalidQueryParameterValue", "maxresults must be an integer.");
  }
  std::vector<const SkuRow*> rows;
  for (const SkuRow& row : kSkus) {
    if (!OfferedIn(row, region)) continue;
    if (!family.empty() && !IEquals(row.family, family)) continue;
    rows.push_back(&row);
  }
  json value = json::array();
  long end = max > 0 ? std::min<long>(rows.size(), skip + max) : static_cast<long>(rows.size());
  for (long i = std::max(0L, skip); i < end; ++i) value.push_back(SkuJson(*rows[i]));
  json out = {{"value", value}};
  if (end < static_cast<long>(rows.size())) {
    std::string next;
    for (const std::string& seg : ctx.segs) next += "/" + seg;
    next += "?api-version=" + ctx.api_version +
                       "&maxresults=" + std::to_string(max) + "&$skiptoken=" + std::to_string(end);
    if (!family.empty()) next += "&$filter=familyName%20eq%20%27" + family + "%27";
    out["nextLink"] = AbsoluteUrl(ctx, next);
  }
  return JsonResponse(200, out);
}

}  // namespace azbatch::emulator
