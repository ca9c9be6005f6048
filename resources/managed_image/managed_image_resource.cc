#include "resources/managed_image/managed_image_resource.h"

#include <utility>

#include "provider/framework/plan_modifiers.h"
#include "resources/common/arm_id_validators.h"
#include "resources/common/values.h"

namespace azbatch::resources::managed_image {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;
using common::Attr;
using common::Conv;
using common::Field;
using common::Fixed;
using common::GetString;
using common::Local;
using cty::Type;

namespace {

const std::vector<std::string> kStorageTypes = {"Standard_LRS", "Premium_LRS", "StandardSSD_LRS",
                                                "UltraSSD_LRS", "Premium_ZRS", "StandardSSD_ZRS",
                                                "PremiumV2_LRS"};
constexpr char kOsDisk[] = "properties.storageProfile.osDisk.";

// Everything but tags is fixed: a change replaces the image.
Field Fx(fw::Attribute a, std::string json, Conv conv = Conv::kPlain) {
  return Fixed(Attr(a.WithPlanModifiers({common::ForceNew()}), std::move(json), conv));
}

fw::Attribute OptString(const char* name, const char* description,
                        std::vector<fw::ValidatorPtr> vs = {}) {
  return fw::Attribute::Optional(name, Type::String())
      .WithDescription(description)
      .WithValidators(std::move(vs));
}

// Azure fills caching (data disks "None", the OS disk "ReadWrite" in its
// examples) and the source's size when they are unset.
Field Caching(Field f) {
  f.unset_as = cty::Value::String("None");
  return f;
}
Field AzureFilled(Field f) {
  f.only_if_configured = true;
  return f;
}
// The OS disk's caching: after an import, Azure's value other than "None" is
// the state.
Field OsCaching(Field f) {
  f = Caching(std::move(f));
  f.only_if_configured = true;
  f.except_import = true;
  return f;
}

std::vector<Field> BuildFields() {
  const fw::ValidatorPtr caching = v::StringOneOf({"None", "ReadOnly", "ReadWrite"});
  const fw::ValidatorPtr storage = v::StringOneOf(kStorageTypes);
  const fw::ValidatorPtr snapshot = common::ArmResourceId("Microsoft.Compute/snapshots");
  const fw::ValidatorPtr disk = common::ArmResourceId("Microsoft.Compute/disks");
  auto os = [](const char* path) { return std::string(kOsDisk) + path; };
  return {
      Local(common::IdAttribute()),
      Local(fw::Attribute::Required("name", Type::String())
                .WithDescription("Image name: 1-80 letters, digits, '_', '.' and '-', starting "
                                 "with a letter or digit and ending with one or '_'.")
                .WithValidators({v::StringLengthBetween(1, 80),
                                 v::StringMatches(R"([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9_])?)",
                                                  "letters, digits, '_', '.' and '-', starting "
                                                  "with a letter or digit, ending with one or "
                                                  "'_'")})
                .WithPlanModifiers({common::ForceNew()})),
      Local(common::ResourceGroupNameAttribute()),
      Fixed(Attr(common::LocationAttribute(), "location", Conv::kLocation)),
      Fx(OptString("source_virtual_machine_id",
                   "ARM id of a generalized virtual machine to capture. Exactly one of this, "
                   "`os_disk_snapshot_id`, `os_disk_managed_disk_id` and `os_disk_blob_uri`.",
                   {common::ArmResourceId("Microsoft.Compute/virtualMachines"),
                    v::ExactlyOneOf({"os_disk_snapshot_id", "os_disk_managed_disk_id",
                                     "os_disk_blob_uri"})}),
         "properties.sourceVirtualMachine.id", Conv::kArmId),
      Fx(OptString("os_type", "OS of the OS disk; required when the image is built from disks.",
                   {v::StringOneOf({"Linux", "Windows"})}),
         os("osType")),
      Fx(fw::Attribute::Optional("os_state", Type::String())
             .WithDescription("`Generalized` (deprovisioned with sysprep or `waagent "
                              "-deprovision`; what Batch pools need) or `Specialized`.")
             .WithDefault(cty::Value::String("Generalized"))
             .WithValidators({v::StringOneOf({"Generalized", "Specialized"})}),
         os("osState")),
      Fx(OptString("os_disk_snapshot_id", "ARM id of the snapshot of the OS disk.", {snapshot}),
         os("snapshot.id"), Conv::kArmId),
      Fx(OptString("os_disk_managed_disk_id", "ARM id of the managed disk to use as OS disk.",
                   {disk}),
         os("managedDisk.id"), Conv::kArmId),
      Fx(OptString("os_disk_blob_uri", "URI of a VHD page blob holding the OS disk."),
         os("blobUri")),
      // Azure's default when unset is its own: computed, kept from the state.
      OsCaching(Fixed(Attr(fw::Attribute::OptionalComputed("os_disk_caching", Type::String())
                               .WithDescription("Host caching of the OS disk; Azure uses `None` "
                                                "when unset.")
                               .WithValidators({caching})
                               .WithPlanModifiers({fw::plan_modifiers::UseStateForUnknown(),
                                                   common::ForceNew()}),
                           os("caching")))),
      Fx(OptString("os_disk_storage_type", "Storage type of the OS disk of VMs from the image.",
                   {storage}),
         os("storageAccountType")),
      AzureFilled(Fx(fw::Attribute::Optional("os_disk_size_gb", Type::Number())
                    .WithDescription("OS disk size in GB, to grow it beyond the source's size.")
                    .WithValidators({v::IntBetween(1, 65536)}),
                os("diskSizeGB"))),
      Fixed(common::NestedAttr(
          fw::Attribute::Optional("data_disk", Type::String())
              .WithDescription("Data disks of the image, each from one snapshot, managed disk or "
                               "blob (when the image is built from disks).")
              .WithPlanModifiers({common::ForceNew()}),
          "properties.storageProfile.dataDisks", fw::NestingMode::kList,
          {Attr(fw::Attribute::Required("lun", Type::Number())
                    .WithDescription("Logical unit number, unique in the image.")
                    .WithValidators({v::IntBetween(0, 63)}),
                "lun"),
           Attr(OptString("snapshot_id", "ARM id of the data-disk snapshot.", {snapshot}),
                "snapshot.id", Conv::kArmId),
           Attr(OptString("managed_disk_id", "ARM id of the managed data disk.", {disk}),
                "managedDisk.id", Conv::kArmId),
           Attr(OptString("blob_uri", "URI of a VHD page blob holding the disk."), "blobUri"),
           Caching(Attr(OptString("caching", "Host caching; Azure uses `None` when unset.",
                                  {caching}),
                        "caching")),
           Attr(OptString("storage_type", "Storage type of the disk of VMs from the image.",
                          {storage}),
                "storageAccountType"),
           AzureFilled(Attr(fw::Attribute::Optional("size_gb", Type::Number())
                           .WithDescription("Disk size in GB, to grow it beyond the source's "
                                            "size."),
                       "diskSizeGB"))})),
      Fx(fw::Attribute::Optional("hyper_v_generation", Type::String())
             .WithDescription("VM generation of the source: `V1` (BIOS) or `V2` (UEFI). It must "
                              "match the gallery image definition's.")
             .WithDefault(cty::Value::String("V1"))
             .WithValidators({v::StringOneOf({"V1", "V2"})}),
         "properties.hyperVGeneration"),
      Fx(fw::Attribute::Optional("zone_resilient", Type::Bool())
             .WithDescription("Store the image on zone-redundant storage, in regions with "
                              "availability zones.")
             .WithDefault(cty::Value::Bool(false)),
         "properties.storageProfile.zoneResilient"),
      Attr(common::TagsAttribute(), "tags", Conv::kTags),
  };
}

}  // namespace

const std::vector<Field>& ManagedImageFields() {
  static const std::vector<Field>* const kFields = new std::vector<Field>(BuildFields());
  return *kFields;
}

fw::Schema ManagedImageSchema() {
  return common::TableSchema(
      "A managed image (Microsoft.Compute/images) built from a virtual machine, or from OS- and "
      "data-disk snapshots, managed disks or VHD blobs; the usual source of a gallery image "
      "version. Only `tags` update in place.",
      ManagedImageFields());
}

fw::TimeoutDefaults ManagedImageResource::DefaultTimeouts() const {
  fw::TimeoutDefaults t;
  t.create = absl::Minutes(90);
  t.update = absl::Minutes(90);
  t.del = absl::Minutes(90);
  return t;
}

void ManagedImageResource::ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                                          fw::ValidateConfigResponse* resp) {
  const cty::Value& vm = req.config.GetAttr("source_virtual_machine_id");
  const cty::Value& os_type = req.config.GetAttr("os_type");
  if (vm.is_known() && vm.is_null() && os_type.is_known() && os_type.is_null()) {
    resp->diagnostics.AddAttributeError(cty::Path::Root().Attr("os_type"), "Missing os_type",
                                        "os_type is required when the image is built from disks");
  }
}

absl::StatusOr<azure::ResourceId> ManagedImageResource::IdFromPlan(const std::string& subscription,
                                                                   const cty::Value& plan) const {
  return azure::ResourceId::ResourceGroup(subscription,
                                          GetString(plan, "resource_group_name").value_or(""))
      .Child(azure::ResourceType::kImage, GetString(plan, "name").value_or(""));
}

absl::StatusOr<nlohmann::json> ManagedImageResource::CreateBody(const cty::Value& plan) const {
  absl::StatusOr<nlohmann::json> body = ArmResource::CreateBody(plan);
  // Captured from a VM: the VM's disks are the storage profile.
  if (body.ok() && GetString(plan, "source_virtual_machine_id")) {
    (*body)["properties"].erase("storageProfile");
  }
  return body;
}

}  // namespace azbatch::resources::managed_image
