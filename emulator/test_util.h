// Integration-test fixture: starts the emulator in-process on port 0 and talks
// to it over real HTTP with cpprestsdk's http_client.
#ifndef AZBATCH_EMULATOR_TEST_UTIL_H_
#define AZBATCH_EMULATOR_TEST_UTIL_H_

#include <map>
#include <memory>
#include <string>

#include "emulator/emulator_server.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace azbatch::emulator::testing {

inline constexpr char kSub[] = "/subscriptions/00000000-0000-0000-0000-0000000000bb";

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json json;  // parsed body (null if not JSON)
  std::string Header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? "" : it->second;
  }
  std::string ErrorCode() const {
    return json.is_object() && json.contains("error") && json["error"].is_object()
               ? json["error"].value("code", "")
               : "";
  }
};

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // `path` may be relative ("/subscriptions/...") or an absolute URL of this server.
  Reply Call(const std::string& method, const std::string& path,
             const nlohmann::json& body = nullptr,
             const std::map<std::string, std::string>& headers = {}, bool auth = true);
  Reply Raw(const std::string& method, const std::string& path, const std::string& body,
            const std::string& content_type, const std::map<std::string, std::string>& headers);
  std::string Token();
  // Jumps the emulated clock forward.
  void Advance(double emulated_seconds);
  void Configure(const nlohmann::json& config);
  void Seed(const nlohmann::json& resources);
  void CreateResourceGroup(const std::string& name, const std::string& location = "westus");
  static std::string Rg(const std::string& name) {
    return std::string(kSub) + "/resourceGroups/" + name;
  }
  std::string base_url() const { return server_->base_url(); }
  EmulatorServer& server() { return *server_; }

  ServerOptions options_;
  std::unique_ptr<EmulatorServer> server_;
  std::string token_;
};

}  // namespace azbatch::emulator::testing

#endif  // AZBATCH_EMULATOR_TEST_UTIL_H_
