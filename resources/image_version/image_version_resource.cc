#include "resources/image_version/image_version_resource.h"

#include <set>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "resources/common/arm_ops.h"
#include "resources/common/location_check.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_version {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;
using common::GetBool;
using common::GetString;

namespace {

const char* const kSources[] = {"managed_image_id", "os_disk_snapshot_id", "virtual_machine_id",
                                "source_image_version_id"};

fw::ValidatorPtr DiskSourceId() {
  return v::Custom("an ARM id of a snapshot or managed disk", [](const cty::Value& x) {
    absl::StatusOr<azure::ResourceId> id = azure::ResourceId::Parse(x.AsString());
    if (id.ok() && (id->type() == azure::ResourceType::kSnapshot ||
                    id->type() == azure::ResourceType::kDisk)) {
      return std::string();
    }
    return absl::StrCat(
        "must be the ARM id of a snapshot or managed disk "
        "(/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
        "Microsoft.Compute/snapshots/{name}), got \"",
        x.AsString(), "\"");
  });
}

fw::Attribute SourceAttribute(const char* name, fw::ValidatorPtr id_validator,
                              const char* description) {
  std::vector<std::string> others;
  for (const char* s : kSources) {
    if (std::string(s) != name) others.push_back(s);
  }
  std::vector<fw::ValidatorPtr> vs = {std::move(id_validator)};
  if (std::string(name) == "managed_image_id") vs.push_back(v::ExactlyOneOf(others));
  return fw::Attribute::Optional(name, cty::Type::String())
      .WithDescription(description)
      .WithValidators(vs)
      .WithPlanModifiers({common::ForceNew()});
}

// Regions that Azure already replicated to, by normalised name.
std::set<std::string> ReplicatedRegions(const Model& prior) {
  std::set<std::string> out;
  if (prior.replication_status.empty()) {
    for (const TargetRegion& t : prior.target_regions) out.insert(common::NormaliseLocation(t.name));
    return out;
  }
  for (const RegionStatus& s : prior.replication_status) {
    if (s.state == "Completed" || s.state == "Replicating" || s.progress > 0) {
      out.insert(common::NormaliseLocation(s.region));
    }
  }
  return out;
}

}  // namespace

fw::Schema ImageVersionSchema() {
  fw::Schema s;
  s.block.description =
      "A gallery image version. Create waits for replication to every target region by default.";
  s.block.attributes = {
      common::IdAttribute(),
      fw::Attribute::Required("name", cty::Type::String())
          .WithDescription("Version Major.Minor.Patch, each part a 32-bit integer.")
          .WithValidators({common::GalleryVersionName()})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Required("image_definition_id", cty::Type::String())
          .WithDescription("ARM id of the gallery image definition the version belongs to.")
          .WithValidators({v::ArmResourceId("Microsoft.Compute/galleries/images")})
          .WithPlanModifiers({common::ForceNew()}),
      common::LocationAttribute(),
      SourceAttribute("managed_image_id", v::ArmResourceId("Microsoft.Compute/images"),
                      "Managed image to publish (same region as the version)."),
      SourceAttribute("os_disk_snapshot_id", DiskSourceId(),
                      "OS-disk snapshot or managed disk to publish."),
      SourceAttribute("virtual_machine_id", v::ArmResourceId("Microsoft.Compute/virtualMachines"),
                      "Virtual machine to capture."),
      SourceAttribute("source_image_version_id",
                      v::ArmResourceId("Microsoft.Compute/galleries/images/versions"),
                      "Another gallery image version to copy."),
      fw::Attribute::Nested(
          "data_disk", fw::NestingMode::kList,
          {fw::Attribute::Required("lun", cty::Type::Number())
               .WithDescription("Logical unit number of the data disk, unique in the version.")
               .WithValidators({v::IntBetween(0, 63)}),
           fw::Attribute::Required("source_id", cty::Type::String())
               .WithDescription("ARM id of the snapshot or managed disk holding the data disk.")
               .WithValidators({DiskSourceId()})})
          .AsOptional()
          .WithDescription("Data-disk snapshots by LUN (with os_disk_snapshot_id).")
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Nested(
          "target_region", fw::NestingMode::kList,
          {fw::Attribute::Required("name", cty::Type::String())
               .WithDescription("Region, e.g. `westeurope` or `West Europe`; `plan` checks it "
                                "against the subscription's regions.")
               .WithValidators({v::StringLengthAtLeast(1)})
               .WithPlanModifiers({common::CheckRegionExists()}),
           fw::Attribute::Optional("regional_replica_count", cty::Type::Number())
               .WithDescription("Replicas in this region; defaults to replica_count.")
               .WithValidators({v::IntBetween(1, 100)}),
           fw::Attribute::Optional("storage_account_type", cty::Type::String())
               .WithDescription("Standard_LRS, Standard_ZRS or Premium_LRS; cannot change.")
               .WithValidators({v::StringOneOf({"Standard_LRS", "Standard_ZRS", "Premium_LRS"})}),
           fw::Attribute::Optional("exclude_from_latest", cty::Type::Bool())
               .WithDescription("Skip this version when `latest` is resolved in this region; "
                                "defaults to the top-level `exclude_from_latest`."),
           fw::Attribute::Optional("disk_encryption_set_id", cty::Type::String())
               .WithDescription("ARM id of a disk encryption set (customer-managed key) for "
                                "the replicas in this region.")
               .WithValidators({v::ArmResourceId("Microsoft.Compute/diskEncryptionSets")})})
          .AsRequired()
          .WithDescription("Ordered list of regions to replicate to. It must include `location`.")
          .WithValidators({v::SizeBetween(1, 100)}),
      fw::Attribute::Optional("replica_count", cty::Type::Number())
          .WithDescription("Replicas per region where `regional_replica_count` is unset. Azure's "
                           "guidance for Batch: one replica per 300 VMs created at once.")
          .WithDefault(cty::Value::Int(1))
          .WithValidators({v::IntBetween(1, 100)}),
      fw::Attribute::Optional("storage_account_type", cty::Type::String())
          .WithDescription("Storage of the replicas where a region sets none.")
          .WithDefault(cty::Value::String("Standard_LRS"))
          .WithValidators({v::StringOneOf({"Standard_LRS", "Standard_ZRS", "Premium_LRS"})})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("replication_mode", cty::Type::String())
          .WithDescription("`Full` copies the image into every replica; `Shallow` skips the "
                           "copy, is faster and meant for testing (no disk encryption sets).")
          .WithDefault(cty::Value::String("Full"))
          .WithValidators({v::StringOneOf({"Full", "Shallow"})})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("exclude_from_latest", cty::Type::Bool())
          .WithDescription("Skip this version when a pool or VM asks for the definition's "
                           "latest version.")
          .WithDefault(cty::Value::Bool(false)),
      fw::Attribute::Optional("allow_deletion_of_replicated_locations", cty::Type::Bool())
          .WithDescription("Allow removing target regions that already hold replicas.")
          .WithDefault(cty::Value::Bool(false)),
      fw::Attribute::Optional("wait_for_replication", cty::Type::Bool())
          .WithDescription("Wait until every region finished replicating (default). With "
                           "`false`, create returns once Azure accepted the version.")
          .WithDefault(cty::Value::Bool(true)),
      fw::Attribute::Optional("end_of_life_date", cty::Type::String())
          .WithDescription("RFC 3339 date-time after which the version should not be used; "
                           "informational only.")
          .WithValidators({common::Rfc3339Date()}),
      fw::Attribute::Nested("replication_status", fw::NestingMode::kList,
                            {fw::Attribute::Computed("region", cty::Type::String())
                                 .WithDescription("Region name."),
                             fw::Attribute::Computed("state", cty::Type::String())
                                 .WithDescription("`Unknown`, `Replicating`, `Completed` or "
                                                  "`Failed`."),
                             fw::Attribute::Computed("progress", cty::Type::Number())
                                 .WithDescription("Percent replicated.")})
          .AsComputed()
          .WithDescription("Replication state per region, as last read."),
      common::TagsAttribute(),
  };
  s.block.blocks = {fw::TimeoutsBlock()};
  return s;
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
    if (!seen.insert(common::NormaliseLocation(*n)).second) {
      resp->diagnostics.AddAttributeError(
          cty::Path::Root().Attr("target_region").Index(i).Attr("name"), "Duplicate target region",
          absl::StrCat("region \"", *n, "\" is listed more than once"));
    }
  }
}

void ImageVersionResource::ModifyPlan(const fw::Context&, const fw::ModifyPlanRequest& req,
                                      fw::ModifyPlanResponse* resp) {
  if (req.prior_state.is_null() || req.planned_state.is_null()) return;
  if (!req.planned_state.GetAttr("target_region").IsWhollyKnown()) return;
  Model prior = Model::FromValue(req.prior_state);
  Model plan = Model::FromValue(req.planned_state);
  std::set<std::string> planned;
  for (const TargetRegion& t : plan.target_regions) planned.insert(common::NormaliseLocation(t.name));
  std::vector<std::string> removed;
  for (const std::string& r : ReplicatedRegions(prior)) {
    if (!planned.count(r)) removed.push_back(r);
  }
  if (removed.empty() || GetBool(req.planned_state, "allow_deletion_of_replicated_locations").value_or(false)) {
    return;
  }
  resp->diagnostics.AddAttributeError(
      cty::Path::Root().Attr("target_region"), "Removing replicated regions is not allowed",
      absl::StrCat("target region(s) ", absl::StrJoin(removed, ", "),
                   " already hold replicas of this version; removing them deletes those replicas. "
                   "Set allow_deletion_of_replicated_locations = true to allow it."));
}

absl::StatusOr<azure::ResourceId> ImageVersionResource::IdFromPlan(const std::string&,
                                                                   const cty::Value& plan) const {
  Model m = Model::FromValue(plan);
  absl::StatusOr<azure::ResourceId> def =
      common::ParseId(m.image_definition_id, azure::ResourceType::kGalleryImage);
  if (!def.ok()) return def.status();
  return def->Child(azure::ResourceType::kGalleryImageVersion, m.name);
}

absl::StatusOr<nlohmann::json> ImageVersionResource::CreateBody(const cty::Value& plan) const {
  return Model::FromValue(plan).ToArm();
}

absl::StatusOr<nlohmann::json> ImageVersionResource::UpdateBody(const cty::Value& prior,
                                                                const cty::Value& plan) const {
  Model after = Model::FromValue(plan);
  auto changed = [&](const char* a) { return prior.GetAttr(a) != plan.GetAttr(a); };
  nlohmann::json patch = nlohmann::json::object();
  nlohmann::json pub = nlohmann::json::object();
  if (changed("target_region")) pub["targetRegions"] = after.TargetRegionsJson();
  if (changed("replica_count")) pub["replicaCount"] = after.replica_count;
  if (changed("exclude_from_latest")) pub["excludeFromLatest"] = after.exclude_from_latest;
  if (changed("end_of_life_date")) {
    // Merge patch: null removes a date that is no longer configured.
    pub["endOfLifeDate"] = after.end_of_life_date ? nlohmann::json(*after.end_of_life_date)
                                                  : nlohmann::json(nullptr);
  }
  if (!pub.empty()) patch["properties"]["publishingProfile"] = pub;
  if (changed("allow_deletion_of_replicated_locations")) {
    patch["properties"]["safetyProfile"] = {
        {"allowDeletionOfReplicatedLocations", after.allow_deletion_of_replicated_locations}};
  }
  if (changed("tags")) patch["tags"] = common::TagsToJson(after.tags);
  return patch;
}

cty::Value ImageVersionResource::Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                                         const cty::Value& prior) const {
  Model m = Model::FromValue(prior);
  m.id = id.String();
  m.name = common::JStr(remote, "name").value_or(id.name());
  absl::StatusOr<azure::ResourceId> def = id.Parent();
  if (def.ok()) m.image_definition_id = common::PreferPriorSpelling(m.image_definition_id, def->String());
  // Not an Azure property: keep what was configured (true after import).
  m.wait_for_replication = GetBool(prior, "wait_for_replication").value_or(true);
  m.MergeArm(remote);
  m.tags = common::TagsFromJson(remote, prior.GetAttr("tags"));
  return m.ToValue(prior.type());
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
