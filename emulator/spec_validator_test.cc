// Spec validation: request bodies against the official specs, and the
// emulator's responses against the response schemas.
#include "emulator/spec_validator.h"

#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

TEST(SpecValidatorTest, ValidatesRequestsAgainstOfficialSpecs) {
  SpecValidator v;
  ASSERT_TRUE(v.Load(DefaultSpecsDir()).ok());
  EXPECT_GE(v.file_count(), 9u);
  ASSERT_TRUE(v.HasDefinition("BatchManagement.json#/definitions/Pool"));
  json pool = {{"properties",
                {{"vmSize", "STANDARD_D2S_V3"},
                 {"deploymentConfiguration",
                  {{"virtualMachineConfiguration",
                    {{"imageReference", {{"id", "/subscriptions/x"}}},
                     {"nodeAgentSkuId", "batch.node.ubuntu 22.04"}}}}},
                 {"provisioningState", "Whatever"}}}};  // read-only: ignored in requests
  EXPECT_TRUE(v.Validate("BatchManagement.json#/definitions/Pool", pool, true).empty());
  EXPECT_FALSE(v.Validate("BatchManagement.json#/definitions/Pool", pool, false).empty());

  pool["properties"]["interNodeCommunication"] = "Sometimes";
  pool["properties"]["taskSlotsPerNode"] = "four";
  pool["properties"]["deploymentConfiguration"]["virtualMachineConfiguration"].erase(
      "nodeAgentSkuId");
  pool["properties"].erase("provisioningState");
  auto issues = v.Validate("BatchManagement.json#/definitions/Pool", pool, true);
  std::set<std::string> paths;
  for (const auto& i : issues) paths.insert(i.path);
  EXPECT_TRUE(paths.count("properties.interNodeCommunication"));
  EXPECT_TRUE(paths.count("properties.taskSlotsPerNode"));
  EXPECT_TRUE(paths.count(
      "properties.deploymentConfiguration.virtualMachineConfiguration.nodeAgentSkuId"));

  // Cross-file $ref (TrackedResource in common-types) makes location required.
  auto gallery = v.Validate("GalleryRP.json#/definitions/Gallery", json::object(), true);
  ASSERT_EQ(gallery.size(), 1u);
  EXPECT_EQ(gallery[0].path, "location");
  // Case-insensitive enums, as ARM accepts them.
  json image = {{"location", "westus"},
                {"properties", {{"osType", "linux"}, {"osState", "generalized"},
                                {"identifier", {{"publisher", "p"}, {"offer", "o"}, {"sku", "s"}}}}}};
  EXPECT_TRUE(v.Validate("GalleryRP.json#/definitions/GalleryImage", image, true).empty());
}

class ResponseSchemaTest : public EmulatorTest {};

TEST_F(ResponseSchemaTest, EmulatorResponsesMatchResponseSchemas) {
  SpecValidator v;
  ASSERT_TRUE(v.Load(DefaultSpecsDir()).ok());
  CreateResourceGroup("rg");
  std::string g = Rg("rg") + "/providers/Microsoft.Compute/galleries/gal";
  std::string snap = Rg("rg") + "/providers/Microsoft.Compute/snapshots/s";
  std::string img = Rg("rg") + "/providers/Microsoft.Compute/images/img";
  std::string acct = Rg("rg") + "/providers/Microsoft.Batch/batchAccounts/acct";
  Seed(json::array({{{"id", snap}, {"location", "westus"}}}));
  ASSERT_EQ(Call("PUT", g + "?api-version=2025-03-03", {{"location", "westus"}}).status, 201);
  ASSERT_EQ(Call("PUT", g + "/images/def?api-version=2025-03-03",
                 {{"location", "westus"},
                  {"properties", {{"osType", "Linux"}, {"osState", "Generalized"},
                                  {"identifier", {{"publisher", "p"}, {"offer", "o"}, {"sku", "s"}}}}}})
                .status, 201);
  ASSERT_EQ(Call("PUT", img + "?api-version=2025-04-01",
                 {{"location", "westus"},
                  {"properties", {{"storageProfile", {{"osDisk", {{"osType", "Linux"}, {"osState", "Generalized"},
                                                                  {"snapshot", {{"id", snap}}}}}}}}}})
                .status, 201);
  Advance(40);
  ASSERT_EQ(Call("PUT", g + "/images/def/versions/1.0.0?api-version=2025-03-03",
                 {{"location", "westus"},
                  {"properties", {{"storageProfile", {{"source", {{"id", img}}}}}}}})
                .status, 201);
  ASSERT_EQ(Call("PUT", acct + "?api-version=2025-06-01", {{"location", "westus"}}).status, 202);
  Advance(200);
  std::string version = g + "/images/def/versions/1.0.0";
  ASSERT_EQ(Call("PUT", acct + "/pools/p?api-version=2025-06-01",
                 {{"properties",
                   {{"vmSize", "STANDARD_D2S_V3"},
                    {"deploymentConfiguration",
                     {{"virtualMachineConfiguration",
                       {{"imageReference", {{"id", version}}},
                        {"nodeAgentSkuId", "batch.node.ubuntu 22.04"}}}}},
                    {"scaleSettings", {{"fixedScale", {{"targetDedicatedNodes", 1}}}}}}}})
                .status, 200);
  struct Case {
    std::string url, schema;
  } cases[] = {
      {Rg("rg") + "?api-version=2025-04-01", "resources.json#/definitions/ResourceGroup"},
      {g + "?api-version=2025-03-03", "GalleryRP.json#/definitions/Gallery"},
      {g + "/images/def?api-version=2025-03-03", "GalleryRP.json#/definitions/GalleryImage"},
      {version + "?api-version=2025-03-03&$expand=ReplicationStatus",
       "GalleryRP.json#/definitions/GalleryImageVersion"},
      {img + "?api-version=2025-04-01", "image.json#/definitions/Image"},
      {acct + "?api-version=2025-06-01", "BatchManagement.json#/definitions/BatchAccount"},
      {acct + "/pools/p?api-version=2025-06-01", "BatchManagement.json#/definitions/Pool"},
      {acct + "/pools?api-version=2025-06-01", "BatchManagement.json#/definitions/ListPoolsResult"},
  };
  for (const Case& c : cases) {
    Reply r = Call("GET", c.url);
    ASSERT_EQ(r.status, 200) << c.url << " " << r.body;
    auto issues = v.Validate(c.schema, r.json, false);
    for (const auto& i : issues) ADD_FAILURE() << c.schema << ": " << i.path << ": " << i.message;
  }
  Reply keys = Call("POST", acct + "/listKeys?api-version=2025-06-01");
  EXPECT_TRUE(v.Validate("BatchManagement.json#/definitions/BatchAccountKeys", keys.json, false).empty());
}

}  // namespace
}  // namespace azbatch::emulator::testing
