#include "resources/image_version/image_version_resource.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_version {

namespace fw = azbatch::framework;
using common::GetBool;
using common::GetList;
using common::GetString;
using common::NormaliseLocation;
using nlohmann::json;

namespace {

// Regions that Azure already replicated to, by normalised name.
std::set<std::string> ReplicatedRegions(const cty::Value& prior) {
  std::set<std::string> out;
  const std::vector<cty::Value> status = GetList(prior, "replication_status");
  for (const cty::Value& s : status) {
    const std::string state = GetString(s, "state").value_or("");
    if (state == "Completed" || state == "Replicating" || common::GetInt(s, "progress") > 0) {
      out.insert(NormaliseLocation(GetString(s, "region").value_or("")));
    }
  }
  if (!status.empty()) return out;
  for (const cty::Value& t : GetList(prior, "target_region")) {
    out.insert(NormaliseLocation(GetString(t, "name").value_or("")));
  }
  return out;
}

}  // namespace

fw::Schema ImageVersionSchema() {
  return common::TableSchema(
      "A gallery image version. Create waits for replication to every target region by default.",
      ImageVersionFields());
}

fw::TimeoutDefaults ImageVersionResource::DefaultTimeouts() const {
  // Replication runs at a few percent per minute per region: hours, not minutes.
  fw::TimeoutDefaults t;
  t.create = absl::Hours(3);
  t.update = absl::Hours(3);
  t.read = absl::Minutes(5);
  t.del = absl::Hours(1);
  return t;
}

void ImageVersionResource::ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                                          fw::ValidateConfigResponse* resp) {
  const cty::Value& disks = req.config.GetAttr("data_disk");
  const cty::Value& os = req.config.GetAttr("os_disk_snapshot_id");
  if (!disks.is_null() && disks.is_known() && disks.Length() > 0 && os.is_known() && os.is_null()) {
    resp->diagnostics.AddAttributeError(cty::Path::Root().Attr("data_disk"),
                                        "Data disks need an OS-disk snapshot",
                                        "data_disk can only be used together with "
                                        "os_disk_snapshot_id");
  }
  const cty::Value& regions = req.config.GetAttr("target_region");
  if (regions.is_null() || !regions.is_known()) return;
  std::set<std::string> seen;
  for (size_t i = 0; i < regions.Elements().size(); ++i) {
    std::optional<std::string> n = GetString(regions.Elements()[i], "name");
    if (!n) continue;
    if (!seen.insert(NormaliseLocation(*n)).second) {
      resp->diagnostics.AddAttributeError(
          cty::Path::Root().Attr("target_region").Index(i).Attr("name"), "Duplicate target region",
          absl::StrCat("region \"", *n, "\" is listed more than once"));
    }
  }
}

void ImageVersionResource::ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req,
                                      fw::ModifyPlanResponse* resp) {
  const cty::Value& plan = req.planned_state;
  if (req.prior_state.is_null() || plan.is_null()) return;
  if (!plan.GetAttr("target_region").IsWhollyKnown()) return;
  if (GetBool(plan, "allow_deletion_of_replicated_locations").value_or(false)) return;
  std::set<std::string> planned;
  for (const cty::Value& t : GetList(plan, "target_region")) {
    planned.insert(NormaliseLocation(GetString(t, "name").value_or("")));
  }
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

absl::StatusOr<azure::ResourceId> ImageVersionResource::IdFromPlan(const std::string&,
                                                                   const cty::Value& plan) const {
  absl::StatusOr<azure::ResourceId> def = common::ParseId(
      GetString(plan, "image_definition_id").value_or(""), azure::ResourceType::kGalleryImage);
  if (!def.ok()) return def.status();
  return def->Child(azure::ResourceType::kGalleryImageVersion,
                    GetString(plan, "name").value_or(""));
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

bool ImageVersionResource::SkipCreateWait(const cty::Value& plan) const {
  return !GetBool(plan, "wait_for_replication").value_or(true);
}

azure::LroOptions ImageVersionResource::CreateWaitOptions(common::ArmAccess& arm,
                                                          const azure::ResourceId& id,
                                                          const cty::Value&) const {
  azure::LroOptions o;
  std::shared_ptr<azure::ArmClient> client = arm.client;
  azure::Context ctx = arm.ctx;
  std::string path = absl::StrCat(id.String(), "?$expand=ReplicationStatus");
  std::string api = id.api_version();
  std::string version = id.String();
  o.on_progress = [client, ctx, path, api, version](const azure::LroProgress& p) {
    // The operation status carries no per-region detail: read it from the version.
    absl::StatusOr<azure::ArmResponse> r = client->Get(path, api, ctx);
    if (!r.ok()) return;
    azure::LroProgress regions = azure::ProgressFromBody(r->body);
    for (const azure::RegionProgress& rp : regions.regions) {
      log::Info("image_version", "replication progress",
                {{"id", version},
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
