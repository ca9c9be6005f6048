#include "resources/managed_image/managed_image_resource.h"

#include "gtest/gtest.h"
#include "resources/common/test_arm.h"
#include "resources/common/test_resource.h"

namespace azbatch::resources::managed_image {
namespace {

namespace t = common::testing;
using cty::Value;

constexpr char kSnap[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg/providers/"
    "Microsoft.Compute/snapshots/os";
constexpr char kData[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg/providers/"
    "Microsoft.Compute/snapshots/data0";

class ManagedImageTest : public ::testing::Test {
 protected:
  ManagedImageTest() {
    // Azure fills caching and size, and drops the leading '/' of snapshot ids.
    arm_.on_put = [](nlohmann::json& b) {
      auto& os = b["properties"]["storageProfile"]["osDisk"];
      if (!os.contains("caching")) os["caching"] = "None";
      os["diskSizeGB"] = 30;
      std::string id = os["snapshot"]["id"];
      os["snapshot"]["id"] = id.substr(1);
    };
  }
  Value Plan() {
    const cty::Type type = r_.GetSchema().ImpliedType();
    const cty::Type disk = type.AttributeType("data_disk").element();
    return t::Planned(
        r_, {{"name", Value::String("base")},
             {"resource_group_name", Value::String("rg")},
             {"location", Value::String("westeurope")},
             {"os_type", Value::String("Linux")},
             {"os_state", Value::String("Generalized")},
             {"os_disk_snapshot_id", Value::String(kSnap)},
             {"os_disk_storage_type", Value::String("Premium_LRS")},
             {"data_disk", Value::List(disk, {Value::ObjectOf(disk, {{"lun", Value::Int(0)},
                                                                     {"snapshot_id", Value::String(kData)}})})},
             {"hyper_v_generation", Value::String("V2")},
             {"zone_resilient", Value::Bool(true)}});
  }
  t::MiniArm arm_;
  ManagedImageResource r_{arm_.Resolver()};
};

TEST_F(ManagedImageTest, CreateFromSnapshotsRoundTripsAndImports) {
  Value plan = Plan();
  t::Applied a = t::Create(r_, plan);
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  const nlohmann::json body = arm_.Writes()[0].body["properties"];
  EXPECT_EQ(body["storageProfile"]["osDisk"]["snapshot"]["id"], kSnap);
  EXPECT_EQ(body["storageProfile"]["osDisk"]["storageAccountType"], "Premium_LRS");
  EXPECT_EQ(body["storageProfile"]["dataDisks"][0]["lun"], 0);
  EXPECT_EQ(body["storageProfile"]["zoneResilient"], true);
  EXPECT_EQ(body["hyperVGeneration"], "V2");
  EXPECT_EQ(a.state, plan.WithAttr("id", a.state.GetAttr("id"))) << a.state.DebugString();

  t::Applied i = t::Import(r_, absl::AsciiStrToUpper(a.state.GetAttr("id").AsString()));
  ASSERT_FALSE(i.diags.HasError()) << i.diags.ToString();
  EXPECT_EQ(i.state, a.state) << i.state.DebugString();
}

TEST_F(ManagedImageTest, TagsUpdateInPlaceOnly) {
  t::Applied a = t::Create(r_, Plan());
  Value plan = a.state.WithAttr("tags", Value::Map(cty::Type::String(), {{"a", Value::String("b")}}));
  t::Applied u = t::Update(r_, a.state, plan);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().body, (nlohmann::json{{"tags", {{"a", "b"}}}}));
}

}  // namespace
}  // namespace azbatch::resources::managed_image
