#include "resources/pool/vm_skus.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "provider/azure/api_versions.h"
#include "provider/azure/json_fields.h"

namespace azbatch::resources::pool {

using azure::JArr;
using azure::JStr;
using nlohmann::json;

namespace {

constexpr int kMaxPages = 50;

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

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
  std::vector<VmSku> all;
  absl::StatusOr<azure::ArmResponse> page = arm.client->Get(
      absl::StrCat("/subscriptions/", subscription, "/providers/Microsoft.Batch/locations/", region,
                   "/virtualMachineSkus"),
      azure::api_versions::kBatchAccounts, arm.ctx);
  for (int i = 0; i < kMaxPages; ++i) {
    if (!page.ok()) return page.status();
    if (page->status >= 400) {
      return absl::UnavailableError(
          absl::StrCat("listing VM sizes of ", region, " returned HTTP ", page->status));
    }
    std::vector<VmSku> more = ParseVmSkus(page->body);
    all.insert(all.end(), more.begin(), more.end());
    std::optional<std::string> next = JStr(page->body, "nextLink");
    if (!next || next->empty()) break;
    page = arm.client->GetUrl(*next, arm.ctx);
  }
  return all;
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
    scored.emplace_back(EditDistance(lower, absl::AsciiStrToLower(sku.name)), sku.name);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < n; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace azbatch::resources::pool
