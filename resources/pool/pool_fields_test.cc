// The pool's field table through the shared engine (resources/common/field_table.h).
#include "gtest/gtest.h"
#include "resources/common/field_table.h"
#include "resources/pool/pool_schema.h"
#include "resources/pool/test_plan.h"

namespace azbatch::resources::pool {
namespace {

using nlohmann::json;
using testing::BaseConfig;
using testing::PlanFrom;

TEST(ExpandTest, MapsAttributesToBatchBody) {
  cty::Value plan = PlanFrom(BaseConfig(
      {{"metadata", {{"team", "hpc"}}},
       {"start_task",
        {{"command_line", "echo hi"},
         {"environment", {{"A", "1"}}},
         {"user_identity", {{"auto_user", {{"elevation_level", "Admin"}}}}}}},
       {"identity", {{"type", "UserAssigned"}, {"identity_ids", {"/subscriptions/s/id1"}}}},
       {"extension",
        {{{"name", "e"}, {"publisher", "p"}, {"type", "t"}, {"settings_json", R"({"k":[1,2]})"}}}},
       {"data_disk", {{{"lun", 1}, {"disk_size_gb", 64}}}}}));
  json body = Expand(PoolFields(), plan);
  const json& vmc = body["properties"]["deploymentConfiguration"]["virtualMachineConfiguration"];
  EXPECT_EQ(body["properties"]["vmSize"], "Standard_D2s_v3");
  EXPECT_EQ(vmc["nodeAgentSkuId"], "batch.node.ubuntu 22.04");
  EXPECT_EQ(vmc["imageReference"], json({{"id", testing::kVersion}}));
  EXPECT_EQ(vmc["dataDisks"][0],
            json({{"lun", 1}, {"diskSizeGB", 64}, {"caching", "None"}, {"storageAccountType", "Standard_LRS"}}));
  EXPECT_EQ(vmc["extensions"][0]["settings"], json::parse(R"({"k":[1,2]})"));
  EXPECT_EQ(body["properties"]["metadata"], json::parse(R"([{"name":"team","value":"hpc"}])"));
  const json& st = body["properties"]["startTask"];
  EXPECT_EQ(st["environmentSettings"], json::parse(R"([{"name":"A","value":"1"}])"));
  EXPECT_EQ(st["userIdentity"]["autoUser"], json({{"scope", "Pool"}, {"elevationLevel", "Admin"}}));
  EXPECT_EQ(st["waitForSuccess"], true);
  EXPECT_EQ(body["identity"]["userAssignedIdentities"], json({{"/subscriptions/s/id1", json::object()}}));
  EXPECT_EQ(body["properties"]["scaleSettings"]["fixedScale"]["resizeTimeout"], "PT15M");
  EXPECT_EQ(body["properties"]["scaleSettings"]["fixedScale"]["nodeDeallocationOption"], "Requeue");
  // Provider switches and computed attributes are never sent.
  EXPECT_FALSE(body.contains("wait_for_steady_state"));
  EXPECT_FALSE(body["properties"].contains("allocationState"));
}

TEST(FlattenTest, RoundTripsAndKeepsWhatAzureDoesNotReturn) {
  cty::Value plan = PlanFrom(BaseConfig(
      {{"user_account", {{{"name", "ops"}, {"password", "s3cret"}}}},
       {"fixed_scale", {{"target_dedicated_nodes", 2}, {"resize_timeout", "PT1H"},
                        {"node_deallocation_option", "Terminate"}}}}));
  json remote = Expand(PoolFields(), plan);
  // Azure's echo: secrets and the deallocation option dropped, other spellings.
  remote["properties"]["userAccounts"][0].erase("password");
  remote["properties"]["scaleSettings"]["fixedScale"].erase("nodeDeallocationOption");
  remote["properties"]["scaleSettings"]["fixedScale"]["resizeTimeout"] = "PT60M";
  remote["properties"]["vmSize"] = "STANDARD_D2S_V3";
  remote["properties"]["startTask"] = nullptr;
  remote["properties"].erase("taskSlotsPerNode");  // left at its default
  cty::Value state = Flatten(PoolFields(), plan.type(), remote, plan);
  for (const Field& f : PoolFields()) {
    if (!f.is_block() && f.attribute->computed && !f.attribute->optional) continue;
    EXPECT_TRUE(state.GetAttr(f.name).RawEquals(plan.GetAttr(f.name)))
        << f.name << ": " << state.GetAttr(f.name).DebugString() << " vs "
        << plan.GetAttr(f.name).DebugString();
  }
  // After import (no prior), write-only values take their defaults.
  cty::Value imported = Flatten(PoolFields(), plan.type(), remote, cty::Value::Null(plan.type()));
  EXPECT_EQ(imported.GetAttr("fixed_scale").GetAttr("node_deallocation_option").AsString(), "Requeue");
  EXPECT_EQ(imported.GetAttr("vm_size").AsString(), "STANDARD_D2S_V3");
  EXPECT_EQ(imported.GetAttr("task_slots_per_node").AsNumber().ToInt64(), 1);
  EXPECT_TRUE(imported.GetAttr("user_account").Elements()[0].GetAttr("password").is_null());
  // A cleared display name reads back as unset.
  remote["properties"]["displayName"] = "";
  EXPECT_TRUE(Flatten(PoolFields(), plan.type(), remote, plan).GetAttr("display_name").is_null());
}

TEST(FlattenTest, ResizeErrorsBecomeReadableStrings) {
  cty::Value plan = PlanFrom(BaseConfig());
  json remote = Expand(PoolFields(), plan);
  remote["properties"]["resizeOperationStatus"]["errors"] =
      json::parse(R"([{"code":"AllocationTimedout","message":"took too long"}])");
  cty::Value state = Flatten(PoolFields(), plan.type(), remote, plan);
  ASSERT_EQ(state.GetAttr("resize_errors").Elements().size(), 1u);
  EXPECT_EQ(state.GetAttr("resize_errors").Elements()[0].AsString(), "AllocationTimedout: took too long");
}

TEST(ComputedAttributesTest, KeepTheValueTypes) {
  std::vector<Field> remote_fields;
  for (const Field& f : PoolFields()) {
    if (!f.json.empty()) remote_fields.push_back(f);
  }
  framework::Block block = BuildBlock(remote_fields);
  std::vector<framework::Attribute> computed = ComputedAttributes(remote_fields);
  ASSERT_EQ(computed.size(), remote_fields.size());
  const cty::Type want = block.ImpliedType();
  for (const framework::Attribute& a : computed) {
    EXPECT_TRUE(a.computed && !a.optional && !a.required) << a.name;
    EXPECT_EQ(a.ImpliedType(), want.AttributeType(a.name)) << a.name;
  }
}

}  // namespace
}  // namespace azbatch::resources::pool
