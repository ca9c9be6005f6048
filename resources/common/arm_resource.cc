#include "resources/common/arm_resource.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "resources/common/arm_ops.h"
#include "resources/common/name_prefix.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {

namespace fw = azbatch::framework;

namespace {
// Re-reads of a resource ARM does not show yet right after its write.
constexpr int kReadBackNotFoundRetries = 3;
// Further names drawn from a name_prefix when one is taken.
constexpr int kNameDraws = 3;
}  // namespace

template <typename Response>
void ArmResource::ReadBack(const fw::Context& ctx, ArmAccess& arm, const cty::Value& state,
                           Response* resp) {
  for (int attempt = 0;; ++attempt) {
    fw::ReadResponse read;
    read.new_state = state;
    read.private_state = resp->private_state;
    Read(ctx, fw::ReadRequest{state, resp->private_state}, &read);
    resp->diagnostics.Append(read.diagnostics);
    if (read.diagnostics.HasError()) return;
    if (!read.new_state.is_null()) {
      resp->new_state = std::move(read.new_state);
      resp->private_state = std::move(read.private_state);
      resp->state_is_read = true;
      return;
    }
    if (attempt >= kReadBackNotFoundRetries) {
      resp->diagnostics.AddError(
          "Resource disappeared after apply",
          absl::StrCat(TypeName(), " was not found when read back right after it was written. "
                                   "The remote API may be eventually consistent; try again."));
      return;
    }
    log::Debug("resources", "resource not visible yet after the write; re-reading",
               {{"id", GetString(state, "id").value_or("")}});
    if (absl::Status s = arm.ctx.Sleep(absl::Seconds(2)); !s.ok()) {
      resp->diagnostics.AddStatus(s, "Read after apply failed");
      return;
    }
  }
}

template <typename Response>
bool ArmResource::EndWithWait(ArmAccess& arm, const azure::ResourceId& id, const cty::Value& prior,
                              const cty::Value& state, Response* resp) {
  absl::StatusOr<std::optional<nlohmann::json>> waited = WaitAfterWrite(arm, id, state);
  if (!waited.ok()) {
    resp->diagnostics.AddStatus(waited.status(), "Waiting after the write failed");
    return true;
  }
  if (!waited->has_value()) return false;
  resp->new_state = StateFromRemote(id, **waited, state);
  resp->state_is_read = true;
  CheckWritten(**waited, prior, state, &resp->diagnostics);
  return true;
}

bool ArmResource::DrawsName(const cty::Value& plan) {
  return plan.type().HasAttribute("name_prefix") && !plan.GetAttr("name").is_known() &&
         GetString(plan, "name_prefix").has_value();
}

const std::vector<Field>& ArmResource::Fields() const {
  static const std::vector<Field>* const kNone = new std::vector<Field>();
  return *kNone;
}

absl::StatusOr<nlohmann::json> ArmResource::CreateBody(const cty::Value& plan) const {
  return Expand(Fields(), plan);
}

absl::StatusOr<nlohmann::json> ArmResource::UpdateBody(const cty::Value& prior,
                                                       const cty::Value& plan) const {
  return PatchBody(Fields(), prior, plan);
}

cty::Value ArmResource::Flatten(const azure::ResourceId& id, const nlohmann::json& remote,
                                const cty::Value& prior) const {
  const cty::Type& type = prior.type();
  cty::Value v = common::Flatten(Fields(), type, remote, prior);
  auto prior_string = [&](const char* attr) {
    return prior.is_null() ? std::nullopt : GetString(prior, attr);
  };
  v = v.WithAttr("id", cty::Value::String(id.String()));
  const bool is_group = id.type() == azure::ResourceType::kResourceGroup;
  v = v.WithAttr("name", cty::Value::String(JStr(remote, "name").value_or(
                             is_group ? id.resource_group() : id.name())));
  if (!is_group && type.HasAttribute("resource_group_name")) {
    v = v.WithAttr("resource_group_name",
                   cty::Value::String(PreferPriorSpelling(prior_string("resource_group_name"),
                                                          id.resource_group())));
  }
  if (const std::string parent = ParentAttribute(); !parent.empty()) {
    absl::StatusOr<azure::ResourceId> p = id.Parent();
    v = v.WithAttr(parent, cty::Value::String(PreferPriorSpelling(
                               prior_string(parent.c_str()), p.ok() ? p->String() : "")));
  }
  return v;
}

void ArmResource::Create(const fw::Context& ctx, const fw::CreateRequest& req,
                         fw::CreateResponse* resp) {
  absl::StatusOr<ArmAccess> arm = Access(ctx);
  if (!arm.ok()) {
    resp->diagnostics.AddStatus(arm.status(), "Azure is not configured");
    return;
  }
  // A name drawn from name_prefix that happens to be taken is drawn again; a
  // configured name that is taken fails with the import hint.
  const bool drawn = DrawsName(req.planned_state);
  cty::Value plan = req.planned_state;
  absl::StatusOr<azure::ResourceId> id;
  for (int attempt = 0;; ++attempt) {
    if (drawn) {
      plan = plan.WithAttr("name", cty::Value::String(
                                       NameFromPrefix(*GetString(plan, "name_prefix"))));
    }
    id = IdFromPlan(arm->subscription(), plan);
    if (!id.ok()) {
      resp->diagnostics.AddStatus(id.status(), "Invalid resource id");
      return;
    }
    absl::Status s = EnsureAbsent(*arm, *id, TypeName());
    if (absl::IsAlreadyExists(s) && drawn && attempt < kNameDraws) continue;
    if (!s.ok()) {
      resp->diagnostics.AddStatus(s, absl::IsAlreadyExists(s) ? "Resource already exists"
                                                              : "Checking for an existing resource");
      return;
    }
    break;
  }
  absl::StatusOr<nlohmann::json> body = CreateBody(plan);
  if (!body.ok()) {
    resp->diagnostics.AddStatus(body.status(), "Invalid configuration");
    return;
  }
  const cty::Value no_prior = cty::Value::Null(plan.type());
  if (!BeforeWrite(ctx, *arm, *id, no_prior, plan, *body, &resp->diagnostics)) {
    resp->new_state = no_prior;
    return;
  }
  // From here on the object may exist in Azure: keep the id in the state.
  const cty::Value accepted = NullUnknowns(plan.WithAttr("id", cty::Value::String(id->String())));
  bool was_accepted = false;
  auto on_accepted = [&] {
    was_accepted = true;
    resp->new_state = accepted;
    log::Info("resources", "create accepted", {{"id", id->String()}});
  };
  if (SkipCreateWait(plan)) {
    absl::StatusOr<azure::ArmResponse> initial = arm->client->Send(
        "PUT", id->String(), id->api_version(), *body, arm->ctx, CreateHeaders());
    if (!initial.ok()) {
      resp->diagnostics.AddStatus(Wrap(initial.status(), "creating", *id), "Create failed");
      resp->new_state = no_prior;
      return;
    }
    on_accepted();
  } else {
    azure::LroOptions options = CreateWaitOptions(*arm, *id, plan);
    options.final_get = false;  // ReadBack below is the one GET
    absl::StatusOr<nlohmann::json> done =
        PutAndWait(*arm, *id, *body, "creating", on_accepted, options, CreateHeaders());
    if (!done.ok()) {
      resp->diagnostics.AddStatus(done.status(), "Create failed");
      if (!was_accepted) resp->new_state = no_prior;
      return;
    }
  }
  absl::Status after = AfterWrite(*arm, *id, no_prior, plan);
  if (!after.ok()) {
    resp->diagnostics.AddStatus(after, "Create failed");
    return;
  }
  if (EndWithWait(*arm, *id, no_prior, accepted, resp)) return;
  ReadBack(ctx, *arm, accepted, resp);
}

void ArmResource::Read(const fw::Context& ctx, const fw::ReadRequest& req, fw::ReadResponse* resp) {
  std::optional<std::string> raw_id = GetString(req.current_state, "id");
  if (!raw_id) {
    resp->diagnostics.AddError("State has no id", "The resource state carries no ARM id.");
    return;
  }
  absl::StatusOr<azure::ResourceId> id = ParseId(*raw_id, IdType());
  if (!id.ok()) {
    resp->diagnostics.AddStatus(id.status(), "Invalid id in state");
    return;
  }
  absl::StatusOr<ArmAccess> arm = Access(ctx);
  if (!arm.ok()) {
    resp->diagnostics.AddStatus(arm.status(), "Azure is not configured");
    return;
  }
  absl::StatusOr<std::optional<nlohmann::json>> remote = GetOrGone(*arm, *id, ReadQuery());
  if (!remote.ok()) {
    resp->diagnostics.AddStatus(remote.status(), "Read failed");
    return;
  }
  if (!remote->has_value()) {
    log::Info("resources", "resource gone; removing it from state", {{"id", id->String()}});
    resp->new_state = cty::Value::Null(req.current_state.type());
    return;
  }
  resp->new_state = StateFromRemote(*id, **remote, req.current_state);
}

cty::Value ArmResource::StateFromRemote(const azure::ResourceId& id, const nlohmann::json& remote,
                                        const cty::Value& prior) const {
  // Azure's own spelling of the id wins (an import may have used other casing).
  azure::ResourceId canonical = id;
  if (std::optional<std::string> remote_id = JStr(remote, "id")) {
    absl::StatusOr<azure::ResourceId> parsed = ParseId(*remote_id, IdType());
    if (parsed.ok()) canonical = *parsed;
  }
  return Flatten(canonical, remote, prior);
}

std::optional<std::pair<ArmAccess, azure::ResourceId>> ArmResource::StateTarget(
    const fw::Context& ctx, const cty::Value& state, fw::Diagnostics* diags) const {
  absl::StatusOr<ArmAccess> arm = Access(ctx);
  if (!arm.ok()) {
    diags->AddStatus(arm.status(), "Azure is not configured");
    return std::nullopt;
  }
  absl::StatusOr<azure::ResourceId> id = ParseId(GetString(state, "id").value_or(""), IdType());
  if (!id.ok()) {
    diags->AddStatus(id.status(), "Invalid id in state");
    return std::nullopt;
  }
  return std::make_pair(*std::move(arm), *std::move(id));
}

void ArmResource::Update(const fw::Context& ctx, const fw::UpdateRequest& req,
                         fw::UpdateResponse* resp) {
  std::optional<std::pair<ArmAccess, azure::ResourceId>> target =
      StateTarget(ctx, req.prior_state, &resp->diagnostics);
  if (!target) return;
  auto& [arm, id] = *target;
  absl::StatusOr<nlohmann::json> patch = UpdateBody(req.prior_state, req.planned_state);
  if (!patch.ok()) {
    resp->diagnostics.AddStatus(patch.status(), "Invalid configuration");
    return;
  }
  if (!patch->empty()) {
    if (!BeforeWrite(ctx, arm, id, req.prior_state, req.planned_state, *patch,
                     &resp->diagnostics)) {
      resp->new_state = req.prior_state;
      return;
    }
    azure::LroOptions options;
    options.final_get = false;  // ReadBack below is the one GET
    absl::StatusOr<nlohmann::json> done = PatchAndWait(arm, id, *patch, options);
    if (!done.ok()) {
      resp->diagnostics.AddStatus(done.status(), "Update failed");
      return;
    }
  }
  if (absl::Status s = AfterWrite(arm, id, req.prior_state, req.planned_state); !s.ok()) {
    resp->diagnostics.AddStatus(s, "Update failed");
    return;
  }
  resp->new_state = NullUnknowns(req.planned_state);
  if (EndWithWait(arm, id, req.prior_state, resp->new_state, resp)) return;
  ReadBack(ctx, arm, resp->new_state, resp);
}

void ArmResource::Delete(const fw::Context& ctx, const fw::DeleteRequest& req,
                         fw::DeleteResponse* resp) {
  std::optional<std::pair<ArmAccess, azure::ResourceId>> target =
      StateTarget(ctx, req.prior_state, &resp->diagnostics);
  if (!target) return;
  auto& [arm, id] = *target;
  if (absl::Status s = BeforeDelete(arm, id, req.prior_state); !s.ok()) {
    resp->diagnostics.AddStatus(s, "Delete failed");
    return;
  }
  if (absl::Status s = DeleteUntilGone(arm, id); !s.ok()) {
    resp->diagnostics.AddStatus(s, "Delete failed");
  }
}

void ArmResource::ImportState(const fw::Context& ctx, const fw::ImportStateRequest& req,
                              fw::ImportStateResponse* resp) {
  absl::StatusOr<azure::ResourceId> id = ParseId(req.id, IdType());
  if (!id.ok()) {
    resp->diagnostics.AddStatus(id.status(), "Invalid import id");
    return;
  }
  resp->state = resp->state.WithAttr("id", cty::Value::String(id->String()));
}

}  // namespace azbatch::resources::common
