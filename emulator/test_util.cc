#include "emulator/test_util.h"

#include <cpprest/http_client.h>

namespace azbatch::emulator::testing {

using nlohmann::json;
namespace http = web::http;

void EmulatorTest::SetUp() {
  server_ = std::make_unique<EmulatorServer>();
  options_.time_scale = 1;  // tests move time explicitly with Advance()
  absl::Status s = server_->Start(options_);
  ASSERT_TRUE(s.ok()) << s.message();
  Configure({{"throttling", {{"enabled", false}}}});
}

void EmulatorTest::TearDown() {
  if (server_) server_->Stop();
}

Reply EmulatorTest::Raw(const std::string& method, const std::string& path,
                        const std::string& body, const std::string& content_type,
                        const std::map<std::string, std::string>& headers) {
  std::string relative = path;
  if (relative.rfind(base_url(), 0) == 0) relative = relative.substr(base_url().size());
  http::client::http_client_config config;
  config.set_timeout(std::chrono::seconds(20));
  http::client::http_client client(base_url(), config);
  http::http_request req(method);
  req.set_request_uri(relative);
  for (const auto& [k, v] : headers) req.headers().add(k, v);
  if (!body.empty() || method == "PUT" || method == "PATCH" || method == "POST") {
    req.set_body(body, content_type);
  }
  Reply reply;
  try {
    http::http_response resp = client.request(req).get();
    reply.status = resp.status_code();
    for (const auto& [k, v] : resp.headers()) {
      std::string lower = k;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[lower] = v;
    }
    reply.body = resp.extract_string(true).get();
  } catch (const std::exception& e) {
    reply.status = -1;
    reply.body = e.what();
  }
  reply.json = json::parse(reply.body, nullptr, false);
  if (reply.json.is_discarded()) reply.json = nullptr;
  return reply;
}

Reply EmulatorTest::Call(const std::string& method, const std::string& path, const json& body,
                         const std::map<std::string, std::string>& headers, bool auth) {
  std::map<std::string, std::string> h = headers;
  if (auth && !h.count("Authorization")) h["Authorization"] = "Bearer " + Token();
  return Raw(method, path, body.is_null() ? "" : body.dump(), "application/json", h);
}

std::string EmulatorTest::Token() {
  if (!token_.empty()) return token_;
  Reply r = Raw("POST", "/00000000-0000-0000-0000-0000000000aa/oauth2/v2.0/token",
                "grant_type=client_credentials&client_id=00000000-0000-0000-0000-000000000001"
                "&client_secret=emulator-secret&scope=https%3A%2F%2Fmanagement.azure.com%2F.default",
                "application/x-www-form-urlencoded", {});
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.json.is_object()) token_ = r.json.value("access_token", "");
  return token_;
}

void EmulatorTest::Advance(double emulated_seconds) {
  Reply r = Call("POST", "/_emulator/advance", {{"seconds", emulated_seconds}}, {}, false);
  ASSERT_EQ(r.status, 200) << r.body;
}

void EmulatorTest::Configure(const json& config) {
  Reply r = Call("POST", "/_emulator/config", config, {}, false);
  ASSERT_EQ(r.status, 200) << r.body;
}

void EmulatorTest::Seed(const json& resources) {
  Reply r = Call("POST", "/_emulator/seed", {{"resources", resources}}, {}, false);
  ASSERT_EQ(r.status, 200) << r.body;
}

void EmulatorTest::CreateResourceGroup(const std::string& name, const std::string& location) {
  Reply r = Call("PUT", Rg(name) + "?api-version=2025-04-01", {{"location", location}});
  ASSERT_TRUE(r.status == 201 || r.status == 200) << r.body;
}

}  // namespace azbatch::emulator::testing
