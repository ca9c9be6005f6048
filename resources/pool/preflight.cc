#include "resources/pool/preflight.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/iso8601_duration.h"
#include "provider/azure/api_versions.h"
#include "provider/azure/json_fields.h"
#include "provider/azure/resource_id.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"
#include "resources/common/field_table.h"
#include "resources/sizing/sizing.h"

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

cty::Path ImageIdPath() { return cty::Path::Root().Attr("image_reference").Attr("id"); }
cty::Path AgentPath() { return cty::Path::Root().Attr("node_agent_sku_id"); }

bool IsWindowsAgent(const std::string& agent) {
  return absl::StrContains(absl::AsciiStrToLower(agent), "windows");
}

std::vector<int64_t> SemverKey(const std::string& name) {
  std::vector<int64_t> key;
  for (absl::string_view part : absl::StrSplit(name, '.')) key.push_back(std::atoll(std::string(part).c_str()));
  return key;
}

// GET returning nullopt on 404; errors become a "could not check" warning.
std::optional<json> Read(common::ArmAccess& arm, const std::string& path, const char* api,
                         fw::Diagnostics* diags, bool* failed) {
  absl::StatusOr<azure::ArmResponse> r = arm.client->Get(path, api, arm.ctx);
  if (r.ok()) return std::move(r->body);
  if (!absl::IsNotFound(r.status())) {
    *failed = true;
    diags->AddWarning("Pool preflight could not finish",
                      absl::StrCat("Reading ", path, " failed: ", r.status().message(),
                                   ". The plan is not checked against the image and account; "
                                   "set preflight = false in the provider block to skip these "
                                   "reads."));
  }
  return std::nullopt;
}

// The gallery image version a pool refers to: the version itself, or the
// latest version (highest semver, not excluded from latest) of a definition.
std::optional<std::string> ResolveVersionId(common::ArmAccess& arm, const azure::ResourceId& id,
                                            fw::Diagnostics* diags, bool* failed) {
  if (id.type() == azure::ResourceType::kGalleryImageVersion) return id.String();
  std::optional<json> list = Read(arm, absl::StrCat(id.String(), "/versions"),
                                  azure::api_versions::kGalleryImageVersions, diags, failed);
  if (!list) return std::nullopt;
  std::string best;
  for (const json& v : JArr(*list, "value")) {
    const json& pub = JObj(JObj(v, "properties"), "publishingProfile");
    if (JBool(pub, "excludeFromLatest").value_or(false)) continue;
    std::string name = JStr(v, "name").value_or("");
    if (name.empty()) continue;
    if (best.empty() || SemverKey(name) > SemverKey(best)) best = name;
  }
  if (best.empty()) return std::nullopt;
  return absl::StrCat(id.String(), "/versions/", best);
}

void CheckSubscriptions(common::ArmAccess& arm, const std::string& image_sub,
                        const std::string& account_sub, fw::Diagnostics* diags) {
  if (absl::EqualsIgnoreCase(image_sub, account_sub)) return;
  bool failed = false;
  const char* api = azure::api_versions::kResourceGroups;
  std::optional<json> img = Read(arm, absl::StrCat("/subscriptions/", image_sub), api, diags, &failed);
  std::optional<json> acct = Read(arm, absl::StrCat("/subscriptions/", account_sub), api, diags, &failed);
  if (failed) return;
  if (!img) {
    diags->AddAttributeError(
        ImageIdPath(), "Image subscription not accessible",
        absl::StrCat("The image lives in subscription ", image_sub,
                     ", which these credentials cannot see. Batch can use an image from another "
                     "subscription only in the same Microsoft Entra tenant; grant access to it or "
                     "copy the image version into subscription ", account_sub, "."));
    return;
  }
  std::string t1 = JStr(*img, "tenantId").value_or("");
  std::string t2 = acct ? JStr(*acct, "tenantId").value_or("") : "";
  if (!t1.empty() && !t2.empty() && !absl::EqualsIgnoreCase(t1, t2)) {
    diags->AddAttributeError(
        ImageIdPath(), "Image in another tenant",
        absl::StrCat("The image's subscription ", image_sub, " belongs to tenant ", t1,
                     " but the Batch account's subscription belongs to tenant ", t2,
                     ". Batch pools can only use gallery images from the same tenant: replicate "
                     "the image into a gallery of tenant ", t2, "."));
  }
  std::optional<json> rp = Read(arm, absl::StrCat("/subscriptions/", image_sub, "/providers/Microsoft.Batch"),
                                azure::api_versions::kProviders, diags, &failed);
  std::string state = rp ? JStr(*rp, "registrationState").value_or("") : "NotRegistered";
  if (!failed && !absl::EqualsIgnoreCase(state, "Registered")) {
    diags->AddAttributeError(
        ImageIdPath(), "Microsoft.Batch not registered in the image's subscription",
        absl::StrCat("Batch reads a gallery image from another subscription only when that "
                     "subscription has the Microsoft.Batch resource provider registered "
                     "(state in ", image_sub, ": ", state.empty() ? "unknown" : state,
                     "). Register it: az provider register --namespace Microsoft.Batch "
                     "--subscription ", image_sub));
  }
}

}  // namespace

int64_t PlannedNodes(const cty::Value& plan) {
  const cty::Value& fixed = plan.GetAttr("fixed_scale");
  if (!fixed.is_known() || fixed.is_null()) return -1;
  std::optional<int64_t> d = GetInt(fixed, "target_dedicated_nodes");
  std::optional<int64_t> l = GetInt(fixed, "target_low_priority_nodes");
  if (!d || !l) return -1;
  return *d + *l;
}

void CheckResizeTimeout(const cty::Value& plan, fw::Diagnostics* diags) {
  int64_t nodes = PlannedNodes(plan);
  if (nodes <= 0) return;
  std::optional<std::string> timeout = GetString(plan.GetAttr("fixed_scale"), "resize_timeout");
  if (!timeout) return;
  std::optional<absl::Duration> have = iso8601::Parse(*timeout);
  if (!have) return;
  absl::Duration want = sizing::RecommendedResizeTimeout(nodes);
  if (*have >= want) return;
  std::string want_iso = iso8601::Format(want);
  diags->AddAttributeWarning(
      cty::Path::Root().Attr("fixed_scale").Attr("resize_timeout"), "Resize timeout too short",
      absl::StrCat("resize_timeout = \"", *timeout, "\" is shorter than Azure's guidance for ",
                   nodes, " nodes (15 minutes per started 1000 nodes); the resize may stop with "
                   "AllocationTimedout. Use resize_timeout = \"", want_iso,
                   "\" (data.azbatch_pool_sizing computes it)."));
}

void CheckImageAndAccount(common::ArmAccess& arm, const cty::Value& plan, fw::Diagnostics* diags) {
  std::optional<std::string> image = GetString(plan.GetAttr("image_reference"), "id");
  std::optional<std::string> account = GetString(plan, "account_id");
  if (!image || !account) return;
  absl::StatusOr<azure::ResourceId> image_id = azure::ResourceId::Parse(*image);
  absl::StatusOr<azure::ResourceId> account_id =
      azure::ResourceId::Parse(*account, azure::ResourceType::kBatchAccount);
  if (!image_id.ok() || !account_id.ok()) return;
  if (image_id->type() != azure::ResourceType::kGalleryImageVersion &&
      image_id->type() != azure::ResourceType::kGalleryImage) {
    return;
  }
  bool failed = false;
  CheckSubscriptions(arm, image_id->subscription(), account_id->subscription(), diags);

  // The definition carries the OS and its state.
  azure::ResourceId def_id = *image_id;
  if (image_id->type() == azure::ResourceType::kGalleryImageVersion) {
    absl::StatusOr<azure::ResourceId> parent = image_id->Parent();
    if (!parent.ok()) return;
    def_id = *parent;
  }
  std::optional<json> def = Read(arm, def_id.String(), def_id.api_version(), diags, &failed);
  if (failed) return;
  if (!def) {
    diags->AddAttributeError(ImageIdPath(), "Image definition not found",
                             absl::StrCat(common::Describe(def_id),
                                          " does not exist. Create it (azbatch_image_definition) "
                                          "or fix image_reference.id."));
    return;
  }
  const json& dprops = JObj(*def, "properties");
  std::string os_state = JStr(dprops, "osState").value_or("Generalized");
  std::string os_type = JStr(dprops, "osType").value_or("");
  if (!absl::EqualsIgnoreCase(os_state, "Generalized")) {
    diags->AddAttributeError(
        ImageIdPath(), "Specialized image",
        absl::StrCat(common::Describe(def_id), " has os_state ", os_state,
                     "; Batch pools only accept Generalized images. Publish a generalized image "
                     "(sysprep / waagent -deprovision) under a definition with os_state = "
                     "\"Generalized\"."));
  }
  if (std::optional<std::string> agent = GetString(plan, "node_agent_sku_id"); agent && !os_type.empty()) {
    bool windows = IsWindowsAgent(*agent);
    if (windows != absl::EqualsIgnoreCase(os_type, "Windows")) {
      diags->AddAttributeError(
          AgentPath(), "Node agent does not match the image's OS",
          absl::StrCat("node_agent_sku_id = \"", *agent, "\" is a ", windows ? "Windows" : "Linux",
                       " node agent, but the image is ", os_type,
                       ": the nodes would never start. Use a ", os_type,
                       " node agent such as ",
                       absl::EqualsIgnoreCase(os_type, "Windows") ? "\"batch.node.windows amd64\""
                                                                  : "\"batch.node.ubuntu 22.04\"",
                       "."));
    }
  }

  std::optional<std::string> version_id = ResolveVersionId(arm, *image_id, diags, &failed);
  if (failed) return;
  if (!version_id) {
    diags->AddAttributeError(ImageIdPath(), "Image definition has no usable version",
                             absl::StrCat(common::Describe(def_id),
                                          " has no version that is not excluded from latest. "
                                          "Publish one, or point image_reference.id at a version."));
    return;
  }
  std::optional<json> version =
      Read(arm, absl::StrCat(*version_id, "?$expand=ReplicationStatus"),
           azure::api_versions::kGalleryImageVersions, diags, &failed);
  if (failed) return;
  if (!version) {
    diags->AddAttributeError(ImageIdPath(), "Image version not found",
                             absl::StrCat("The gallery image version ", *version_id,
                                          " does not exist. Create it (azbatch_image_version) or "
                                          "fix image_reference.id."));
    return;
  }
  const json& vprops = JObj(*version, "properties");
  if (absl::EqualsIgnoreCase(JStr(vprops, "provisioningState").value_or(""), "Failed")) {
    diags->AddAttributeError(ImageIdPath(), "Image version failed",
                             absl::StrCat("The gallery image version ", *version_id,
                                          " is in provisioning state Failed; recreate it."));
  }

  std::optional<json> acct = Read(arm, account_id->String(), account_id->api_version(), diags, &failed);
  if (failed) return;
  if (!acct) {
    diags->AddAttributeWarning(cty::Path::Root().Attr("account_id"), "Batch account not found",
                               absl::StrCat(common::Describe(*account_id),
                                            " does not exist yet; the image's regions and "
                                            "replicas are checked once it does."));
    return;
  }
  std::string region = common::NormaliseLocation(JStr(*acct, "location").value_or(""));
  const json& pub = JObj(vprops, "publishingProfile");
  int64_t default_replicas = JInt(pub, "replicaCount").value_or(1);
  std::optional<int64_t> replicas;
  std::vector<std::string> regions;
  for (const json& tr : JArr(pub, "targetRegions")) {
    std::string name = JStr(tr, "name").value_or("");
    if (name.empty()) continue;
    regions.push_back(common::NormaliseLocation(name));
    if (common::SameLocation(name, region)) {
      replicas = JInt(tr, "regionalReplicaCount").value_or(default_replicas);
    }
  }
  int64_t nodes = PlannedNodes(plan);
  if (!replicas) {
    // target_region is a list of objects: show the whole assignment to write.
    std::vector<std::string> entries;
    for (const std::string& r : regions) entries.push_back(absl::StrCat("{ name = \"", r, "\" }"));
    entries.push_back(absl::StrCat("{ name = \"", region, "\", regional_replica_count = ",
                                   nodes > 0 ? sizing::MinReplicasPerRegion(nodes) : 1, " }"));
    diags->AddAttributeError(
        ImageIdPath(), "Image not replicated to the Batch account's region",
        absl::StrCat("The image version ", *version_id, " has replicas in ",
                     regions.empty() ? std::string("no region") : absl::StrJoin(regions, ", "),
                     " but not in ", region,
                     ", the Batch account's region; pool creation would fail. Add the region to "
                     "the image version's target_region list: target_region = [",
                     absl::StrJoin(entries, ", "),
                     "] (keep the other settings of the existing entries)."));
    return;
  }
  if (nodes <= 0) return;
  int64_t need = sizing::MinReplicasPerRegion(nodes);
  if (*replicas < need) {
    diags->AddAttributeWarning(
        cty::Path::Root().Attr("fixed_scale").Attr("target_dedicated_nodes"),
        "Too few image replicas for this pool size",
        absl::StrCat(nodes, " nodes need at least ", need, " replicas of the image in ", region,
                     " (Azure guidance: one replica per 300 VMs), but the image version has ",
                     *replicas, " there now. Allocation will be slow and may time out. In the "
                     "image version's target_region list, make the entry for ", region,
                     " { name = \"", region, "\", regional_replica_count = ", need,
                     " } (data.azbatch_pool_sizing computes the count); a replica change planned "
                     "in this same run is not visible yet."));
  }
}

}  // namespace azbatch::resources::pool
