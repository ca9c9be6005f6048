#include "resources/functions/functions.h"

#include "gtest/gtest.h"
#include "provider/framework/server.h"

namespace azbatch::resources::functions {
namespace {

using cty::Value;

class FunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = std::make_unique<framework::Provider>("azbatch", "test");
    ASSERT_TRUE(p->AddFunction(NewMinReplicasFunction).ok());
    ASSERT_TRUE(p->AddFunction(NewParseResourceIdFunction).ok());
    server_ = std::make_unique<framework::Server>(std::move(p));
  }
  std::unique_ptr<framework::Server> server_;
};

TEST_F(FunctionsTest, MinReplicas) {
  auto r = server_->CallFunction({"min_replicas", {Value::Int(601)}});
  ASSERT_FALSE(r.error.has_value()) << r.error->text;
  EXPECT_EQ(r.result, Value::Int(3));
  r = server_->CallFunction({"min_replicas", {Value::Int(0)}});
  EXPECT_EQ(r.result, Value::Int(1));
}

TEST_F(FunctionsTest, MinReplicasRejectsNegative) {
  auto r = server_->CallFunction({"min_replicas", {Value::Int(-1)}});
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->function_argument, 0);
  EXPECT_NE(r.error->text.find("nodes must be a whole number"), std::string::npos) << r.error->text;
}

TEST_F(FunctionsTest, ParseResourceId) {
  auto r = server_->CallFunction(
      {"parse_resource_id",
       {Value::String("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/"
                      "g/images/i")}});
  ASSERT_FALSE(r.error.has_value()) << r.error->text;
  EXPECT_EQ(r.result.type(), ParseResourceIdFunction::ReturnType());
  EXPECT_EQ(r.result.GetAttr("resource_type"), Value::String("galleries/images"));
  EXPECT_EQ(r.result.GetAttr("name"), Value::String("i"));
  EXPECT_EQ(r.result.GetAttr("resource_group_name"), Value::String("rg"));
  EXPECT_EQ(r.result.GetAttr("names").Length(), 2u);
}

TEST_F(FunctionsTest, ParseResourceIdErrorNamesArgumentZero) {
  auto r = server_->CallFunction({"parse_resource_id", {Value::String("/not/an/id")}});
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->function_argument, 0);
  EXPECT_NE(r.error->text.find("\"/not/an/id\" is not an ARM resource id: expected "
                               "/subscriptions/{id}/resourceGroups/{name}/providers/{namespace}/"
                               "{type}/{name}"),
            std::string::npos)
      << r.error->text;
}

}  // namespace
}  // namespace azbatch::resources::functions
