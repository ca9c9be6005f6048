// Shared fixture for the azbatch_pool acceptance tests: Batch accounts and
// gallery images seeded in the private emulator, the pool configuration of
// testdata/pool/pool.tf, and request-log helpers.
#ifndef AZBATCH_TESTS_ACCEPTANCE_POOL_FIXTURE_H_
#define AZBATCH_TESTS_ACCEPTANCE_POOL_FIXTURE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {

class PoolAccTest : public ImageAccTest {
 protected:
  static constexpr char kAccountRg[] = "acc-batch";
  static constexpr char kImageRg[] = "acc-img";

  static std::string AccountId(const std::string& name = "acct1", const std::string& sub = Sub()) {
    return absl::StrCat("/subscriptions/", sub, "/resourceGroups/", kAccountRg,
                        "/providers/Microsoft.Batch/batchAccounts/", name);
  }
  static std::string PoolId(const std::string& pool = "pool1",
                            const std::string& account = "acct1") {
    return absl::StrCat(AccountId(account), "/pools/", pool);
  }
  static std::string ImageGallery(const std::string& sub = Sub()) {
    return absl::StrCat("/subscriptions/", sub, "/resourceGroups/", kImageRg,
                        "/providers/Microsoft.Compute/galleries/seeded");
  }
  static std::string DefinitionId(const std::string& def, const std::string& sub = Sub()) {
    return absl::StrCat(ImageGallery(sub), "/images/", def);
  }
  static std::string VersionIdOf(const std::string& def, const std::string& version = "1.0.0",
                                 const std::string& sub = Sub()) {
    return absl::StrCat(DefinitionId(def, sub), "/versions/", version);
  }
  // testdata/pool/pool.tf, or pool_resize_timeout.tf when `vars` has a
  // resize_timeout: pool "pool1" of fixed dedicated nodes from a gallery image.
  // vm_size and node_agent default to Standard_D2s_v3 and Ubuntu 22.04.
  static std::string PoolConfig(std::map<std::string, std::string> vars) {
    vars.try_emplace("vm_size", "Standard_D2s_v3");
    vars.try_emplace("node_agent", "batch.node.ubuntu 22.04");
    return Testdata(vars.count("resize_timeout") ? "pool/pool_resize_timeout.tf" : "pool/pool.tf",
                    vars);
  }

  void Seed(const nlohmann::json& resources) {
    HttpResult r = emu_->Admin("POST", "seed", {{"resources", resources}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // A BatchService account with room for large pools.
  void SeedAccount(const std::string& name, const std::string& location,
                   int64_t dedicated_cores = 100000) {
    Seed({{{"id", AccountId(name)},
           {"location", location},
           {"properties",
            {{"poolAllocationMode", "BatchService"},
             {"allowedAuthenticationModes", {"AAD"}},
             {"dedicatedCoreQuota", dedicated_cores},
             {"lowPriorityCoreQuota", dedicated_cores},
             {"poolQuota", 100}}}}});
  }
  // Gallery "seeded" in westeurope, a definition and one fully replicated version.
  // `regions`: [{"name": ..., "regionalReplicaCount": n}, ...].
  void SeedImage(const std::string& def, const nlohmann::json& regions,
                 const std::string& os_type = "Linux", const std::string& os_state = "Generalized",
                 const std::string& sub = Sub()) {
    Seed({{{"id", ImageGallery(sub)},
           {"location", "westeurope"},
           {"properties", nlohmann::json::object()}},
          {{"id", DefinitionId(def, sub)},
           {"location", "westeurope"},
           {"properties",
            {{"osType", os_type},
             {"osState", os_state},
             {"hyperVGeneration", "V2"},
             {"identifier", {{"publisher", "contoso"}, {"offer", "batch"}, {"sku", def}}}}}},
          {{"id", VersionIdOf(def, "1.0.0", sub)},
           {"location", "westeurope"},
           {"properties", {{"publishingProfile", {{"targetRegions", regions}}}}}}});
  }
  static nlohmann::json Regions(int westeurope_replicas) {
    return nlohmann::json::array(
        {{{"name", "West Europe"}, {"regionalReplicaCount", westeurope_replicas}}});
  }

  // Apply must succeed and the next plan be empty; returns the flattened apply output.
  std::string ApplyStep(Workspace& ws, const std::string& config) {
    ws.WriteConfig(config);
    CommandResult r = ws.Run({"apply", "-no-color", "-auto-approve"});
    EXPECT_EQ(r.exit_code, 0) << ws.cli().name << " apply failed:\n" << r.Combined();
    std::string plan;
    EXPECT_EQ(ws.PlanExitCode(&plan), 0) << "plan after apply not empty:\n" << plan;
    return Flat(r.Combined());
  }
  std::vector<std::string> StateList(Workspace& ws) {
    CommandResult r = ws.Run({"state", "list"});
    EXPECT_EQ(r.exit_code, 0) << r.Combined();
    std::vector<std::string> out;
    for (absl::string_view line : absl::StrSplit(r.out, '\n', absl::SkipEmpty())) {
      out.emplace_back(line);
    }
    return out;
  }
  void ClearLog() { emu_->Admin("DELETE", "requests"); }
  // Logged ARM requests with `method` whose path ends with `suffix` (any case).
  std::vector<nlohmann::json> Requests(const std::string& method, const std::string& suffix) {
    std::vector<nlohmann::json> out;
    for (const auto& r : emu_->RequestLog()) {
      if (r.value("method", "") == method &&
          absl::EndsWithIgnoreCase(r.value("path", ""), suffix)) {
        out.push_back(r);
      }
    }
    return out;
  }
  // Keys of the PATCH body below "properties" (plus top-level keys other than it).
  static std::vector<std::string> PatchedKeys(const nlohmann::json& body) {
    std::vector<std::string> keys;
    if (!body.is_object()) return keys;
    for (auto it = body.begin(); it != body.end(); ++it) {
      if (it.key() != "properties") {
        keys.push_back(it.key());
        continue;
      }
      for (auto p = it.value().begin(); p != it.value().end(); ++p) {
        keys.push_back("properties." + p.key());
      }
    }
    return keys;
  }
};

}  // namespace azbatch::acceptance

#endif  // AZBATCH_TESTS_ACCEPTANCE_POOL_FIXTURE_H_
