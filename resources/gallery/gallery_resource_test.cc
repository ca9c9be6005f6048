#include "resources/gallery/gallery_resource.h"

#include "gtest/gtest.h"
#include "resources/common/test_arm.h"
#include "resources/common/test_resource.h"

namespace azbatch::resources::gallery {
namespace {

namespace t = common::testing;
using cty::Value;

constexpr char kId[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg/providers/"
    "Microsoft.Compute/galleries/gal";

class GalleryTest : public ::testing::Test {
 protected:
  GalleryTest() {
    arm_.on_put = [](nlohmann::json& b) {
      b["properties"]["identifier"]["uniqueName"] = "SUB-GAL";
      if (!b["properties"].contains("sharingProfile")) {
        b["properties"]["sharingProfile"] = {{"permissions", "Private"}};
      }
    };
  }
  Value Plan(std::optional<std::string> description, Value sharing = Value()) {
    const cty::Type type = r_.GetSchema().ImpliedType();
    if (sharing.type() == cty::Type::Dynamic()) sharing = Value::Null(type.AttributeType("sharing"));
    return t::Planned(r_,
                      {{"name", Value::String("gal")},
                       {"resource_group_name", Value::String("rg")},
                       {"location", Value::String("West Europe")},
                       {"description", common_str(description)},
                       {"sharing", sharing}},
                      {"id", "unique_name"});
  }
  static Value common_str(std::optional<std::string> s) {
    return s ? Value::String(*s) : Value::Null(cty::Type::String());
  }
  Value GroupsSharing(std::vector<std::string> subs) {
    std::vector<Value> ids;
    for (auto& s : subs) ids.push_back(Value::String(s));
    return Value::ObjectOf(r_.GetSchema().ImpliedType().AttributeType("sharing"),
                           {{"permission", Value::String("Groups")},
                            {"subscription_ids", Value::Set(cty::Type::String(), ids)}});
  }
  t::MiniArm arm_;
  GalleryResource r_{arm_.Resolver()};
};

TEST_F(GalleryTest, CreateReadsUniqueNameAndKeepsPrivateSharingNull) {
  t::Applied a = t::Create(r_, Plan("images"));
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  EXPECT_EQ(a.state.GetAttr("id").AsString(), kId);
  EXPECT_EQ(a.state.GetAttr("unique_name").AsString(), "SUB-GAL");
  EXPECT_EQ(a.state.GetAttr("location").AsString(), "West Europe");
  EXPECT_TRUE(a.state.GetAttr("sharing").is_null());
  EXPECT_EQ(arm_.Writes()[0].body["properties"]["description"], "images");
}

TEST_F(GalleryTest, GroupsSharingAddsThenResetsBeforeDelete) {
  t::Applied a = t::Create(r_, Plan(std::nullopt, GroupsSharing({"s1"})));
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  auto w = arm_.Writes();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].body["properties"]["sharingProfile"]["permissions"], "Groups");
  EXPECT_EQ(w[1].method, "POST");
  EXPECT_EQ(w[1].path, std::string(kId) + "/share");
  EXPECT_EQ(w[1].body["operationType"], "Add");
  EXPECT_EQ(w[1].body["groups"][0]["ids"][0], "s1");
  EXPECT_EQ(a.state.GetAttr("sharing").GetAttr("permission").AsString(), "Groups");

  // s1 → s2: one Remove and one Add.
  Value plan = a.state.WithAttr("sharing", GroupsSharing({"s2"}));
  t::Applied u = t::Update(r_, a.state, plan);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  w = arm_.Writes();
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[2].body["operationType"], "Remove");
  EXPECT_EQ(w[3].body["operationType"], "Add");

  framework::Diagnostics d = t::Delete(r_, u.state);
  ASSERT_FALSE(d.HasError()) << d.ToString();
  w = arm_.Writes();
  ASSERT_EQ(w.size(), 6u);
  EXPECT_EQ(w[4].body["operationType"], "Reset");
  EXPECT_EQ(w[5].method, "DELETE");
}

TEST_F(GalleryTest, UpdateSendsOnlyDescription) {
  t::Applied a = t::Create(r_, Plan("one"));
  Value plan = a.state.WithAttr("description", Value::String("two"));
  t::Applied u = t::Update(r_, a.state, plan);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().method, "PATCH");
  EXPECT_EQ(arm_.Writes().back().body, (nlohmann::json{{"properties", {{"description", "two"}}}}));
  EXPECT_EQ(u.state.GetAttr("description").AsString(), "two");
}

TEST_F(GalleryTest, RemovedDescriptionIsNulledInAzure) {
  t::Applied a = t::Create(r_, Plan("one"));
  Value plan = a.state.WithAttr("description", Value::Null(cty::Type::String()));
  t::Applied u = t::Update(r_, a.state, plan);
  ASSERT_FALSE(u.diags.HasError()) << u.diags.ToString();
  EXPECT_EQ(arm_.Writes().back().body, (nlohmann::json{{"properties", {{"description", nullptr}}}}));
  EXPECT_FALSE((*arm_.Find(kId))["properties"].contains("description"));
  EXPECT_EQ(u.state, plan) << u.state.DebugString();
}

TEST_F(GalleryTest, FailedCreateAfterAcceptKeepsIdForTaint) {
  arm_.fail_put_operation = true;
  t::Applied a = t::Create(r_, Plan("x"));
  ASSERT_TRUE(a.diags.HasError());
  ASSERT_FALSE(a.state.is_null());
  EXPECT_EQ(a.state.GetAttr("id").AsString(), kId);
  EXPECT_TRUE(a.state.IsWhollyKnown());
  EXPECT_NE(a.diags.ToString().find("Gallery \"gal\" (Resource Group \"rg\")"), std::string::npos)
      << a.diags.ToString();
}

TEST_F(GalleryTest, ImportEqualsCreatedStateAfterSpellingIsAzures) {
  arm_.on_put = nullptr;
  t::Applied a = t::Create(r_, Plan("d"));
  t::Applied i = t::Import(r_, absl::AsciiStrToUpper(kId));
  ASSERT_FALSE(i.diags.HasError()) << i.diags.ToString();
  EXPECT_EQ(i.state.GetAttr("id").AsString(), kId);
  EXPECT_EQ(i.state.GetAttr("description"), a.state.GetAttr("description"));
  EXPECT_EQ(i.state.GetAttr("name").AsString(), "gal");
  EXPECT_EQ(i.state.GetAttr("resource_group_name").AsString(), "rg");
}

TEST_F(GalleryTest, SchemaValidatesName) {
  const framework::Schema schema = r_.GetSchema();
  const framework::Attribute* name = schema.block.FindAttribute("name");
  ASSERT_NE(name, nullptr);
  auto run = [&](const std::string& s) {
    framework::Diagnostics d;
    framework::ValidatorRequest req;
    req.path = cty::Path::Root().Attr("name");
    req.value = Value::String(s);
    for (const auto& v : name->validators) v->Validate(req, &d);
    return d.HasError();
  };
  EXPECT_FALSE(run("my_gallery.v1"));
  EXPECT_TRUE(run("my-gallery"));
  EXPECT_TRUE(run(".gallery"));
  EXPECT_TRUE(run(std::string(81, 'a')));
}

}  // namespace
}  // namespace azbatch::resources::gallery
