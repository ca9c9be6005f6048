#include "resources/pool/pool_resource.h"

#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "resources/common/arm_ops.h"
#include "resources/common/values.h"
#include "resources/pool/field_map.h"
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

bool Present(const cty::Value& v) { return v.is_known() && !v.is_null(); }

bool ComputedOnly(const Field& f) {
  return !f.is_block() && f.attribute->computed && !f.attribute->optional && !f.attribute->required;
}

bool Changed(const cty::Value& prior, const cty::Value& plan, const std::string& name) {
  return !prior.GetAttr(name).RawEquals(plan.GetAttr(name));
}

// The planned state with Azure's computed values filled in. Configured values
// stay as planned, so the new state always matches the plan.
cty::Value MergeComputed(const cty::Value& planned, const cty::Value& remote_state) {
  cty::Value out = common::NullUnknowns(planned).WithAttr("id", remote_state.GetAttr("id"));
  for (const Field& f : PoolFields()) {
    if (ComputedOnly(f)) out = out.WithAttr(f.name, remote_state.GetAttr(f.name));
  }
  return out;
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
  std::set<std::string> groups;
  for (const Field& f : PoolFields()) {
    if (FateOf(f) != Fate::kLocal && !ComputedOnly(f) && Changed(prior, plan, f.name)) {
      groups.insert(GroupOf(f));
    }
  }
  json patch = json::object();
  for (const std::string& g : groups) {
    std::vector<Field> members;
    for (const Field& f : PoolFields()) {
      if (GroupOf(f) == g && !ComputedOnly(f)) members.push_back(f);
    }
    json full = Expand(members, plan);
    const std::string path = GroupPath(g);
    const json* value = JsonAt(full, path);
    SetJsonAt(patch, path, value != nullptr ? *value : EmptyGroup(g));
  }
  return patch;
}

cty::Value FlattenPool(const azure::ResourceId& id, const json& remote, const cty::Value& prior) {
  cty::Value v = Flatten(PoolFields(), prior.type(), remote, prior);
  v = v.WithAttr("id", cty::Value::String(id.String()));
  v = v.WithAttr("name", cty::Value::String(common::JStr(remote, "name").value_or(id.name())));
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

void PoolResource::Create(const fw::Context& ctx, const fw::CreateRequest& req,
                          fw::CreateResponse* resp) {
  const cty::Value& planned = req.planned_state;
  absl::StatusOr<common::ArmAccess> arm = Access(ctx);
  if (!arm.ok()) {
    resp->diagnostics.AddStatus(arm.status(), "Azure is not configured");
    return;
  }
  absl::StatusOr<azure::ResourceId> id = IdFromPlan(arm->subscription(), planned);
  if (!id.ok()) {
    resp->diagnostics.AddStatus(id.status(), "Invalid resource id");
    return;
  }
  if (absl::Status s = common::EnsureAbsent(*arm, *id, TypeName()); !s.ok()) {
    resp->diagnostics.AddStatus(s, absl::IsAlreadyExists(s) ? "Resource already exists"
                                                            : "Checking for an existing resource");
    return;
  }
  // Ids unknown at plan time (a first apply of the whole chain) are known now:
  // the preflight's errors stop the create before anything is sent.
  if (PreflightEnabled(ctx) && !PreflightPassesAtApply(*arm, planned, &resp->diagnostics)) {
    resp->new_state = cty::Value::Null(planned.type());
    return;
  }
  absl::StatusOr<json> created = CreatePool(*arm, *id, Expand(PoolFields(), planned));
  if (!created.ok()) {
    resp->diagnostics.AddStatus(created.status(), "Create failed");
    resp->new_state = cty::Value::Null(planned.type());
    return;
  }
  log::Info("pool", "created", {{"id", id->String()}});
  resp->new_state = MergeComputed(planned, FlattenPool(*id, *created, planned));
  if (!GetBool(planned, "wait_for_steady_state").value_or(true)) return;
  absl::StatusOr<json> steady = WaitForSteady(*arm, *id);
  if (!steady.ok()) {
    resp->diagnostics.AddStatus(steady.status(), "Pool did not reach a steady state");
    return;
  }
  // The last GET of the wait is the read of the created pool.
  resp->new_state =
      StateFromRemote(*id, *steady, MergeComputed(planned, FlattenPool(*id, *steady, planned)));
  resp->state_is_read = true;
  if (std::optional<std::string> failure = ResizeFailure(*steady, /*on_create=*/true)) {
    resp->diagnostics.AddAttributeError(cty::Path::Root().Attr("fixed_scale"), "Pool resize failed",
                                        *failure);
  }
}

void PoolResource::Update(const fw::Context& ctx, const fw::UpdateRequest& req,
                          fw::UpdateResponse* resp) {
  const cty::Value& planned = req.planned_state;
  absl::StatusOr<common::ArmAccess> arm = Access(ctx);
  if (!arm.ok()) {
    resp->diagnostics.AddStatus(arm.status(), "Azure is not configured");
    return;
  }
  absl::StatusOr<azure::ResourceId> id =
      common::ParseId(GetString(req.prior_state, "id").value_or(""), IdType());
  if (!id.ok()) {
    resp->diagnostics.AddStatus(id.status(), "Invalid id in state");
    return;
  }
  json patch = PoolUpdateBody(req.prior_state, planned);
  json body;
  if (JsonAt(patch, "properties.scaleSettings") != nullptr && PreflightEnabled(ctx) &&
      !PreflightPassesAtApply(*arm, planned, &resp->diagnostics)) {
    resp->new_state = req.prior_state;
    return;
  }
  if (!patch.empty()) {
    absl::StatusOr<azure::ArmResponse> current = arm->client->Get(id->String(), id->api_version(), arm->ctx);
    if (!current.ok()) {
      resp->diagnostics.AddStatus(common::Wrap(current.status(), "reading", *id), "Update failed");
      return;
    }
    std::string state =
        common::JStr(common::JObj(current->body, "properties"), "allocationState").value_or("Steady");
    if (state != "Steady") {
      absl::StatusOr<json> steady = GetBool(planned, "stop_pending_resize").value_or(false)
                                        ? StopResize(*arm, *id)
                                        : WaitForSteady(*arm, *id);
      if (!steady.ok()) {
        resp->diagnostics.AddStatus(steady.status(), "Update failed");
        return;
      }
    }
    log::Info("pool", "updating", {{"id", id->String()}, {"patch_keys", absl::StrCat(patch.size())}});
    azure::LroOptions options;
    options.final_get = false;  // the wait below, or the framework, reads the pool
    absl::StatusOr<json> done = common::PatchAndWait(*arm, *id, patch, options);
    if (!done.ok()) {
      resp->diagnostics.AddStatus(done.status(), "Update failed");
      return;
    }
    body = *std::move(done);
  }
  bool read = false;  // `body` comes from a GET of the pool
  if (GetBool(planned, "wait_for_steady_state").value_or(true)) {
    absl::StatusOr<json> steady = WaitForSteady(*arm, *id);
    if (!steady.ok()) {
      resp->diagnostics.AddStatus(steady.status(), "Pool did not reach a steady state");
      resp->new_state = common::NullUnknowns(planned);
      return;
    }
    body = *std::move(steady);
    read = true;
  } else if (body.is_null()) {
    absl::StatusOr<std::optional<json>> current = common::GetOrGone(*arm, *id);
    if (!current.ok()) {
      resp->diagnostics.AddStatus(current.status(), "Update failed");
      return;
    }
    read = current->has_value();
    body = current->value_or(json::object());
  }
  resp->new_state = MergeComputed(planned, FlattenPool(*id, body, planned));
  if (read) {
    resp->new_state = StateFromRemote(*id, body, resp->new_state);
    resp->state_is_read = true;
  }
  const bool rescaled = JsonAt(patch, "properties.scaleSettings") != nullptr;
  if (rescaled) {
    if (std::optional<std::string> failure = ResizeFailure(body)) {
      resp->diagnostics.AddAttributeError(cty::Path::Root().Attr("fixed_scale"),
                                          "Pool resize failed", *failure);
    }
  }
}

}  // namespace azbatch::resources::pool
