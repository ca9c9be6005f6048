#include "resources/image_version/image_version_resource.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_version {

namespace fw = azbatch::framework;
using common::GetList;
using common::GetString;
using common::NormaliseLocation;
using nlohmann::json;

namespace {

// The target regions of `v`, by normalised name.
std::set<std::string> TargetRegions(const cty::Value& v) {
  std::set<std::string> out;
  for (const cty::Value& t : GetList(v, "target_region")) {
    out.insert(NormaliseLocation(GetString(t, "name").value_or("")));
  }
  return out;
}

// Regions that Azure already replicated to, by normalised name.
std::set<std::string> ReplicatedRegions(const cty::Value& prior) {
  const std::vector<cty::Value> status = GetList(prior, "replication_status");
  if (status.empty()) return TargetRegions(prior);
  std::set<std::string> out;
  for (const cty::Value& s : status) {
    const std::string state = GetString(s, "state").value_or("");
    if (state == "Completed" || state == "Replicating" || common::GetInt(s, "progress") > 0) {
      out.insert(NormaliseLocation(GetString(s, "region").value_or("")));
    }
  }
  return out;
}

}  // namespace

void ImageVersionResource::ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req,
                                      fw::ModifyPlanResponse* resp) {
  const cty::Value& plan = req.planned_state;
  if (req.prior_state.is_null() || plan.is_null()) return;
  if (!plan.GetAttr("target_region").IsWhollyKnown()) return;
  if (common::GetBool(plan, "allow_deletion_of_replicated_locations").value_or(false)) return;
  const std::set<std::string> planned = TargetRegions(plan);
  std::vector<std::string> removed;
  for (const std::string& r : ReplicatedRegions(req.prior_state)) {
    if (!planned.count(r)) removed.push_back(r);
  }
  if (removed.empty()) return;
  resp->diagnostics.AddAttributeError(
      cty::Path::Root().Attr("target_region"), "Removing replicated regions is not allowed",
      absl::StrCat("target region(s) ", absl::StrJoin(removed, ", "),
                   " already hold replicas of this version; removing them deletes those replicas. "
                   "Set allow_deletion_of_replicated_locations = true to allow it."));
}

absl::StatusOr<json> ImageVersionResource::UpdateBody(const cty::Value& prior,
                                                      const cty::Value& plan) const {
  json patch = common::PatchBody(Fields(), prior, plan);
  if (patch.contains("properties")) {
    // GalleryImageVersionUpdate's properties require storageProfile (as both official
    // Update examples send it); the source is create-only, so this repeats it.
    const json body = common::Expand(Fields(), plan);
    const json* storage = common::JsonAt(body, "properties.storageProfile");
    patch["properties"]["storageProfile"] = storage != nullptr ? *storage : json::object();
  }
  return patch;
}

cty::Value ImageVersionResource::Flatten(const azure::ResourceId& id, const json& remote,
                                         const cty::Value& prior) const {
  cty::Value v = ArmResource::Flatten(id, remote, prior);
  const std::string source = GetString(v, "managed_image_id").value_or("");
  const bool gallery = absl::StrContains(absl::AsciiStrToLower(source), "/galleries/");
  return v.WithAttr(gallery ? "managed_image_id" : "source_image_version_id",
                    cty::Value::Null(cty::Type::String()));
}

azure::LroOptions ImageVersionResource::CreateWaitOptions(common::ArmAccess& arm,
                                                          const azure::ResourceId& id,
                                                          const cty::Value&) const {
  azure::LroOptions o;
  o.on_progress = [arm, id, query = ReadQuery()](const azure::LroProgress& p) {
    // The operation status carries no per-region detail: read it from the version.
    absl::StatusOr<azure::ArmResponse> r =
        arm.client->Get(absl::StrCat(id.String(), "?", query), id.api_version(), arm.ctx);
    if (!r.ok()) return;
    for (const azure::RegionProgress& rp : azure::ProgressFromBody(r->body).regions) {
      log::Info("image_version", "replication progress",
                {{"id", id.String()},
                 {"region", rp.region},
                 {"state", rp.state},
                 {"percent", absl::StrCat(rp.percent)},
                 {"poll", absl::StrCat(p.polls)}});
    }
  };
  return o;
}

absl::Status ImageVersionResource::AfterWrite(common::ArmAccess&, const azure::ResourceId& id,
                                              const cty::Value& prior, const cty::Value& plan) {
  if (prior.is_null() && SkipCreateWait(plan)) {
    log::Info("image_version", "created without waiting for replication", {{"id", id.String()}});
  }
  return absl::OkStatus();
}

}  // namespace azbatch::resources::image_version
