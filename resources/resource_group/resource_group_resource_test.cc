#include "resources/resource_group/resource_group_resource.h"

#include "gtest/gtest.h"
#include "provider/framework/plan.h"
#include "resources/common/test_arm.h"
#include "resources/common/test_resource.h"

namespace azbatch::resources::resource_group {
namespace {

namespace t = common::testing;
using cty::Value;

constexpr char kId[] = "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/demo";

class ResourceGroupTest : public ::testing::Test {
 protected:
  t::MiniArm arm_;
  ResourceGroupResource r_{arm_.Resolver()};
  Value Plan(const std::string& location, std::map<std::string, Value> tags = {}) {
    return t::Planned(r_, {{"name", Value::String("demo")},
                           {"location", Value::String(location)},
                           {"tags", tags.empty() ? Value::Null(cty::Type::Map(cty::Type::String()))
                                                 : Value::Map(cty::Type::String(), tags)}});
  }
};

TEST_F(ResourceGroupTest, CreateSendsNormalisedLocationAndKeepsUserSpelling) {
  t::Applied a = t::Create(r_, Plan("West Europe"));
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  EXPECT_EQ(a.state.GetAttr("id").AsString(), kId);
  EXPECT_EQ(a.state.GetAttr("location").AsString(), "West Europe");
  EXPECT_TRUE(a.state.GetAttr("tags").is_null());
  ASSERT_EQ(arm_.Writes().size(), 1u);
  EXPECT_EQ(arm_.Writes()[0].method, "PUT");
  EXPECT_EQ(arm_.Writes()[0].body["location"], "westeurope");
}

TEST_F(ResourceGroupTest, CreateRefusesExistingWithImportHint) {
  arm_.Seed(kId, {{"location", "westeurope"}});
  t::Applied a = t::Create(r_, Plan("westeurope"));
  ASSERT_TRUE(a.diags.HasError());
  EXPECT_NE(a.diags.ToString().find(std::string("`tofu import ADDRESS ") + kId + "` (`terraform import` under Terraform)"),
            std::string::npos)
      << a.diags.ToString();
  EXPECT_TRUE(arm_.Writes().empty());
}

TEST_F(ResourceGroupTest, ReadDriftAndGone) {
  t::Applied a = t::Create(r_, Plan("westeurope", {{"env", Value::String("dev")}}));
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  (*arm_.Find(kId))["tags"]["env"] = "prod";
  t::Applied drift = t::Read(r_, a.state);
  EXPECT_EQ(drift.state.GetAttr("tags").MapElements().at("env").AsString(), "prod");
  arm_.Erase(kId);
  t::Applied gone = t::Read(r_, a.state);
  EXPECT_FALSE(gone.diags.HasError());
  EXPECT_TRUE(gone.state.is_null());
}

TEST_F(ResourceGroupTest, UpdatePatchesOnlyTags) {
  t::Applied a = t::Create(r_, Plan("westeurope"));
  Value plan = a.state.WithAttr(
      "tags", Value::Map(cty::Type::String(), {{"env", Value::String("dev")}}));
  t::Applied u = t::Update(r_, a.state, plan);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  ASSERT_EQ(arm_.Writes().size(), 2u);
  EXPECT_EQ(arm_.Writes()[1].method, "PATCH");
  EXPECT_EQ(arm_.Writes()[1].body, (nlohmann::json{{"tags", {{"env", "dev"}}}}));
  EXPECT_EQ(u.state, plan);
}

TEST_F(ResourceGroupTest, ImportCaseInsensitiveMatchesCreate) {
  t::Applied a = t::Create(r_, Plan("westeurope"));
  t::Applied i = t::Import(
      r_, "/SUBSCRIPTIONS/00000000-0000-0000-0000-0000000000bb/resourcegroups/demo");
  ASSERT_FALSE(i.diags.HasError()) << i.diags.ToString();
  EXPECT_EQ(i.state, a.state) << i.state.DebugString() << "\n" << a.state.DebugString();
  t::Applied bad = t::Import(r_, "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/galleries/g");
  EXPECT_TRUE(bad.diags.HasError());
}

// The name rule is Azure's: Unicode letters and digits pass, a space does not,
// and the diagnostic sits on the name attribute.
TEST_F(ResourceGroupTest, NameRuleAcceptsUnicodeAndRefusesSpaces) {
  const framework::Block& block = ResourceGroupSchema().block;
  auto config = [&](const std::string& name) {
    return block.EmptyValue()
        .WithAttr("name", Value::String(name))
        .WithAttr("location", Value::String("westeurope"));
  };
  for (const char* good : {"grüße", "grüße(test)", "rg-1.a_b"}) {
    framework::Diagnostics d;
    framework::internal::ValidateConfigValue(block, config(good), &d);
    EXPECT_FALSE(d.HasError()) << good << ": " << d.ToString();
  }
  for (const char* bad : {"my images", "rg.", "a#b"}) {
    framework::Diagnostics d;
    framework::internal::ValidateConfigValue(block, config(bad), &d);
    ASSERT_EQ(d.ErrorCount(), 1u) << bad << ": " << d.ToString();
    ASSERT_TRUE(d[0].attribute.has_value());
    EXPECT_EQ(*d[0].attribute, cty::Path().Attr("name"));
    EXPECT_NE(d[0].detail.find(std::string("\"") + bad + "\""), std::string::npos)
        << d.ToString();
  }
}

TEST_F(ResourceGroupTest, DeleteWaitsUntilGone) {
  t::Applied a = t::Create(r_, Plan("westeurope"));
  framework::Diagnostics d = t::Delete(r_, a.state);
  EXPECT_FALSE(d.HasError()) << d.ToString();
  EXPECT_EQ(arm_.Find(kId), nullptr);
  // DELETE, then one GET answering 404 ends it (issue 11: no second confirmation).
  int gets_after_delete = 0;
  bool deleted = false;
  for (const auto& s : arm_.seen()) {
    if (s.method == "DELETE") deleted = true;
    if (deleted && s.method == "GET") ++gets_after_delete;
  }
  EXPECT_EQ(gets_after_delete, 1);
}

TEST_F(ResourceGroupTest, CreateAndUpdateEachEndWithOneGet) {
  auto gets = [&] {
    int n = 0;
    for (const auto& s : arm_.seen()) n += s.method == "GET";
    return n;
  };
  framework::CreateResponse c;
  cty::Value plan = Plan("westeurope");
  c.new_state = plan;
  r_.Create(framework::Context(), framework::CreateRequest{plan, plan, {}}, &c);
  ASSERT_FALSE(c.diagnostics.HasError()) << c.diagnostics.ToString();
  // The existence check and the read back, which the framework then skips.
  EXPECT_EQ(gets(), 2);
  EXPECT_TRUE(c.state_is_read);
  EXPECT_EQ(c.new_state.GetAttr("id").AsString(), kId);

  framework::UpdateResponse u;
  cty::Value next = c.new_state.WithAttr(
      "tags", cty::Value::Map(cty::Type::String(), {{"a", cty::Value::String("b")}}));
  u.new_state = next;
  r_.Update(framework::Context(), framework::UpdateRequest{next, next, c.new_state, {}}, &u);
  ASSERT_FALSE(u.diagnostics.HasError()) << u.diagnostics.ToString();
  EXPECT_EQ(gets(), 3);
  EXPECT_TRUE(u.state_is_read);
  EXPECT_EQ(u.new_state.GetAttr("tags"), next.GetAttr("tags"));
}

}  // namespace
}  // namespace azbatch::resources::resource_group
