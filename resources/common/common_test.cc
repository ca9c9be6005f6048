#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "provider/azure/fake_transport.h"
#include "provider/azure/pipeline.h"
#include "provider/azure/resource_id.h"
#include "provider/framework/validators.h"
#include "resources/common/arm_ops.h"
#include "resources/common/test_arm.h"
#include "resources/common/values.h"

namespace azbatch::resources::common {
namespace {

TEST(Location, NormalisesDisplayNames) {
  EXPECT_EQ(NormaliseLocation("West Europe"), "westeurope");
  EXPECT_TRUE(SameLocation("West Europe", "westeurope"));
  EXPECT_FALSE(SameLocation("West Europe", "northeurope"));
  EXPECT_EQ(PreferPriorLocation(std::string("West Europe"), "westeurope"), "West Europe");
  EXPECT_EQ(PreferPriorLocation(std::string("West Europe"), "northeurope"), "northeurope");
  EXPECT_EQ(PreferPriorLocation(std::nullopt, "westeurope"), "westeurope");
  EXPECT_EQ(PreferPriorSpelling(std::string("/subscriptions/S/resourceGroups/RG"), "/subscriptions/s/resourcegroups/rg"),
            "/subscriptions/S/resourceGroups/RG");
  EXPECT_EQ(PreferPriorSpelling(std::string("rg-a"), "rg-b"), "rg-b");
  EXPECT_EQ(PreferPriorSpelling(std::nullopt, "rg"), "rg");
}

TEST(EditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("westeurope", "westeurope"), 0u);
  EXPECT_EQ(EditDistance("westeurop", "westeurope"), 1u);
  EXPECT_EQ(EditDistance("westeruope", "westeurope"), 2u);  // a swap is two edits
  EXPECT_EQ(EditDistance("standard_d2s_v3", "standard_d4s_v3"), 1u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("", "abcd"), 4u);
}

TEST(ListAll, FollowsNextLinksAndStopsALoop) {
  testing::MiniArm arm;
  const std::string base = std::string("/subscriptions/") + testing::kSub + "/things";
  arm.Seed(base, {{"value", {{{"n", 1}}, {{"n", 2}}}},
                  {"nextLink", "https://arm.test" + base + "2?api-version=x&$skiptoken=a"}});
  arm.Seed(base + "2", {{"value", {{{"n", 3}}}}});
  absl::StatusOr<ArmAccess> access = arm.Resolver()(framework::Context());
  ASSERT_TRUE(access.ok());
  absl::StatusOr<std::vector<nlohmann::json>> all = ListAll(*access, base, "2025-01-01");
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2]["n"], 3);

  // A page that names itself as the next one is not followed forever.
  arm.Seed(base + "3", {{"value", nlohmann::json::array()},
                        {"nextLink", "https://arm.test" + base + "3?api-version=x"}});
  absl::StatusOr<std::vector<nlohmann::json>> loop = ListAll(*access, base + "3", "2025-01-01");
  EXPECT_TRUE(absl::IsOutOfRange(loop.status())) << loop.status();
  EXPECT_TRUE(absl::IsNotFound(ListAll(*access, base + "4", "2025-01-01").status()));
}

TEST(Describe, NamesTypedIdWithParents) {
  auto id = azure::ResourceId::Parse(
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/"
      "versions/1.0.0");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(Describe(*id),
            "Gallery Image Version \"1.0.0\" (Image \"i\", Gallery \"g\", Resource Group \"rg\")");
  EXPECT_EQ(Describe(azure::ResourceId::ResourceGroup("s", "rg")),
            "Resource Group \"rg\" (Subscription \"s\")");
}

TEST(Wrap, KeepsCodeAndPrefixesMessage) {
  auto id = azure::ResourceId::ResourceGroup("s", "rg").Child(azure::ResourceType::kGallery, "g");
  ASSERT_TRUE(id.ok());
  absl::Status s = Wrap(absl::NotFoundError("gone"), "reading", *id);
  EXPECT_TRUE(absl::IsNotFound(s));
  EXPECT_EQ(s.message(), "reading Gallery \"g\" (Resource Group \"rg\"): gone");
  EXPECT_TRUE(Wrap(absl::OkStatus(), "x", *id).ok());
}

TEST(ImportRequired, CarriesImportAdviceWithoutGuessedAddresses) {
  auto id = azure::ResourceId::ResourceGroup("s", "rg").Child(azure::ResourceType::kGallery, "g");
  absl::Status s = ImportRequired(*id, "azbatch_gallery");
  EXPECT_TRUE(absl::IsAlreadyExists(s));
  const std::string gallery =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g";
  std::string m(s.message());
  // The test binary does not run under a CLI: both commands are named.
  EXPECT_NE(m.find("`tofu import ADDRESS " + gallery + "` (`terraform import` under Terraform)"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("address your configuration gives it"), std::string::npos) << m;
  EXPECT_NE(m.find("to = ADDRESS and id = \"" + gallery + "\""), std::string::npos) << m;
  EXPECT_EQ(m.find("<name>"), std::string::npos) << m;
}

std::string Check(const framework::ValidatorPtr& v, const std::string& s) {
  framework::Diagnostics d;
  framework::ValidatorRequest req;
  req.path = cty::Path::Root().Attr("x");
  req.value = cty::Value::String(s);
  v->Validate(req, &d);
  return d.HasError() ? d[0].detail + d[0].summary : "";
}

TEST(Validators, GalleryVersionNameIsInt32Triplet) {
  auto v = GalleryVersionName();
  EXPECT_EQ(Check(v, "1.0.0"), "");
  EXPECT_EQ(Check(v, "2147483647.0.10"), "");
  EXPECT_NE(Check(v, "2147483648.0.0"), "");
  EXPECT_NE(Check(v, "1.0"), "");
  EXPECT_NE(Check(v, "1.0.0-beta"), "");
  EXPECT_NE(Check(v, "a.b.c"), "");
  EXPECT_NE(Check(v, "+1.0.0"), "");
  // The parsed form orders versions numerically.
  EXPECT_LT(*ParseGalleryVersion("1.9.0"), *ParseGalleryVersion("1.10.0"));
  EXPECT_EQ(ParseGalleryVersion("1..0"), std::nullopt);
}

TEST(Validators, Rfc3339Date) {
  auto v = Rfc3339Date();
  EXPECT_EQ(Check(v, "2030-01-01T00:00:00Z"), "");
  EXPECT_EQ(Check(v, "2030-01-01T00:00:00.5+02:00"), "");
  EXPECT_NE(Check(v, "2030-13-01T00:00:00Z"), "");
  EXPECT_NE(Check(v, "01/01/2030"), "");
}

TEST(Validators, EachOneOf) {
  auto v = EachOneOf({"A", "B"});
  framework::ValidatorRequest req;
  req.path = cty::Path::Root().Attr("x");
  req.value =
      cty::Value::Set(cty::Type::String(), {cty::Value::String("A"), cty::Value::String("B")});
  framework::Diagnostics d;
  v->Validate(req, &d);
  EXPECT_FALSE(d.HasError());
  req.value = cty::Value::Set(cty::Type::String(), {cty::Value::String("C")});
  v->Validate(req, &d);
  ASSERT_TRUE(d.HasError());
  EXPECT_NE(d.ToString().find(R"(each value must be one of "A", "B", got "C")"), std::string::npos)
      << d.ToString();
  EXPECT_EQ(v->Description(), "each one of A, B");
}

TEST(Values, GroupChildIdComesFromNameAndGroup) {
  cty::Value plan = cty::Value::Object(
      {{"name", cty::Value::String("acct1")}, {"resource_group_name", cty::Value::String("rg")}});
  absl::StatusOr<azure::ResourceId> id = GroupChildId("s", plan, azure::ResourceType::kBatchAccount);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->String(),
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Batch/batchAccounts/acct1");
}

TEST(Values, AttrOfAndStrings) {
  const cty::Type t = cty::Type::Object({{"s", StringSet()}});
  cty::Value obj = cty::Value::ObjectOf(
      t, {{"s", cty::Value::Set(cty::Type::String(), {cty::Value::String("x"),
                                                      cty::Value::Null(cty::Type::String())})}});
  EXPECT_EQ(Strings(AttrOf(obj, "s")), std::vector<std::string>{"x"});
  EXPECT_FALSE(Present(AttrOf(cty::Value::Null(t), "s")));
  EXPECT_TRUE(Strings(cty::Value::Unknown(StringSet())).empty());
}

TEST(Values, NullUnknownsMakesWhollyKnown) {
  cty::Value v = cty::Value::Object({{"a", cty::Value::Unknown(cty::Type::String())},
                                     {"b", cty::Value::String("x")}});
  cty::Value out = NullUnknowns(v);
  EXPECT_TRUE(out.IsWhollyKnown());
  EXPECT_TRUE(out.GetAttr("a").is_null());
  EXPECT_EQ(out.GetAttr("b").AsString(), "x");
}

TEST(Values, TagsRoundTrip) {
  const cty::Type map = cty::Type::Map(cty::Type::String());
  EXPECT_TRUE(TagsFromJson({{"tags", nlohmann::json::object()}}, cty::Value::Null(map)).is_null());
  cty::Value t = TagsFromJson({{"tags", {{"env", "dev"}}}}, cty::Value::Null(map));
  EXPECT_EQ(t.MapElements().at("env").AsString(), "dev");
  EXPECT_EQ(TagsToJson(t), (nlohmann::json{{"env", "dev"}}));
  EXPECT_EQ(TagsToJson(cty::Value::Null(map)), nlohmann::json::object());
  // An explicitly empty map stays empty (not null).
  cty::Value empty = cty::Value::Map(cty::Type::String(), {});
  EXPECT_FALSE(TagsFromJson({}, empty).is_null());
}

// Right after a child's delete ARM may refuse the parent's DELETE for nested
// resources: that answer is retried (paced, not a fixed sleep); a parent that
// keeps its children fails once the retry window has passed.
TEST(DeleteUntilGone, RetriesOnlyTheNestedResourcesConflict) {
  for (bool children_stay : {false, true}) {
    azure::FakeClock clock;
    auto transport = std::make_shared<azure::FakeTransport>();
    int deletes = 0;
    transport->SetHandler([&](const azure::HttpRequest& r) -> absl::StatusOr<azure::HttpResponse> {
      if (r.method == "DELETE") {
        if (children_stay || ++deletes < 3) {
          return azure::MakeJsonResponse(
              409, {{"error", {{"code", "CannotDeleteResource"},
                               {"message", "Can not delete resource before nested resources are deleted."}}}});
        }
        return azure::MakeResponse(200);
      }
      return azure::MakeJsonResponse(404, {{"error", {{"code", "NotFound"}, {"message", "gone"}}}});
    });
    azure::RetryOptions retry;
    retry.random = [] { return 0.0; };
    auto client = std::make_shared<azure::ArmClient>(
        azure::BuildPipeline({transport, nullptr, "", nullptr, "", retry}), azure::ArmClientOptions{});
    ArmAccess arm{client, azure::Context().WithClock(&clock).WithTimeout(absl::Hours(1))};
    auto id = azure::ResourceId::Parse(
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i");
    ASSERT_TRUE(id.ok());
    absl::Status s = DeleteUntilGone(arm, *id);
    if (children_stay) {
      EXPECT_TRUE(absl::IsAborted(s)) << s;
      EXPECT_NE(s.message().find("CannotDeleteResource"), std::string::npos) << s;
      absl::Duration waited;
      for (absl::Duration d : clock.sleeps()) waited += d;
      EXPECT_GE(waited, absl::Minutes(2));
      EXPECT_LE(waited, absl::Minutes(3));
    } else {
      EXPECT_TRUE(s.ok()) << s;
      EXPECT_EQ(deletes, 3);
      // DELETE, DELETE, DELETE, then one GET answering 404.
      ASSERT_EQ(transport->requests().size(), 4u);
      EXPECT_EQ(transport->requests().back().method, "GET");
    }
  }
}

}  // namespace
}  // namespace azbatch::resources::common
