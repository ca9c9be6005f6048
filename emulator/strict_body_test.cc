// Strict request bodies: undeclared members, nulls, types, enums, formats and
// read-only members, refused (or ignored) with each resource provider's own
// error shape and the JSON path. Part one drives the emulator over HTTP with
// the official specs; part two runs the validator on a small synthetic spec.
#include <filesystem>
#include <fstream>

#include "emulator/spec_validator.h"
#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

constexpr char kGalV[] = "?api-version=2025-03-03";
constexpr char kImgV[] = "?api-version=2025-04-01";
constexpr char kBatchV[] = "?api-version=2025-06-01";
constexpr char kRgV[] = "?api-version=2025-04-01";

class StrictBodyTest : public EmulatorTest {
 protected:
  std::string Gallery() { return Rg("rg") + "/providers/Microsoft.Compute/galleries/gal"; }
  std::string Definition() { return Gallery() + "/images/def"; }
  std::string Account() { return Rg("rg") + "/providers/Microsoft.Batch/batchAccounts/acct"; }
  json DefinitionBody() {
    return {{"location", "westus"},
            {"properties", {{"osType", "Linux"}, {"osState", "Generalized"},
                            {"identifier", {{"publisher", "p"}, {"offer", "o"}, {"sku", "s"}}}}}};
  }
  json PoolBody() {
    return {{"properties",
             {{"vmSize", "STANDARD_D2S_V3"},
              {"deploymentConfiguration",
               {{"virtualMachineConfiguration",
                 {{"imageReference", {{"id", Definition() + "/versions/1.0.0"}}},
                  {"nodeAgentSkuId", "batch.node.ubuntu 22.04"}}}}}}}};
  }
  // Compute's deserialization failure: InvalidRequestFormat with the path.
  void ExpectComputeParseError(const Reply& r, const std::string& path,
                               const std::string& message_part) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.ErrorCode(), "InvalidRequestFormat") << r.body;
    EXPECT_EQ(r.json["error"]["message"], "Cannot parse the request.");
    EXPECT_EQ(r.json["error"]["target"], path) << r.body;
    bool found = false;
    for (const json& d : r.json["error"]["details"]) {
      if (d.value("target", "") == path) {
        found = true;
        EXPECT_NE(d.value("message", "").find(message_part), std::string::npos) << d.dump();
        EXPECT_NE(d.value("message", "").find("Path '" + path + "'"), std::string::npos);
      }
    }
    EXPECT_TRUE(found) << r.body;
  }
  // Batch: target "BatchAccount", the path in the PropertyPath/PropertyName detail.
  void ExpectBatchError(const Reply& r, const std::string& code, const std::string& path) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.ErrorCode(), code) << r.body;
    EXPECT_EQ(r.json["error"]["target"], "BatchAccount") << path << " " << r.body;
    if (!r.json["error"]["details"].is_array()) return;
    bool found = false;
    for (const json& d : r.json["error"]["details"]) {
      if ((d.value("code", "") == "PropertyPath" || d.value("code", "") == "PropertyName") &&
          d.value("message", "") == path) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << r.body;
  }
  void MakeAccount() {
    ASSERT_EQ(Call("PUT", Account() + kBatchV, {{"location", "westus"}}).status, 202);
    Advance(60);
  }
};

TEST_F(StrictBodyTest, ComputeRefusesWhatItCannotParse) {
  CreateResourceGroup("rg");
  json g = {{"location", "westus"}, {"properties", {{"descriptoin", "typo"}}}};
  ExpectComputeParseError(Call("PUT", Gallery() + kGalV, g), "properties.descriptoin",
                          "Could not find member 'descriptoin' on object of type 'GalleryProperties'");
  ExpectComputeParseError(Call("PUT", Gallery() + kGalV, {{"location", "westus"}, {"sku", "x"}}),
                          "sku", "Could not find member 'sku' on object of type 'Gallery'");
  // null is "not set" for a string; read-only members are ignored.
  Reply ok = Call("PUT", Gallery() + kGalV,
                  {{"location", "westus"},
                   {"properties", {{"description", nullptr}, {"provisioningState", "Bogus"}}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json["properties"]["provisioningState"], "Creating");
  Advance(60);
  ExpectComputeParseError(
      Call("PATCH", Gallery() + kGalV, {{"properties", {{"softDeletPolicy", json::object()}}}}),
      "properties.softDeletPolicy", "Could not find member 'softDeletPolicy'");

  json d = DefinitionBody();
  d["properties"]["osType"] = "Mac";
  ExpectComputeParseError(Call("PUT", Definition() + kGalV, d), "properties.osType",
                          "Error converting value \"Mac\"");
  d["properties"]["osType"] = nullptr;
  ExpectComputeParseError(Call("PUT", Definition() + kGalV, d), "properties.osType",
                          "Error converting value {null}");
  d = DefinitionBody();
  d["properties"]["identifier"]["publisher"] = 123;
  ExpectComputeParseError(Call("PUT", Definition() + kGalV, d), "properties.identifier.publisher",
                          "Error converting value 123 to type 'string'");
  d = DefinitionBody();
  d["properties"]["endOfLifeDate"] = "next year";
  ExpectComputeParseError(Call("PUT", Definition() + kGalV, d), "properties.endOfLifeDate",
                          "Could not convert string to DateTime");
  d = DefinitionBody();
  d["properties"]["identifier"]["version"] = "1";
  ExpectComputeParseError(Call("PUT", Definition() + kGalV, d), "properties.identifier.version",
                          "object of type 'GalleryImageIdentifier'");
  // Enums compare case-insensitively, as Compute's deserializer does.
  d = DefinitionBody();
  d["properties"]["osType"] = "linux";
  d["properties"]["endOfLifeDate"] = "2030-01-01T00:00:00Z";
  ASSERT_EQ(Call("PUT", Definition() + kGalV, d).status, 201);
  Advance(60);

  json v = {{"location", "westus"},
            {"properties",
             {{"publishingProfile",
               {{"targetRegions", json::array({{{"name", "westus"}, {"replicaCnt", 2}}})}}},
              {"storageProfile", {{"source", {{"id", Rg("rg") + "/providers/Microsoft.Compute/images/i"}}}}}}}};
  std::string version = Definition() + "/versions/1.0.0" + kGalV;
  ExpectComputeParseError(Call("PUT", version, v),
                          "properties.publishingProfile.targetRegions[0].replicaCnt",
                          "object of type 'TargetRegion'");
  v["properties"]["publishingProfile"]["targetRegions"][0].erase("replicaCnt");
  v["properties"]["publishingProfile"]["excludeFromLatest"] = nullptr;
  ExpectComputeParseError(Call("PUT", version, v), "properties.publishingProfile.excludeFromLatest",
                          "{null}");
  v["properties"]["publishingProfile"].erase("excludeFromLatest");
  v["properties"]["publishingProfile"]["targetRegions"][0]["regionalReplicaCount"] = "two";
  ExpectComputeParseError(Call("PUT", version, v),
                          "properties.publishingProfile.targetRegions[0].regionalReplicaCount",
                          "to type 'integer'");
  v["properties"]["publishingProfile"]["targetRegions"][0]["regionalReplicaCount"] = 1;
  v["properties"]["safetyProfile"] = {{"blockDeletionBeforeEndOfLife", "yes"}};
  ExpectComputeParseError(Call("PUT", version, v),
                          "properties.safetyProfile.blockDeletionBeforeEndOfLife",
                          "to type 'boolean'");

  json img = {{"location", "westus"},
              {"properties", {{"storageProfile",
                               {{"osDisk", {{"osType", "Linux"}, {"osState", "Generalized"},
                                            {"snapshotId", "x"}}}}}}}};
  ExpectComputeParseError(Call("PUT", Rg("rg") + "/providers/Microsoft.Compute/images/i" + kImgV, img),
                          "properties.storageProfile.osDisk.snapshotId",
                          "object of type 'ImageOSDisk'");
  // Business rules after parsing stay InvalidParameter with the path.
  json missing = {{"properties", json::object()}};
  Reply m = Call("PUT", Rg("rg") + "/providers/Microsoft.Compute/galleries/g2" + kGalV, missing);
  EXPECT_EQ(m.ErrorCode(), "InvalidParameter") << m.body;
  EXPECT_EQ(m.json["error"]["target"], "location");
}

TEST_F(StrictBodyTest, BatchRefusesWithItsOwnCodes) {
  CreateResourceGroup("rg");
  MakeAccount();
  std::string pool = Account() + "/pools/p" + kBatchV;
  json body = PoolBody();
  body["location"] = "westus";
  Reply r = Call("PUT", pool, body);
  ExpectBatchError(r, "InvalidRequestBody", "location");
  EXPECT_EQ(r.json["error"]["message"], "The specified Request Body is not syntactically valid.");
  EXPECT_NE(r.json["error"]["details"][0]["message"].get<std::string>().find(
                "Could not find member 'location' on object of type 'Pool'"),
            std::string::npos);

  body = PoolBody();
  body["properties"]["scaleSettings"] = {{"fixedScale", {{"resizeTimeout", "15 minutes"}}}};
  ExpectBatchError(Call("PUT", pool, body), "InvalidRequestBody",
                   "properties.scaleSettings.fixedScale.resizeTimeout");
  body["properties"]["scaleSettings"]["fixedScale"]["resizeTimeout"] = "PT";
  ExpectBatchError(Call("PUT", pool, body), "InvalidRequestBody",
                   "properties.scaleSettings.fixedScale.resizeTimeout");
  body = PoolBody();
  body["properties"]["taskSlotsPerNode"] = "four";
  ExpectBatchError(Call("PUT", pool, body), "InvalidRequestBody", "properties.taskSlotsPerNode");
  body["properties"]["taskSlotsPerNode"] = 5000000000LL;
  ExpectBatchError(Call("PUT", pool, body), "InvalidRequestBody", "properties.taskSlotsPerNode");
  body["properties"]["taskSlotsPerNode"] = nullptr;
  ExpectBatchError(Call("PUT", pool, body), "InvalidRequestBody", "properties.taskSlotsPerNode");
  body = PoolBody();
  body["properties"]["interNodeCommunication"] = "Sometimes";
  ExpectBatchError(Call("PUT", pool, body), "InvalidRequestBody",
                   "properties.interNodeCommunication");
  body = PoolBody();
  body["properties"]["metadata"] = json::array({{{"name", "a"}, {"value", "b"}, {"vaule", "c"}}});
  ExpectBatchError(Call("PUT", pool, body), "InvalidRequestBody", "properties.metadata[0].vaule");
  body = PoolBody();
  body["properties"]["startTask"] = {{"commandLine", "x"},
                                     {"userIdentity", {{"autoUser", {{"scope", "Everywhere"}}}}}};
  ExpectBatchError(Call("PUT", pool, body), "InvalidRequestBody",
                   "properties.startTask.userIdentity.autoUser.scope");
  body = PoolBody();
  body["properties"]["metadata"] = json::array({{{"name", "a"}}});  // value is required
  ExpectBatchError(Call("PUT", pool, body), "MissingRequiredProperty",
                   "properties.metadata[0].value");

  // Accounts.
  std::string acct2 = Rg("rg") + "/providers/Microsoft.Batch/batchAccounts/acct2" + kBatchV;
  ExpectBatchError(Call("PUT", acct2, {{"location", "westus"}, {"identity", {{"type", "Bogus"}}}}),
                   "InvalidRequestBody", "identity.type");
  ExpectBatchError(Call("PUT", acct2,
                        {{"location", "westus"},
                         {"properties", {{"autoStorage", {{"storageAccountId", "not-an-id"}}}}}}),
                   "InvalidPropertyValue", "properties.autoStorage.storageAccountId");
  ExpectBatchError(Call("PUT", acct2,
                        {{"location", "westus"}, {"properties", {{"autoStorage", json::object()}}}}),
                   "MissingRequiredProperty", "properties.autoStorage.storageAccountId");
  ExpectBatchError(Call("PATCH", Account() + kBatchV, {{"properties", {{"encryption", {{"keySource", "Mine"}}}}}}),
                   "InvalidRequestBody", "properties.encryption.keySource");
  // x-nullable: true accepts null; read-only members are ignored.
  Reply nullable = Call("PATCH", Account() + kBatchV,
                        {{"properties", {{"allowedAuthenticationModes", nullptr}}}});
  EXPECT_EQ(nullable.status, 200) << nullable.body;
  Reply ro = Call("PATCH", Account() + kBatchV,
                  {{"identity", {{"type", "None"}, {"principalId", "not-even-a-guid"}}}});
  EXPECT_EQ(ro.status, 200) << ro.body;
  EXPECT_FALSE(ro.json["identity"].contains("principalId"));
  // BatchAccountUpdateProperties declares no accountEndpoint: refused, not ignored.
  ExpectBatchError(Call("PATCH", Account() + kBatchV,
                        {{"properties", {{"accountEndpoint", "elsewhere"}}}}),
                   "InvalidRequestBody", "properties.accountEndpoint");
}

TEST_F(StrictBodyTest, ResourceGroupsUseArmsShape) {
  Reply r = Call("PUT", Rg("rg1") + kRgV, {{"location", "westus"}, {"locaton", "eastus"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.ErrorCode(), "InvalidRequestContent");
  EXPECT_EQ(r.json["error"]["target"], "locaton");
  EXPECT_EQ(r.json["error"]["message"],
            "The request content was invalid and could not be deserialized: 'Could not find "
            "member 'locaton' on object of type 'ResourceGroup'. Path 'locaton'.'.");
  r = Call("PUT", Rg("rg1") + kRgV, {{"location", "westus"}, {"tags", {{"env", 5}}}});
  EXPECT_EQ(r.ErrorCode(), "InvalidRequestContent");
  EXPECT_EQ(r.json["error"]["target"], "tags.env");
  r = Call("PUT", Rg("rg1") + kRgV, {{"location", "westus"}, {"managedBy", 5}});
  EXPECT_EQ(r.json["error"]["target"], "managedBy");
  // Member names match case-insensitively; tags are a map of strings.
  EXPECT_EQ(Call("PUT", Rg("rg1") + kRgV, {{"location", "westus"}, {"Tags", {{"any", "x"}}}}).status,
            201);
}

// The validator on a synthetic spec: allOf chains, maps, x-nullable, formats.
class SyntheticSpecTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("azbatch-spec-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "common");
    json common = {{"definitions",
                    {{"Resource", {{"properties", {{"id", {{"type", "string"}, {"readOnly", true}}},
                                                  {"name", {{"type", "string"}}}}}}}}}};
    json spec = {
        {"definitions",
         {{"Base", {{"allOf", json::array({{{"$ref", "common/common.json#/definitions/Resource"}}})},
                    {"properties", {{"kind", {{"type", "string"}}}}}}},
          {"Thing",
           {{"allOf", json::array({{{"$ref", "#/definitions/Base"}}})},
            {"required", json::array({"when"})},
            {"properties",
             {{"when", {{"type", "string"}, {"format", "date-time"}}},
              {"every", {{"type", "string"}, {"format", "duration"}}},
              {"owner", {{"type", "string"}, {"format", "uuid"}}},
              {"target", {{"type", "string"}, {"format", "arm-id"}}},
              {"count", {{"type", "integer"}, {"format", "int32"}, {"x-nullable", true}}},
              {"label", {{"type", "string"}, {"x-nullable", false}}},
              {"labels", {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}},
              {"free", {{"type", "object"}}},
              {"mode", {{"type", "string"}, {"enum", json::array({"On", "Off"})},
                        {"x-ms-enum", {{"name", "Mode"}, {"modelAsString", false}}}}},
              {"flavor", {{"type", "string"}, {"enum", json::array({"A"})},
                          {"x-ms-enum", {{"name", "Flavor"}, {"modelAsString", true}}}}}}}}}}}};
    std::ofstream(dir_ / "common" / "common.json") << common.dump();
    std::ofstream(dir_ / "thing.json") << spec.dump();
    ASSERT_TRUE(v_.Load(dir_.string()).ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::vector<SpecIssue> Check(const json& body, bool partial = false) {
    return v_.Validate("thing.json#/definitions/Thing", body, true, partial);
  }
  // The single issue for `body`, or a failure.
  SpecIssue One(const json& body, bool partial = false) {
    auto issues = Check(body, partial);
    EXPECT_EQ(issues.size(), 1u) << body.dump();
    return issues.empty() ? SpecIssue{} : issues[0];
  }
  std::filesystem::path dir_;
  SpecValidator v_;
};

TEST_F(SyntheticSpecTest, MembersAcrossAllOfAndMaps) {
  json ok = {{"when", "2025-01-02T03:04:05Z"}, {"kind", "k"}, {"name", "n"}, {"id", "ignored"},
             {"labels", {{"a", 1}, {"b", 2}}}, {"free", {{"anything", {{"goes", true}}}}},
             {"KIND", "case-insensitive member"}, {"mode", "on"}, {"flavor", "B"}};
  EXPECT_TRUE(Check(ok).empty());
  SpecIssue i = One({{"when", "2025-01-02"}, {"kindd", "x"}});
  EXPECT_EQ(i.kind, IssueKind::kUnknownMember);
  EXPECT_EQ(i.path, "kindd");
  EXPECT_EQ(i.type_name, "Thing");
  i = One({{"when", "2025-01-02"}, {"labels", {{"a", "one"}}}});
  EXPECT_EQ(i.kind, IssueKind::kType);
  EXPECT_EQ(i.path, "labels.a");
  i = One({{"when", "2025-01-02"}, {"mode", "Maybe"}});
  EXPECT_EQ(i.kind, IssueKind::kEnum);
  i = One(json::object());
  EXPECT_EQ(i.kind, IssueKind::kRequired);
  EXPECT_TRUE(Check(json::object(), /*partial=*/true).empty());
}

TEST_F(SyntheticSpecTest, NullsAndFormats) {
  auto with = [](const char* k, json v) {
    json b = {{"when", "2025-01-02T03:04:05.123+01:00"}};
    b[k] = std::move(v);
    return b;
  };
  EXPECT_TRUE(Check(with("count", nullptr)).empty());  // x-nullable: true
  EXPECT_EQ(One(with("label", nullptr)).kind, IssueKind::kNull);  // x-nullable: false
  EXPECT_EQ(One(with("label", nullptr), true).kind, IssueKind::kNull);
  EXPECT_EQ(One(with("mode", nullptr)).kind, IssueKind::kNull);  // closed enum: a value type
  EXPECT_TRUE(Check(with("mode", nullptr), true).empty());        // PATCH: null removes
  EXPECT_TRUE(Check(with("kind", nullptr)).empty());              // string: "not set"
  EXPECT_EQ(One(with("when", "yesterday")).kind, IssueKind::kFormat);
  EXPECT_EQ(One(with("every", "15m")).kind, IssueKind::kFormat);
  EXPECT_EQ(One(with("every", "P")).kind, IssueKind::kFormat);
  EXPECT_TRUE(Check(with("every", "P1DT2H30M15.5S")).empty());
  EXPECT_EQ(One(with("owner", "not-a-guid")).kind, IssueKind::kFormat);
  EXPECT_TRUE(Check(with("owner", "00000000-0000-0000-0000-0000000000aa")).empty());
  EXPECT_EQ(One(with("target", "storage1")).kind, IssueKind::kConstraint);
  EXPECT_TRUE(Check(with("target", "/subscriptions/s/resourceGroups/r")).empty());
  EXPECT_EQ(One(with("count", 3000000000LL)).kind, IssueKind::kType);
  EXPECT_EQ(One(with("count", 1.5)).kind, IssueKind::kType);
}

TEST(SpecErrorShapeTest, EachProviderHasItsShape) {
  std::vector<SpecIssue> parse = {{"properties.x", "Could not find member 'x' on object of type 'P'.",
                                   IssueKind::kUnknownMember, "P"}};
  SpecError c = ShapeSpecError(parse, "InvalidParameter");
  EXPECT_EQ(c.code, "InvalidRequestFormat");
  EXPECT_EQ(c.details[0]["message"],
            "Could not find member 'x' on object of type 'P'. Path 'properties.x'.");
  std::vector<SpecIssue> range = {{"properties.n", "value below minimum 1", IssueKind::kConstraint, ""}};
  EXPECT_EQ(ShapeSpecError(range, "InvalidParameter").code, "InvalidParameter");
  EXPECT_EQ(ShapeSpecError(range, "InvalidParameter").target, "properties.n");
  SpecError b = ShapeSpecError(parse, "InvalidRequestBody");
  EXPECT_EQ(b.code, "InvalidRequestBody");
  EXPECT_EQ(b.details[1]["code"], "PropertyPath");
  EXPECT_EQ(ShapeSpecError(range, "InvalidRequestBody").code, "InvalidPropertyValue");
  EXPECT_EQ(ShapeSpecError(parse, "InvalidRequestContent").code, "InvalidRequestContent");
}

}  // namespace
}  // namespace azbatch::emulator::testing
