// Compares the emulator's GET/PUT/PATCH responses with the official example
// responses of the same api-versions (emulator/testdata/examples, origin in
// SOURCES.md), property by property: every property path of the example must
// be in the emulator's answer to the same request, every path of the
// emulator's answer must be in the example (or in a short list of documented
// extras), and deterministic values must be equal.
#include <fstream>
#include <set>
#include <sstream>

#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

json LoadExample(const std::string& name) {
  std::ifstream in(std::string(AZBATCH_EMULATOR_TESTDATA) + "/examples/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << name;
  return j;
}

// Property paths with array indexes folded ("a.b[].c"); leaves and empty
// containers only.
void Paths(const json& j, const std::string& prefix, std::set<std::string>* out) {
  if (j.is_object() && !j.empty()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      Paths(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
    }
  } else if (j.is_array() && !j.empty()) {
    for (const json& e : j) Paths(e, prefix + "[]", out);
  } else {
    out->insert(prefix);
  }
}

// Leaves with their indexes ("a.b[1].c") for value comparison.
void Leaves(const json& j, const std::string& prefix, std::map<std::string, json>* out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      Leaves(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) Leaves(j[i], prefix + "[" + std::to_string(i) + "]", out);
  } else {
    (*out)[prefix] = j;
  }
}

// Values that depend on names, ids, clocks, regions or account quotas of the
// environment rather than on the request.
bool EnvironmentValue(const std::string& path) {
  std::string key = path.substr(path.rfind('.') == std::string::npos ? 0 : path.rfind('.') + 1);
  static const std::set<std::string> kKeys = {
      "id", "name", "location", "etag", "uniqueName", "accountEndpoint", "storageAccountId",
      "diskEncryptionSetId", "publishedDate", "lastKeySync", "lastModified", "creationTime",
      "provisioningStateTransitionTime", "allocationStateTransitionTime", "startTime",
      "dedicatedCoreQuota", "lowPriorityCoreQuota", "poolQuota", "activeJobAndJobScheduleQuota"};
  return kKeys.count(key) > 0 && path != "properties.publishingProfile.targetRegions[0].name" &&
         path != "properties.publishingProfile.targetRegions[1].name";
}

struct Case {
  std::string title;                 // e.g. "PUT gallery"
  std::string example;               // file under testdata/examples
  std::string code;                  // response code in the example
  std::set<std::string> not_expected;  // example paths the request cannot produce (reason in comment)
  std::set<std::string> extras;        // paths the emulator adds that the example omits
  bool values = true;                  // compare deterministic values
};

class ExampleResponsesTest : public EmulatorTest {
 protected:
  // Compares `reply` with the example's response; returns the compared paths.
  std::set<std::string> Compare(const Case& c, const Reply& reply) {
    json ex = LoadExample(c.example)["responses"][c.code]["body"];
    std::set<std::string> want, got;
    Paths(ex, "", &want);
    Paths(reply.json, "", &got);
    for (const std::string& p : c.not_expected) {
      EXPECT_TRUE(want.count(p)) << c.title << ": stale exclusion " << p;
      want.erase(p);
    }
    for (const std::string& p : want) {
      EXPECT_TRUE(got.count(p)) << c.title << ": emulator lacks " << p << "\n" << reply.body;
    }
    for (const std::string& p : got) {
      EXPECT_TRUE(want.count(p) || c.extras.count(p))
          << c.title << ": emulator returns " << p << ", the example does not";
    }
    if (c.values) {
      std::map<std::string, json> ex_leaves, got_leaves;
      Leaves(ex, "", &ex_leaves);
      Leaves(reply.json, "", &got_leaves);
      for (const auto& [path, value] : ex_leaves) {
        if (EnvironmentValue(path) || !got_leaves.count(path)) continue;
        EXPECT_EQ(got_leaves[path], value) << c.title << ": value of " << path;
      }
    }
    std::cout << "[compared] " << c.title << " (" << c.example << "): " << want.size()
              << " fields:";
    for (const std::string& p : want) std::cout << " " << p;
    std::cout << "\n";
    return want;
  }

  json Request(const std::string& example, const std::string& key) {
    return LoadExample(example)["parameters"][key];
  }

  std::string Compute(const std::string& rest) {
    return Rg("myResourceGroup") + "/providers/Microsoft.Compute/" + rest;
  }
};

TEST_F(ExampleResponsesTest, ResourceGroup) {
  Reply put = Call("PUT", Rg("my-resource-group") + "?api-version=2025-04-01",
                   Request("CreateResourceGroup.json", "parameters"));
  ASSERT_EQ(put.status, 201) << put.body;
  Case c{"PUT resource group", "CreateResourceGroup.json", "201", {}, {"type"}};
  Compare(c, put);
  c.title = "GET resource group";
  Compare(c, Call("GET", Rg("my-resource-group") + "?api-version=2025-04-01"));
}

TEST_F(ExampleResponsesTest, ComputeGalleryTypesAndManagedImages) {
  CreateResourceGroup("myResourceGroup", "westus");
  std::string os_snap = Compute("snapshots/mySnapshot");
  std::string data_snap = Compute("snapshots/myDataSnapshot");
  Seed(json::array({{{"id", os_snap}, {"location", "westus"}, {"properties", {{"diskSizeGB", 10}}}},
                    {{"id", data_snap}, {"location", "westus"}, {"properties", {{"diskSizeGB", 10}}}}}));
  const std::string kV = "?api-version=2025-03-03";
  // Galleries: Gallery_Create / Gallery_Update.
  std::set<std::string> arm_envelope = {"type"};  // the examples leave "type" out
  Reply put = Call("PUT", Compute("galleries/myGalleryName") + kV,
                   Request("Gallery_Create.json", "gallery"));
  ASSERT_EQ(put.status, 201) << put.body;
  Compare({"PUT gallery", "Gallery_Create.json", "201", {}, arm_envelope}, put);
  Advance(60);
  Reply patch = Call("PATCH", Compute("galleries/myGalleryName") + kV,
                     Request("Gallery_Update.json", "gallery"));
  ASSERT_EQ(patch.status, 200) << patch.body;
  Compare({"PATCH gallery", "Gallery_Update.json", "200", {}, {"id", "type"}}, patch);
  Advance(60);
  Case get_gallery{"GET gallery", "Gallery_Create.json", "201", {}, arm_envelope, false};
  Compare(get_gallery, Call("GET", Compute("galleries/myGalleryName") + kV));

  // Image definitions: GalleryImage_Create / GalleryImage_Update.
  std::string def = Compute("galleries/myGalleryName/images/myGalleryImageName");
  put = Call("PUT", def + kV, Request("GalleryImage_Create.json", "galleryImage"));
  ASSERT_EQ(put.status, 201) << put.body;
  // Azure fills the architecture default (x64); the examples predate it.
  std::set<std::string> def_extras = {"type", "properties.architecture"};
  Compare({"PUT image definition", "GalleryImage_Create.json", "201", {}, def_extras}, put);
  Advance(60);
  patch = Call("PATCH", def + kV, Request("GalleryImage_Update.json", "galleryImage"));
  ASSERT_EQ(patch.status, 200) << patch.body;
  Compare({"PATCH image definition", "GalleryImage_Update.json", "200", {},
           {"id", "type", "properties.architecture"}},
          patch);
  Advance(60);
  Compare({"GET image definition", "GalleryImage_Create.json", "201", {}, def_extras, false},
          Call("GET", def + kV));

  // Managed images: Image_CreateFromASnapshot (the snapshot id without its
  // leading slash, as in the example).
  json image_req = Request("Image_CreateFromASnapshot.json", "parameters");
  image_req["properties"]["storageProfile"]["osDisk"]["snapshot"]["id"] = os_snap.substr(1);
  put = Call("PUT", Compute("images/myImage?api-version=2025-04-01"), image_req);
  ASSERT_EQ(put.status, 201) << put.body;
  // hyperVGeneration (default V1) and the disk size from the snapshot are
  // in Azure's answers (Image_Update/Image_Get examples); this one omits them.
  std::set<std::string> image_extras = {"properties.hyperVGeneration",
                                        "properties.storageProfile.osDisk.diskSizeGB"};
  Compare({"PUT managed image", "Image_CreateFromASnapshot.json", "201", {}, image_extras}, put);
  Advance(60);
  Compare({"GET managed image", "Image_CreateFromASnapshot.json", "201", {}, image_extras, false},
          Call("GET", Compute("images/myImage?api-version=2025-04-01")));

  // The versions' source: a Windows image with a data disk at LUN 1, both
  // from 10 GB snapshots, as the examples' outputs describe.
  std::string src = Compute("images/srcImage");
  ASSERT_EQ(Call("PUT", src + "?api-version=2025-04-01",
                 {{"location", "westus"},
                  {"properties",
                   {{"storageProfile",
                     {{"osDisk", {{"osType", "Windows"}, {"osState", "Generalized"},
                                  {"snapshot", {{"id", os_snap}}}}},
                      {"dataDisks", json::array({{{"lun", 1}, {"snapshot", {{"id", data_snap}}}}})}}}}}})
                .status, 201);
  Advance(60);
  // Image versions: GalleryImageVersion_Create / _Update / _Get.
  std::string version = def + "/versions/1.0.0";
  json vreq = Request("GalleryImageVersion_Create.json", "galleryImageVersion");
  vreq["properties"]["storageProfile"]["source"]["id"] = src;
  put = Call("PUT", version + kV, vreq);
  ASSERT_EQ(put.status, 201) << put.body;
  // Policy-violation reports come from Azure's scanning, not from a request.
  std::set<std::string> scanned = {"properties.safetyProfile.policyViolations[].category",
                                   "properties.safetyProfile.policyViolations[].details"};
  std::set<std::string> version_extras = {"type", "properties.publishingProfile.excludeFromLatest",
                                          "properties.publishingProfile.replicationMode"};
  Case vput{"PUT image version", "GalleryImageVersion_Create.json", "201", scanned,
            version_extras};
  vput.values = false;  // reportedForPolicyViolation is true in the example (scanned)
  Compare(vput, put);
  Advance(600);
  Case vget{"GET image version", "GalleryImageVersion_Get.json", "200", scanned, version_extras,
            false};
  Compare(vget, Call("GET", version + kV));
  // A version created without a safety profile reads with Azure's defaults,
  // as all three official version examples show.
  Reply plain = Call("PUT", def + "/versions/1.0.1" + kV,
                     {{"location", "westus"},
                      {"properties", {{"storageProfile", {{"source", {{"id", src}}}}}}}});
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(plain.json["properties"]["safetyProfile"],
            json({{"allowDeletionOfReplicatedLocations", false},
                  {"blockDeletionBeforeEndOfLife", false},
                  {"reportedForPolicyViolation", false}}));
  EXPECT_EQ(plain.json["properties"]["storageProfile"]["dataDiskImages"],
            json::parse(R"([{"lun":1,"sizeInGB":10,"hostCaching":"None"}])"));
  json vpatch = Request("GalleryImageVersion_Update.json", "galleryImageVersion");
  vpatch["properties"]["storageProfile"]["source"]["id"] = src;
  patch = Call("PATCH", version + kV, vpatch);
  ASSERT_EQ(patch.status, 200) << patch.body;
  // The Update example's response carries encryption the request never sent
  // (from another version); the PATCH keeps what the PUT set, so the
  // emulator returns the safety profile and encryption of the created version.
  std::set<std::string> patch_extras = version_extras;
  for (const char* p :
       {"id", "properties.safetyProfile.allowDeletionOfReplicatedLocations",
        "properties.safetyProfile.reportedForPolicyViolation",
        "properties.safetyProfile.blockDeletionBeforeEndOfLife"}) {
    patch_extras.insert(p);
  }
  Compare({"PATCH image version", "GalleryImageVersion_Update.json", "200",
           {"properties.publishingProfile.targetRegions[].encryption.osDiskImage.diskEncryptionSetId",
            "properties.publishingProfile.targetRegions[].encryption.dataDiskImages[].lun",
            "properties.publishingProfile.targetRegions[].encryption.dataDiskImages[].diskEncryptionSetId"},
           patch_extras, false},
          patch);
}

TEST_F(ExampleResponsesTest, BatchAccountsAndPools) {
  CreateResourceGroup("default-azurebatch-japaneast", "westus");
  std::string rg = Rg("default-azurebatch-japaneast");
  // The pool's image: a Linux definition with a replicated version, seeded.
  std::string gal = Rg("networking-group") + "/providers/Microsoft.Compute/galleries/testgallery";
  Seed(json::array(
      {{{"id", gal}, {"location", "westus"}},
       {{"id", gal + "/images/testimagedef"},
        {"location", "westus"},
        {"properties", {{"osType", "Linux"}, {"osState", "Generalized"},
                        {"identifier", {{"publisher", "p"}, {"offer", "o"}, {"sku", "s"}}}}}},
       {{"id", gal + "/images/testimagedef/versions/0.0.1"},
        {"location", "westus"},
        {"properties", {{"storageProfile", {{"osDiskImage", {{"sizeInGB", 30}}}}}}}}}));
  const std::string kV = "?api-version=2025-06-01";
  std::string acct = rg + "/providers/Microsoft.Batch/batchAccounts/sampleacct";
  json areq = Request("BatchAccountCreate_Default.json", "parameters");
  areq["location"] = "westus";
  Reply put = Call("PUT", acct + kV, areq);
  ASSERT_EQ(put.status, 202) << put.body;
  Advance(60);
  // The final body of the create LRO (the example's 200).
  Reply done = Call("GET", put.Header("location"));
  ASSERT_EQ(done.status, 200) << done.body;
  // Batch returns these for every account; the 2025-06-01 examples predate them.
  std::set<std::string> account_extras = {
      "properties.nodeManagementEndpoint", "properties.encryption.keySource",
      "properties.allowedAuthenticationModes[]", "properties.autoStorage.authenticationMode",
      "properties.dedicatedCoreQuotaPerVMFamily[].name",
      "properties.dedicatedCoreQuotaPerVMFamily[].coreQuota",
      "properties.dedicatedCoreQuotaPerVMFamilyEnforced"};
  Compare({"PUT batch account (LRO result)", "BatchAccountCreate_Default.json", "200", {},
           account_extras},
          done);
  Compare({"GET batch account", "BatchAccountGet.json", "200", {}, account_extras},
          Call("GET", acct + kV));
  Reply patch = Call("PATCH", acct + kV, Request("BatchAccountUpdate.json", "parameters"));
  ASSERT_EQ(patch.status, 200) << patch.body;
  Compare({"PATCH batch account", "BatchAccountUpdate.json", "200", {}, account_extras}, patch);

  std::string pool = acct + "/pools/testpool";
  json preq = Request("PoolCreate_SharedImageGallery.json", "parameters");
  preq["properties"]["vmSize"] = "Standard_D4_v3";  // a size of the emulator's table
  preq["properties"]["deploymentConfiguration"]["virtualMachineConfiguration"]["imageReference"]
      ["id"] = gal + "/images/testimagedef/versions/0.0.1";
  put = Call("PUT", pool + kV, preq);
  ASSERT_EQ(put.status, 200) << put.body;
  // fixedScale.resizeTimeout: Batch fills its default (PT15M) on create; the
  // minimal example omits it, PoolGet.json shows it.
  std::set<std::string> pool_extras = {"properties.scaleSettings.fixedScale.resizeTimeout",
                                       "properties.resizeOperationStatus.targetDedicatedNodes",
                                       "properties.resizeOperationStatus.targetLowPriorityNodes",
                                       "properties.resizeOperationStatus.resizeTimeout",
                                       "properties.resizeOperationStatus.nodeDeallocationOption",
                                       "properties.resizeOperationStatus.startTime"};
  Case cput{"PUT pool", "PoolCreate_SharedImageGallery.json", "200", {}, pool_extras};
  Reply cmp = put;
  cmp.json["properties"]["vmSize"] = "Standard_D4ds_v5";
  Compare(cput, cmp);
  Reply get = Call("GET", pool + kV);
  get.json["properties"]["vmSize"] = "Standard_D4ds_v5";
  cput.title = "GET pool";
  Compare(cput, get);
  patch = Call("PATCH", pool + kV, Request("PoolUpdate_ResizePool.json", "parameters"));
  ASSERT_EQ(patch.status, 200) << patch.body;
  // The example's pool differs from the request (a marketplace image,
  // counts from another resize, an autoscale run): paths only. Its
  // scaleSettings echo nodeDeallocationOption, which the spec marks
  // create/update only (not read) and Batch does not return.
  Case cpatch{"PATCH pool (resize)", "PoolUpdate_ResizePool.json", "200",
              {"properties.autoScaleRun.evaluationTime", "properties.autoScaleRun.results",
               "properties.scaleSettings.fixedScale.nodeDeallocationOption",
               "properties.deploymentConfiguration.virtualMachineConfiguration.imageReference.publisher",
               "properties.deploymentConfiguration.virtualMachineConfiguration.imageReference.offer",
               "properties.deploymentConfiguration.virtualMachineConfiguration.imageReference.sku",
               "properties.deploymentConfiguration.virtualMachineConfiguration.imageReference.version"},
              {"properties.deploymentConfiguration.virtualMachineConfiguration.imageReference.id",
               "properties.resizeOperationStatus.targetLowPriorityNodes"},
              false};
  Compare(cpatch, patch);
  EXPECT_EQ(patch.json["properties"]["resizeOperationStatus"]["nodeDeallocationOption"],
            "TaskCompletion");
  EXPECT_FALSE(patch.json["properties"]["scaleSettings"]["fixedScale"].contains(
      "nodeDeallocationOption"));
}

}  // namespace
}  // namespace azbatch::emulator::testing
