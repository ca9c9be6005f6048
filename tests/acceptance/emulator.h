// A private arm-emulator process for one test: started on a free loopback port,
// stopped with SIGTERM when the object goes away.
#ifndef AZBATCH_TESTS_ACCEPTANCE_EMULATOR_H_
#define AZBATCH_TESTS_ACCEPTANCE_EMULATOR_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace azbatch::acceptance {

struct HttpResult {
  int status = 0;
  std::string body;
  nlohmann::json Json() const;  // discarded value when the body is not JSON
};

class Emulator {
 public:
  // Extra flags for arm-emulator, e.g. {"--time-scale", "600"}.
  explicit Emulator(std::vector<std::string> flags = {});
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  bool running() const { return pid_ > 0 && !url_.empty(); }
  const std::string& url() const { return url_; }             // http://127.0.0.1:PORT
  std::string host_port() const;                             // 127.0.0.1:PORT
  // Environment that points the provider at this emulator with its default identity.
  std::map<std::string, std::string> ProviderEnv() const;
  // Plain HTTP/1.1 to the emulator (admin API or ARM with a token).
  HttpResult Request(const std::string& method, const std::string& path,
                     const std::string& body = "",
                     const std::map<std::string, std::string>& headers = {}) const;
  // Admin API helpers (POST /_emulator/seed, GET /_emulator/requests ...).
  HttpResult Admin(const std::string& method, const std::string& path,
                   const nlohmann::json& body = nullptr) const;
  // The stored ARM resource (raw record) or a discarded value when absent.
  nlohmann::json Resource(const std::string& id) const;
  // ARM requests logged since the emulator started (method, path, status, body).
  nlohmann::json RequestLog() const;

  static constexpr char kTenantId[] = "00000000-0000-0000-0000-0000000000aa";
  static constexpr char kClientId[] = "00000000-0000-0000-0000-000000000001";
  static constexpr char kClientSecret[] = "emulator-secret";
  static constexpr char kSubscriptionId[] = "00000000-0000-0000-0000-0000000000bb";

 private:
  pid_t pid_ = -1;
  std::string url_;
  std::string dir_;
};

}  // namespace azbatch::acceptance

#endif  // AZBATCH_TESTS_ACCEPTANCE_EMULATOR_H_
