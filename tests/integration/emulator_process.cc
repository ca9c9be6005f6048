#include "tests/integration/emulator_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "provider/azure/context.h"
#include "provider/azure/cpprest_transport.h"

#ifndef ARM_EMULATOR_BIN
#error "ARM_EMULATOR_BIN must name the arm-emulator binary"
#endif

namespace azbatch::integration {

EmulatorProcess::EmulatorProcess(std::vector<std::string> flags)
    : transport_(azure::NewCpprestTransport()) {
  static int counter = 0;
  ready_file_ = absl::StrCat(::testing::TempDir(), "/arm-emulator-ready-", getpid(), "-",
                             ++counter);
  std::remove(ready_file_.c_str());
  std::vector<std::string> args = {ARM_EMULATOR_BIN, "--port", "0", "--ready-file", ready_file_};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // A test that aborts (a sanitizer report, a crash) must not leave the emulator
    // holding ctest's output pipe: it dies with the test.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    // Keep test output readable: the emulator logs JSON lines on stderr.
    FILE* devnull = std::fopen("/dev/null", "w");
    if (devnull != nullptr) dup2(fileno(devnull), STDOUT_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  absl::Time until = absl::Now() + absl::Seconds(30);
  while (absl::Now() < until) {
    std::ifstream in(ready_file_);
    std::string line;
    if (in && std::getline(in, line) && !line.empty()) {
      url_ = std::string(absl::StripAsciiWhitespace(line));
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_FALSE(url_.empty()) << "arm-emulator did not become ready: " << ARM_EMULATOR_BIN;
}

EmulatorProcess::~EmulatorProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::remove(ready_file_.c_str());
}

std::string EmulatorProcess::host_port() const {
  return std::string(absl::StripPrefix(url_, "http://"));
}

EmulatorProcess::Response EmulatorProcess::Call(const std::string& method,
                                                const std::string& path_and_query,
                                                const std::string& body,
                                                azure::Headers headers) const {
  azure::HttpRequest req;
  req.method = method;
  req.url = url_ + path_and_query;
  req.body = body;
  if (!body.empty() && !headers.count("Content-Type")) {
    headers["Content-Type"] = "application/json";
  }
  req.headers = std::move(headers);
  Response out;
  absl::StatusOr<azure::HttpResponse> r =
      transport_->Send(req, azure::Context().WithTimeout(absl::Seconds(30)));
  if (!r.ok()) {
    ADD_FAILURE() << method << " " << path_and_query << ": " << r.status();
    return out;
  }
  out.status = r->status;
  out.body = r->body;
  out.json = nlohmann::json::parse(r->body, nullptr, false);
  if (out.json.is_discarded()) out.json = nullptr;
  return out;
}

void EmulatorProcess::SetConfig(const nlohmann::json& config) const {
  Response r = Call("POST", "/_emulator/config", config.dump());
  EXPECT_EQ(r.status, 200) << r.body;
}

std::string EmulatorProcess::FetchToken() const {
  Response r = Call("POST", absl::StrCat("/", kTenantId, "/oauth2/v2.0/token"),
                    absl::StrCat("grant_type=client_credentials&client_id=", kClientId,
                                 "&client_secret=", kClientSecret,
                                 "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default"),
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json.is_object() ? r.json.value("access_token", "") : "";
}

nlohmann::json EmulatorProcess::Requests() const {
  Response r = Call("GET", "/_emulator/requests");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json.is_object() ? r.json["requests"] : nlohmann::json::array();
}

std::map<std::string, std::string> BaseEnv(const EmulatorProcess& emu) {
  return {{"ARM_METADATA_HOSTNAME", emu.host_port()},
          {"ARM_SUBSCRIPTION_ID", kSubscriptionId},
          {"ARM_USE_CLI", "false"}};
}

azure::EnvGetter MapEnv(std::map<std::string, std::string> env) {
  return [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace azbatch::integration
