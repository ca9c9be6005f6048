#include "resources/managed_image/managed_image_resource.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"

namespace azbatch::resources::managed_image {

namespace fw = azbatch::framework;
namespace v = azbatch::framework::validators;
using common::GetBool;
using common::GetInt;
using common::GetString;
using common::JObj;
using common::JStr;

namespace {

const std::vector<std::string> kStorageTypes = {"Standard_LRS", "Premium_LRS", "StandardSSD_LRS",
                                                "UltraSSD_LRS", "Premium_ZRS", "StandardSSD_ZRS",
                                                "PremiumV2_LRS"};

std::optional<std::string> Same(const std::optional<std::string>& prior,
                                const std::optional<std::string>& remote) {
  if (!remote) return std::nullopt;
  return common::PreferPriorSpelling(prior, *remote);
}

// Snapshot ids may come back without the leading '/'.
std::optional<std::string> SourceId(const nlohmann::json& disk, const char* key) {
  std::optional<std::string> id = JStr(JObj(disk, key), "id");
  if (id && !id->empty() && (*id)[0] != '/') id = "/" + *id;
  return id;
}

nlohmann::json DiskJson(const Disk& d) {
  nlohmann::json j = nlohmann::json::object();
  if (d.lun) j["lun"] = *d.lun;
  if (d.snapshot_id) j["snapshot"] = {{"id", *d.snapshot_id}};
  if (d.managed_disk_id) j["managedDisk"] = {{"id", *d.managed_disk_id}};
  if (d.blob_uri) j["blobUri"] = *d.blob_uri;
  if (d.caching) j["caching"] = *d.caching;
  if (d.storage_type) j["storageAccountType"] = *d.storage_type;
  if (d.size_gb) j["diskSizeGB"] = *d.size_gb;
  return j;
}

// Remote disk → model, keeping prior spellings and leaving Azure-filled
// defaults (caching None, size from the source) null when they were null.
Disk MergeDisk(const nlohmann::json& j, const Disk& prior) {
  Disk d;
  d.lun = common::JInt(j, "lun");
  d.snapshot_id = Same(prior.snapshot_id, SourceId(j, "snapshot"));
  d.managed_disk_id = Same(prior.managed_disk_id, SourceId(j, "managedDisk"));
  d.blob_uri = JStr(j, "blobUri");
  std::optional<std::string> caching = JStr(j, "caching");
  d.caching = (prior.caching || (caching && *caching != "None")) ? caching : std::nullopt;
  d.storage_type = JStr(j, "storageAccountType");
  std::optional<int64_t> size = common::JInt(j, "diskSizeGB");
  d.size_gb = prior.size_gb ? size : std::nullopt;
  return d;
}

fw::Attribute ForceNewString(const char* name, const char* description,
                             std::vector<fw::ValidatorPtr> vs = {}) {
  return fw::Attribute::Optional(name, cty::Type::String())
      .WithDescription(description)
      .WithValidators(std::move(vs))
      .WithPlanModifiers({common::ForceNew()});
}

}  // namespace

Model Model::FromValue(const cty::Value& v) {
  Model m;
  m.id = GetString(v, "id");
  m.name = GetString(v, "name").value_or("");
  m.resource_group_name = GetString(v, "resource_group_name").value_or("");
  m.location = GetString(v, "location").value_or("");
  m.source_virtual_machine_id = GetString(v, "source_virtual_machine_id");
  m.os_type = GetString(v, "os_type").value_or("");
  m.os_state = GetString(v, "os_state").value_or("Generalized");
  Disk os;
  os.snapshot_id = GetString(v, "os_disk_snapshot_id");
  os.managed_disk_id = GetString(v, "os_disk_managed_disk_id");
  os.blob_uri = GetString(v, "os_disk_blob_uri");
  os.caching = GetString(v, "os_disk_caching");
  os.storage_type = GetString(v, "os_disk_storage_type");
  os.size_gb = GetInt(v, "os_disk_size_gb");
  if (os.snapshot_id || os.managed_disk_id || os.blob_uri) m.os_disk = os;
  m.data_disk_value = v.GetAttr("data_disk");
  for (const cty::Value& d : common::GetList(v, "data_disk")) {
    Disk x;
    x.lun = GetInt(d, "lun");
    x.snapshot_id = GetString(d, "snapshot_id");
    x.managed_disk_id = GetString(d, "managed_disk_id");
    x.blob_uri = GetString(d, "blob_uri");
    x.caching = GetString(d, "caching");
    x.storage_type = GetString(d, "storage_type");
    x.size_gb = GetInt(d, "size_gb");
    m.data_disks.push_back(std::move(x));
  }
  m.hyper_v_generation = GetString(v, "hyper_v_generation").value_or("V1");
  m.zone_resilient = GetBool(v, "zone_resilient").value_or(false);
  m.tags = v.GetAttr("tags");
  m.timeouts = v.GetAttr("timeouts");
  return m;
}

cty::Value Model::ToValue(const cty::Type& type) const {
  const Disk os = os_disk.value_or(Disk{});
  const cty::Type list_t = type.AttributeType("data_disk");
  cty::Value disks = cty::Value::Null(list_t);
  if (!data_disks.empty() || (!data_disk_value.is_null() && data_disk_value.is_known())) {
    std::vector<cty::Value> e;
    for (const Disk& d : data_disks) {
      e.push_back(cty::Value::ObjectOf(list_t.element(),
                                       {{"lun", common::Int(d.lun)},
                                        {"snapshot_id", common::Str(d.snapshot_id)},
                                        {"managed_disk_id", common::Str(d.managed_disk_id)},
                                        {"blob_uri", common::Str(d.blob_uri)},
                                        {"caching", common::Str(d.caching)},
                                        {"storage_type", common::Str(d.storage_type)},
                                        {"size_gb", common::Int(d.size_gb)}}));
    }
    disks = cty::Value::List(list_t.element(), std::move(e));
  }
  return cty::Value::ObjectOf(
      type, {{"id", common::Str(id)},
             {"name", cty::Value::String(name)},
             {"resource_group_name", cty::Value::String(resource_group_name)},
             {"location", cty::Value::String(location)},
             {"source_virtual_machine_id", common::Str(source_virtual_machine_id)},
             {"os_type", os_type.empty() ? cty::Value::Null(cty::Type::String())
                                         : cty::Value::String(os_type)},
             {"os_state", cty::Value::String(os_state)},
             {"os_disk_snapshot_id", common::Str(os.snapshot_id)},
             {"os_disk_managed_disk_id", common::Str(os.managed_disk_id)},
             {"os_disk_blob_uri", common::Str(os.blob_uri)},
             {"os_disk_caching", common::Str(os.caching)},
             {"os_disk_storage_type", common::Str(os.storage_type)},
             {"os_disk_size_gb", common::Int(os.size_gb)},
             {"data_disk", disks},
             {"hyper_v_generation", cty::Value::String(hyper_v_generation)},
             {"zone_resilient", cty::Value::Bool(zone_resilient)},
             {"tags", tags},
             {"timeouts", timeouts}});
}

nlohmann::json Model::ToArm() const {
  nlohmann::json props = {{"hyperVGeneration", hyper_v_generation}};
  if (source_virtual_machine_id) {
    props["sourceVirtualMachine"] = {{"id", *source_virtual_machine_id}};
  } else {
    nlohmann::json os = DiskJson(os_disk.value_or(Disk{}));
    os["osType"] = os_type;
    os["osState"] = os_state;
    nlohmann::json data = nlohmann::json::array();
    for (const Disk& d : data_disks) data.push_back(DiskJson(d));
    props["storageProfile"] = {{"osDisk", os}, {"zoneResilient", zone_resilient}};
    if (!data.empty()) props["storageProfile"]["dataDisks"] = data;
  }
  return {{"location", common::NormaliseLocation(location)},
          {"tags", common::TagsToJson(tags)},
          {"properties", props}};
}

void Model::MergeArm(const nlohmann::json& remote) {
  const nlohmann::json& p = JObj(remote, "properties");
  location = common::PreferPriorLocation(location, JStr(remote, "location").value_or(""));
  hyper_v_generation = JStr(p, "hyperVGeneration").value_or("V1");
  source_virtual_machine_id =
      Same(source_virtual_machine_id, JStr(JObj(p, "sourceVirtualMachine"), "id"));
  const nlohmann::json& sp = JObj(p, "storageProfile");
  zone_resilient = common::JBool(sp, "zoneResilient").value_or(false);
  const nlohmann::json& os = JObj(sp, "osDisk");
  if (!os.empty()) {
    os_type = JStr(os, "osType").value_or(os_type);
    os_state = JStr(os, "osState").value_or(os_state);
    Disk merged = MergeDisk(os, os_disk.value_or(Disk{}));
    merged.lun.reset();
    os_disk = merged;
  }
  std::vector<Disk> prior = std::move(data_disks);
  data_disks.clear();
  if (auto d = sp.find("dataDisks"); d != sp.end() && d->is_array()) {
    for (const auto& disk : *d) {
      Disk match;
      for (const Disk& pd : prior) {
        if (pd.lun == common::JInt(disk, "lun")) match = pd;
      }
      data_disks.push_back(MergeDisk(disk, match));
    }
  }
}

fw::Schema ManagedImageSchema() {
  const fw::ValidatorPtr caching = v::StringOneOf({"None", "ReadOnly", "ReadWrite"});
  const fw::ValidatorPtr storage = v::StringOneOf(kStorageTypes);
  const fw::ValidatorPtr snapshot = v::ArmResourceId("Microsoft.Compute/snapshots");
  const fw::ValidatorPtr disk = v::ArmResourceId("Microsoft.Compute/disks");
  fw::Schema s;
  s.block.description =
      "A managed image (Microsoft.Compute/images) built from a virtual machine, or from OS- and "
      "data-disk snapshots, managed disks or VHD blobs; the usual source of a gallery image "
      "version. Only `tags` update in place.";
  s.block.attributes = {
      common::IdAttribute(),
      fw::Attribute::Required("name", cty::Type::String())
          .WithDescription("Image name: 1-80 letters, digits, '_', '.' and '-', starting with a "
                           "letter or digit and ending with one or '_'.")
          .WithValidators({v::StringLengthBetween(1, 80),
                           v::StringMatches(R"([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9_])?)",
                                            "letters, digits, '_', '.' and '-', starting with a "
                                            "letter or digit, ending with one or '_'")})
          .WithPlanModifiers({common::ForceNew()}),
      common::ResourceGroupNameAttribute(),
      common::LocationAttribute(),
      ForceNewString("source_virtual_machine_id",
                     "ARM id of a generalized virtual machine to capture. Exactly one of this, "
                     "`os_disk_snapshot_id`, `os_disk_managed_disk_id` and `os_disk_blob_uri`.",
                     {v::ArmResourceId("Microsoft.Compute/virtualMachines"),
                      v::ExactlyOneOf({"os_disk_snapshot_id", "os_disk_managed_disk_id",
                                       "os_disk_blob_uri"})}),
      ForceNewString("os_type", "OS of the OS disk; required when the image is built from disks.",
                     {v::StringOneOf({"Linux", "Windows"})}),
      fw::Attribute::Optional("os_state", cty::Type::String())
          .WithDescription("`Generalized` (deprovisioned with sysprep or `waagent "
                           "-deprovision`; what Batch pools need) or `Specialized`.")
          .WithDefault(cty::Value::String("Generalized"))
          .WithValidators({v::StringOneOf({"Generalized", "Specialized"})})
          .WithPlanModifiers({common::ForceNew()}),
      ForceNewString("os_disk_snapshot_id", "ARM id of the snapshot of the OS disk.", {snapshot}),
      ForceNewString("os_disk_managed_disk_id", "ARM id of the managed disk to use as OS disk.",
                     {disk}),
      ForceNewString("os_disk_blob_uri", "URI of a VHD page blob holding the OS disk."),
      ForceNewString("os_disk_caching", "Host caching of the OS disk; Azure uses `None` when unset.",
                     {caching}),
      ForceNewString("os_disk_storage_type", "Storage type of the OS disk of VMs from the image.",
                     {storage}),
      fw::Attribute::Optional("os_disk_size_gb", cty::Type::Number())
          .WithDescription("OS disk size in GB, to grow it beyond the source's size.")
          .WithValidators({v::IntBetween(1, 65536)})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Nested("data_disk", fw::NestingMode::kList,
                            {fw::Attribute::Required("lun", cty::Type::Number())
                                 .WithDescription("Logical unit number, unique in the image.")
                                 .WithValidators({v::IntBetween(0, 63)}),
                             fw::Attribute::Optional("snapshot_id", cty::Type::String())
                                 .WithDescription("ARM id of the data-disk snapshot.")
                                 .WithValidators({snapshot}),
                             fw::Attribute::Optional("managed_disk_id", cty::Type::String())
                                 .WithDescription("ARM id of the managed data disk.")
                                 .WithValidators({disk}),
                             fw::Attribute::Optional("blob_uri", cty::Type::String())
                                 .WithDescription("URI of a VHD page blob holding the disk."),
                             fw::Attribute::Optional("caching", cty::Type::String())
                                 .WithDescription("Host caching; Azure uses `None` when unset.")
                                 .WithValidators({caching}),
                             fw::Attribute::Optional("storage_type", cty::Type::String())
                                 .WithDescription("Storage type of the disk of VMs from the image.")
                                 .WithValidators({storage}),
                             fw::Attribute::Optional("size_gb", cty::Type::Number())
                                 .WithDescription("Disk size in GB, to grow it beyond the "
                                                  "source's size.")})
          .AsOptional()
          .WithDescription("Data disks of the image, each from one snapshot, managed disk or "
                           "blob (when the image is built from disks).")
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("hyper_v_generation", cty::Type::String())
          .WithDescription("VM generation of the source: `V1` (BIOS) or `V2` (UEFI). It must match "
                           "the gallery image definition's.")
          .WithDefault(cty::Value::String("V1"))
          .WithValidators({v::StringOneOf({"V1", "V2"})})
          .WithPlanModifiers({common::ForceNew()}),
      fw::Attribute::Optional("zone_resilient", cty::Type::Bool())
          .WithDescription("Store the image on zone-redundant storage, in regions with "
                           "availability zones.")
          .WithDefault(cty::Value::Bool(false))
          .WithPlanModifiers({common::ForceNew()}),
      common::TagsAttribute(),
  };
  s.block.blocks = {fw::TimeoutsBlock()};
  return s;
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
  Model m = Model::FromValue(plan);
  return azure::ResourceId::ResourceGroup(subscription, m.resource_group_name)
      .Child(azure::ResourceType::kImage, m.name);
}

absl::StatusOr<nlohmann::json> ManagedImageResource::CreateBody(const cty::Value& plan) const {
  return Model::FromValue(plan).ToArm();
}

absl::StatusOr<nlohmann::json> ManagedImageResource::UpdateBody(const cty::Value& prior,
                                                                const cty::Value& plan) const {
  nlohmann::json patch = nlohmann::json::object();
  if (prior.GetAttr("tags") != plan.GetAttr("tags")) {
    patch["tags"] = common::TagsToJson(plan.GetAttr("tags"));
  }
  return patch;
}

cty::Value ManagedImageResource::Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                                         const cty::Value& prior) const {
  Model m = Model::FromValue(prior);
  m.id = id.String();
  m.name = JStr(remote, "name").value_or(id.name());
  m.resource_group_name = common::PreferPriorSpelling(m.resource_group_name, id.resource_group());
  m.MergeArm(remote);
  m.tags = common::TagsFromJson(remote, prior.GetAttr("tags"));
  return m.ToValue(prior.type());
}

}  // namespace azbatch::resources::managed_image
