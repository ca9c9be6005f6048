// ArmResource driven by a field table: the default bodies and state, the
// create headers and the post-write wait hook.
#include "resources/common/arm_resource.h"

#include "gtest/gtest.h"
#include "resources/common/arm_ops.h"
#include "resources/common/field_table.h"
#include "resources/common/test_arm.h"
#include "resources/common/test_resource.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {
namespace {

namespace fw = azbatch::framework;
namespace t = testing;
using cty::Value;
using nlohmann::json;

constexpr char kId[] =
    "/subscriptions/00000000-0000-0000-0000-0000000000bb/resourceGroups/rg/providers/"
    "Microsoft.Compute/galleries/g";

const std::vector<Field>& TestFields() {
  static const std::vector<Field>* const kFields = new std::vector<Field>{
      Attr(IdAttribute(), ""),
      Attr(fw::Attribute::Required("name", cty::Type::String()), ""),
      Attr(ResourceGroupNameAttribute(), ""),
      Fixed(Attr(LocationAttribute(), "location", Conv::kLocation)),
      Attr(fw::Attribute::Optional("description", cty::Type::String()), "properties.description"),
      Attr(TagsAttribute(), "tags", Conv::kTags),
  };
  return *kFields;
}

// A gallery-shaped resource written only with the table and the two hooks.
class TableResource : public ArmResource {
 public:
  explicit TableResource(ArmResolver resolver) : ArmResource(std::move(resolver)) {}
  std::string TypeName() const override { return "azbatch_test"; }
  fw::Schema GetSchema() const override { return TableSchema("A test resource.", TestFields()); }
  int waits = 0;
  bool wait_reads = false;

 protected:
  azure::ResourceType IdType() const override { return azure::ResourceType::kGallery; }
  const std::vector<Field>& Fields() const override { return TestFields(); }
  absl::StatusOr<azure::ResourceId> IdFromPlan(const std::string& subscription,
                                               const cty::Value& plan) const override {
    return azure::ResourceId::ResourceGroup(subscription,
                                            GetString(plan, "resource_group_name").value_or(""))
        .Child(azure::ResourceType::kGallery, GetString(plan, "name").value_or(""));
  }
  azure::Headers CreateHeaders() const override { return {{"If-None-Match", "*"}}; }
  absl::StatusOr<std::optional<json>> WaitAfterWrite(ArmAccess& arm, const azure::ResourceId& id,
                                                     const cty::Value& plan) override {
    ++waits;
    if (!wait_reads) return std::nullopt;
    absl::StatusOr<std::optional<json>> body = GetOrGone(arm, id);
    if (!body.ok()) return body.status();
    return *body;
  }
};

class TableResourceTest : public ::testing::Test {
 protected:
  t::MiniArm arm_;
  TableResource r_{arm_.Resolver()};
  Value Plan() {
    return t::Planned(r_, {{"name", Value::String("g")},
                           {"resource_group_name", Value::String("rg")},
                           {"location", Value::String("West Europe")},
                           {"description", Value::String("one")}});
  }
  int Gets() {
    int n = 0;
    for (const auto& s : arm_.seen()) n += s.method == "GET";
    return n;
  }
};

TEST_F(TableResourceTest, CreateSendsTheTableBodyWithItsHeadersAndKeepsSpellings) {
  t::Applied a = t::Create(r_, Plan());
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  ASSERT_EQ(arm_.Writes().size(), 1u);
  EXPECT_EQ(arm_.Writes()[0].body,
            json::parse(R"({"location":"westeurope","properties":{"description":"one"}})"));
  EXPECT_EQ(arm_.Writes()[0].headers.at("If-None-Match"), "*");
  EXPECT_EQ(a.state, Plan().WithAttr("id", Value::String(kId))) << a.state.DebugString();
  EXPECT_EQ(r_.waits, 1);
  // Import: name, group and id from the id; the rest from Azure.
  t::Applied i = t::Import(r_, kId);
  ASSERT_FALSE(i.diags.HasError()) << i.diags.ToString();
  EXPECT_EQ(i.state.GetAttr("name").AsString(), "g");
  EXPECT_EQ(i.state.GetAttr("resource_group_name").AsString(), "rg");
  EXPECT_EQ(i.state.GetAttr("location").AsString(), "westeurope");
  EXPECT_EQ(i.state.GetAttr("description").AsString(), "one");
}

TEST_F(TableResourceTest, UpdatePatchesChangesAndAWaitThatReadsEndsTheWrite) {
  t::Applied a = t::Create(r_, Plan());
  ASSERT_FALSE(a.diags.HasError()) << a.diags.ToString();
  const int gets = Gets();
  r_.wait_reads = true;
  Value next = a.state.WithAttr("description", Value::Null(cty::Type::String()));
  fw::UpdateResponse u;
  u.new_state = next;
  r_.Update(fw::Context(), fw::UpdateRequest{next, next, a.state, {}}, &u);
  ASSERT_FALSE(u.diagnostics.HasError()) << u.diagnostics.ToString();
  EXPECT_EQ(arm_.Writes().back().method, "PATCH");
  EXPECT_EQ(arm_.Writes().back().body, json::parse(R"({"properties":{"description":null}})"));
  // The wait's GET is the read: no second one.
  EXPECT_EQ(Gets(), gets + 1);
  EXPECT_TRUE(u.state_is_read);
  EXPECT_EQ(u.new_state, next) << u.new_state.DebugString();
}

}  // namespace
}  // namespace azbatch::resources::common
