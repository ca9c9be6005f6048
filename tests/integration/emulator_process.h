// A private arm-emulator child process for integration tests, plus plain HTTP
// helpers (over the provider's own cpprestsdk transport) for its admin API.
#ifndef AZBATCH_TESTS_INTEGRATION_EMULATOR_PROCESS_H_
#define AZBATCH_TESTS_INTEGRATION_EMULATOR_PROCESS_H_

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "provider/azure/config.h"
#include "provider/azure/http.h"

namespace azbatch::integration {

inline constexpr char kTenantId[] = "00000000-0000-0000-0000-0000000000aa";
inline constexpr char kClientId[] = "00000000-0000-0000-0000-000000000001";
inline constexpr char kClientSecret[] = "emulator-secret";
inline constexpr char kSubscriptionId[] = "00000000-0000-0000-0000-0000000000bb";

class EmulatorProcess {
 public:
  // Starts `arm-emulator --port 0 --ready-file F` plus `flags`; waits for F.
  explicit EmulatorProcess(std::vector<std::string> flags = {});
  ~EmulatorProcess();  // SIGTERM, then waits
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  bool running() const { return !url_.empty(); }
  const std::string& url() const { return url_; }  // http://127.0.0.1:PORT
  std::string host_port() const;

  struct Response {
    int status = 0;
    std::string body;
    nlohmann::json json;  // null unless the body is JSON
  };
  Response Call(const std::string& method, const std::string& path_and_query,
                const std::string& body = "", azure::Headers headers = {}) const;
  // POST /_emulator/config with `config`; asserts 200.
  void SetConfig(const nlohmann::json& config) const;
  // A fresh access token for the default service principal.
  std::string FetchToken() const;
  // ARM requests the emulator logged (its /_emulator/requests).
  nlohmann::json Requests() const;

 private:
  pid_t pid_ = -1;
  std::string url_;
  std::string ready_file_;
  std::shared_ptr<azure::Transport> transport_;
};

// Environment pointing the provider at `emu` (metadata host) with no credential
// enabled except what the test adds; ARM_USE_CLI=false.
std::map<std::string, std::string> BaseEnv(const EmulatorProcess& emu);
azure::EnvGetter MapEnv(std::map<std::string, std::string> env);

}  // namespace azbatch::integration

#endif  // AZBATCH_TESTS_INTEGRATION_EMULATOR_PROCESS_H_
