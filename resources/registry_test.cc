#include "resources/registry.h"

#include "gtest/gtest.h"
#include "provider/framework/server.h"

namespace azbatch::resources {
namespace {

TEST(RegistryTest, RegistersEverythingWithValidSchemas) {
  framework::Provider p(kProviderTypeName, "0.0.1");
  ASSERT_TRUE(RegisterAll(&p).ok());
  EXPECT_EQ(p.data_sources().count("azbatch_pool_sizing"), 1u);
  EXPECT_EQ(p.data_sources().count("azbatch_vm_sizes"), 1u);
  EXPECT_EQ(p.functions().count("min_replicas"), 1u);
  EXPECT_EQ(p.functions().count("parse_resource_id"), 1u);
  // Registering twice is refused.
  EXPECT_FALSE(RegisterAll(&p).ok());
}

TEST(RegistryTest, ProviderServesSchemasAndConfigures) {
  framework::Server server(NewAzbatchProvider("1.2.3"));
  EXPECT_EQ(server.provider().version(), "1.2.3");
  auto schemas = server.GetProviderSchema();
  EXPECT_TRUE(schemas.diagnostics.empty()) << schemas.diagnostics.ToString();
  EXPECT_NE(schemas.provider.block.FindAttribute("preflight"), nullptr);
  EXPECT_EQ(schemas.data_source_schemas.count("azbatch_pool_sizing"), 1u);
  EXPECT_EQ(schemas.functions.size(), 2u);

  // A subscription only known at apply: configuring succeeds without contacting Azure.
  cty::Value config = schemas.provider.block.EmptyValue()
                          .WithAttr("preflight", cty::Value::Bool(false))
                          .WithAttr("subscription_id", cty::Value::Unknown(cty::Type::String()));
  auto configured = server.ConfigureProvider({"1.13.0", config, {}});
  EXPECT_FALSE(configured.diagnostics.HasError());
}

}  // namespace
}  // namespace azbatch::resources
