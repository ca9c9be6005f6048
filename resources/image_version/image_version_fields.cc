// azbatch_image_version's field table: one entry per attribute, mapped onto the
// Microsoft.Compute/galleries/images/versions body.
#include "resources/image_version/image_version_resource.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "resources/common/arm_id_validators.h"
#include "resources/common/location_check.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_version {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;
using common::Attr;
using common::Conv;
using common::Field;
using common::Fixed;
using common::Local;
using cty::Type;

namespace {

fw::ValidatorPtr StorageType() {
  return v::StringOneOf({"Standard_LRS", "Standard_ZRS", "Premium_LRS"});
}

fw::ValidatorPtr DiskSourceId() {
  return common::ArmResourceIdOneOf({"Microsoft.Compute/snapshots", "Microsoft.Compute/disks"},
                                    "an ARM id of a snapshot or managed disk");
}

// A source of the version: set at create only (managed_image_id checks that
// exactly one source is set). managed_image_id and source_image_version_id
// share storageProfile.source.id; the resource's Flatten tells them apart.
Field Source(const char* name, std::vector<fw::ValidatorPtr> validators, const char* description,
             const char* json) {
  return Fixed(Attr(fw::Attribute::Optional(name, Type::String())
                        .WithDescription(description)
                        .WithValidators(std::move(validators))
                        .WithPlanModifiers({common::ForceNew()}),
                    absl::StrCat("properties.storageProfile.", json), Conv::kArmId));
}

Field Publishing(fw::Attribute a, const char* json) {
  return Attr(std::move(a), absl::StrCat("properties.publishingProfile.", json));
}

// A region setting that defaults to the version's `other`: null unless configured.
Field SameAs(Field f, const char* other) {
  f.null_when_equal_to = other;
  return f;
}

Field TargetRegions() {
  Field exclude = Attr(fw::Attribute::Optional("exclude_from_latest", Type::Bool())
                           .WithDescription("Skip this version when `latest` is resolved in this "
                                            "region; defaults to the top-level "
                                            "`exclude_from_latest`."),
                       "excludeFromLatest");
  exclude.unset_as = cty::Value::Bool(false);
  Field f = common::NestedAttr(
      fw::Attribute::Required("target_region", Type::String())
          .WithDescription("Ordered list of regions to replicate to. It must include `location`.")
          .WithValidators({v::SizeBetween(1, 100),
                           common::UniqueKeys("name", common::NormaliseLocation,
                                              "Duplicate target region", "region")}),
      "properties.publishingProfile.targetRegions", fw::NestingMode::kList,
      {Attr(fw::Attribute::Required("name", Type::String())
                .WithDescription("Region, e.g. `westeurope` or `West Europe`; `plan` checks it "
                                 "against the subscription's regions.")
                .WithValidators({v::StringLengthAtLeast(1)})
                .WithPlanModifiers({common::CheckRegionExists()}),
            "name", Conv::kRegion),
       SameAs(Attr(fw::Attribute::Optional("regional_replica_count", Type::Number())
                       .WithDescription("Replicas in this region; defaults to replica_count.")
                       .WithValidators({v::IntBetween(1, 100)}),
                   "regionalReplicaCount"),
              "replica_count"),
       SameAs(Attr(fw::Attribute::Optional("storage_account_type", Type::String())
                       .WithDescription("Standard_LRS, Standard_ZRS or Premium_LRS; cannot change.")
                       .WithValidators({StorageType()}),
                   "storageAccountType"),
              "storage_account_type"),
       exclude,
       Attr(fw::Attribute::Optional("disk_encryption_set_id", Type::String())
                .WithDescription("ARM id of a disk encryption set (customer-managed key) for "
                                 "the replicas in this region.")
                .WithValidators({common::ArmResourceId("Microsoft.Compute/diskEncryptionSets")}),
            "encryption.osDiskImage.diskEncryptionSetId", Conv::kArmId)});
  f.match_by = "name";
  return f;
}

}  // namespace

const std::vector<Field>& ImageVersionFields() {
  static const std::vector<Field>* const kFields = new std::vector<Field>{
      Local(common::IdAttribute()),
      Local(fw::Attribute::Required("name", Type::String())
                .WithDescription("Version Major.Minor.Patch, each part a 32-bit integer.")
                .WithValidators({common::GalleryVersionName()})
                .WithPlanModifiers({common::ForceNew()})),
      Local(fw::Attribute::Required("image_definition_id", Type::String())
                .WithDescription("ARM id of the gallery image definition the version belongs to.")
                .WithValidators({common::ArmResourceId("Microsoft.Compute/galleries/images")})
                .WithPlanModifiers({common::ForceNew()})),
      Fixed(Attr(common::LocationAttribute(), "location", Conv::kLocation)),
      Source("managed_image_id",
             {common::ArmResourceId("Microsoft.Compute/images"),
              v::ExactlyOneOf({"os_disk_snapshot_id", "virtual_machine_id",
                               "source_image_version_id"})},
             "Managed image to publish (same region as the version).", "source.id"),
      Source("os_disk_snapshot_id", {DiskSourceId()},
             "OS-disk snapshot or managed disk to publish.", "osDiskImage.source.id"),
      Source("virtual_machine_id", {common::ArmResourceId("Microsoft.Compute/virtualMachines")},
             "Virtual machine to capture.", "source.virtualMachineId"),
      Source("source_image_version_id",
             {common::ArmResourceId("Microsoft.Compute/galleries/images/versions")},
             "Another gallery image version to copy.", "source.id"),
      Fixed(common::NestedAttr(
          fw::Attribute::Optional("data_disk", Type::String())
              .WithDescription("Data-disk snapshots by LUN (with os_disk_snapshot_id).")
              .WithValidators({v::AlsoRequires({"os_disk_snapshot_id"},
                                               "Data disks need an OS-disk snapshot")})
              .WithPlanModifiers({common::ForceNew()}),
          "properties.storageProfile.dataDiskImages", fw::NestingMode::kList,
          {Attr(fw::Attribute::Required("lun", Type::Number())
                    .WithDescription("Logical unit number of the data disk, unique in the version.")
                    .WithValidators({v::IntBetween(0, 63)}),
                "lun"),
           Attr(fw::Attribute::Required("source_id", Type::String())
                    .WithDescription("ARM id of the snapshot or managed disk holding the data disk.")
                    .WithValidators({DiskSourceId()}),
                "source.id", Conv::kArmId)})),
      TargetRegions(),
      Publishing(fw::Attribute::Optional("replica_count", Type::Number())
                     .WithDescription("Replicas per region where `regional_replica_count` is "
                                      "unset. Azure's guidance for Batch: one replica per 300 VMs "
                                      "created at once.")
                     .WithDefault(cty::Value::Int(1))
                     .WithValidators({v::IntBetween(1, 100)}),
                 "replicaCount"),
      Fixed(Publishing(fw::Attribute::Optional("storage_account_type", Type::String())
                           .WithDescription("Storage of the replicas where a region sets none.")
                           .WithDefault(cty::Value::String("Standard_LRS"))
                           .WithValidators({StorageType()})
                           .WithPlanModifiers({common::ForceNew()}),
                       "storageAccountType")),
      Fixed(Publishing(fw::Attribute::Optional("replication_mode", Type::String())
                           .WithDescription("`Full` copies the image into every replica; "
                                            "`Shallow` skips the copy, is faster and meant for "
                                            "testing (no disk encryption sets).")
                           .WithDefault(cty::Value::String("Full"))
                           .WithValidators({v::StringOneOf({"Full", "Shallow"})})
                           .WithPlanModifiers({common::ForceNew()}),
                       "replicationMode")),
      Publishing(fw::Attribute::Optional("exclude_from_latest", Type::Bool())
                     .WithDescription("Skip this version when a pool or VM asks for the "
                                      "definition's latest version.")
                     .WithDefault(cty::Value::Bool(false)),
                 "excludeFromLatest"),
      Attr(fw::Attribute::Optional("allow_deletion_of_replicated_locations", Type::Bool())
               .WithDescription("Allow removing target regions that already hold replicas.")
               .WithDefault(cty::Value::Bool(false)),
           "properties.safetyProfile.allowDeletionOfReplicatedLocations"),
      Local(fw::Attribute::Optional("wait_for_replication", Type::Bool())
                .WithDescription("Wait until every region finished replicating (default). With "
                                 "`false`, create returns once Azure accepted the version.")
                .WithDefault(cty::Value::Bool(true))),
      Publishing(fw::Attribute::Optional("end_of_life_date", Type::String())
                     .WithDescription("RFC 3339 date-time after which the version should not be "
                                      "used; informational only.")
                     .WithValidators({common::Rfc3339Date()}),
                 "endOfLifeDate"),
      common::NestedAttr(
          fw::Attribute::Computed("replication_status", Type::String())
              .WithDescription("Replication state per region, as last read."),
          "properties.replicationStatus.summary", fw::NestingMode::kList,
          {Attr(fw::Attribute::Computed("region", Type::String()).WithDescription("Region name."),
                "region", Conv::kRegion),
           Attr(fw::Attribute::Computed("state", Type::String())
                    .WithDescription("`Unknown`, `Replicating`, `Completed` or `Failed`."),
                "state"),
           Attr(fw::Attribute::Computed("progress", Type::Number())
                    .WithDescription("Percent replicated."),
                "progress")}),
      Attr(common::TagsAttribute(), "tags", Conv::kTags),
  };
  return *kFields;
}

}  // namespace azbatch::resources::image_version
