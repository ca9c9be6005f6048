// Microsoft.Compute: galleries, image definitions and versions, managed
// images and snapshots; LROs, replication, nested-resource and immutability rules.
#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

const char kV[] = "?api-version=2025-03-03";
const char kImageV[] = "?api-version=2025-04-01";

class ComputeTest : public EmulatorTest {
 protected:
  void SetUp() override {
    EmulatorTest::SetUp();
    CreateResourceGroup("rg");
  }
  static std::string Gallery(const std::string& g = "gal") {
    return Rg("rg") + "/providers/Microsoft.Compute/galleries/" + g;
  }
  static std::string Definition(const std::string& d = "def") { return Gallery() + "/images/" + d; }
  static std::string Version(const std::string& v = "1.0.0") {
    return Definition() + "/versions/" + v;
  }
  static std::string Snapshot(const std::string& s = "snap", const std::string& rg = "rg") {
    return Rg(rg) + "/providers/Microsoft.Compute/snapshots/" + s;
  }
  static std::string Image(const std::string& i = "img") {
    return Rg("rg") + "/providers/Microsoft.Compute/images/" + i;
  }
  static json DefinitionBody(const std::string& os = "Linux") {
    return {{"location", "westus"},
            {"properties",
             {{"osType", os},
              {"osState", "Generalized"},
              {"hyperVGeneration", "V2"},
              {"identifier", {{"publisher", "pub"}, {"offer", "off"}, {"sku", "sku"}}},
              {"features", json::array({{{"name", "SecurityType"},
                                         {"value", "TrustedLaunchSupported"}}})}}}};
  }
  void MakeGalleryAndDefinition() {
    ASSERT_EQ(Call("PUT", Gallery() + kV, {{"location", "westus"}}).status, 201);
    Reply d = Call("PUT", Definition() + kV, DefinitionBody());
    ASSERT_EQ(d.status, 201) << d.body;
  }
  void MakeImage(const std::string& location = "westus") {
    Seed(json::array({{{"id", Snapshot()},
                       {"location", location},
                       {"properties", {{"diskSizeGB", 64}, {"osType", "Linux"}}}}}));
    Reply img = Call("PUT", Image() + kImageV,
                     {{"location", location},
                      {"properties",
                       {{"storageProfile",
                         {{"osDisk",
                           {{"osType", "Linux"},
                            {"osState", "Generalized"},
                            {"snapshot", {{"id", Snapshot()}}}}}}}}}});
    ASSERT_EQ(img.status, 201) << img.body;
  }
  json VersionBody(const json& regions) {
    return {{"location", "westus"},
            {"properties",
             {{"publishingProfile", {{"targetRegions", regions}}},
              {"storageProfile", {{"source", {{"id", Image()}}}}}}}};
  }
};

TEST_F(ComputeTest, GalleryCreateIsLongRunning) {
  Reply put = Call("PUT", Gallery() + kV,
                   {{"location", "westus"}, {"properties", {{"description", "demo"}}}});
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(put.json["properties"]["provisioningState"], "Creating");
  EXPECT_EQ(put.json["properties"]["identifier"]["uniqueName"],
            "00000000-0000-0000-0000-0000000000bb-GAL");
  std::string op = put.Header("azure-asyncoperation");
  ASSERT_EQ(op.rfind(base_url() + std::string(kSub) +
                         "/providers/Microsoft.Compute/locations/westus/capsOperations/", 0),
            0u)
      << op;
  EXPECT_EQ(put.Header("retry-after"), "20");  // 20 emulated s at time scale 1
  Reply status = Call("GET", op);
  ASSERT_EQ(status.status, 200);
  EXPECT_EQ(status.json["status"], "InProgress");
  EXPECT_TRUE(status.json.contains("startTime"));
  Advance(25);
  Reply done = Call("GET", op);
  EXPECT_EQ(done.json["status"], "Succeeded");
  EXPECT_TRUE(done.json.contains("endTime"));
  EXPECT_EQ(Call("GET", Gallery() + kV).json["properties"]["provisioningState"], "Succeeded");
  Reply update = Call("PUT", Gallery() + kV,
                      {{"location", "westus"}, {"properties", {{"description", "new"}}}});
  EXPECT_EQ(update.status, 200);
  EXPECT_EQ(update.json["properties"]["provisioningState"], "Updating");
  Reply patch = Call("PATCH", Gallery() + kV, {{"properties", {{"description", "patched"}}}});
  EXPECT_EQ(patch.status, 200);
  EXPECT_EQ(patch.json["properties"]["description"], "patched");
  EXPECT_EQ(Call("GET", Rg("rg") + "/providers/Microsoft.Compute/galleries" + kV)
                .json["value"].size(), 1u);
  EXPECT_EQ(Call("GET", std::string(kSub) + "/providers/Microsoft.Compute/galleries" + kV)
                .json["value"].size(), 1u);
  Reply moved = Call("PUT", Gallery() + kV, {{"location", "eastus"}});
  EXPECT_EQ(moved.status, 409);
  EXPECT_EQ(moved.ErrorCode(), "InvalidResourceLocation");
}

TEST_F(ComputeTest, ImageToVersionReplicationProgressesPerRegion) {
  MakeGalleryAndDefinition();
  MakeImage();
  Reply image = Call("GET", Image() + kImageV);
  EXPECT_EQ(image.json["properties"]["storageProfile"]["osDisk"]["diskSizeGB"], 64);
  Advance(40);
  Reply put = Call("PUT", Version() + kV,
                   VersionBody(json::array({{{"name", "westus"}, {"regionalReplicaCount", 1}},
                                            {{"name", "East US"}, {"regionalReplicaCount", 3}}})));
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(put.json["properties"]["provisioningState"], "Creating");
  EXPECT_FALSE(put.json["properties"].contains("replicationStatus"));
  const json& regions = put.json["properties"]["publishingProfile"]["targetRegions"];
  EXPECT_EQ(regions[0]["name"], "West US");
  EXPECT_EQ(regions[1]["storageAccountType"], "Standard_LRS");
  EXPECT_EQ(put.json["properties"]["storageProfile"]["osDiskImage"]["sizeInGB"], 64);
  std::string op = put.Header("azure-asyncoperation");
  Advance(90);  // West US (60+20) done, East US (start+5, 60+60) still running
  Reply mid = Call("GET", Version() + kV + std::string("&$expand=ReplicationStatus"));
  const json& rs = mid.json["properties"]["replicationStatus"];
  EXPECT_EQ(rs["aggregatedState"], "InProgress");
  EXPECT_EQ(rs["summary"][0]["state"], "Completed");
  EXPECT_EQ(rs["summary"][1]["state"], "Replicating");
  int progress = rs["summary"][1]["progress"];
  EXPECT_GT(progress, 0);
  EXPECT_LT(progress, 100);
  EXPECT_EQ(mid.json["properties"]["provisioningState"], "Creating");
  EXPECT_EQ(Call("GET", op).json["status"], "InProgress");
  Advance(60);
  Reply done = Call("GET", Version() + kV + std::string("&$expand=replicationstatus"));
  EXPECT_EQ(done.json["properties"]["provisioningState"], "Succeeded");
  EXPECT_EQ(done.json["properties"]["replicationStatus"]["aggregatedState"], "Completed");
  EXPECT_EQ(Call("GET", op).json["status"], "Succeeded");
  EXPECT_EQ(Call("GET", Definition() + "/versions" + kV).json["value"].size(), 1u);
}

TEST_F(ComputeTest, NestedRulesAndDeleteWindow) {
  Reply orphan = Call("PUT", Definition() + kV, DefinitionBody());
  EXPECT_EQ(orphan.status, 404);
  EXPECT_EQ(orphan.ErrorCode(), "ParentResourceNotFound");
  MakeGalleryAndDefinition();
  Advance(30);
  Reply refused = Call("DELETE", Gallery() + kV);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(refused.ErrorCode(), "CannotDeleteResource");
  Reply del = Call("DELETE", Definition() + kV);
  ASSERT_EQ(del.status, 202);
  std::string location = del.Header("location");
  EXPECT_NE(location.find("monitor=true"), std::string::npos);
  EXPECT_FALSE(del.Header("azure-asyncoperation").empty());
  Reply deleting = Call("GET", Definition() + kV);
  EXPECT_EQ(deleting.status, 200);
  EXPECT_EQ(deleting.json["properties"]["provisioningState"], "Deleting");
  EXPECT_EQ(Call("GET", location).status, 202);
  Advance(16);
  EXPECT_EQ(Call("GET", location).status, 200);
  EXPECT_EQ(Call("GET", Definition() + kV).ErrorCode(), "ResourceNotFound");
  // ARM's cache still lists the child for a short while.
  EXPECT_EQ(Call("DELETE", Gallery() + kV).ErrorCode(), "CannotDeleteResource");
  Advance(20);
  EXPECT_EQ(Call("DELETE", Gallery() + kV).status, 202);
  EXPECT_EQ(Call("DELETE", Image() + kImageV).status, 204);  // absent: 204
}

TEST_F(ComputeTest, NameRules) {
  Reply gallery = Call("PUT", Gallery("bad-name") + kV, {{"location", "westus"}});
  EXPECT_EQ(gallery.status, 400);
  EXPECT_EQ(gallery.ErrorCode(), "InvalidParameter");
  EXPECT_EQ(gallery.json["error"]["target"], "galleryName");
  EXPECT_EQ(Call("PUT", Gallery(".lead") + kV, {{"location", "westus"}}).status, 400);
  MakeGalleryAndDefinition();
  EXPECT_EQ(Call("PUT", Version("1.0") + kV, VersionBody(json::array())).ErrorCode(),
            "InvalidParameter");
  EXPECT_EQ(Call("PUT", Version("1.0.99999999999") + kV, VersionBody(json::array())).status, 400);
  EXPECT_EQ(Call("PUT", Definition("-x") + kV, DefinitionBody()).status, 400);
}

TEST_F(ComputeTest, ImmutablePropertiesAreRefused) {
  MakeGalleryAndDefinition();
  Advance(30);
  Reply os = Call("PUT", Definition() + kV, DefinitionBody("Windows"));
  EXPECT_EQ(os.status, 409);
  EXPECT_EQ(os.ErrorCode(), "PropertyChangeNotAllowed");
  EXPECT_EQ(os.json["error"]["target"], "osType");
  json feature = DefinitionBody();
  feature["properties"]["features"][0]["value"] = "TrustedLaunch";
  EXPECT_EQ(Call("PUT", Definition() + kV, feature).json["error"]["target"], "SecurityType");
  json described = DefinitionBody();
  described["properties"]["description"] = "ok to change";
  EXPECT_EQ(Call("PUT", Definition() + kV, described).status, 200);

  MakeImage();
  Advance(40);
  ASSERT_EQ(Call("PUT", Version() + kV, VersionBody(json::array({{{"name", "westus"}}}))).status,
            201);
  Advance(200);
  json changed = VersionBody(json::array({{{"name", "westus"}}}));
  changed["properties"]["storageProfile"]["source"]["id"] = Image("other");
  Reply src = Call("PUT", Version() + kV, changed);
  EXPECT_EQ(src.ErrorCode(), "PropertyChangeNotAllowed");
  json sat = VersionBody(json::array({{{"name", "westus"}, {"storageAccountType", "Premium_LRS"}}}));
  EXPECT_EQ(Call("PUT", Version() + kV, sat).ErrorCode(), "PropertyChangeNotAllowed");
  // Adding a region is allowed and replicates again.
  Reply more = Call("PUT", Version() + kV,
                    VersionBody(json::array({{{"name", "westus"}}, {{"name", "eastus"}}})));
  ASSERT_EQ(more.status, 200) << more.body;
  EXPECT_EQ(more.json["properties"]["provisioningState"], "Updating");
}

TEST_F(ComputeTest, SourceAndRegionRules) {
  MakeGalleryAndDefinition();
  Reply missing = Call("PUT", Version() + kV, VersionBody(json::array({{{"name", "westus"}}})));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.ErrorCode(), "NotFound");
  Seed(json::array({{{"id", Snapshot("far")}, {"location", "eastus"}}}));
  Reply far = Call("PUT", Image("farimg") + kImageV,
                   {{"location", "westus"},
                    {"properties", {{"storageProfile", {{"osDisk", {{"osType", "Linux"},
                                                                    {"osState", "Generalized"},
                                                                    {"snapshot", {{"id", Snapshot("far")}}}}}}}}}});
  EXPECT_EQ(far.status, 400);
  EXPECT_EQ(far.ErrorCode(), "InvalidParameter");
  Reply nosnap = Call("PUT", Image("x") + kImageV,
                      {{"location", "westus"},
                       {"properties", {{"storageProfile", {{"osDisk", {{"osType", "Linux"},
                                                                       {"osState", "Generalized"},
                                                                       {"snapshot", {{"id", Snapshot("nope")}}}}}}}}}});
  EXPECT_EQ(nosnap.status, 404);
  MakeImage();
  Reply wrong_regions = Call("PUT", Version() + kV, VersionBody(json::array({{{"name", "eastus"}}})));
  EXPECT_EQ(wrong_regions.status, 400);
  EXPECT_EQ(wrong_regions.json["error"]["target"], "properties.publishingProfile.targetRegions");
  json other_location = VersionBody(json::array({{{"name", "eastus"}}}));
  other_location["location"] = "eastus";
  EXPECT_EQ(Call("PUT", Version() + kV, other_location).json["error"]["target"], "location");
  Reply schema = Call("PUT", Version() + kV, {{"location", "westus"}, {"properties", json::object()}});
  EXPECT_EQ(schema.status, 400);
  EXPECT_EQ(schema.json["error"]["target"], "properties.storageProfile");
}

TEST_F(ComputeTest, VersionPatchUpdatesTargetRegions) {
  MakeGalleryAndDefinition();
  MakeImage();
  Advance(40);
  ASSERT_EQ(Call("PUT", Version() + kV, VersionBody(json::array({{{"name", "westus"}}}))).status, 201);
  Advance(200);
  Reply patch = Call("PATCH", Version() + kV,
                     {{"properties", {{"publishingProfile",
                                       {{"targetRegions", json::array({{{"name", "westus"}},
                                                                       {{"name", "westeurope"}, {"regionalReplicaCount", 2}}})},
                                        {"endOfLifeDate", "2030-01-01T00:00:00Z"}}}}}});
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(patch.json["properties"]["provisioningState"], "Updating");
  EXPECT_FALSE(patch.Header("azure-asyncoperation").empty());
  // The storage profile survives a PATCH that does not mention it.
  EXPECT_EQ(patch.json["properties"]["storageProfile"]["source"]["id"], Image());
  Reply mid = Call("GET", Version() + kV + std::string("&$expand=ReplicationStatus"));
  const json& summary = mid.json["properties"]["replicationStatus"]["summary"];
  ASSERT_EQ(summary.size(), 2u);
  EXPECT_EQ(summary[0]["state"], "Completed");  // existing region keeps its replicas
  EXPECT_EQ(summary[1]["region"], "West Europe");
  EXPECT_EQ(summary[1]["state"], "Replicating");
  Advance(200);
  EXPECT_EQ(Call("GET", Version() + kV).json["properties"]["provisioningState"], "Succeeded");
  EXPECT_EQ(Call("PATCH", Version("9.9.9") + kV, json::object()).ErrorCode(), "ResourceNotFound");
  Reply nulled = Call("PATCH", Definition() + kV, {{"properties", {{"osType", nullptr}}}});
  EXPECT_EQ(nulled.status, 400);
  EXPECT_EQ(nulled.json["error"]["target"], "properties.osType");
}

TEST_F(ComputeTest, PatchIsAMergePatchWhereNullRemoves) {
  MakeGalleryAndDefinition();
  Advance(60);
  Reply set = Call("PATCH", Definition() + kV,
                   {{"properties",
                     {{"endOfLifeDate", "2030-01-01T00:00:00Z"},
                      {"description", "d"},
                      {"recommended", {{"vCPUs", {{"min", 2}, {"max", 16}}}}}}}});
  ASSERT_EQ(set.status, 200) << set.body;
  Advance(60);
  Reply cleared = Call("PATCH", Definition() + kV,
                       {{"properties",
                         {{"endOfLifeDate", nullptr},
                          {"description", nullptr},
                          {"recommended", {{"vCPUs", {{"min", nullptr}, {"max", 16}}}}}}}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  Advance(60);
  const json props = Call("GET", Definition() + kV).json["properties"];
  EXPECT_FALSE(props.contains("endOfLifeDate")) << props.dump();
  EXPECT_FALSE(props.contains("description")) << props.dump();
  EXPECT_EQ(props["recommended"], (json{{"vCPUs", {{"max", 16}}}}));
  EXPECT_EQ(props["identifier"]["sku"], "sku");  // untouched properties stay
}

TEST_F(ComputeTest, GallerySharingIsRecorded) {
  ASSERT_EQ(Call("PUT", Gallery() + kV,
                 {{"location", "westus"},
                  {"properties",
                   {{"sharingProfile",
                     {{"permissions", "Community"},
                      {"communityGalleryInfo",
                       {{"publisherUri", "https://contoso.example"},
                        {"publisherContact", "images@contoso.example"},
                        {"eula", "https://contoso.example/eula"},
                        {"publicNamePrefix", "contoso"}}}}}}}})
                .status,
            201);
  Advance(60);
  const std::string share = Gallery() + "/share" + kV;
  Reply enable = Call("POST", share, {{"operationType", "EnableCommunity"}});
  ASSERT_EQ(enable.status, 202) << enable.body;
  json sp = Call("GET", Gallery() + kV).json["properties"]["sharingProfile"];
  EXPECT_EQ(sp["permissions"], "Community");
  EXPECT_EQ(sp["communityGalleryInfo"]["communityGalleryEnabled"], true);
  EXPECT_EQ(sp["communityGalleryInfo"]["publicNames"],
            json::array({"contoso-00000000-0000-0000-0000-0000000000bb"}));
  EXPECT_EQ(sp["communityGalleryInfo"]["publisherContact"], "images@contoso.example");

  // Groups: added and removed ids are kept, shown only with the expand.
  ASSERT_EQ(Call("POST", share,
                 {{"operationType", "Add"},
                  {"groups", json::array({{{"type", "Subscriptions"}, {"ids", {"s1", "s2"}}},
                                          {{"type", "AADTenants"}, {"ids", {"t1"}}}})}})
                .status,
            202);
  ASSERT_EQ(Call("POST", share,
                 {{"operationType", "Remove"},
                  {"groups", json::array({{{"type", "Subscriptions"}, {"ids", {"s1"}}}})}})
                .status,
            202);
  sp = Call("GET", Gallery() + kV + std::string("&$expand=SharingProfile/Groups"))
           .json["properties"]["sharingProfile"];
  EXPECT_EQ(sp["permissions"], "Groups");
  EXPECT_EQ(sp["groups"], (json::array({{{"type", "Subscriptions"}, {"ids", {"s2"}}},
                                        {{"type", "AADTenants"}, {"ids", {"t1"}}}})));
  EXPECT_FALSE(Call("GET", Gallery() + kV).json["properties"]["sharingProfile"].contains("groups"));

  ASSERT_EQ(Call("POST", share, {{"operationType", "Reset"}}).status, 202);
  sp = Call("GET", Gallery() + kV + std::string("&$expand=SharingProfile/Groups"))
           .json["properties"]["sharingProfile"];
  EXPECT_EQ(sp["permissions"], "Private");
  EXPECT_FALSE(sp.contains("groups"));
  EXPECT_EQ(sp["communityGalleryInfo"]["communityGalleryEnabled"], false);

  Reply bad = Call("POST", share, {{"operationType", "Publish"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json["error"]["target"], "operationType");
}

TEST_F(ComputeTest, InjectedLroFailure) {
  Configure({{"faults", {{"lro_failure_rate", 1.0}, {"seed", 7}}}});
  Reply put = Call("PUT", Gallery() + kV, {{"location", "westus"}});
  ASSERT_EQ(put.status, 201);
  Advance(30);
  Reply op = Call("GET", put.Header("azure-asyncoperation"));
  EXPECT_EQ(op.json["status"], "Failed");
  EXPECT_EQ(op.json["error"]["code"], "InternalOperationError");
  EXPECT_EQ(Call("GET", Gallery() + kV).json["properties"]["provisioningState"], "Failed");
}

}  // namespace
}  // namespace azbatch::emulator::testing
