// Plan-time checks of a pool's VM size and of the Batch account's quotas
// (declared in preflight.h). Reads: the account, the VM sizes Batch offers in
// its region and the account's pools; every read tolerates missing, null or
// mistyped fields (they read as "not reported" and the check that needs them
// is skipped).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "provider/azure/api_versions.h"
#include "provider/azure/json_fields.h"
#include "provider/azure/resource_id.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"
#include "resources/pool/formula_bounds.h"
#include "resources/pool/preflight.h"
#include "resources/pool/vm_skus.h"

namespace azbatch::resources::pool {

namespace fw = azbatch::framework;
using azure::JArr;
using azure::JBool;
using azure::JInt;
using azure::JObj;
using azure::JStr;
using common::GetInt;
using common::GetString;
using nlohmann::json;

namespace {

constexpr char kDedicatedVar[] = "$TargetDedicatedNodes";
constexpr char kLowPriorityVar[] = "$TargetLowPriorityNodes";

void CouldNotCheck(const std::string& what, const absl::Status& status, fw::Diagnostics* diags) {
  diags->AddWarning("Pool preflight could not finish",
                    absl::StrCat(what, " failed: ", status.message(),
                                 ". The VM size and quotas are not checked; set preflight = false "
                                 "in the provider block to skip these reads."));
}

// Node counts another pool of the account holds or is heading for.
struct OtherPool {
  std::string name, vm_size;
  int64_t dedicated = 0, low_priority = 0;
};

int64_t Larger(std::optional<int64_t> a, std::optional<int64_t> b) {
  return std::max<int64_t>(0, std::max(a.value_or(0), b.value_or(0)));
}

OtherPool ReadPool(const json& entry) {
  const json& props = JObj(entry, "properties");
  const json& scale = JObj(props, "scaleSettings");
  const json& fixed = JObj(scale, "fixedScale");
  std::string formula = JStr(JObj(scale, "autoScale"), "formula").value_or("");
  std::optional<int64_t> target_d = JInt(fixed, "targetDedicatedNodes");
  std::optional<int64_t> target_lp = JInt(fixed, "targetLowPriorityNodes");
  if (!formula.empty()) {
    target_d = FormulaBound(formula, kDedicatedVar);
    target_lp = FormulaBound(formula, kLowPriorityVar);
  }
  OtherPool p;
  p.name = JStr(entry, "name").value_or("");
  p.vm_size = JStr(props, "vmSize").value_or("");
  p.dedicated = Larger(JInt(props, "currentDedicatedNodes"), target_d);
  p.low_priority = Larger(JInt(props, "currentLowPriorityNodes"), target_lp);
  return p;
}

std::string Cores(int64_t n) { return absl::StrCat(n, n == 1 ? " core" : " cores"); }

// One comparison of cores asked for against a quota.
struct QuotaCase {
  cty::Path path;       // the attribute that asks for the nodes
  std::string setting;  // e.g. "target_dedicated_nodes"
  std::string kind;     // "dedicated" / "low-priority"
  std::string quota_name;
  std::string used_by;  // who holds `used`
  int64_t nodes, vcpus, used, quota;
};

void Compare(const QuotaCase& c, const std::string& vm_size, fw::Diagnostics* diags) {
  int64_t need = c.nodes * c.vcpus;
  if (need <= 0) return;
  int64_t total = need + c.used;
  int64_t fits = std::max<int64_t>(0, (c.quota - c.used) / c.vcpus);
  std::string numbers = absl::StrCat(
      "This pool asks for ", c.nodes, " ", c.kind, " nodes × ", c.vcpus, " vCPUs (", vm_size,
      ") = ", Cores(need), "; ", c.used_by, " use ", Cores(c.used), ", and ",
      c.quota_name, " is ", Cores(c.quota), " (", total, " needed in all).");
  if (total > c.quota) {
    diags->AddAttributeError(
        c.path, absl::StrCat("Not enough ", c.kind, " core quota"),
        absl::StrCat(numbers, " Azure would start the resize and stop it with "
                              "AccountCoreQuotaReached. Ask for a quota increase of at least ",
                     Cores(total - c.quota), " (Azure portal: the Batch account > Quotas > "
                     "Request quota increase), or set ", c.setting, " to ", fits,
                     " or less, which fits."));
  } else if (total * 10 > c.quota * 9) {
    diags->AddAttributeWarning(
        c.path, absl::StrCat("Close to the ", c.kind, " core quota"),
        absl::StrCat(numbers, " That is within 10% of the quota: another pool or a scale-up "
                              "would hit AccountCoreQuotaReached. Consider a quota increase."));
  }
}

}  // namespace

void CheckSizeAndQuota(common::ArmAccess& arm, const cty::Value& plan, fw::Diagnostics* diags) {
  std::optional<std::string> account = GetString(plan, "account_id");
  std::optional<std::string> vm_size = GetString(plan, "vm_size");
  std::optional<std::string> pool_name = GetString(plan, "name");
  if (!account || !vm_size || !pool_name) return;
  absl::StatusOr<azure::ResourceId> account_id =
      azure::ResourceId::Parse(*account, azure::ResourceType::kBatchAccount);
  if (!account_id.ok()) return;

  // 1. The account: region and quotas.
  absl::StatusOr<azure::ArmResponse> acct =
      arm.client->Get(account_id->String(), account_id->api_version(), arm.ctx);
  if (!acct.ok()) {
    if (!absl::IsNotFound(acct.status())) CouldNotCheck("Reading the Batch account", acct.status(), diags);
    return;  // an account that does not exist yet is checked before the create
  }
  const json& ap = JObj(acct->body, "properties");
  std::string region = common::NormaliseLocation(JStr(acct->body, "location").value_or(""));
  if (region.empty()) return;

  // 2. The VM sizes Batch offers there.
  absl::StatusOr<std::vector<VmSku>> skus = ListVmSkus(arm, account_id->subscription(), region);
  if (!skus.ok()) {
    if (absl::IsNotFound(skus.status())) return;  // region unknown to Batch: nothing to compare
    CouldNotCheck(absl::StrCat("Listing the VM sizes Batch offers in ", region), skus.status(), diags);
    return;
  }
  if (skus->empty()) return;  // nothing reported: nothing to compare with
  const cty::Path size_path = cty::Path::Root().Attr("vm_size");
  const VmSku* sku = FindVmSku(*skus, *vm_size);
  if (sku == nullptr) {
    diags->AddAttributeError(
        size_path, "VM size not offered by Batch in this region",
        absl::StrCat("vm_size = \"", *vm_size, "\" is not among the ", skus->size(),
                     " VM sizes Batch offers in ", region, " (the Batch account's region); pool "
                     "creation would fail. Closest offered sizes: ",
                     absl::StrJoin(ClosestVmSizes(*vm_size, *skus), ", "),
                     ". data.azbatch_vm_sizes lists them all."));
    return;
  }
  if (!sku->end_of_life.empty()) {
    diags->AddAttributeWarning(
        size_path, "VM size retiring",
        absl::StrCat("Batch ends support for ", sku->name, " on ", sku->end_of_life,
                     " in ", region, ": pools of this size stop allocating nodes then. Move to a "
                     "current size of the same shape (data.azbatch_vm_sizes lists them)."));
  }

  // 3. Quotas. UserSubscription accounts report none (the subscription's apply).
  std::optional<int64_t> dedicated_quota = JInt(ap, "dedicatedCoreQuota");
  std::optional<int64_t> low_quota = JInt(ap, "lowPriorityCoreQuota");
  std::optional<int64_t> pool_quota = JInt(ap, "poolQuota");
  if (!dedicated_quota && !low_quota && !pool_quota) return;
  if (!sku->vcpus || *sku->vcpus <= 0) return;
  const int64_t vcpus = *sku->vcpus;

  // What this pool asks for.
  std::optional<int64_t> want_d, want_lp;
  cty::Path d_path, lp_path;
  std::string d_setting, lp_setting;
  const cty::Value& fixed = plan.GetAttr("fixed_scale");
  const cty::Value& autos = plan.GetAttr("auto_scale");
  if (fixed.is_known() && !fixed.is_null()) {
    want_d = GetInt(fixed, "target_dedicated_nodes");
    want_lp = GetInt(fixed, "target_low_priority_nodes");
    d_path = cty::Path::Root().Attr("fixed_scale").Attr("target_dedicated_nodes");
    lp_path = cty::Path::Root().Attr("fixed_scale").Attr("target_low_priority_nodes");
    d_setting = "target_dedicated_nodes";
    lp_setting = "target_low_priority_nodes";
  } else if (autos.is_known() && !autos.is_null()) {
    std::optional<std::string> formula = GetString(autos, "formula");
    if (!formula) return;
    want_d = FormulaBound(*formula, kDedicatedVar);
    want_lp = FormulaBound(*formula, kLowPriorityVar);
    d_path = lp_path = cty::Path::Root().Attr("auto_scale").Attr("formula");
    d_setting = "the formula's upper bound for $TargetDedicatedNodes";
    lp_setting = "the formula's upper bound for $TargetLowPriorityNodes";
    if (!want_d || !want_lp) {
      diags->AddAttributeWarning(
          d_path, "Autoscale bounds not readable: quota not checked",
          absl::StrCat("The core quota check needs the most nodes the formula can ask for, and "
                       "no upper bound could be read for ",
                       !want_d ? "$TargetDedicatedNodes" : "$TargetLowPriorityNodes",
                       ". Cap it with min(), e.g. $TargetDedicatedNodes = min(100, "
                       "$PendingTasks.GetSample(1)), to have the quota checked at plan time."));
    }
  } else {
    return;
  }

  // 4. The account's other pools: one list call.
  absl::StatusOr<azure::ArmResponse> pools = arm.client->Get(
      account_id->String() + "/pools", azure::api_versions::kBatchPools, arm.ctx);
  if (!pools.ok() && !absl::IsNotFound(pools.status())) {
    CouldNotCheck(absl::StrCat("Listing the pools of ", common::Describe(*account_id)),
                  pools.status(), diags);
    return;
  }
  std::vector<OtherPool> others;
  bool exists = false;
  const json no_pools = json::object();
  for (const json& entry : JArr(pools.ok() ? pools->body : no_pools, "value")) {
    OtherPool p = ReadPool(entry);
    if (absl::EqualsIgnoreCase(p.name, *pool_name)) {
      exists = true;
      continue;
    }
    others.push_back(p);
  }
  int64_t used_d = 0, used_lp = 0, used_family = 0;
  for (const OtherPool& p : others) {
    const VmSku* s = FindVmSku(*skus, p.vm_size);
    if (s == nullptr || !s->vcpus) continue;
    used_d += p.dedicated * *s->vcpus;
    used_lp += p.low_priority * *s->vcpus;
    if (absl::EqualsIgnoreCase(s->family, sku->family)) used_family += p.dedicated * *s->vcpus;
  }

  if (want_d && dedicated_quota) {
    Compare({d_path, d_setting, "dedicated", "its dedicated core quota",
             "the account's other pools", *want_d, vcpus, used_d,
             *dedicated_quota},
            *vm_size, diags);
  }
  if (want_d && JBool(ap, "dedicatedCoreQuotaPerVMFamilyEnforced").value_or(false)) {
    // Enforced: a family the account does not list has no cores.
    int64_t family_quota = 0;
    for (const json& f : JArr(ap, "dedicatedCoreQuotaPerVMFamily")) {
      if (absl::EqualsIgnoreCase(JStr(f, "name").value_or(""), sku->family)) {
        family_quota = JInt(f, "coreQuota").value_or(0);
      }
    }
    if (!dedicated_quota || family_quota < *dedicated_quota) {
      Compare({d_path, d_setting, "dedicated",
               absl::StrCat("its dedicated core quota for the VM family ", sku->family,
                            " (enforced per family)"),
               absl::StrCat("the account's other ", sku->family, " pools"), *want_d, vcpus, used_family, family_quota},
              *vm_size, diags);
    }
  }
  if (want_lp && low_quota) {
    Compare({lp_path, lp_setting, "low-priority", "its low-priority core quota",
             "the account's other pools", *want_lp, vcpus,
             used_lp, *low_quota},
            *vm_size, diags);
  }
  if (!exists && pool_quota) {
    int64_t count = static_cast<int64_t>(others.size()) + 1;
    std::string numbers = absl::StrCat("The account has ", others.size(),
                                       " pools and a pool quota of ", *pool_quota, "; this pool "
                                       "makes ", count, ".");
    if (count > *pool_quota) {
      diags->AddAttributeError(
          cty::Path::Root().Attr("name"), "Pool quota reached",
          absl::StrCat(numbers, " Azure would refuse it with PoolQuotaReached. Delete an unused "
                                "pool or ask for a pool quota increase (Azure portal: the Batch "
                                "account > Quotas)."));
    } else if (count * 10 > *pool_quota * 9) {
      diags->AddAttributeWarning(cty::Path::Root().Attr("name"), "Close to the pool quota",
                                 absl::StrCat(numbers, " That is within 10% of the quota."));
    }
  }
}

bool PreflightPassesAtApply(common::ArmAccess& arm, const cty::Value& planned,
                            fw::Diagnostics* diags) {
  fw::Diagnostics found;
  CheckImageAndAccount(arm, planned, &found);
  CheckSizeAndQuota(arm, planned, &found);
  if (!found.HasError()) return true;
  for (const fw::Diagnostic& d : found) {
    if (d.severity == fw::Severity::kError) diags->Add(d);
  }
  return false;
}

}  // namespace azbatch::resources::pool
