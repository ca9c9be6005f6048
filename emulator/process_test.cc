// The arm-emulator binary: ready line, ready file, SIGTERM, TLS, loopback only.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cpprest/http_client.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace {

struct Child {
  pid_t pid = -1;
  std::string line;
};

Child Spawn(const std::vector<std::string>& args) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  Child c;
  c.pid = fork();
  if (c.pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    std::vector<char*> argv;
    static std::string bin = ARM_EMULATOR_BIN;
    argv.push_back(bin.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  FILE* out = fdopen(fds[0], "r");
  char buf[512];
  if (fgets(buf, sizeof(buf), out) != nullptr) c.line = buf;
  fclose(out);
  return c;
}

int Terminate(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ProcessTest, ReadyLineReadyFileAndSigterm) {
  std::string ready = ::testing::TempDir() + "/arm-emulator-ready-test";
  std::remove(ready.c_str());
  Child c = Spawn({"--port", "0", "--host", "127.0.0.1", "--ready-file", ready, "--time-scale", "120"});
  ASSERT_EQ(c.line.rfind("arm-emulator listening on http://127.0.0.1:", 0), 0u) << c.line;
  std::string url = c.line.substr(std::string("arm-emulator listening on ").size());
  url.erase(url.find_last_not_of("\r\n") + 1);
  EXPECT_EQ(ReadFile(ready), url + "\n");
  web::http::client::http_client client(url);
  auto resp = client.request("GET", "/metadata/endpoints?api-version=2022-09-01").get();
  EXPECT_EQ(resp.status_code(), 200);
  int status = Terminate(c.pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::remove(ready.c_str());
}

TEST(ProcessTest, TlsWithGeneratedLoopbackCertificate) {
  std::string cert = ::testing::TempDir() + "/arm-emulator-cert-test.pem";
  Child c = Spawn({"--port", "0", "--tls", "--tls-cert-file", cert});
  ASSERT_EQ(c.line.rfind("arm-emulator listening on https://127.0.0.1:", 0), 0u) << c.line;
  std::string url = c.line.substr(std::string("arm-emulator listening on ").size());
  url.erase(url.find_last_not_of("\r\n") + 1);
  web::http::client::http_client_config config;
  config.set_ssl_context_callback([cert](boost::asio::ssl::context& ctx) {
    ctx.load_verify_file(cert);  // trust exactly the emulator's certificate
  });
  web::http::client::http_client client(url, config);
  auto resp = client.request("GET", "/metadata/endpoints?api-version=2022-09-01").get();
  EXPECT_EQ(resp.status_code(), 200);
  EXPECT_NE(resp.extract_string(true).get().find("https://127.0.0.1:"), std::string::npos);
  EXPECT_EQ(WEXITSTATUS(Terminate(c.pid)), 0);
  std::remove(cert.c_str());
}

TEST(ProcessTest, RefusesNonLoopbackHost) {
  Child c = Spawn({"--port", "0", "--host", "0.0.0.0"});
  EXPECT_EQ(c.line, "");
  int status = 0;
  waitpid(c.pid, &status, 0);
  EXPECT_EQ(WEXITSTATUS(status), 1);
}

}  // namespace
