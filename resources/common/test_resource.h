// Unit-test support: drives a resource the way the framework server does
// (create/update followed by read unless the resource already read the
// object back), without core.
#ifndef AZBATCH_RESOURCES_COMMON_TEST_RESOURCE_H_
#define AZBATCH_RESOURCES_COMMON_TEST_RESOURCE_H_

#include <map>
#include <string>

#include "provider/framework/plan.h"
#include "provider/framework/resource.h"

namespace azbatch::resources::common::testing {

struct Applied {
  cty::Value state;
  framework::Diagnostics diags;
};

// Config attributes not given are null; id and computed values start unknown.
inline cty::Value Planned(const framework::Resource& r, std::map<std::string, cty::Value> attrs,
                          const std::vector<std::string>& unknown = {"id"}) {
  const cty::Type type = r.GetSchema().ImpliedType();
  for (const std::string& u : unknown) attrs[u] = cty::Value::Unknown(type.AttributeType(u));
  return cty::Value::ObjectOf(type, std::move(attrs));
}

inline Applied Create(framework::Resource& r, const cty::Value& plan) {
  framework::Context ctx;
  framework::CreateResponse c;
  c.new_state = plan;
  r.Create(ctx, framework::CreateRequest{plan, plan, {}}, &c);
  if (c.diagnostics.HasError() || c.state_is_read) return {c.new_state, c.diagnostics};
  framework::ReadResponse rr;
  rr.new_state = c.new_state;
  r.Read(ctx, framework::ReadRequest{c.new_state, {}}, &rr);
  return {rr.new_state, rr.diagnostics};
}

inline Applied Read(framework::Resource& r, const cty::Value& state) {
  framework::ReadResponse rr;
  rr.new_state = state;
  r.Read(framework::Context(), framework::ReadRequest{state, {}}, &rr);
  return {rr.new_state, rr.diagnostics};
}

inline Applied Update(framework::Resource& r, const cty::Value& prior, const cty::Value& plan) {
  framework::UpdateResponse u;
  u.new_state = plan;
  r.Update(framework::Context(), framework::UpdateRequest{plan, plan, prior, {}}, &u);
  if (u.diagnostics.HasError() || u.state_is_read) return {u.new_state, u.diagnostics};
  return Read(r, u.new_state);
}

inline framework::Diagnostics Delete(framework::Resource& r, const cty::Value& state) {
  framework::DeleteResponse d;
  r.Delete(framework::Context(), framework::DeleteRequest{state, {}}, &d);
  return d.diagnostics;
}

// Import then read, as core does.
inline Applied Import(framework::Resource& r, const std::string& id) {
  auto* importer = dynamic_cast<framework::ResourceWithImportState*>(&r);
  framework::ImportStateResponse i;
  i.state = r.GetSchema().block.EmptyValue();
  importer->ImportState(framework::Context(), framework::ImportStateRequest{id}, &i);
  if (i.diagnostics.HasError()) return {i.state, i.diagnostics};
  return Read(r, i.state);
}

// The schema's validators, then the resource's ValidateConfig, as the server
// runs them.
inline framework::Diagnostics Validate(framework::Resource& r, const cty::Value& config) {
  framework::ValidateConfigResponse v;
  framework::internal::ValidateConfigValue(r.GetSchema().block, config, &v.diagnostics);
  if (auto* with = dynamic_cast<framework::ResourceWithValidateConfig*>(&r)) {
    with->ValidateConfig(framework::Context(), {config}, &v);
  }
  return v.diagnostics;
}

// The attribute plan modifiers, then the resource's ModifyPlan, as the server
// runs them (on a planned state already defaulted and unknown-marked).
inline framework::ModifyPlanResponse ModifyPlan(framework::Resource& r,
                                                const framework::ModifyPlanRequest& req) {
  framework::ModifyPlanResponse resp;
  framework::internal::ModifiersResult m = framework::internal::RunPlanModifiers(
      r.GetSchema().block, req.config, req.prior_state, req.planned_state, req.prior_private,
      &resp.diagnostics);
  resp.planned_state = m.plan;
  resp.requires_replace = m.requires_replace;
  resp.planned_private = req.prior_private;
  if (auto* with = dynamic_cast<framework::ResourceWithModifyPlan*>(&r)) {
    with->ModifyPlan(framework::Context(),
                     {req.config, req.prior_state, m.plan, req.prior_private}, &resp);
  }
  return resp;
}

}  // namespace azbatch::resources::common::testing

#endif  // AZBATCH_RESOURCES_COMMON_TEST_RESOURCE_H_
