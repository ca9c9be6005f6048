// Admin API: seed, drift, config, request log, counts, reset, state file.
#include <cstdio>

#include "emulator/identity.h"
#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

TEST_F(EmulatorTest, SeedDriftAndRequestLog) {
  std::string snap = Rg("seeded") + "/providers/Microsoft.Compute/snapshots/os";
  std::string gallery = Rg("seeded") + "/providers/Microsoft.Compute/galleries/g";
  Reply seeded = Call("POST", "/_emulator/seed",
                      {{"resources", json::array({{{"id", snap}, {"location", "westus"},
                                                   {"properties", {{"diskSizeGB", 128}}}},
                                                  {{"id", gallery}, {"location", "westus"}}})}},
                      {}, false);
  ASSERT_EQ(seeded.status, 200) << seeded.body;
  EXPECT_EQ(seeded.json["seeded"].size(), 2u);
  Reply rg = Call("GET", Rg("seeded") + "?api-version=2025-04-01");
  EXPECT_EQ(rg.status, 200);  // resource group created implicitly
  Reply s = Call("GET", snap + "?api-version=2024-03-02");
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json["properties"]["diskSizeGB"], 128);
  EXPECT_EQ(s.json["properties"]["provisioningState"], "Succeeded");

  Reply drift = Call("PATCH", "/_emulator/resources?id=" + gallery,
                     {{"properties", {{"description", "changed outside"}}}}, {}, false);
  ASSERT_EQ(drift.status, 200) << drift.body;
  Reply g = Call("GET", gallery + "?api-version=2025-03-03");
  EXPECT_EQ(g.json["properties"]["description"], "changed outside");
  EXPECT_EQ(g.json["id"], gallery);
  Reply replaced = Call("PUT", "/_emulator/resources?id=" + gallery,
                        {{"location", "westus"}, {"properties", {{"provisioningState", "Failed"}}}},
                        {}, false);
  EXPECT_EQ(replaced.status, 200);
  EXPECT_EQ(Call("GET", gallery + "?api-version=2025-03-03").json["properties"]["provisioningState"],
            "Failed");
  EXPECT_EQ(Call("PATCH", "/_emulator/resources?id=/nope", json::object(), {}, false).status, 404);
  Reply body = Call("GET", "/_emulator/resources?id=" + gallery, nullptr, {}, false);
  EXPECT_EQ(body.json["id"], gallery);
  EXPECT_EQ(body.json["properties"]["provisioningState"], "Failed");
  Reply raw = Call("GET", "/_emulator/resources?id=" + gallery + "&raw=true", nullptr, {}, false);
  EXPECT_EQ(raw.json["type"], "Microsoft.Compute/galleries");
  EXPECT_TRUE(raw.json.contains("sim"));

  Reply log = Call("GET", "/_emulator/requests", nullptr, {}, false);
  ASSERT_EQ(log.status, 200);
  bool saw_get = false;
  for (const json& e : log.json["requests"]) {
    EXPECT_EQ(e["body"].dump().find("emulator-secret"), std::string::npos);
    if (e["method"] == "GET" && e["path"] == snap) {
      saw_get = true;
      EXPECT_EQ(e["api_version"], "2024-03-02");
      EXPECT_EQ(e["status"], 200);
    }
  }
  EXPECT_TRUE(saw_get);
  Reply counts = Call("GET", "/_emulator/counts", nullptr, {}, false);
  EXPECT_GE(counts.json["requests"]["method:GET"].get<int>(), 3);
  EXPECT_EQ(counts.json["resources"]["Microsoft.Compute/snapshots"], 1);

  ASSERT_EQ(Call("POST", "/_emulator/reset", json::object(), {}, false).status, 200);
  EXPECT_EQ(Call("GET", snap + "?api-version=2024-03-02").ErrorCode(), "ResourceGroupNotFound");
  EXPECT_EQ(Call("GET", "/_emulator/config", nullptr, {}, false).json["time_scale"], 1.0);
  EXPECT_EQ(Call("POST", "/_emulator/config", {{"time_scale", -1}}, {}, false).status, 400);
}

TEST(StateFileTest, StateSurvivesRestart) {
  std::string path = ::testing::TempDir() + "/arm-emulator-state-test.json";
  std::remove(path.c_str());
  ServerOptions options;
  options.state_file = path;
  std::string token, kid;
  {
    EmulatorServer server;
    ASSERT_TRUE(server.Start(options).ok());
    std::lock_guard<std::mutex> lock(server.emulator().mu);
    Resource r;
    r.id = "/subscriptions/s/resourceGroups/kept";
    r.type = "Microsoft.Resources/resourceGroups";
    r.body = {{"id", r.id}, {"name", "kept"}, {"location", "westus"}};
    server.emulator().resources[ToLower(r.id)] = r;
    server.emulator().tokens["emu.kept"] = {"c", "t", Clock::RealNow() + 600};
    token = IssueToken(server.emulator(), kDefaultClientId, kDefaultTenant);
    kid = server.emulator().signing_key.kid();
  }  // Stop() saves
  EmulatorServer again;
  ASSERT_TRUE(again.Start(options).ok());
  std::lock_guard<std::mutex> lock(again.emulator().mu);
  Resource* r = again.emulator().Find("/SUBSCRIPTIONS/s/resourcegroups/KEPT");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->id, "/subscriptions/s/resourceGroups/kept");
  EXPECT_EQ(again.emulator().tokens.count("emu.kept"), 1u);
  // The signing key is kept, so tokens issued before the restart still verify.
  EXPECT_EQ(again.emulator().signing_key.kid(), kid);
  HttpRequest req;
  req.method = "GET";
  req.headers["authorization"] = "Bearer " + token;
  EXPECT_FALSE(CheckBearer(again.emulator(), req, "http://127.0.0.1:1").has_value());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace azbatch::emulator::testing
