#include "resources/common/location_check.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "provider/azure/json_fields.h"
#include "resources/common/values.h"
#include "resources/provider_config/provider_config.h"

namespace azbatch::resources::common {

namespace fw = ::azbatch::framework;

namespace {

// Subscriptions - List Locations (Microsoft.Resources/subscriptions).
constexpr char kLocationsApiVersion[] = "2022-12-01";
constexpr size_t kMaxEdits = 2;

struct CacheEntry {
  absl::StatusOr<std::vector<KnownLocation>> locations;
};

std::mutex& CacheMutex() {
  static auto* mu = new std::mutex;
  return *mu;
}

std::map<std::string, std::shared_ptr<CacheEntry>>& Cache() {
  static auto* cache = new std::map<std::string, std::shared_ptr<CacheEntry>>;
  return *cache;
}

class CheckRegionExistsModifier : public fw::PlanModifier {
 public:
  std::string Description() const override {
    return "the region must be one of the subscription's regions";
  }
  void Modify(const fw::PlanModifierRequest& req, fw::PlanModifierResponse* resp) const override {
    if (req.ctx == nullptr) return;
    const cty::Value& v = req.plan_value;
    if (!v.is_known() || v.is_null() || v.AsString().empty()) return;
    // Unchanged regions were checked when they were planned first.
    if (req.state_value.is_known() && !req.state_value.is_null() &&
        SameLocation(req.state_value.AsString(), v.AsString())) {
      return;
    }
    std::shared_ptr<ProviderSettings> settings = SettingsFromContext(*req.ctx);
    if (settings == nullptr || !settings->preflight || settings->azure == nullptr) return;
    absl::StatusOr<std::shared_ptr<azure::ArmClient>> client = ArmFromContext(*req.ctx);
    if (!client.ok() || *client == nullptr || (*client)->options().subscription_id.empty()) return;
    absl::StatusOr<std::vector<KnownLocation>> known =
        CachedSubscriptionLocations(**client, ToAzureContext(*req.ctx));
    if (!known.ok() || known->empty()) return;
    if (std::optional<std::string> detail = UnknownLocationDetail(
            *known, v.AsString(), (*client)->options().subscription_id)) {
      resp->diagnostics.AddAttributeError(req.path, "Unknown Azure region", *detail);
    }
  }
};

}  // namespace

std::vector<KnownLocation> ParseLocations(const nlohmann::json& body) {
  std::vector<KnownLocation> out;
  for (const nlohmann::json& l : azure::JArr(body, "value")) {
    std::optional<std::string> name = azure::JStr(l, "name");
    if (!name) continue;
    out.push_back({*name, azure::JStr(l, "displayName").value_or("")});
  }
  return out;
}

std::vector<std::string> CloseLocations(const std::vector<KnownLocation>& known,
                                        const std::string& location) {
  const std::string want = NormaliseLocation(location);
  std::vector<std::pair<size_t, std::string>> scored;
  for (const KnownLocation& k : known) {
    size_t d = EditDistance(want, NormaliseLocation(k.name));
    if (!k.display_name.empty()) {
      d = std::min(d, EditDistance(want, NormaliseLocation(k.display_name)));
    }
    if (d <= kMaxEdits) scored.push_back({d, k.name});
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (const auto& [d, name] : scored) out.push_back(name);
  return out;
}

std::optional<std::string> UnknownLocationDetail(const std::vector<KnownLocation>& known,
                                                 const std::string& location,
                                                 const std::string& subscription) {
  for (const KnownLocation& k : known) {
    if (SameLocation(k.name, location) ||
        (!k.display_name.empty() && SameLocation(k.display_name, location))) {
      return std::nullopt;
    }
  }
  std::string detail = absl::StrCat("\"", location, "\" is not a region of subscription ",
                                    subscription, ". ");
  std::vector<std::string> close = CloseLocations(known, location);
  if (close.empty()) {
    absl::StrAppend(&detail, "No region name is close to it. ");
  } else {
    absl::StrAppend(&detail, "Did you mean ", close.size() == 1 ? "" : "one of ", "\"",
                    absl::StrJoin(close, "\", \""), "\"? ");
  }
  absl::StrAppend(&detail,
                  "Use a region name such as \"westeurope\" or its display name \"West Europe\"; "
                  "`az account list-locations -o table` lists them.");
  return detail;
}

absl::StatusOr<std::vector<KnownLocation>> CachedSubscriptionLocations(
    azure::ArmClient& client, const azure::Context& ctx) {
  const std::string sub = client.options().subscription_id;
  const std::string key = absl::StrCat(client.endpoint(), "|", sub);
  // Plans of several resources run in parallel: one of them reads, the others
  // wait for its answer.
  static auto* fetch_mu = new std::mutex;
  std::lock_guard<std::mutex> fetching(*fetch_mu);
  std::shared_ptr<CacheEntry> entry;
  {
    std::lock_guard<std::mutex> lock(CacheMutex());
    auto it = Cache().find(key);
    if (it != Cache().end()) return it->second->locations;
  }
  absl::StatusOr<azure::ArmResponse> r =
      client.Get(absl::StrCat("/subscriptions/", sub, "/locations"), kLocationsApiVersion, ctx);
  entry = std::make_shared<CacheEntry>();
  if (!r.ok()) {
    log::Debug("azbatch.resources.location", "cannot list the subscription's regions",
               {{"error", r.status().ToString()}});
    entry->locations = r.status();
  } else {
    entry->locations = ParseLocations(r->body);
  }
  std::lock_guard<std::mutex> lock(CacheMutex());
  Cache().emplace(key, entry);
  return entry->locations;
}

void ClearLocationCacheForTesting() {
  std::lock_guard<std::mutex> lock(CacheMutex());
  Cache().clear();
}

fw::PlanModifierPtr CheckRegionExists() { return std::make_shared<CheckRegionExistsModifier>(); }

}  // namespace azbatch::resources::common
