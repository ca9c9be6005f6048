// Unit-test support: pool plans written as JSON, completed the way core and the
// framework complete them (empty list blocks, schema defaults).
#ifndef AZBATCH_RESOURCES_POOL_TEST_PLAN_H_
#define AZBATCH_RESOURCES_POOL_TEST_PLAN_H_

#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "provider/cty/json.h"
#include "provider/framework/plan.h"
#include "resources/pool/pool_schema.h"

namespace azbatch::resources::pool::testing {

inline constexpr char kAccount[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg/providers/"
    "Microsoft.Batch/batchAccounts/acct";
inline constexpr char kVersion[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/img/providers/"
    "Microsoft.Compute/galleries/gal/images/ubuntu/versions/1.0.0";

// A minimal valid pool config merged with `extra` (JSON merge patch).
inline nlohmann::json BaseConfig(const nlohmann::json& extra = nlohmann::json::object()) {
  nlohmann::json c = {{"name", "pool1"},
                      {"account_id", kAccount},
                      {"vm_size", "Standard_D2s_v3"},
                      {"node_agent_sku_id", "batch.node.ubuntu 22.04"},
                      {"image_reference", {{"id", kVersion}}},
                      {"fixed_scale", {{"target_dedicated_nodes", 2}}}};
  c.merge_patch(extra);
  return c;
}

// Config → planned value: defaults applied, id (and `unknown`) unknown.
inline cty::Value PlanFrom(const nlohmann::json& config, bool id_unknown = true) {
  const framework::Schema schema = PoolSchema();
  absl::StatusOr<cty::Value> v = cty::UnmarshalJsonLenient(config.dump(), schema.ImpliedType());
  EXPECT_TRUE(v.ok()) << v.status();
  cty::Value c = framework::internal::NormaliseState(schema.block, *v);
  cty::Value plan = framework::internal::ApplyDefaults(schema.block, c, c);
  if (id_unknown) plan = plan.WithAttr("id", cty::Value::Unknown(cty::Type::String()));
  return plan;
}

}  // namespace azbatch::resources::pool::testing

#endif  // AZBATCH_RESOURCES_POOL_TEST_PLAN_H_
