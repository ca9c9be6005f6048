#include "resources/image_version/image_version_resource.h"

#include "gtest/gtest.h"
#include "resources/common/test_arm.h"
#include "resources/common/test_resource.h"
#include "resources/common/values.h"

namespace azbatch::resources::image_version {
namespace {

namespace t = common::testing;
using cty::Value;

constexpr char kDefinition[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg/providers/"
    "Microsoft.Compute/galleries/gal/images/ubuntu";
constexpr char kImage[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg/providers/"
    "Microsoft.Compute/images/base";

class ImageVersionTest : public ::testing::Test {
 protected:
  ImageVersionTest() {
    // Azure echoes display names and fills region defaults.
    arm_.on_put = [](nlohmann::json& b) {
      auto& pub = b["properties"]["publishingProfile"];
      for (auto& r : pub["targetRegions"]) {
        if (r["name"] == "westeurope") r["name"] = "West Europe";
        if (r["name"] == "northeurope") r["name"] = "North Europe";
        if (!r.contains("regionalReplicaCount")) r["regionalReplicaCount"] = pub["replicaCount"];
        if (!r.contains("storageAccountType")) r["storageAccountType"] = pub["storageAccountType"];
        if (!r.contains("excludeFromLatest")) r["excludeFromLatest"] = false;
      }
      b["properties"]["replicationStatus"] = {
          {"aggregatedState", "Completed"},
          {"summary", {{{"region", "West Europe"}, {"state", "Completed"}, {"progress", 100}},
                       {{"region", "North Europe"}, {"state", "Completed"}, {"progress", 100}}}}};
    };
  }
  Value Region(const std::string& name, std::optional<int64_t> replicas = std::nullopt) {
    const cty::Type rt = r_.GetSchema().ImpliedType().AttributeType("target_region").element();
    return Value::ObjectOf(rt, {{"name", Value::String(name)},
                                {"regional_replica_count", common::Int(replicas)}});
  }
  Value Plan(std::vector<Value> regions, bool allow = false) {
    const cty::Type type = r_.GetSchema().ImpliedType();
    return t::Planned(
        r_,
        {{"name", Value::String("1.0.0")},
         {"image_definition_id", Value::String(kDefinition)},
         {"location", Value::String("westeurope")},
         {"managed_image_id", Value::String(kImage)},
         {"target_region",
          Value::List(type.AttributeType("target_region").element(), std::move(regions))},
         {"replica_count", Value::Int(1)},
         {"storage_account_type", Value::String("Standard_LRS")},
         {"replication_mode", Value::String("Full")},
         {"exclude_from_latest", Value::Bool(false)},
         {"allow_deletion_of_replicated_locations", Value::Bool(allow)},
         {"wait_for_replication", Value::Bool(true)}},
        {"id", "replication_status"});
  }
  t::MiniArm arm_;
  ImageVersionResource r_{arm_.Resolver()};
};

TEST_F(ImageVersionTest, CreateKeepsRegionOrderSpellingAndNullDefaults) {
  Value plan = Plan({Region("westeurope"), Region("northeurope", 2)});
  t::Applied a = t::Create(r_, plan);
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  const nlohmann::json body = arm_.Writes()[0].body;
  EXPECT_EQ(body["properties"]["storageProfile"]["source"]["id"], kImage);
  EXPECT_EQ(body["properties"]["publishingProfile"]["targetRegions"],
            (nlohmann::json{{{"name", "westeurope"}},
                            {{"name", "northeurope"}, {"regionalReplicaCount", 2}}}));
  const auto& regions = a.state.GetAttr("target_region").Elements();
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[0].GetAttr("name").AsString(), "westeurope");
  EXPECT_TRUE(regions[0].GetAttr("regional_replica_count").is_null());
  EXPECT_TRUE(regions[0].GetAttr("storage_account_type").is_null());
  EXPECT_EQ(regions[1].GetAttr("regional_replica_count").AsNumber().ToInt64(), 2);
  EXPECT_EQ(a.state.GetAttr("replication_status").Length(), 2u);
  // Read reads with the replication status expanded.
  EXPECT_EQ(arm_.seen().back().query, "$expand=ReplicationStatus&api-version=2025-03-03");
  // Everything but the computed attributes equals the plan.
  Value expected = plan.WithAttr("id", a.state.GetAttr("id"))
                       .WithAttr("replication_status", a.state.GetAttr("replication_status"));
  EXPECT_EQ(a.state, expected) << a.state.DebugString();
}

TEST_F(ImageVersionTest, ImportMatchesCreate) {
  t::Applied a = t::Create(r_, Plan({Region("westeurope"), Region("northeurope", 2)}));
  t::Applied i = t::Import(r_, std::string(kDefinition) + "/Versions/1.0.0");
  ASSERT_FALSE(i.diags.HasError()) << i.diags.ToString();
  EXPECT_EQ(i.state.WithAttr("timeouts", a.state.GetAttr("timeouts")), a.state)
      << i.state.DebugString() << "\n" << a.state.DebugString();
}

TEST_F(ImageVersionTest, UpdateSendsRegionListWithTheStorageProfile) {
  t::Applied a = t::Create(r_, Plan({Region("westeurope")}));
  Value plan = Plan({Region("westeurope"), Region("northeurope", 3)})
                   .WithAttr("id", a.state.GetAttr("id"));
  t::Applied u = t::Update(r_, a.state, plan);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().method, "PATCH");
  EXPECT_EQ(arm_.Writes().back().body,
            (nlohmann::json{{"properties",
                             {{"publishingProfile",
                               {{"targetRegions",
                                 {{{"name", "westeurope"}},
                                  {{"name", "northeurope"}, {"regionalReplicaCount", 3}}}}}},
                              // GalleryImageVersionUpdate requires it with any property.
                              {"storageProfile", {{"source", {{"id", kImage}}}}}}}}));
  // Without a property change there are no properties, so no storageProfile either.
  Value tagged = u.state.WithAttr("tags", Value::Map(cty::Type::String(),
                                                     {{"team", Value::String("batch")}}));
  t::Applied tags_only = t::Update(r_, u.state, tagged);
  ASSERT_FALSE(tags_only.diags.HasError()) << tags_only.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().body, (nlohmann::json{{"tags", {{"team", "batch"}}}}));
}

TEST_F(ImageVersionTest, RemovedEndOfLifeDateIsNulledInAzure) {
  t::Applied a = t::Create(r_, Plan({Region("westeurope")})
                                   .WithAttr("end_of_life_date",
                                             Value::String("2030-01-01T00:00:00Z")));
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  const std::string id = a.state.GetAttr("id").AsString();
  ASSERT_EQ((*arm_.Find(id))["properties"]["publishingProfile"]["endOfLifeDate"],
            "2030-01-01T00:00:00Z");
  Value plan = a.state.WithAttr("end_of_life_date", Value::Null(cty::Type::String()));
  t::Applied u = t::Update(r_, a.state, plan);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().body,
            (nlohmann::json{{"properties",
                             {{"publishingProfile", {{"endOfLifeDate", nullptr}}},
                              {"storageProfile", {{"source", {{"id", kImage}}}}}}}}));
  EXPECT_FALSE((*arm_.Find(id))["properties"]["publishingProfile"].contains("endOfLifeDate"));
  EXPECT_TRUE(u.state.GetAttr("end_of_life_date").is_null());
  EXPECT_EQ(u.state, plan) << u.state.DebugString();
}

TEST_F(ImageVersionTest, PlanRefusesRemovingReplicatedRegion) {
  t::Applied a = t::Create(r_, Plan({Region("westeurope"), Region("northeurope")}));
  for (bool allow : {false, true}) {
    framework::ModifyPlanResponse resp;
    Value plan = Plan({Region("westeurope")}, allow);
    resp.planned_state = plan;
    r_.ModifyPlan(framework::Context(), {plan, a.state, plan, {}}, &resp);
    EXPECT_EQ(resp.diagnostics.HasError(), !allow) << resp.diagnostics.ToString();
    if (!allow) {
      EXPECT_TRUE(resp.diagnostics.HasPath(cty::Path::Root().Attr("target_region")));
      EXPECT_NE(resp.diagnostics.ToString().find("northeurope"), std::string::npos);
    }
  }
}

TEST_F(ImageVersionTest, NoWaitReturnsAfterAcceptAndFailedWaitTaints) {
  arm_.fail_put_operation = true;
  Value plan = Plan({Region("westeurope")}).WithAttr("wait_for_replication", Value::Bool(false));
  t::Applied quick = t::Create(r_, plan);
  EXPECT_FALSE(quick.diags.HasError()) << quick.diags.ToString();
  EXPECT_FALSE(quick.state.is_null());

  arm_.Erase(quick.state.GetAttr("id").AsString());
  t::Applied failed = t::Create(r_, Plan({Region("westeurope")}));
  ASSERT_TRUE(failed.diags.HasError());
  EXPECT_EQ(failed.state.GetAttr("id").AsString(), std::string(kDefinition) + "/versions/1.0.0");
  EXPECT_TRUE(failed.state.IsWhollyKnown());
}

TEST_F(ImageVersionTest, ValidateConfigFlagsDuplicateRegionsAndOrphanDataDisks) {
  // The schema's validators, as the server runs them.
  framework::Diagnostics d = t::Validate(r_, Plan({Region("westeurope"), Region("West Europe")}));
  EXPECT_TRUE(d.HasPath(cty::Path::Root().Attr("target_region").Index(1).Attr("name")));

  // A data disk with a managed image as the source: no OS-disk snapshot to go with.
  const cty::Type disks = r_.GetSchema().ImpliedType().AttributeType("data_disk");
  const Value disk = Value::ObjectOf(
      disks.element(), {{"lun", Value::Int(0)},
                        {"source_id", Value::String("/subscriptions/s/resourceGroups/rg/providers/"
                                                    "Microsoft.Compute/snapshots/data0")}});
  const Value with_disk =
      Plan({Region("westeurope")}).WithAttr("data_disk", Value::List(disks.element(), {disk}));
  framework::Diagnostics orphan = t::Validate(r_, with_disk);
  ASSERT_TRUE(orphan.HasPath(cty::Path::Root().Attr("data_disk"))) << orphan.ToString();
  EXPECT_EQ(orphan.items()[0].summary, "Data disks need an OS-disk snapshot");
  EXPECT_FALSE(t::Validate(r_, with_disk.WithAttr("managed_image_id", Value::Null(cty::Type::String()))
                                   .WithAttr("os_disk_snapshot_id",
                                             Value::String("/subscriptions/s/resourceGroups/rg/"
                                                           "providers/Microsoft.Compute/snapshots/os")))
                   .HasError());
}

}  // namespace
}  // namespace azbatch::resources::image_version
