#include "resources/image_definition/image_definition_resource.h"

#include "gtest/gtest.h"
#include "resources/common/test_arm.h"
#include "resources/common/test_resource.h"

namespace azbatch::resources::image_definition {
namespace {

namespace t = common::testing;
using cty::Value;

constexpr char kGallery[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg/providers/"
    "Microsoft.Compute/galleries/gal";

class ImageDefinitionTest : public ::testing::Test {
 protected:
  ImageDefinitionTest() { arm_.Seed(kGallery, {{"location", "westeurope"}}); }
  Value Plan(std::map<std::string, Value> extra = {}) {
    const cty::Type type = r_.GetSchema().ImpliedType();
    std::map<std::string, Value> a = {
        {"name", Value::String("ubuntu")},
        {"gallery_id", Value::String(kGallery)},
        {"location", Value::String("West Europe")},
        {"os_type", Value::String("Linux")},
        {"os_state", Value::String("Generalized")},
        {"hyper_v_generation", Value::String("V2")},
        {"architecture", Value::String("x64")},
        {"identifier", Value::ObjectOf(type.AttributeType("identifier"),
                                       {{"publisher", Value::String("contoso")},
                                        {"offer", Value::String("batch")},
                                        {"sku", Value::String("22_04")}})}};
    for (const char* b : {"trusted_launch_supported", "trusted_launch_enabled",
                          "confidential_vm_supported", "confidential_vm_enabled",
                          "accelerated_network_support_enabled", "hibernation_enabled",
                          "disk_controller_type_nvme_enabled"}) {
      a[b] = Value::Bool(false);
    }
    for (auto& [k, v] : extra) a[k] = v;
    return t::Planned(r_, a);
  }
  t::MiniArm arm_;
  ImageDefinitionResource r_{arm_.Resolver()};
};

TEST_F(ImageDefinitionTest, CreateMapsFeaturesAndRoundTrips) {
  Value plan = Plan({{"trusted_launch_supported", Value::Bool(true)},
                     {"disk_controller_type_nvme_enabled", Value::Bool(true)},
                     {"accelerated_network_support_enabled", Value::Bool(true)},
                     {"min_recommended_vcpu_count", Value::Int(2)},
                     {"max_recommended_vcpu_count", Value::Int(16)},
                     {"end_of_life_date", Value::String("2030-01-01T00:00:00Z")},
                     {"description", Value::String("d")}});
  t::Applied a = t::Create(r_, plan);
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  const nlohmann::json body = arm_.Writes()[0].body;
  EXPECT_EQ(body["location"], "westeurope");
  EXPECT_EQ(body["properties"]["identifier"]["sku"], "22_04");
  EXPECT_EQ(body["properties"]["hyperVGeneration"], "V2");
  EXPECT_EQ(body["properties"]["recommended"]["vCPUs"]["max"], 16);
  nlohmann::json features = body["properties"]["features"];
  ASSERT_EQ(features.size(), 3u);
  EXPECT_EQ(features[0], (nlohmann::json{{"name", "SecurityType"}, {"value", "TrustedLaunchSupported"}}));
  EXPECT_EQ(features[2], (nlohmann::json{{"name", "DiskControllerTypes"}, {"value", "SCSI, NVMe"}}));
  // The state read back equals the plan (apart from the id).
  Value expected = t::Planned(r_, {}, {}).type() == plan.type() ? plan : plan;
  expected = expected.WithAttr("id", a.state.GetAttr("id"));
  EXPECT_EQ(a.state, expected) << a.state.DebugString();
}

TEST_F(ImageDefinitionTest, EndOfLifeDateKeepsEquivalentSpelling) {
  t::Applied a = t::Create(r_, Plan({{"end_of_life_date", Value::String("2030-01-01T00:00:00Z")}}));
  (*arm_.Find(a.state.GetAttr("id").AsString()))["properties"]["endOfLifeDate"] =
      "2030-01-01T00:00:00+00:00";
  EXPECT_EQ(t::Read(r_, a.state).state.GetAttr("end_of_life_date").AsString(),
            "2030-01-01T00:00:00Z");
  (*arm_.Find(a.state.GetAttr("id").AsString()))["properties"]["endOfLifeDate"] =
      "2031-01-01T00:00:00+00:00";
  EXPECT_EQ(t::Read(r_, a.state).state.GetAttr("end_of_life_date").AsString(),
            "2031-01-01T00:00:00+00:00");
}

TEST_F(ImageDefinitionTest, UpdateSendsOnlyChangedUpdatableFields) {
  t::Applied a = t::Create(r_, Plan({{"description", Value::String("one")}}));
  Value plan = a.state.WithAttr("description", Value::String("two"))
                   .WithAttr("max_recommended_memory_in_gb", Value::Int(64));
  t::Applied u = t::Update(r_, a.state, plan);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().method, "PATCH");
  EXPECT_EQ(arm_.Writes().back().body,
            (nlohmann::json{{"properties",
                             {{"description", "two"}, {"recommended", {{"memory", {{"max", 64}}}}}}}}));
  EXPECT_EQ(u.state, plan);
}

TEST_F(ImageDefinitionTest, RemovedOptionalValuesAreNulledInAzure) {
  std::vector<Value> disk_types = {Value::String("Standard_LRS")};
  t::Applied a = t::Create(
      r_, Plan({{"description", Value::String("d")},
                {"release_note_uri", Value::String("https://notes.example")},
                {"end_of_life_date", Value::String("2030-01-01T00:00:00Z")},
                {"min_recommended_vcpu_count", Value::Int(2)},
                {"max_recommended_vcpu_count", Value::Int(16)},
                {"max_recommended_memory_in_gb", Value::Int(64)},
                {"disk_types_not_allowed", Value::Set(cty::Type::String(), disk_types)}}));
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  const std::string id = a.state.GetAttr("id").AsString();

  // Only the lower vCPU bound goes: the rest of the range is kept, the bound is nulled.
  Value partial = a.state.WithAttr("min_recommended_vcpu_count", Value::Null(cty::Type::Number()));
  t::Applied p = t::Update(r_, a.state, partial);
  ASSERT_FALSE(p.diags.HasError()) << p.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().body,
            (nlohmann::json{{"properties",
                             {{"recommended",
                               {{"vCPUs", {{"min", nullptr}, {"max", 16}}},
                                {"memory", {{"max", 64}}}}}}}}));
  EXPECT_EQ((*arm_.Find(id))["properties"]["recommended"],
            (nlohmann::json{{"vCPUs", {{"max", 16}}}, {"memory", {{"max", 64}}}}));
  EXPECT_EQ(p.state, partial) << p.state.DebugString();

  // Everything optional goes: each is sent as null and Azure forgets it.
  Value cleared = p.state;
  for (const char* attr : {"description", "release_note_uri", "end_of_life_date"}) {
    cleared = cleared.WithAttr(attr, Value::Null(cty::Type::String()));
  }
  for (const char* attr : {"max_recommended_vcpu_count", "max_recommended_memory_in_gb"}) {
    cleared = cleared.WithAttr(attr, Value::Null(cty::Type::Number()));
  }
  cleared = cleared.WithAttr("disk_types_not_allowed",
                             Value::Null(cty::Type::Set(cty::Type::String())));
  t::Applied c = t::Update(r_, p.state, cleared);
  ASSERT_FALSE(c.diags.HasError()) << c.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().method, "PATCH");
  EXPECT_EQ(arm_.Writes().back().body,
            (nlohmann::json{{"properties",
                             {{"description", nullptr},
                              {"releaseNoteUri", nullptr},
                              {"endOfLifeDate", nullptr},
                              {"recommended", nullptr},
                              {"disallowed", nullptr}}}}));
  const nlohmann::json& stored = (*arm_.Find(id))["properties"];
  for (const char* key : {"description", "releaseNoteUri", "endOfLifeDate", "recommended",
                          "disallowed"}) {
    EXPECT_FALSE(stored.contains(key)) << key << " still stored: " << stored.dump();
  }
  // The state read back is the plan: no diff on the next plan.
  EXPECT_EQ(c.state, cleared) << c.state.DebugString();
}

TEST_F(ImageDefinitionTest, ValidateConfigRejectsTwoSecurityTypes) {
  framework::ValidateConfigResponse resp;
  r_.ValidateConfig(framework::Context(),
                    {Plan({{"trusted_launch_enabled", Value::Bool(true)},
                           {"confidential_vm_enabled", Value::Bool(true)}})},
                    &resp);
  ASSERT_TRUE(resp.diagnostics.HasError());
  EXPECT_TRUE(resp.diagnostics.HasPath(cty::Path::Root().Attr("confidential_vm_enabled")));
}

TEST_F(ImageDefinitionTest, ImportMatchesCreate) {
  t::Applied a = t::Create(r_, Plan({{"location", Value::String("westeurope")}}));
  t::Applied i = t::Import(r_, std::string(kGallery) + "/IMAGES/ubuntu");
  ASSERT_FALSE(i.diags.HasError()) << i.diags.ToString();
  EXPECT_EQ(i.state, a.state) << i.state.DebugString() << "\n" << a.state.DebugString();
}

}  // namespace
}  // namespace azbatch::resources::image_definition
