// Server::PlanResourceChange and Server::ApplyResourceChange: the plan
// pipeline in terraform-plugin-framework's order, and create/update/delete
// followed by Read.
#include <utility>

#include "absl/strings/str_cat.h"
#include "provider/framework/plan.h"
#include "provider/framework/secrets.h"
#include "provider/framework/server.h"
#include "provider/framework/server_entries.h"
#include "provider/framework/timeouts.h"

namespace azbatch::framework {
namespace {

absl::Duration TimeoutOr(const cty::Value& object, Operation op, absl::Duration fallback) {
  absl::StatusOr<absl::Duration> d = TimeoutFromValue(object, op, fallback);
  return d.ok() ? *d : fallback;
}

bool WhollyKnownOrReport(const cty::Value& state, const std::string& type_name,
                         const std::string& operation, Diagnostics* diags) {
  if (state.IsWhollyKnown()) return true;
  std::vector<cty::Path> paths = internal::UnknownPaths(state);
  if (paths.empty()) paths.push_back(cty::Path::Root());
  for (const cty::Path& p : paths) {
    diags->AddAttributeError(
        p, "Provider returned an unknown value after apply",
        absl::StrCat(type_name, " ", operation, " left ",
                     p.empty() ? std::string("the object") : p.ToString(),
                     " unknown; every value must be known after ", operation,
                     ". This is a bug in the provider."));
  }
  return false;
}

}  // namespace

PlanResourceChangeResponse Server::PlanResourceChange(const PlanResourceChangeRequest& req) {
  PlanResourceChangeResponse resp;
  resp.planned_private = req.prior_private;
  const ResourceEntry* e = FindResource(req.type_name, &resp.diagnostics);
  if (e == nullptr) return resp;
  const Block& block = e->schema.block;
  for (const cty::Value* v : {&req.prior_state, &req.proposed_new_state, &req.config}) {
    RegisterSensitiveValues(block, *v);
  }

  // (0) Destroy: the plan is null.
  if (req.proposed_new_state.is_null()) {
    resp.planned_state = cty::Value::Null(e->type);
    return resp;
  }
  absl::StatusOr<PrivateState> priv = PrivateState::FromBytes(req.prior_private);
  if (!priv.ok()) {
    resp.diagnostics.AddStatus(priv.status(), "Invalid private state");
    resp.planned_state = req.proposed_new_state;
    return resp;
  }
  const cty::Value config = req.config.is_null() ? req.proposed_new_state : req.config;
  const cty::Value prior = req.prior_state.is_null() ? cty::Value::Null(e->type) : req.prior_state;

  // (1) Defaults where the config is null.
  cty::Value plan = internal::ApplyDefaults(block, config, req.proposed_new_state);
  // (2) Computed attributes null in config become unknown when anything changes.
  if (!plan.RawEquals(prior)) plan = internal::MarkComputedNullsUnknown(block, config, plan);
  // (3) Attribute plan modifiers.
  const Operation plan_op = prior.is_null() ? Operation::kCreate : Operation::kUpdate;
  const Context modifier_ctx =
      NewContext().WithTimeout(TimeoutOr(config, plan_op, e->timeouts.For(plan_op)));
  internal::ModifiersResult mods = internal::RunPlanModifiers(block, config, prior, plan, *priv,
                                                              &resp.diagnostics, &modifier_ctx);
  plan = std::move(mods.plan);
  std::vector<cty::Path> replace = std::move(mods.requires_replace);
  PrivateState planned_private = *priv;
  if (resp.diagnostics.HasError()) {
    resp.planned_state = internal::NormaliseState(block, plan);
    return resp;
  }
  // (4) Resource-level ModifyPlan.
  std::unique_ptr<Resource> r = e->factory();
  if (auto* m = dynamic_cast<ResourceWithModifyPlan*>(r.get())) {
    ModifyPlanResponse mresp;
    mresp.planned_state = plan;
    mresp.requires_replace = replace;
    mresp.planned_private = planned_private;
    Operation op = prior.is_null() ? Operation::kCreate : Operation::kUpdate;
    Context ctx = NewContext().WithTimeout(TimeoutOr(config, op, e->timeouts.For(op)));
    m->ModifyPlan(ctx, ModifyPlanRequest{config, prior, plan, *priv}, &mresp);
    resp.diagnostics.Append(mresp.diagnostics);
    plan = std::move(mresp.planned_state);
    replace = std::move(mresp.requires_replace);
    planned_private = std::move(mresp.planned_private);
  }
  if (plan.type() != e->type) {
    resp.diagnostics.AddError("Planned value does not match the schema",
                              absl::StrCat("ModifyPlan of ", req.type_name, " returned a ",
                                           plan.type().FriendlyName(),
                                           ". This is a bug in the provider."));
    resp.planned_state = req.proposed_new_state;
    return resp;
  }
  plan = internal::NormaliseState(block, plan);
  internal::CheckPlanFollowsConfig(block, config, prior, plan, &resp.diagnostics);
  // (5) Requires-replace paths, sorted and unique.
  resp.requires_replace = internal::SortPaths(std::move(replace));
  resp.planned_state = std::move(plan);
  resp.planned_private = planned_private.ToBytes();
  return resp;
}

ApplyResourceChangeResponse Server::ApplyResourceChange(const ApplyResourceChangeRequest& req) {
  ApplyResourceChangeResponse resp;
  resp.private_state = req.planned_private;
  const ResourceEntry* e = FindResource(req.type_name, &resp.diagnostics);
  if (e == nullptr) return resp;
  const Block& block = e->schema.block;
  for (const cty::Value* v : {&req.prior_state, &req.planned_state, &req.config}) {
    RegisterSensitiveValues(block, *v);
  }
  absl::StatusOr<PrivateState> priv = PrivateState::FromBytes(req.planned_private);
  if (!priv.ok()) {
    resp.diagnostics.AddStatus(priv.status(), "Invalid private state");
    resp.new_state = req.prior_state;
    return resp;
  }
  std::unique_ptr<Resource> r = e->factory();

  // Delete.
  if (req.planned_state.is_null()) {
    resp.new_state = cty::Value::Null(e->type);
    if (req.prior_state.is_null()) return resp;
    Context ctx = NewContext().WithTimeout(
        TimeoutOr(req.prior_state, Operation::kDelete, e->timeouts.del));
    DeleteResponse dresp;
    r->Delete(ctx, DeleteRequest{req.prior_state, *priv}, &dresp);
    resp.diagnostics.Append(dresp.diagnostics);
    if (resp.diagnostics.HasError()) resp.new_state = req.prior_state;  // still exists
    return resp;
  }

  const bool create = req.prior_state.is_null();
  const cty::Value fallback = create ? cty::Value::Null(e->type) : req.prior_state;
  const char* op_name = create ? "create" : "update";
  cty::Value state;
  PrivateState new_private;
  bool state_is_read = false;
  if (create) {
    Context ctx = NewContext().WithTimeout(
        TimeoutOr(req.config, Operation::kCreate, e->timeouts.create));
    CreateResponse cresp;
    cresp.new_state = req.planned_state;
    cresp.private_state = *priv;
    r->Create(ctx, CreateRequest{req.config, req.planned_state, *priv}, &cresp);
    resp.diagnostics.Append(cresp.diagnostics);
    state = std::move(cresp.new_state);
    new_private = std::move(cresp.private_state);
    state_is_read = cresp.state_is_read;
  } else {
    Context ctx = NewContext().WithTimeout(
        TimeoutOr(req.config, Operation::kUpdate, e->timeouts.update));
    UpdateResponse uresp;
    uresp.new_state = req.planned_state;
    uresp.private_state = *priv;
    r->Update(ctx, UpdateRequest{req.config, req.planned_state, req.prior_state, *priv}, &uresp);
    resp.diagnostics.Append(uresp.diagnostics);
    state = std::move(uresp.new_state);
    new_private = std::move(uresp.private_state);
    state_is_read = uresp.state_is_read;
  }
  resp.private_state = new_private.ToBytes();

  if (resp.diagnostics.HasError()) {
    // Keep a partially created object only when the resource returned a
    // complete one (core then marks it tainted).
    bool usable = !state.is_null() && state.type() == e->type && state.IsWhollyKnown();
    resp.new_state = usable ? internal::NormaliseState(block, state) : fallback;
    return resp;
  }
  if (state.is_null() || state.type() != e->type) {
    resp.diagnostics.AddError(
        "Provider returned an invalid object",
        absl::StrCat(req.type_name, " ", op_name,
                     state.is_null() ? " returned a null object"
                                     : " returned a value that does not match the schema",
                     ". This is a bug in the provider."));
    resp.new_state = fallback;
    return resp;
  }
  state = internal::NormaliseState(block, state);
  if (!WhollyKnownOrReport(state, req.type_name, op_name, &resp.diagnostics)) {
    resp.new_state = fallback;
    return resp;
  }

  if (state_is_read) {
    // The resource read the remote object after its write: one read, not two.
    RegisterSensitiveValues(block, state);
    resp.new_state = std::move(state);
    return resp;
  }
  // Otherwise read after the create or update, so the state reflects the remote object.
  Context read_ctx =
      NewContext().WithTimeout(TimeoutOr(state, Operation::kRead, e->timeouts.read));
  ReadResponse rresp;
  rresp.new_state = state;
  rresp.private_state = new_private;
  r->Read(read_ctx, ReadRequest{state, new_private}, &rresp);
  resp.diagnostics.Append(rresp.diagnostics);
  if (resp.diagnostics.HasError()) {
    resp.new_state = state;
    return resp;
  }
  if (rresp.new_state.is_null()) {
    resp.diagnostics.AddError(
        "Resource disappeared after apply",
        absl::StrCat(req.type_name, " was not found when read back right after ", op_name,
                     ". The remote API may be eventually consistent; try again."));
    resp.new_state = state;
    return resp;
  }
  if (rresp.new_state.type() != e->type) {
    resp.diagnostics.AddError("Provider returned an invalid object",
                              absl::StrCat(req.type_name,
                                           " Read returned a value that does not match the schema. "
                                           "This is a bug in the provider."));
    resp.new_state = state;
    return resp;
  }
  cty::Value read_state = internal::NormaliseState(block, rresp.new_state);
  if (!WhollyKnownOrReport(read_state, req.type_name, "read", &resp.diagnostics)) {
    resp.new_state = state;
    return resp;
  }
  RegisterSensitiveValues(block, read_state);
  resp.new_state = std::move(read_state);
  resp.private_state = rresp.private_state.ToBytes();
  return resp;
}

}  // namespace azbatch::framework
