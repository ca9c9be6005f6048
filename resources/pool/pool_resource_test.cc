#include "resources/pool/pool_resource.h"

#include <set>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "resources/common/test_arm.h"
#include "resources/common/test_resource.h"
#include "resources/pool/test_plan.h"

namespace azbatch::resources::pool {
namespace {

namespace t = common::testing;
using ::testing::HasSubstr;
using nlohmann::json;
using testing::BaseConfig;
using testing::PlanFrom;

constexpr char kPoolId[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg/providers/"
    "Microsoft.Batch/batchAccounts/acct/pools/pool1";

class PoolResourceTest : public ::testing::Test {
 protected:
  PoolResourceTest() {
    // Azure's read-only view of a pool that reached its target.
    arm_.on_put = [](json& body) {
      json& p = body["properties"];
      p["allocationState"] = "Steady";
      p["creationTime"] = "2026-11-28T00:00:00Z";
      p["currentDedicatedNodes"] = p["scaleSettings"]["fixedScale"].value("targetDedicatedNodes", 0);
      p["currentLowPriorityNodes"] = 0;
    };
  }
  t::Applied Created(const json& config) {
    t::Applied a = t::Create(r_, PlanFrom(config));
    EXPECT_FALSE(a.diags.HasError()) << a.diags.ToString();
    return a;
  }
  framework::ModifyPlanResponse ModifyPlan(const cty::Value& prior, const cty::Value& plan) {
    framework::ModifyPlanResponse resp;
    resp.planned_state = plan;
    r_.ModifyPlan(framework::Context(), {plan, prior, plan, {}}, &resp);
    return resp;
  }
  t::MiniArm arm_;
  PoolResource r_{arm_.Resolver(), /*preflight_without_settings=*/false};
};

TEST_F(PoolResourceTest, CreateRoundTripsToThePlannedState) {
  cty::Value plan = PlanFrom(BaseConfig({{"metadata", {{"team", "hpc"}}}}));
  t::Applied a = t::Create(r_, plan);
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  EXPECT_EQ(a.state.GetAttr("id").AsString(), kPoolId);
  EXPECT_EQ(a.state.GetAttr("current_dedicated_nodes").AsNumber().ToInt64(), 2);
  EXPECT_EQ(a.state.GetAttr("allocation_state").AsString(), "Steady");
  for (const char* attr : {"vm_size", "image_reference", "fixed_scale", "metadata", "node_fill_type",
                           "inter_node_communication", "wait_for_steady_state", "account_id"}) {
    EXPECT_TRUE(a.state.GetAttr(attr).RawEquals(plan.GetAttr(attr))) << attr;
  }
  ASSERT_EQ(arm_.Writes().size(), 1u);
  EXPECT_EQ(arm_.Writes()[0].method, "PUT");
}

TEST_F(PoolResourceTest, CreateRefusesAnExistingPool) {
  arm_.Seed(kPoolId, {{"properties", {{"vmSize", "x"}}}});
  t::Applied a = t::Create(r_, PlanFrom(BaseConfig()));
  ASSERT_TRUE(a.diags.HasError());
  EXPECT_THAT(a.diags.ToString(), HasSubstr("`tofu import ADDRESS "));
  EXPECT_TRUE(arm_.Writes().empty());
}

TEST_F(PoolResourceTest, ScaleChangeSendsOnlyScaleSettings) {
  t::Applied a = Created(BaseConfig());
  cty::Value next = PlanFrom(BaseConfig({{"fixed_scale", {{"target_dedicated_nodes", 5}}}}), false)
                        .WithAttr("id", a.state.GetAttr("id"));
  json patch = PoolUpdateBody(a.state, next);
  EXPECT_EQ(patch, json::parse(R"({"properties":{"scaleSettings":{"fixedScale":{
      "targetDedicatedNodes":5,"targetLowPriorityNodes":0,"resizeTimeout":"PT15M",
      "nodeDeallocationOption":"Requeue"}}}})"));
  t::Applied u = t::Update(r_, a.state, next);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().method, "PATCH");
  EXPECT_EQ(arm_.Writes().back().body, patch);
}

TEST_F(PoolResourceTest, RemovalsSendAzuresEmptyForms) {
  t::Applied a = Created(BaseConfig({{"start_task", {{"command_line", "x"}}},
                                     {"metadata", {{"a", "b"}}},
                                     {"display_name", "Render"}}));
  cty::Value next = PlanFrom(BaseConfig(), false).WithAttr("id", a.state.GetAttr("id"));
  EXPECT_EQ(PoolUpdateBody(a.state, next),
            json::parse(R"({"properties":{"startTask":{},"metadata":[],"displayName":""}})"));
  // Azure's echo of the cleared values reads back as the unset plan.
  t::Applied u = t::Update(r_, a.state, next);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_TRUE(u.state.GetAttr("display_name").is_null());
  EXPECT_TRUE(u.state.GetAttr("metadata").is_null());
}

TEST_F(PoolResourceTest, ZeroNodeChangesReplaceWhileNodesExist) {
  t::Applied a = Created(BaseConfig());
  cty::Value next = PlanFrom(BaseConfig({{"vm_size", "Standard_D4s_v3"}}), false)
                        .WithAttr("id", a.state.GetAttr("id"));
  EXPECT_EQ(ZeroNodeChanges(a.state, next), std::vector<std::string>{"vm_size"});
  framework::ModifyPlanResponse resp = ModifyPlan(a.state, next);
  EXPECT_FALSE(resp.diagnostics.HasError());
  ASSERT_EQ(resp.requires_replace.size(), 1u);
  EXPECT_EQ(resp.requires_replace[0].ToString(), "vm_size");

  // prevent_replacement turns the replacement into an explained error.
  resp = ModifyPlan(a.state, next.WithAttr("prevent_replacement", cty::Value::Bool(true)));
  EXPECT_TRUE(resp.requires_replace.empty());
  ASSERT_TRUE(resp.diagnostics.HasError());
  EXPECT_THAT(resp.diagnostics.ToString(), HasSubstr("only while the pool has no nodes"));
  // The advice is written as the configuration spells it.
  EXPECT_THAT(resp.diagnostics.ToString(),
              HasSubstr("(set target_dedicated_nodes = 0 and target_low_priority_nodes = 0 in the "
                        "fixed_scale block), apply"));
  cty::Value autoscaled =
      PlanFrom(BaseConfig({{"vm_size", "Standard_D4s_v3"},
                           {"fixed_scale", nullptr},
                           {"auto_scale", {{"formula", "$TargetDedicatedNodes=1"}}}}),
               false)
          .WithAttr("id", a.state.GetAttr("id"))
          .WithAttr("prevent_replacement", cty::Value::Bool(true));
  resp = ModifyPlan(a.state, autoscaled);
  EXPECT_THAT(resp.diagnostics.ToString(),
              HasSubstr("(replace the auto_scale block by fixed_scale { target_dedicated_nodes = 0 "
                        "}), apply"));

  // At zero nodes the same change is an in-place update carrying vmSize.
  cty::Value empty = a.state.WithAttr("current_dedicated_nodes", cty::Value::Int(0));
  resp = ModifyPlan(empty, next);
  EXPECT_TRUE(resp.requires_replace.empty());
  EXPECT_EQ(PoolUpdateBody(empty, next), json::parse(R"({"properties":{"vmSize":"Standard_D4s_v3"}})"));
}

TEST_F(PoolResourceTest, AlwaysUpdatableChangesNeverReplace) {
  t::Applied a = Created(BaseConfig());
  cty::Value next = PlanFrom(BaseConfig({{"metadata", {{"x", "y"}}},
                                          {"start_task", {{"command_line", "echo"}}},
                                          {"fixed_scale", {{"target_dedicated_nodes", 9}}}}),
                             false)
                        .WithAttr("id", a.state.GetAttr("id"));
  EXPECT_TRUE(ZeroNodeChanges(a.state, next).empty());
  EXPECT_TRUE(ModifyPlan(a.state, next).requires_replace.empty());
}

TEST_F(PoolResourceTest, ResizeErrorsFailTheApplyButKeepThePool) {
  arm_.on_put = [](json& body) {
    json& p = body["properties"];
    p["allocationState"] = "Steady";
    p["currentDedicatedNodes"] = 700;
    p["resizeOperationStatus"]["errors"] =
        json::parse(R"([{"code":"AllocationTimedout","message":"The resize timed out."}])");
  };
  cty::Value plan = PlanFrom(BaseConfig({{"fixed_scale", {{"target_dedicated_nodes", 2000},
                                                           {"resize_timeout", "PT10M"}}}}));
  framework::CreateResponse c;
  c.new_state = plan;
  r_.Create(framework::Context(), {plan, plan, {}}, &c);
  ASSERT_TRUE(c.diagnostics.HasError());
  const std::string text = c.diagnostics.ToString();
  EXPECT_THAT(text, HasSubstr("AllocationTimedout: The resize timed out."));
  EXPECT_THAT(text, HasSubstr("resize_timeout = \"PT30M\""));
  EXPECT_THAT(text, HasSubstr("at least 7 image replicas"));
  EXPECT_EQ(c.new_state.GetAttr("id").AsString(), kPoolId);
  EXPECT_EQ(c.new_state.GetAttr("current_dedicated_nodes").AsNumber().ToInt64(), 700);
}

TEST_F(PoolResourceTest, ImportMatchesCreate) {
  t::Applied a = Created(BaseConfig({{"metadata", {{"team", "hpc"}}}}));
  t::Applied i = t::Import(r_, absl::AsciiStrToLower(kPoolId));
  ASSERT_FALSE(i.diags.HasError()) << i.diags.ToString();
  for (const auto& [name, type] : a.state.type().attributes()) {
    if (name == "timeouts") continue;
    EXPECT_TRUE(i.state.GetAttr(name).RawEquals(a.state.GetAttr(name)))
        << name << ": " << i.state.GetAttr(name).DebugString() << " vs "
        << a.state.GetAttr(name).DebugString();
  }
}

TEST_F(PoolResourceTest, ValidateConfigNamesTheAttribute) {
  auto validate = [&](const json& config) {
    framework::ValidateConfigResponse resp;
    r_.ValidateConfig(framework::Context(), {PlanFrom(config, false)}, &resp);
    return resp.diagnostics.ToString();
  };
  json both = BaseConfig({{"auto_scale", {{"formula", "$TargetDedicatedNodes=1"}}}});
  EXPECT_THAT(validate(both), HasSubstr("exactly one of the fixed_scale and auto_scale"));
  json no_image = BaseConfig();
  no_image.erase("image_reference");
  EXPECT_THAT(validate(no_image),
              HasSubstr("an image_reference block is required, holding either id (the ARM id of "
                        "a gallery image version) or publisher, offer and sku"));
  EXPECT_THAT(validate(BaseConfig({{"image_reference", {{"id", nullptr}, {"publisher", "p"}, {"offer", "o"}}}})),
              HasSubstr("sku is missing"));
  json files = BaseConfig({{"start_task", {{"command_line", "x"},
                                           {"resource_file", {{{"http_url", "https://x"},
                                                               {"storage_container_url", "https://y"},
                                                               {"file_path", "a"}}}}}}});
  EXPECT_THAT(validate(files), HasSubstr("exactly one of auto_storage_container_name"));
  EXPECT_EQ(validate(BaseConfig()), "");
}

// name_prefix: the name is unknown in the plan and drawn at create, so a
// create_before_destroy replacement never collides with the pool it replaces.
TEST_F(PoolResourceTest, NamePrefixCreatesEachPoolUnderAFreshName) {
  json config = BaseConfig({{"name_prefix", "render-"}});
  config.erase("name");
  cty::Value plan = PlanFrom(config).WithAttr("name", cty::Value::Unknown(cty::Type::String()));
  std::set<std::string> names;
  for (int i = 0; i < 2; ++i) {
    t::Applied a = t::Create(r_, plan);
    ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
    const std::string name = a.state.GetAttr("name").AsString();
    EXPECT_THAT(name, ::testing::MatchesRegex("render-[a-z0-9]{8}"));
    EXPECT_TRUE(absl::EndsWith(a.state.GetAttr("id").AsString(), "/pools/" + name));
    EXPECT_EQ(a.state.GetAttr("name_prefix").AsString(), "render-");
    EXPECT_TRUE(absl::EndsWith(arm_.Writes().back().path, "/pools/" + name))
        << arm_.Writes().back().path;
    names.insert(name);
    // Read and import keep the name; the prefix is the configuration's.
    t::Applied read = t::Read(r_, a.state);
    EXPECT_TRUE(read.state.RawEquals(a.state)) << read.state.DebugString();
    t::Applied imported = t::Import(r_, a.state.GetAttr("id").AsString());
    EXPECT_EQ(imported.state.GetAttr("name").AsString(), name);
    EXPECT_TRUE(imported.state.GetAttr("name_prefix").is_null());
  }
  EXPECT_EQ(names.size(), 2u);
}

TEST_F(PoolResourceTest, ExactlyOneOfNameAndNamePrefix) {
  auto validate = [&](const json& config) {
    framework::ValidateConfigResponse resp;
    r_.ValidateConfig(framework::Context(), {PlanFrom(config, false)}, &resp);
    return resp.diagnostics;
  };
  framework::Diagnostics both = validate(BaseConfig({{"name_prefix", "render-"}}));
  ASSERT_TRUE(both.HasError());
  EXPECT_THAT(both.ToString(), HasSubstr("exactly one of name, name_prefix must be set, got 2"));
  EXPECT_THAT(both.ToString(), HasSubstr("name_prefix"));
  json neither = BaseConfig();
  neither.erase("name");
  EXPECT_THAT(validate(neither).ToString(),
              HasSubstr("exactly one of name, name_prefix must be set, got 0"));
  json prefix_only = BaseConfig({{"name_prefix", "render-"}});
  prefix_only.erase("name");
  EXPECT_FALSE(validate(prefix_only).HasError());
  // The prefix leaves room for the suffix within Batch's 64 characters.
  framework::Diagnostics d;
  const framework::Schema schema = PoolSchema();
  for (const auto& a : schema.block.attributes) {
    if (a.name != "name_prefix") continue;
    for (const auto& v : a.validators) {
      framework::ValidatorRequest req;
      req.path = cty::Path::Root().Attr("name_prefix");
      req.value = cty::Value::String(std::string(57, 'a'));
      v->Validate(req, &d);
    }
  }
  EXPECT_THAT(d.ToString(), HasSubstr("1-56 letters, digits, hyphens and underscores"));
}

// A gallery image id whose resource group Azure refuses is a plan-time
// diagnostic on image_reference.id, not a request that can only fail.
TEST(PoolSchemaTest, ImageIdWithAResourceGroupAzureRefusesIsAPlanTimeError) {
  auto validate = [](const std::string& id) {
    framework::Diagnostics d;
    framework::internal::ValidateConfigValue(PoolSchema().block,
                                   PlanFrom(BaseConfig({{"image_reference", {{"id", id}}}}), false),
                                   &d);
    return d;
  };
  const std::string tail =
      "/providers/Microsoft.Compute/galleries/gal/images/ubuntu/versions/1.0.0";
  framework::Diagnostics ok = validate("/subscriptions/s/resourceGroups/grüße(test)" + tail);
  EXPECT_FALSE(ok.HasError()) << ok.ToString();
  framework::Diagnostics bad = validate("/subscriptions/s/resourceGroups/my images" + tail);
  ASSERT_EQ(bad.ErrorCount(), 1u) << bad.ToString();
  ASSERT_TRUE(bad[0].attribute.has_value());
  EXPECT_EQ(bad[0].attribute->ToString(), "image_reference.id");
  EXPECT_THAT(bad[0].detail, HasSubstr("resource group segment \"my images\", which Azure refuses: "
                                       "it contains a space (U+0020)"));
}

}  // namespace
}  // namespace azbatch::resources::pool
