#include "resources/pool_sizing/pool_sizing_data_source.h"

#include "gtest/gtest.h"
#include "provider/framework/server.h"

namespace azbatch::resources::pool_sizing {
namespace {

using cty::Value;

class PoolSizingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto p = std::make_unique<framework::Provider>("azbatch", "test");
    ASSERT_TRUE(p->AddDataSource(NewPoolSizingDataSource).ok());
    server_ = std::make_unique<framework::Server>(std::move(p));
    type_ = *server_->DataSourceType(kTypeName);
  }
  Value Config(Value dedicated, Value low = Value(), Value per = Value()) {
    std::map<std::string, Value> attrs = {{"target_dedicated_nodes", dedicated}};
    if (!low.is_null()) attrs["target_low_priority_nodes"] = low;
    if (!per.is_null()) attrs["vms_per_replica"] = per;
    return Value::ObjectOf(type_, attrs);
  }
  framework::ReadDataSourceResponse Read(const Value& config) {
    return server_->ReadDataSource({kTypeName, config, {}});
  }

  std::unique_ptr<framework::Server> server_;
  cty::Type type_;
};

TEST_F(PoolSizingTest, ComputesOutputsWithDefaults) {
  auto resp = Read(Config(Value::Int(4000), Value::Int(500)));
  ASSERT_FALSE(resp.diagnostics.HasError()) << resp.diagnostics.ToString();
  const Value& s = resp.state;
  EXPECT_TRUE(s.IsWhollyKnown());
  EXPECT_EQ(s.GetAttr("total_nodes"), Value::Int(4500));
  EXPECT_EQ(s.GetAttr("vms_per_replica"), Value::Int(300));
  EXPECT_EQ(s.GetAttr("min_replicas_per_region"), Value::Int(15));
  EXPECT_EQ(s.GetAttr("recommended_resize_timeout"), Value::String("PT1H15M"));
  EXPECT_FALSE(s.GetAttr("id").AsString().empty());
}

TEST_F(PoolSizingTest, ZeroNodesStillNeedsOneReplica) {
  auto resp = Read(Config(Value::Int(0)));
  ASSERT_FALSE(resp.diagnostics.HasError()) << resp.diagnostics.ToString();
  EXPECT_EQ(resp.state.GetAttr("target_low_priority_nodes"), Value::Int(0));
  EXPECT_EQ(resp.state.GetAttr("min_replicas_per_region"), Value::Int(1));
  EXPECT_EQ(resp.state.GetAttr("recommended_resize_timeout"), Value::String("PT15M"));
}

TEST_F(PoolSizingTest, CustomVmsPerReplica) {
  auto resp = Read(Config(Value::Int(1000), Value(), Value::Int(600)));
  ASSERT_FALSE(resp.diagnostics.HasError()) << resp.diagnostics.ToString();
  EXPECT_EQ(resp.state.GetAttr("min_replicas_per_region"), Value::Int(2));
}

TEST_F(PoolSizingTest, NegativeInputNamesThePath) {
  auto resp = Read(Config(Value::Int(-3)));
  ASSERT_TRUE(resp.diagnostics.HasError());
  const cty::Path path = cty::Path().Attr("target_dedicated_nodes");
  ASSERT_TRUE(resp.diagnostics.HasPath(path)) << resp.diagnostics.ToString();
  EXPECT_NE(resp.diagnostics.ToString().find(
                "target_dedicated_nodes must be a whole number \xe2\x89\xa5 0, got -3"),
            std::string::npos)
      << resp.diagnostics.ToString();

  framework::ValidateDataSourceConfigRequest vreq{
      kTypeName, Config(Value::Int(1), Value::Num(*cty::Number::Parse("1.5")), Value::Int(0))};
  auto v = server_->ValidateDataSourceConfig(vreq);
  EXPECT_TRUE(v.diagnostics.HasPath(cty::Path().Attr("target_low_priority_nodes")))
      << v.diagnostics.ToString();
  EXPECT_TRUE(v.diagnostics.HasPath(cty::Path().Attr("vms_per_replica")));
}

TEST_F(PoolSizingTest, UnknownInputsPassValidation) {
  framework::ValidateDataSourceConfigRequest vreq{
      kTypeName, Config(Value::Unknown(cty::Type::Number()), Value::Int(2))};
  auto v = server_->ValidateDataSourceConfig(vreq);
  EXPECT_TRUE(v.diagnostics.empty()) << v.diagnostics.ToString();
}

}  // namespace
}  // namespace azbatch::resources::pool_sizing
