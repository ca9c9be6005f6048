#include "resources/common/arm_id_validators.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"

namespace azbatch::resources::common {
namespace {

using cty::Value;
namespace fw = azbatch::framework;

const cty::Path kPath = cty::Path().Attr("source").Attr("id");

// The error details a validator gives for a string (empty when it passes).
std::vector<std::string> Errors(const fw::ValidatorPtr& v, const Value& value) {
  fw::Diagnostics d;
  v->Validate(fw::ValidatorRequest{kPath, value, Value(), Value()}, &d);
  std::vector<std::string> out;
  for (size_t i = 0; i < d.size(); ++i) {
    EXPECT_TRUE(d[i].attribute.has_value() && *d[i].attribute == kPath) << d[i].detail;
    out.push_back(d[i].detail);
  }
  return out;
}

std::vector<std::string> Errors(const fw::ValidatorPtr& v, const std::string& s) {
  return Errors(v, Value::String(s));
}

TEST(ArmIdValidatorsTest, ArmResourceIdMatchesTheTypeCaseInsensitively) {
  auto v = ArmResourceId("Microsoft.Compute/galleries/images");
  EXPECT_TRUE(Errors(v, "/subscriptions/0000/resourcegroups/rg/providers/microsoft.compute/"
                        "galleries/g1/Images/img")
                  .empty());
  for (const char* bad :
       {"/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/galleries/g1",
        "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Batch/galleries/g1/images/img",
        "/subscriptions/0000/resourceGroups//providers/Microsoft.Compute/galleries/g1/images/img"}) {
    std::vector<std::string> errors = Errors(v, bad);
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_NE(errors[0].find("must be an ARM resource id of type Microsoft.Compute/galleries/"
                             "images (/subscriptions/{subscriptionId}/resourceGroups/"
                             "{resourceGroupName}/providers/Microsoft.Compute/galleries/{name}/"
                             "images/{name})"),
              std::string::npos)
        << errors[0];
  }
  // Null and unknown are skipped.
  EXPECT_TRUE(Errors(v, Value::Null(cty::Type::String())).empty());
  EXPECT_TRUE(Errors(v, Value::Unknown(cty::Type::String())).empty());
}

TEST(ArmIdValidatorsTest, ArmResourceIdOneOfAcceptsEachType) {
  const std::string prefix = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/";
  auto v = ArmResourceIdOneOf({"Microsoft.Compute/snapshots", "Microsoft.Compute/disks"});
  EXPECT_EQ(v->Description(),
            "an ARM resource id of type Microsoft.Compute/snapshots or Microsoft.Compute/disks");
  EXPECT_TRUE(Errors(v, prefix + "snapshots/s").empty());
  EXPECT_TRUE(Errors(v, prefix + "Disks/d").empty());
  std::vector<std::string> errors = Errors(v, prefix + "images/i");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "Attribute source.id must be an ARM resource id of type Microsoft.Compute/snapshots or "
            "Microsoft.Compute/disks (/subscriptions/{subscriptionId}/resourceGroups/"
            "{resourceGroupName}/providers/Microsoft.Compute/snapshots/{name} or "
            "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/"
            "Microsoft.Compute/disks/{name}), got \"" + prefix + "images/i\"");
  // A description replaces the generated one, in the docs and in the error.
  auto named = ArmResourceIdOneOf({"Microsoft.Compute/snapshots"}, "a snapshot id");
  EXPECT_EQ(named->Description(), "a snapshot id");
  errors = Errors(named, prefix + "disks/d");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("Attribute source.id must be a snapshot id (", 0), 0u);
}

TEST(ArmIdValidatorsTest, UniqueKeysReportsEachRepeatAtItsKey) {
  auto lower = [](std::string_view s) { return absl::AsciiStrToLower(std::string(s)); };
  auto v = UniqueKeys("name", lower, "Duplicate thing", "thing");
  EXPECT_EQ(v->Description(), "");
  auto item = [](const char* name) {
    return Value::Object({{"name", name ? Value::String(name) : Value::Null(cty::Type::String())}});
  };
  const cty::Type t = item("a").type();
  Value list = Value::List(t, {item("a"), item(nullptr), item("B"), item("A"), item("b")});
  fw::Diagnostics d;
  v->Validate(fw::ValidatorRequest{kPath, list, Value(), Value()}, &d);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].summary, "Duplicate thing");
  EXPECT_EQ(d[0].detail, "thing \"A\" is listed more than once");
  EXPECT_EQ(*d[0].attribute, kPath.Index(3).Attr("name"));
  EXPECT_EQ(*d[1].attribute, kPath.Index(4).Attr("name"));
  fw::Diagnostics none;
  v->Validate(fw::ValidatorRequest{kPath, Value::Null(list.type()), Value(), Value()}, &none);
  EXPECT_TRUE(none.empty());
}

TEST(ArmIdValidatorsTest, ResourceGroupNameRule) {
  // Unicode letters and digits are letters and digits to Azure.
  for (const char* good : {"rg", "grüße", "grüße(test)", "my-images_1.0", "日本語", "Ωmega",
                           "(x)", "x\u203Fy"}) {
    EXPECT_EQ(ResourceGroupNameError(good), "") << good;
  }
  EXPECT_EQ(ResourceGroupNameError(std::string(90, 'a')), "");
  struct Bad {
    std::string name;
    std::string says;
  };
  for (const Bad& bad : std::vector<Bad>{{"my images", "contains a space (U+0020)"},
                                         {"a#b", "contains '#' (U+0023)"},
                                         {"a?b", "contains '?' (U+003F)"},
                                         {"50%", "contains '%' (U+0025)"},
                                         {"a/b", "contains '/' (U+002F)"},
                                         {"tab\there", "contains U+0009"},
                                         {"nbsp\u00A0x", "contains U+00A0"},
                                         {"dash\u2014x", "contains '\u2014' (U+2014)"},
                                         {"ideographic\u3000space", "contains U+3000"},
                                         {"rg.", "ends with '.'"},
                                         {"", "is empty"},
                                         {std::string(91, 'a'), "91 characters long"},
                                         {"bad\xC3", "not valid UTF-8"}}) {
    std::string error = ResourceGroupNameError(bad.name);
    EXPECT_NE(error.find(bad.says), std::string::npos) << bad.name << ": " << error;
  }
  EXPECT_TRUE(Errors(ResourceGroupName(), "grüße").empty());
  std::vector<std::string> errors = Errors(ResourceGroupName(), "my images");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("\"my images\": it contains a space (U+0020)"), std::string::npos)
      << errors[0];
}

TEST(ArmIdValidatorsTest, ArmResourceIdRefusesResourceGroupsAzureRefuses) {
  auto v = ArmResourceId("Microsoft.Compute/galleries/images/versions");
  EXPECT_TRUE(Errors(v, "/subscriptions/0000/resourceGroups/grüße/providers/"
                        "Microsoft.Compute/galleries/g/images/i/versions/1.0.0")
                  .empty());
  std::vector<std::string> errors = Errors(v, "/subscriptions/0000/resourceGroups/my images/"
                                              "providers/Microsoft.Compute/galleries/g/images/"
                                              "i/versions/1.0.0");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("resource group segment \"my images\", which Azure refuses: it "
                           "contains a space"),
            std::string::npos)
      << errors[0];
  EXPECT_EQ(ArmIdResourceGroupError("/subscriptions/s/resourcegroups/a#b/x"),
            "has the resource group segment \"a#b\", which Azure refuses: it contains '#' "
            "(U+0023); resource group names allow 1 to 90 letters, digits, '_', '-', '.', '(' "
            "and ')', and cannot end with '.'");
  EXPECT_EQ(ArmIdResourceGroupError("/subscriptions/s/providers/Microsoft.Batch"), "");
}

}  // namespace
}  // namespace azbatch::resources::common
