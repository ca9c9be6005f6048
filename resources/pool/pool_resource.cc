#include "resources/pool/pool_resource.h"

#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"
#include "resources/common/field_table.h"
#include "resources/pool/pool_ops.h"
#include "resources/pool/pool_schema.h"
#include "resources/pool/preflight.h"
#include "resources/provider_config/provider_config.h"

namespace azbatch::resources::pool {

namespace fw = azbatch::framework;
using common::GetBool;
using common::GetInt;
using common::GetString;
using nlohmann::json;

namespace {

bool Changed(const cty::Value& prior, const cty::Value& plan, const std::string& name) {
  return !prior.GetAttr(name).RawEquals(plan.GetAttr(name));
}

// What a PATCH sends to clear a group that is no longer configured.
json EmptyGroup(const std::string& group) {
  if (group == "identity") return {{"type", "None"}};
  if (group == "tags" || group == "startTask" || group == "networkConfiguration" ||
      group == "upgradePolicy") {
    return json::object();
  }
  if (group == "displayName") return "";
  return json::array();
}

std::string GroupPath(const std::string& group) {
  return group == "identity" || group == "tags" ? group : absl::StrCat("properties.", group);
}

void RequireExactlyOne(const cty::Value& obj, const cty::Path& path,
                       const std::vector<std::string>& names, const std::string& what,
                       fw::Diagnostics* diags) {
  int set = 0;
  std::string extra;  // the second one set: the CLI shows its line
  for (const std::string& n : names) {
    const cty::Value& v = obj.GetAttr(n);
    if (!v.is_known()) return;
    if (!v.is_null() && ++set == 2) extra = n;
  }
  if (set != 1) {
    diags->AddAttributeError(extra.empty() ? path : path.Attr(extra),
                             absl::StrCat("Invalid ", what),
                             absl::StrCat("exactly one of ", absl::StrJoin(names, ", "),
                                          " must be set, got ", set));
  }
}

}  // namespace

std::vector<std::string> ZeroNodeChanges(const cty::Value& prior, const cty::Value& plan) {
  std::vector<std::string> out;
  for (const Field& f : PoolFields()) {
    if (FateOf(f) == Fate::kZeroNodes && !ComputedOnly(f) && Changed(prior, plan, f.name)) {
      out.push_back(f.name);
    }
  }
  return out;
}

json PoolUpdateBody(const cty::Value& prior, const cty::Value& plan) {
  // The pool's PATCH properties: a change sends its whole top-level group
  // (Batch replaces it), a group no longer configured its empty form.
  static const std::vector<Field>* const kPatchFields = [] {
    auto* fields = new std::vector<Field>(PoolFields());
    for (Field& f : *fields) {
      f.patchable = FateOf(f) != Fate::kLocal;
      f.merge_patch = false;
      if (!f.patchable) continue;
      f.patch_path = GroupPath(GroupOf(f));
      f.patch_clear = EmptyGroup(GroupOf(f));
    }
    return fields;
  }();
  return common::PatchBody(*kPatchFields, prior, plan);
}

cty::Value FlattenPool(const azure::ResourceId& id, const json& remote, const cty::Value& prior) {
  cty::Value v = Flatten(PoolFields(), prior.type(), remote, prior);
  v = v.WithAttr("id", cty::Value::String(id.String()));
  v = v.WithAttr("name", cty::Value::String(common::JStr(remote, "name").value_or(id.name())));
  // Azure knows only the name; the prefix it came from is the configuration's
  // (the data source has no prefix).
  if (v.type().HasAttribute("name_prefix")) {
    v = v.WithAttr("name_prefix", prior.is_null() ? cty::Value::Null(cty::Type::String())
                                                  : prior.GetAttr("name_prefix"));
  }
  std::string account = common::PreferPriorSpelling(
      prior.is_null() ? std::nullopt : GetString(prior, "account_id"),
      id.Parent().ok() ? id.Parent()->String() : "");
  v = v.WithAttr("account_id", cty::Value::String(account));
  // Azure fills "latest" for a Marketplace image without a version.
  const cty::Value& ref = v.GetAttr("image_reference");
  if (Present(ref) && GetString(ref, "version").value_or("") == "latest") {
    const cty::Value prior_ref = prior.is_null() ? cty::Value() : prior.GetAttr("image_reference");
    if (!Present(prior_ref) || !Present(prior_ref.GetAttr("version"))) {
      v = v.WithAttr("image_reference",
                     ref.WithAttr("version", cty::Value::Null(cty::Type::String())));
    }
  }
  return v;
}

fw::Schema PoolResource::GetSchema() const { return PoolSchema(); }

fw::TimeoutDefaults PoolResource::DefaultTimeouts() const {
  // 15 minutes per 1000 nodes plus start-up: large pools take an hour or more.
  fw::TimeoutDefaults t;
  t.create = absl::Hours(2);
  t.update = absl::Hours(2);
  t.read = absl::Minutes(5);
  t.del = absl::Hours(1);
  return t;
}

void PoolResource::ValidateConfig(const fw::Context&, const fw::ValidateConfigRequest& req,
                                  fw::ValidateConfigResponse* resp) {
  const cty::Value& c = req.config;
  fw::Diagnostics& d = resp->diagnostics;
  const cty::Path root = cty::Path::Root();
  RequireExactlyOne(c, root, {"name", "name_prefix"}, "pool name", &d);
  const cty::Value& fixed = c.GetAttr("fixed_scale");
  const cty::Value& autos = c.GetAttr("auto_scale");
  if (fixed.is_known() && autos.is_known() && fixed.is_null() == autos.is_null()) {
    // Both set: point at the formula, a line the CLI can show.
    d.AddAttributeError(fixed.is_null() ? root.Attr("fixed_scale")
                                        : root.Attr("auto_scale").Attr("formula"),
                        "Invalid scale settings",
                        "exactly one of the fixed_scale and auto_scale blocks must be present");
  }
  const cty::Value& ref = c.GetAttr("image_reference");
  if (ref.is_known() && ref.is_null()) {
    d.AddAttributeError(root.Attr("image_reference"), "Missing image_reference",
                        "an image_reference block is required, holding either id (the ARM id of "
                        "a gallery image version) or publisher, offer and sku (a Marketplace "
                        "image)");
  } else if (Present(ref) && ref.GetAttr("id").is_known() && ref.GetAttr("id").is_null() &&
             ref.GetAttr("shared_gallery_image_id").is_null() &&
             ref.GetAttr("community_gallery_image_id").is_null()) {
    for (const char* part : {"publisher", "offer", "sku"}) {
      const cty::Value& v = ref.GetAttr(part);
      if (v.is_known() && v.is_null()) {
        d.AddAttributeError(root.Attr("image_reference").Attr(part), "Incomplete image reference",
                            absl::StrCat("a Marketplace image needs publisher, offer and sku; ",
                                         part, " is missing (or set id to a gallery image version)"));
      }
    }
  }
  const cty::Value& start = c.GetAttr("start_task");
  if (Present(start)) {
    const cty::Value& files = start.GetAttr("resource_file");
    if (Present(files)) {
      for (size_t i = 0; i < files.Elements().size(); ++i) {
        const cty::Value& f = files.Elements()[i];
        cty::Path p = root.Attr("start_task").Attr("resource_file").Index(i);
        RequireExactlyOne(f, p, {"auto_storage_container_name", "storage_container_url", "http_url"},
                          "resource file source", &d);
        if (Present(f.GetAttr("http_url")) && f.GetAttr("file_path").is_known() &&
            f.GetAttr("file_path").is_null()) {
          d.AddAttributeError(p.Attr("file_path"), "Missing file_path",
                              "a resource file with http_url needs file_path");
        }
      }
    }
    const cty::Value& who = start.GetAttr("user_identity");
    if (Present(who)) {
      RequireExactlyOne(who, root.Attr("start_task").Attr("user_identity"),
                        {"user_name", "auto_user"}, "user identity", &d);
    }
  }
  const cty::Value& mounts = c.GetAttr("mount");
  if (Present(mounts)) {
    for (size_t i = 0; i < mounts.Elements().size(); ++i) {
      RequireExactlyOne(mounts.Elements()[i], root.Attr("mount").Index(i),
                        {"azure_blob", "nfs", "cifs", "azure_file_share"}, "mount", &d);
    }
  }
  const cty::Value& disks = c.GetAttr("data_disk");
  if (Present(disks)) {
    std::set<int64_t> luns;
    for (size_t i = 0; i < disks.Elements().size(); ++i) {
      std::optional<int64_t> lun = GetInt(disks.Elements()[i], "lun");
      if (lun && !luns.insert(*lun).second) {
        d.AddAttributeError(root.Attr("data_disk").Index(i).Attr("lun"), "Duplicate LUN",
                            absl::StrCat("lun ", *lun, " is used by more than one data_disk"));
      }
    }
  }
  const cty::Value& identity = c.GetAttr("identity");
  if (Present(identity) && GetString(identity, "type").value_or("") == "UserAssigned" &&
      identity.GetAttr("identity_ids").is_known() && identity.GetAttr("identity_ids").is_null()) {
    d.AddAttributeError(root.Attr("identity").Attr("identity_ids"), "Missing identity_ids",
                        "type = \"UserAssigned\" needs at least one identity id");
  }
}

bool PoolResource::PreflightEnabled(const fw::Context& ctx) const {
  std::shared_ptr<ProviderSettings> settings = SettingsFromContext(ctx);
  if (settings == nullptr) return preflight_without_settings_;
  return settings->preflight && settings->azure != nullptr;
}

void PoolResource::ModifyPlan(const fw::Context& ctx, const fw::ModifyPlanRequest& req,
                              fw::ModifyPlanResponse* resp) {
  if (req.planned_state.is_null()) return;
  const cty::Value& plan = resp->planned_state;
  const bool creating = req.prior_state.is_null();
  if (!creating) {
    std::vector<std::string> zero = ZeroNodeChanges(req.prior_state, plan);
    int64_t nodes = GetInt(req.prior_state, "current_dedicated_nodes").value_or(0) +
                    GetInt(req.prior_state, "current_low_priority_nodes").value_or(0);
    if (!zero.empty() && nodes > 0) {
      if (GetBool(plan, "prevent_replacement").value_or(false)) {
        // Scaling to zero is written differently for the two scale blocks.
        const cty::Value& fixed = plan.GetAttr("fixed_scale");
        const std::string to_zero =
            fixed.is_known() && !fixed.is_null()
                ? "set target_dedicated_nodes = 0 and target_low_priority_nodes = 0 in the "
                  "fixed_scale block"
                : "replace the auto_scale block by fixed_scale { target_dedicated_nodes = 0 }";
        resp->diagnostics.AddAttributeError(
            cty::Path::Root().Attr(zero.front()), "Change needs a pool without nodes",
            absl::StrCat("Azure accepts changes to ", absl::StrJoin(zero, ", "),
                         " only while the pool has no nodes, and it has ", nodes,
                         ". prevent_replacement = true forbids replacing it. Either scale to zero "
                         "first (", to_zero, "), apply, then make this change; or set "
                         "prevent_replacement = false to replace the pool."));
      } else {
        for (const std::string& name : zero) {
          resp->requires_replace.push_back(cty::Path::Root().Attr(name));
        }
      }
    }
  }
  bool relevant = creating;
  for (const char* a : {"fixed_scale", "auto_scale", "image_reference", "node_agent_sku_id",
                        "account_id", "vm_size"}) {
    relevant = relevant || Changed(req.prior_state, plan, a);
  }
  if (!relevant) return;
  CheckResizeTimeout(plan, &resp->diagnostics);
  if (!PreflightEnabled(ctx)) return;
  absl::StatusOr<common::ArmAccess> arm = Access(ctx);
  if (!arm.ok()) return;  // create reports the configuration problem
  CheckImageAndAccount(*arm, plan, &resp->diagnostics);
  CheckSizeAndQuota(*arm, plan, &resp->diagnostics);
}

absl::StatusOr<azure::ResourceId> PoolResource::IdFromPlan(const std::string&,
                                                           const cty::Value& plan) const {
  absl::StatusOr<azure::ResourceId> account = common::ParseId(
      GetString(plan, "account_id").value_or(""), azure::ResourceType::kBatchAccount);
  if (!account.ok()) return account.status();
  return account->Child(azure::ResourceType::kBatchPool, GetString(plan, "name").value_or(""));
}

absl::StatusOr<json> PoolResource::CreateBody(const cty::Value& plan) const {
  return Expand(PoolFields(), plan);
}

absl::StatusOr<json> PoolResource::UpdateBody(const cty::Value& prior, const cty::Value& plan) const {
  return PoolUpdateBody(prior, plan);
}

cty::Value PoolResource::Flatten(const azure::ResourceId& id, const json& remote,
                                 const cty::Value& prior) const {
  return FlattenPool(id, remote, prior);
}

bool PoolResource::BeforeWrite(const fw::Context& ctx, common::ArmAccess& arm,
                               const azure::ResourceId& id, const cty::Value& prior,
                               const cty::Value& plan, const json& body, fw::Diagnostics* diags) {
  const bool creating = prior.is_null();
  // Ids unknown at plan time (a first apply of the whole chain) are known now:
  // the preflight's errors stop the write before anything is sent.
  if ((creating || JsonAt(body, "properties.scaleSettings") != nullptr) &&
      PreflightEnabled(ctx) && !PreflightPassesAtApply(arm, plan, diags)) {
    return false;
  }
  if (creating) return true;
  // Batch refuses most changes while a resize runs: wait for it, or stop it.
  absl::StatusOr<azure::ArmResponse> current = arm.client->Get(id.String(), id.api_version(), arm.ctx);
  if (!current.ok()) {
    diags->AddStatus(common::Wrap(current.status(), "reading", id), "Update failed");
    return false;
  }
  std::string state =
      common::JStr(common::JObj(current->body, "properties"), "allocationState").value_or("Steady");
  if (state != "Steady") {
    absl::StatusOr<json> steady = GetBool(plan, "stop_pending_resize").value_or(false)
                                      ? StopResize(arm, id)
                                      : WaitForSteady(arm, id);
    if (!steady.ok()) {
      diags->AddStatus(steady.status(), "Update failed");
      return false;
    }
  }
  log::Info("pool", "updating", {{"id", id.String()}, {"patch_keys", absl::StrCat(body.size())}});
  return true;
}

absl::StatusOr<std::optional<json>> PoolResource::WaitAfterWrite(common::ArmAccess& arm,
                                                                 const azure::ResourceId& id,
                                                                 const cty::Value& plan) {
  if (!GetBool(plan, "wait_for_steady_state").value_or(true)) return std::nullopt;
  absl::StatusOr<json> steady = WaitForSteady(arm, id);
  if (!steady.ok()) return steady.status();
  return std::optional<json>(*std::move(steady));
}

void PoolResource::CheckWritten(const json& remote, const cty::Value& prior, const cty::Value& plan,
                                fw::Diagnostics* diags) const {
  const bool creating = prior.is_null();
  // An update reports the resize it started, not an earlier one's errors.
  if (!creating && JsonAt(PoolUpdateBody(prior, plan), "properties.scaleSettings") == nullptr) {
    return;
  }
  if (std::optional<std::string> failure = ResizeFailure(remote, creating)) {
    diags->AddAttributeError(cty::Path::Root().Attr("fixed_scale"), "Pool resize failed",
                             *failure);
  }
}

}  // namespace azbatch::resources::pool
