#include "resources/pool/vm_skus.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "provider/azure/api_versions.h"
#include "provider/azure/json_fields.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"

namespace azbatch::resources::pool {

using azure::JArr;
using azure::JStr;
using nlohmann::json;

std::vector<VmSku> ParseVmSkus(const json& page) {
  std::vector<VmSku> out;
  for (const json& entry : JArr(page, "value")) {
    std::optional<std::string> name = JStr(entry, "name");
    if (!name || name->empty()) continue;
    VmSku sku;
    sku.name = *name;
    sku.family = JStr(entry, "familyName").value_or("");
    sku.end_of_life = JStr(entry, "batchSupportEndOfLife").value_or("");
    for (const json& cap : JArr(entry, "capabilities")) {
      std::optional<std::string> key = JStr(cap, "name");
      std::optional<std::string> value = JStr(cap, "value");
      if (!key || !value) continue;
      double number = 0;
      if (!absl::SimpleAtod(*value, &number) || number < 0) continue;
      if (*key == "vCPUs") sku.vcpus = static_cast<int64_t>(number);
      if (*key == "MemoryGB") sku.memory_gb = number;
      if (*key == "GPUs") sku.gpus = static_cast<int64_t>(number);
    }
    out.push_back(std::move(sku));
  }
  return out;
}

absl::StatusOr<std::vector<VmSku>> ListVmSkus(common::ArmAccess& arm,
                                              const std::string& subscription,
                                              const std::string& region) {
  absl::StatusOr<std::vector<nlohmann::json>> all = common::ListAll(
      arm,
      absl::StrCat("/subscriptions/", subscription, "/providers/Microsoft.Batch/locations/", region,
                   "/virtualMachineSkus"),
      azure::api_versions::kBatchAccounts);
  if (!all.ok()) return all.status();
  return ParseVmSkus(nlohmann::json{{"value", std::move(*all)}});
}

const VmSku* FindVmSku(const std::vector<VmSku>& skus, const std::string& name) {
  for (const VmSku& sku : skus) {
    if (absl::EqualsIgnoreCase(sku.name, name)) return &sku;
  }
  return nullptr;
}

std::vector<std::string> ClosestVmSizes(const std::string& want, const std::vector<VmSku>& skus,
                                        size_t n) {
  std::string lower = absl::AsciiStrToLower(want);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const VmSku& sku : skus) {
    scored.emplace_back(common::EditDistance(lower, absl::AsciiStrToLower(sku.name)), sku.name);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < n; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace azbatch::resources::pool
