#include "tests/acceptance/emulator.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace azbatch::acceptance {
namespace fs = std::filesystem;

nlohmann::json HttpResult::Json() const {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

Emulator::Emulator(std::vector<std::string> flags) {
  std::string tmpl = (fs::temp_directory_path() / "azbatch-emu-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  std::string ready = dir_ + "/ready", log = dir_ + "/emulator.log";
  std::vector<std::string> argv = {AZBATCH_EMULATOR_BIN, "--port", "0", "--ready-file", ready};
  argv.insert(argv.end(), flags.begin(), flags.end());
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // A test that aborts (a sanitizer report, a crash) must not leave the emulator
    // holding ctest's output pipe: it dies with the test.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);
    int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    execv(args[0], args.data());
    _exit(127);
  }
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < give_up) {
    std::ifstream in(ready);
    std::string line;
    if (in && std::getline(in, line) && !line.empty()) {
      url_ = line;
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::ifstream l(log);
  std::stringstream ss;
  ss << l.rdbuf();
  ADD_FAILURE() << "arm-emulator did not become ready:\n" << ss.str();
}

Emulator::~Emulator() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (!dir_.empty() && !::testing::Test::HasFailure()) fs::remove_all(dir_);
}

std::string Emulator::host_port() const {
  std::string s = url_;
  auto p = s.find("://");
  return p == std::string::npos ? s : s.substr(p + 3);
}

std::map<std::string, std::string> Emulator::ProviderEnv() const {
  return {{"ARM_METADATA_HOSTNAME", host_port()},
          {"ARM_TENANT_ID", kTenantId},
          {"ARM_CLIENT_ID", kClientId},
          {"ARM_CLIENT_SECRET", kClientSecret},
          {"ARM_SUBSCRIPTION_ID", kSubscriptionId},
          {"ARM_USE_CLI", "false"}};
}

HttpResult Emulator::Request(const std::string& method, const std::string& path,
                             const std::string& body,
                             const std::map<std::string, std::string>& headers) const {
  HttpResult result;
  std::string hp = host_port();
  auto colon = hp.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(hp.substr(colon + 1), &port)) return result;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return result;
  }
  std::string req = absl::StrCat(method, " ", path, " HTTP/1.1\r\nHost: ", hp,
                                 "\r\nConnection: close\r\nContent-Length: ", body.size(), "\r\n");
  if (!body.empty()) absl::StrAppend(&req, "Content-Type: application/json\r\n");
  for (const auto& [k, v] : headers) absl::StrAppend(&req, k, ": ", v, "\r\n");
  absl::StrAppend(&req, "\r\n", body);
  for (size_t sent = 0; sent < req.size();) {
    ssize_t n = send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buf[16384];
  for (ssize_t n; (n = recv(fd, buf, sizeof(buf), 0)) > 0;) raw.append(buf, static_cast<size_t>(n));
  close(fd);
  // Status line, headers, then the body (chunked encoding decoded if present).
  auto line_end = raw.find("\r\n");
  auto head_end = raw.find("\r\n\r\n");
  if (line_end == std::string::npos || head_end == std::string::npos) return result;
  std::istringstream status_line(raw.substr(0, line_end));
  std::string version;
  status_line >> version >> result.status;
  std::string head = raw.substr(0, head_end);
  std::string rest = raw.substr(head_end + 4);
  std::string lower_head = head;
  for (char& c : lower_head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower_head.find("transfer-encoding: chunked") != std::string::npos) {
    size_t pos = 0;
    while (pos < rest.size()) {
      auto eol = rest.find("\r\n", pos);
      if (eol == std::string::npos) break;
      size_t len = std::stoul(rest.substr(pos, eol - pos), nullptr, 16);
      if (len == 0) break;
      result.body.append(rest, eol + 2, len);
      pos = eol + 2 + len + 2;
    }
  } else {
    result.body = rest;
  }
  return result;
}

HttpResult Emulator::Admin(const std::string& method, const std::string& path,
                           const nlohmann::json& body) const {
  return Request(method, "/_emulator/" + path, body.is_null() ? "" : body.dump());
}

nlohmann::json Emulator::Resource(const std::string& id) const {
  std::string escaped;
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      escaped.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&escaped, "%", absl::Hex(c, absl::kZeroPad2));
    }
  }
  HttpResult r = Admin("GET", "resources?id=" + escaped);
  if (r.status != 200) return nlohmann::json(nlohmann::json::value_t::discarded);
  return r.Json();
}

nlohmann::json Emulator::RequestLog() const { return Admin("GET", "requests").Json()["requests"]; }

}  // namespace azbatch::acceptance
