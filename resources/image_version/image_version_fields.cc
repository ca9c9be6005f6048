#include "resources/image_version/image_version_model.h"

#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_version {

using common::GetBool;
using common::GetInt;
using common::GetString;
using common::JObj;
using common::JStr;

namespace {

std::optional<std::string> KeepSpelling(const std::optional<std::string>& prior,
                                        const std::optional<std::string>& remote) {
  if (prior && remote && absl::EqualsIgnoreCase(*prior, *remote)) return prior;
  return remote;
}

}  // namespace

Model Model::FromValue(const cty::Value& v) {
  Model m;
  m.id = GetString(v, "id");
  m.name = GetString(v, "name").value_or("");
  m.image_definition_id = GetString(v, "image_definition_id").value_or("");
  m.location = GetString(v, "location").value_or("");
  m.managed_image_id = GetString(v, "managed_image_id");
  m.os_disk_snapshot_id = GetString(v, "os_disk_snapshot_id");
  m.virtual_machine_id = GetString(v, "virtual_machine_id");
  m.source_image_version_id = GetString(v, "source_image_version_id");
  const cty::Value& dd = v.is_null() ? v : v.GetAttr("data_disk");
  m.data_disks_null = dd.is_null() || !dd.is_known();
  for (const cty::Value& d : common::GetList(v, "data_disk")) {
    m.data_disks.push_back({GetInt(d, "lun").value_or(0), GetString(d, "source_id").value_or("")});
  }
  for (const cty::Value& r : common::GetList(v, "target_region")) {
    TargetRegion t;
    t.name = GetString(r, "name").value_or("");
    t.regional_replica_count = GetInt(r, "regional_replica_count");
    t.storage_account_type = GetString(r, "storage_account_type");
    t.exclude_from_latest = GetBool(r, "exclude_from_latest");
    t.disk_encryption_set_id = GetString(r, "disk_encryption_set_id");
    m.target_regions.push_back(std::move(t));
  }
  m.replica_count = GetInt(v, "replica_count").value_or(1);
  m.storage_account_type = GetString(v, "storage_account_type").value_or("Standard_LRS");
  m.replication_mode = GetString(v, "replication_mode").value_or("Full");
  m.exclude_from_latest = GetBool(v, "exclude_from_latest").value_or(false);
  m.allow_deletion_of_replicated_locations =
      GetBool(v, "allow_deletion_of_replicated_locations").value_or(false);
  m.wait_for_replication = GetBool(v, "wait_for_replication").value_or(true);
  m.end_of_life_date = GetString(v, "end_of_life_date");
  for (const cty::Value& s : common::GetList(v, "replication_status")) {
    m.replication_status.push_back({GetString(s, "region").value_or(""),
                                    GetString(s, "state").value_or(""),
                                    GetInt(s, "progress").value_or(0)});
  }
  m.tags = v.is_null() ? cty::Value::Null(cty::Type::Map(cty::Type::String())) : v.GetAttr("tags");
  m.timeouts = v.is_null() ? cty::Value() : v.GetAttr("timeouts");
  return m;
}

cty::Value Model::ToValue(const cty::Type& type) const {
  const cty::Type region_t = type.AttributeType("target_region").element();
  std::vector<cty::Value> regions;
  for (const TargetRegion& t : target_regions) {
    regions.push_back(cty::Value::ObjectOf(
        region_t, {{"name", cty::Value::String(t.name)},
                   {"regional_replica_count", common::Int(t.regional_replica_count)},
                   {"storage_account_type", common::Str(t.storage_account_type)},
                   {"exclude_from_latest", common::Bool(t.exclude_from_latest)},
                   {"disk_encryption_set_id", common::Str(t.disk_encryption_set_id)}}));
  }
  const cty::Type disk_t = type.AttributeType("data_disk").element();
  cty::Value disks = cty::Value::Null(type.AttributeType("data_disk"));
  if (!data_disks.empty() || !data_disks_null) {
    std::vector<cty::Value> d;
    for (const DataDisk& x : data_disks) {
      d.push_back(cty::Value::ObjectOf(disk_t, {{"lun", cty::Value::Int(x.lun)},
                                                {"source_id", cty::Value::String(x.source_id)}}));
    }
    disks = cty::Value::List(disk_t, std::move(d));
  }
  const cty::Type status_t = type.AttributeType("replication_status").element();
  std::vector<cty::Value> status;
  for (const RegionStatus& s : replication_status) {
    status.push_back(cty::Value::ObjectOf(status_t, {{"region", cty::Value::String(s.region)},
                                                     {"state", cty::Value::String(s.state)},
                                                     {"progress", cty::Value::Int(s.progress)}}));
  }
  cty::Value timeouts_value = timeouts;
  if (timeouts_value.type() == cty::Type::Dynamic()) {
    timeouts_value = cty::Value::Null(type.AttributeType("timeouts"));
  }
  return cty::Value::ObjectOf(
      type,
      {{"id", common::Str(id)},
       {"name", cty::Value::String(name)},
       {"image_definition_id", cty::Value::String(image_definition_id)},
       {"location", cty::Value::String(location)},
       {"managed_image_id", common::Str(managed_image_id)},
       {"os_disk_snapshot_id", common::Str(os_disk_snapshot_id)},
       {"virtual_machine_id", common::Str(virtual_machine_id)},
       {"source_image_version_id", common::Str(source_image_version_id)},
       {"data_disk", disks},
       {"target_region", cty::Value::List(region_t, std::move(regions))},
       {"replica_count", cty::Value::Int(replica_count)},
       {"storage_account_type", cty::Value::String(storage_account_type)},
       {"replication_mode", cty::Value::String(replication_mode)},
       {"exclude_from_latest", cty::Value::Bool(exclude_from_latest)},
       {"allow_deletion_of_replicated_locations",
        cty::Value::Bool(allow_deletion_of_replicated_locations)},
       {"wait_for_replication", cty::Value::Bool(wait_for_replication)},
       {"end_of_life_date", common::Str(end_of_life_date)},
       {"replication_status", cty::Value::List(status_t, std::move(status))},
       {"tags", tags},
       {"timeouts", timeouts_value}});
}

nlohmann::json Model::TargetRegionsJson() const {
  nlohmann::json regions = nlohmann::json::array();
  for (const TargetRegion& t : target_regions) {
    nlohmann::json r = {{"name", common::NormaliseLocation(t.name)}};
    if (t.regional_replica_count) r["regionalReplicaCount"] = *t.regional_replica_count;
    if (t.storage_account_type) r["storageAccountType"] = *t.storage_account_type;
    if (t.exclude_from_latest) r["excludeFromLatest"] = *t.exclude_from_latest;
    if (t.disk_encryption_set_id) {
      r["encryption"] = {{"osDiskImage", {{"diskEncryptionSetId", *t.disk_encryption_set_id}}}};
    }
    regions.push_back(std::move(r));
  }
  return regions;
}

nlohmann::json Model::ToArm() const {
  nlohmann::json storage = nlohmann::json::object();
  if (managed_image_id) storage["source"] = {{"id", *managed_image_id}};
  if (source_image_version_id) storage["source"] = {{"id", *source_image_version_id}};
  if (virtual_machine_id) storage["source"] = {{"virtualMachineId", *virtual_machine_id}};
  if (os_disk_snapshot_id) storage["osDiskImage"] = {{"source", {{"id", *os_disk_snapshot_id}}}};
  if (!data_disks.empty()) {
    nlohmann::json disks = nlohmann::json::array();
    for (const DataDisk& d : data_disks) {
      disks.push_back({{"lun", d.lun}, {"source", {{"id", d.source_id}}}});
    }
    storage["dataDiskImages"] = disks;
  }
  nlohmann::json publishing = {{"targetRegions", TargetRegionsJson()},
                               {"replicaCount", replica_count},
                               {"storageAccountType", storage_account_type},
                               {"replicationMode", replication_mode},
                               {"excludeFromLatest", exclude_from_latest}};
  if (end_of_life_date) publishing["endOfLifeDate"] = *end_of_life_date;
  return {{"location", common::NormaliseLocation(location)},
          {"tags", common::TagsToJson(tags)},
          {"properties",
           {{"publishingProfile", publishing},
            {"storageProfile", storage},
            {"safetyProfile",
             {{"allowDeletionOfReplicatedLocations", allow_deletion_of_replicated_locations}}}}}};
}

void Model::MergeArm(const nlohmann::json& remote) {
  const nlohmann::json& p = JObj(remote, "properties");
  const nlohmann::json& pub = JObj(p, "publishingProfile");
  const nlohmann::json& sp = JObj(p, "storageProfile");
  location = common::PreferPriorLocation(location, JStr(remote, "location").value_or(""));

  // Sources.
  const nlohmann::json& src = JObj(sp, "source");
  std::optional<std::string> source_id = JStr(src, "id");
  if (source_id && absl::StrContains(absl::AsciiStrToLower(*source_id), "/galleries/")) {
    source_image_version_id = KeepSpelling(source_image_version_id, source_id);
    managed_image_id.reset();
  } else {
    managed_image_id = KeepSpelling(managed_image_id, source_id);
    source_image_version_id.reset();
  }
  virtual_machine_id = KeepSpelling(virtual_machine_id, JStr(src, "virtualMachineId"));
  os_disk_snapshot_id =
      KeepSpelling(os_disk_snapshot_id, JStr(JObj(JObj(sp, "osDiskImage"), "source"), "id"));
  std::vector<DataDisk> prior_disks = std::move(data_disks);
  data_disks.clear();
  if (auto d = sp.find("dataDiskImages"); d != sp.end() && d->is_array()) {
    for (const auto& disk : *d) {
      DataDisk x{common::JInt(disk, "lun").value_or(0), JStr(JObj(disk, "source"), "id").value_or("")};
      for (const DataDisk& pd : prior_disks) {
        if (pd.lun == x.lun && absl::EqualsIgnoreCase(pd.source_id, x.source_id)) x = pd;
      }
      data_disks.push_back(std::move(x));
    }
  }

  replica_count = common::JInt(pub, "replicaCount").value_or(1);
  storage_account_type = JStr(pub, "storageAccountType").value_or("Standard_LRS");
  replication_mode = JStr(pub, "replicationMode").value_or("Full");
  exclude_from_latest = common::JBool(pub, "excludeFromLatest").value_or(false);
  end_of_life_date = common::PreferPriorDate(end_of_life_date, JStr(pub, "endOfLifeDate"));
  allow_deletion_of_replicated_locations =
      common::JBool(JObj(p, "safetyProfile"), "allowDeletionOfReplicatedLocations").value_or(false);

  // Regions in Azure's order; settings equal to the defaults stay null when the
  // prior state left them null (or there is no prior state: import).
  std::vector<TargetRegion> prior = std::move(target_regions);
  target_regions.clear();
  if (auto tr = pub.find("targetRegions"); tr != pub.end() && tr->is_array()) {
    for (const auto& r : *tr) {
      std::string remote_name = JStr(r, "name").value_or("");
      const TargetRegion* match = nullptr;
      for (const TargetRegion& t : prior) {
        if (common::SameLocation(t.name, remote_name)) match = &t;
      }
      TargetRegion t;
      t.name = match ? match->name : common::NormaliseLocation(remote_name);
      std::optional<int64_t> count = common::JInt(r, "regionalReplicaCount");
      bool had_count = match && match->regional_replica_count;
      t.regional_replica_count = (had_count || (count && *count != replica_count)) ? count : std::nullopt;
      std::optional<std::string> sat = JStr(r, "storageAccountType");
      bool had_sat = match && match->storage_account_type;
      t.storage_account_type =
          (had_sat || (sat && *sat != storage_account_type)) ? sat : std::nullopt;
      std::optional<bool> ex = common::JBool(r, "excludeFromLatest");
      bool had_ex = match && match->exclude_from_latest;
      t.exclude_from_latest = (had_ex || (ex && *ex)) ? ex : std::nullopt;
      t.disk_encryption_set_id = KeepSpelling(
          match ? match->disk_encryption_set_id : std::nullopt,
          JStr(JObj(JObj(r, "encryption"), "osDiskImage"), "diskEncryptionSetId"));
      target_regions.push_back(std::move(t));
    }
  }

  replication_status.clear();
  const nlohmann::json& rs = JObj(p, "replicationStatus");
  if (auto s = rs.find("summary"); s != rs.end() && s->is_array()) {
    for (const auto& e : *s) {
      replication_status.push_back({common::NormaliseLocation(JStr(e, "region").value_or("")),
                                    JStr(e, "state").value_or(""),
                                    common::JInt(e, "progress").value_or(0)});
    }
  }
}

}  // namespace azbatch::resources::image_version
