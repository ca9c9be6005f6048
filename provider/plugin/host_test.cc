// End-to-end tests of the plugin host: each test starts the small
// plugin_host_testserver binary as core would and talks to it over gRPC.
#include "provider/plugin/host.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"
#include "proto/grpc_broker.grpc.pb.h"
#include "proto/grpc_controller.grpc.pb.h"
#include "proto/grpc_stdio.grpc.pb.h"
#include "proto/tfplugin6.grpc.pb.h"
#include "provider/plugin/handshake.h"
#include "provider/plugin/tls.h"

extern char** environ;

namespace azbatch::plugin {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::steady_clock;

// A started test server: stdout is a pipe, stderr goes to a file.
struct Child {
  pid_t pid = -1;
  int out = -1;
  std::string stderr_path;
  std::optional<int> exit_code;

  ~Child() {
    if (pid > 0 && !exit_code.has_value()) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
    if (out >= 0) close(out);
  }
  std::string Stderr() const {
    std::ifstream f(stderr_path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  // Waits up to `timeout` for the process to exit; returns its exit code
  // (128 + signal when killed by a signal).
  std::optional<int> WaitExit(std::chrono::milliseconds timeout) {
    if (exit_code.has_value()) return exit_code;
    auto end = Clock::now() + timeout;
    while (Clock::now() < end) {
      int status = 0;
      pid_t r = waitpid(pid, &status, WNOHANG);
      if (r == pid) {
        exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return std::nullopt;
  }
  // Reads one '\n'-terminated line from stdout (without the newline).
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout) {
    std::string line;
    auto end = Clock::now() + timeout;
    while (Clock::now() < end) {
      pollfd p{out, POLLIN, 0};
      int left = static_cast<int>(
          std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count());
      if (poll(&p, 1, left > 0 ? left : 0) <= 0) continue;
      char c;
      ssize_t n = read(out, &c, 1);
      if (n <= 0) return std::nullopt;
      if (c == '\n') return line;
      line.push_back(c);
    }
    return std::nullopt;
  }
  // Everything left on stdout until EOF (call after the process exited).
  std::string ReadRest() {
    std::string rest;
    char buf[4096];
    ssize_t n;
    while ((n = read(out, buf, sizeof(buf))) > 0) rest.append(buf, n);
    return rest;
  }
};

class HostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/azbatch-host-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    work_dir_ = tmpl;
    absl::StatusOr<CertificateAndKey> client = GenerateSelfSignedCertificate();
    ASSERT_TRUE(client.ok()) << client.status();
    client_ = *client;
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + work_dir_ + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }

  // Environment as core sets it (cookie, versions, client certificate),
  // with `overrides` applied (nullopt removes a variable).
  std::map<std::string, std::string> CoreEnv(
      const std::map<std::string, std::optional<std::string>>& overrides = {}) {
    std::map<std::string, std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string kv = *e;
      size_t eq = kv.find('=');
      if (eq == std::string::npos) continue;
      std::string key = kv.substr(0, eq);
      if (key.rfind("PLUGIN_", 0) == 0 || key.rfind("TF_", 0) == 0) continue;
      env[key] = kv.substr(eq + 1);
    }
    env[kMagicCookieKey] = kMagicCookieValue;
    env["PLUGIN_PROTOCOL_VERSIONS"] = "5,6";
    env["PLUGIN_CLIENT_CERT"] = client_.cert_pem;
    env["PLUGIN_UNIX_SOCKET_DIR"] = work_dir_;
    for (const auto& [k, v] : overrides) {
      if (v.has_value()) {
        env[k] = *v;
      } else {
        env.erase(k);
      }
    }
    return env;
  }

  std::unique_ptr<Child> Start(const std::map<std::string, std::string>& env,
                               const std::vector<std::string>& args = {},
                               const std::string& program = AZBATCH_PLUGIN_TESTSERVER) {
    auto child = std::make_unique<Child>();
    child->stderr_path = work_dir_ + "/stderr-" + std::to_string(++spawned_);
    int fds[2];
    EXPECT_EQ(pipe2(fds, O_CLOEXEC), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, child->stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> argv_s = {program};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_s;
    for (const auto& [k, v] : env) env_s.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    int rc = posix_spawn(&child->pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    child->out = fds[0];
    EXPECT_EQ(rc, 0);
    return child;
  }

  // Entries left in the socket base directory, excluding stderr captures.
  std::vector<std::string> SocketDirs() {
    std::vector<std::string> names;
    DIR* d = opendir(work_dir_.c_str());
    if (d == nullptr) return names;
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != ".." && n.rfind("stderr-", 0) != 0) names.push_back(n);
    }
    closedir(d);
    return names;
  }

  std::string work_dir_;
  CertificateAndKey client_;
  int spawned_ = 0;
};

struct Handshake {
  std::vector<std::string> fields;
  std::string socket_path;
  std::string server_cert_pem;
};

// Parses and checks the handshake line.
Handshake ParseHandshake(const std::string& line) {
  Handshake h;
  h.fields = absl::StrSplit(line, '|');
  if (h.fields.size() < 5) {
    ADD_FAILURE() << "short handshake line: " << line;
    return h;
  }
  EXPECT_EQ(h.fields[0], "1");
  EXPECT_EQ(h.fields[1], "6");
  EXPECT_EQ(h.fields[2], "unix");
  EXPECT_EQ(h.fields[4], "grpc");
  h.socket_path = h.fields[3];
  if (h.fields.size() == 6) {
    const std::string& b64 = h.fields[5];
    EXPECT_GT(b64.size(), 50u);
    EXPECT_EQ(b64.find('='), std::string::npos);
    std::string der;
    EXPECT_TRUE(absl::Base64Unescape(b64, &der));
    absl::StatusOr<std::string> pem = CertificateDerToPem(der);
    EXPECT_TRUE(pem.ok()) << pem.status();
    if (pem.ok()) h.server_cert_pem = *pem;
  }
  return h;
}

std::shared_ptr<grpc::Channel> MtlsChannel(const Handshake& h, const CertificateAndKey* client) {
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = h.server_cert_pem;
  if (client != nullptr) {
    tls.pem_private_key = client->key_pem;
    tls.pem_cert_chain = client->cert_pem;
  }
  grpc::ChannelArguments args;
  args.SetSslTargetNameOverride("localhost");
  return grpc::CreateCustomChannel("unix:" + h.socket_path, grpc::SslCredentials(tls), args);
}

std::shared_ptr<grpc::Channel> PlainChannel(const std::string& socket_path) {
  return grpc::CreateChannel("unix:" + socket_path, grpc::InsecureChannelCredentials());
}

void SetDeadline(grpc::ClientContext* ctx, int ms) {
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(ms));
}

// grpc.health.v1.Health/Check for `service`, encoded by hand:
// HealthCheckRequest{string service = 1}; HealthCheckResponse{enum status = 1}.
// Returns the status number (1 = SERVING) or the gRPC error.
struct HealthResult {
  grpc::Status status;
  int serving_status = -1;
};
HealthResult HealthCheck(const std::shared_ptr<grpc::Channel>& channel, const std::string& service) {
  std::string request = std::string("\x0a", 1) + static_cast<char>(service.size()) + service;
  grpc::Slice slice(request);
  grpc::ByteBuffer req(&slice, 1), resp;
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  SetDeadline(&ctx, 5000);
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &req, &resp,
                 [&done](grpc::Status s) { done.set_value(s); });
  HealthResult result;
  result.status = done.get_future().get();
  if (result.status.ok()) {
    std::vector<grpc::Slice> slices;
    EXPECT_TRUE(resp.Dump(&slices).ok());
    std::string bytes;
    for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    if (bytes.empty()) {
      result.serving_status = 0;  // UNKNOWN is the proto3 default
    } else if (bytes.size() == 2 && bytes[0] == '\x08') {
      result.serving_status = bytes[1];
    } else {
      ADD_FAILURE() << "unexpected health response bytes";
    }
  }
  return result;
}

grpc::Status CallShutdown(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = ::plugin::GRPCController::NewStub(channel);
  grpc::ClientContext ctx;
  SetDeadline(&ctx, 5000);
  ::plugin::Empty req, resp;
  return stub->Shutdown(&ctx, req, &resp);
}

TEST_F(HostTest, MutualTlsServeStopAndShutdown) {
  std::unique_ptr<Child> child = Start(CoreEnv());
  std::optional<std::string> line = child->ReadLine(std::chrono::seconds(20));
  ASSERT_TRUE(line.has_value()) << child->Stderr();
  Handshake h = ParseHandshake(*line);
  ASSERT_EQ(h.fields.size(), 6u) << *line;
  ASSERT_FALSE(h.server_cert_pem.empty());

  // The socket sits in a private directory under PLUGIN_UNIX_SOCKET_DIR.
  ASSERT_EQ(h.socket_path.rfind(work_dir_ + "/", 0), 0u) << h.socket_path;
  struct stat st;
  ASSERT_EQ(stat(h.socket_path.substr(0, h.socket_path.rfind('/')).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700);
  ASSERT_EQ(stat(h.socket_path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));

  std::shared_ptr<grpc::Channel> channel = MtlsChannel(h, &client_);
  HealthResult health = HealthCheck(channel, "plugin");
  ASSERT_TRUE(health.status.ok()) << health.status.error_message() << "\n" << child->Stderr();
  EXPECT_EQ(health.serving_status, 1);  // SERVING

  auto provider = tfplugin6::Provider::NewStub(channel);
  {
    grpc::ClientContext ctx;
    SetDeadline(&ctx, 5000);
    tfplugin6::StopProvider::Request req;
    tfplugin6::StopProvider::Response resp;
    resp.set_error("sentinel");
    grpc::Status s = provider->StopProvider(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.error(), "");
  }
  {
    // An RPC the test provider does not implement.
    grpc::ClientContext ctx;
    SetDeadline(&ctx, 5000);
    tfplugin6::GetProviderSchema::Request req;
    tfplugin6::GetProviderSchema::Response resp;
    EXPECT_EQ(provider->GetProviderSchema(&ctx, req, &resp).error_code(),
              grpc::StatusCode::UNIMPLEMENTED);
  }

  // Streams a real client keeps open: stdio (must end on shutdown) and the
  // broker (must not hold up shutdown).
  auto stdio_stub = ::plugin::GRPCStdio::NewStub(channel);
  grpc::ClientContext stdio_ctx;
  SetDeadline(&stdio_ctx, 10000);
  google::protobuf::Empty stdio_req;
  auto stdio_reader = stdio_stub->StreamStdio(&stdio_ctx, stdio_req);
  auto stdio_done = std::async(std::launch::async, [&] {
    ::plugin::StdioData data;
    int messages = 0;
    while (stdio_reader->Read(&data)) ++messages;
    EXPECT_EQ(messages, 0);
    return stdio_reader->Finish();
  });
  auto broker_stub = ::plugin::GRPCBroker::NewStub(channel);
  grpc::ClientContext broker_ctx;
  SetDeadline(&broker_ctx, 10000);
  auto broker = broker_stub->StartStream(&broker_ctx);
  ::plugin::ConnInfo info;
  info.set_service_id(7);
  info.set_network("unix");
  ASSERT_TRUE(broker->Write(info));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let both streams start

  auto shutdown_started = Clock::now();
  grpc::Status s = CallShutdown(channel);
  ASSERT_TRUE(s.ok()) << s.error_message();
  std::optional<int> code = child->WaitExit(std::chrono::milliseconds(2000));
  auto took = Clock::now() - shutdown_started;
  ASSERT_TRUE(code.has_value()) << "still running 2 s after Shutdown\n" << child->Stderr();
  EXPECT_EQ(*code, 0) << child->Stderr();
  EXPECT_LT(took, std::chrono::milliseconds(2000));

  ASSERT_EQ(stdio_done.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_TRUE(stdio_done.get().ok());
  broker->WritesDone();
  broker->Finish();

  EXPECT_EQ(child->ReadRest(), "");  // nothing on stdout but the handshake
  EXPECT_THAT(SocketDirs(), ::testing::IsEmpty());
  EXPECT_THAT(child->Stderr(), HasSubstr("on_stop called (StopProvider calls: 1)"));
}

TEST_F(HostTest, ExitsInTimeEvenIfAHandlerHangs) {
  std::unique_ptr<Child> child = Start(CoreEnv({{"PLUGIN_CLIENT_CERT", std::nullopt}}));
  std::optional<std::string> line = child->ReadLine(std::chrono::seconds(20));
  ASSERT_TRUE(line.has_value()) << child->Stderr();
  Handshake h = ParseHandshake(*line);
  auto channel = PlainChannel(h.socket_path);
  auto provider = tfplugin6::Provider::NewStub(channel);
  grpc::ClientContext hung_ctx;
  SetDeadline(&hung_ctx, 10000);
  tfplugin6::ProviderMetadata::Request req;
  tfplugin6::ProviderMetadata::Response resp;
  auto hung = std::async(std::launch::async,
                         [&] { return provider->GetMetadata(&hung_ctx, req, &resp); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // handler is now sleeping

  auto started = Clock::now();
  ASSERT_TRUE(CallShutdown(channel).ok());
  std::optional<int> code = child->WaitExit(std::chrono::milliseconds(2000));
  ASSERT_TRUE(code.has_value()) << "still running 2 s after Shutdown\n" << child->Stderr();
  EXPECT_EQ(*code, 0);
  EXPECT_LT(Clock::now() - started, std::chrono::milliseconds(2000));
  EXPECT_THAT(child->Stderr(), HasSubstr("did not finish in time"));
  EXPECT_THAT(SocketDirs(), ::testing::IsEmpty());
  EXPECT_FALSE(hung.get().ok());
}

TEST_F(HostTest, RejectsClientsWithoutCertificate) {
  std::unique_ptr<Child> child = Start(CoreEnv());
  std::optional<std::string> line = child->ReadLine(std::chrono::seconds(20));
  ASSERT_TRUE(line.has_value()) << child->Stderr();
  Handshake h = ParseHandshake(*line);
  ASSERT_FALSE(h.server_cert_pem.empty());

  HealthResult no_cert = HealthCheck(MtlsChannel(h, nullptr), "plugin");
  EXPECT_FALSE(no_cert.status.ok());
  HealthResult plaintext = HealthCheck(PlainChannel(h.socket_path), "plugin");
  EXPECT_FALSE(plaintext.status.ok());
  // A certificate the server was not told to trust is refused too.
  absl::StatusOr<CertificateAndKey> stranger = GenerateSelfSignedCertificate();
  ASSERT_TRUE(stranger.ok());
  HealthResult wrong_cert = HealthCheck(MtlsChannel(h, &*stranger), "plugin");
  EXPECT_FALSE(wrong_cert.status.ok());
  // While the right one works on the same server.
  HealthResult good = HealthCheck(MtlsChannel(h, &client_), "plugin");
  ASSERT_TRUE(good.status.ok()) << good.status.error_message();
  EXPECT_EQ(good.serving_status, 1);

  // SIGINT is ignored (core sends StopProvider instead); SIGTERM stops it.
  ASSERT_EQ(kill(child->pid, SIGINT), 0);
  EXPECT_FALSE(child->WaitExit(std::chrono::milliseconds(300)).has_value());
  ASSERT_EQ(kill(child->pid, SIGTERM), 0);
  std::optional<int> code = child->WaitExit(std::chrono::milliseconds(2000));
  ASSERT_TRUE(code.has_value()) << child->Stderr();
  EXPECT_EQ(*code, 0);
  EXPECT_THAT(SocketDirs(), ::testing::IsEmpty());
}

TEST_F(HostTest, PlaintextWithoutClientCertificate) {
  std::unique_ptr<Child> child = Start(CoreEnv({{"PLUGIN_CLIENT_CERT", std::nullopt}}));
  std::optional<std::string> line = child->ReadLine(std::chrono::seconds(20));
  ASSERT_TRUE(line.has_value()) << child->Stderr();
  Handshake h = ParseHandshake(*line);
  EXPECT_EQ(h.fields.size(), 5u) << *line;
  auto channel = PlainChannel(h.socket_path);
  HealthResult health = HealthCheck(channel, "plugin");
  ASSERT_TRUE(health.status.ok()) << health.status.error_message();
  EXPECT_EQ(health.serving_status, 1);
  ASSERT_TRUE(CallShutdown(channel).ok());
  std::optional<int> code = child->WaitExit(std::chrono::milliseconds(2000));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
}

TEST_F(HostTest, MissingCookiePrintsFriendlyMessage) {
  std::unique_ptr<Child> child = Start(CoreEnv({{kMagicCookieKey, std::nullopt}}));
  std::optional<int> code = child->WaitExit(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  EXPECT_THAT(child->Stderr(), HasSubstr("This binary is a plugin. These are not meant to be "
                                         "executed directly."));
  EXPECT_EQ(child->ReadRest(), "");
}

TEST_F(HostTest, WrongCookieIsRejected) {
  std::unique_ptr<Child> child = Start(CoreEnv({{kMagicCookieKey, std::string("nope")}}));
  std::optional<int> code = child->WaitExit(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  EXPECT_THAT(child->Stderr(), HasSubstr("This binary is a plugin"));
}

TEST_F(HostTest, ProtocolSixMustBeOffered) {
  std::unique_ptr<Child> child =
      Start(CoreEnv({{"PLUGIN_PROTOCOL_VERSIONS", std::string("4,5")}}));
  std::optional<int> code = child->WaitExit(std::chrono::seconds(10));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 1);
  EXPECT_THAT(child->Stderr(), HasSubstr("protocol 6"));
  EXPECT_EQ(child->ReadRest(), "");
  EXPECT_THAT(SocketDirs(), ::testing::IsEmpty());
}

TEST_F(HostTest, VersionAndHelp) {
  std::unique_ptr<Child> version = Start(CoreEnv(), {"--version"});
  ASSERT_EQ(version->WaitExit(std::chrono::seconds(10)), std::optional<int>(0));
  EXPECT_EQ(version->ReadRest(), "0.0.0-test\n");
  std::unique_ptr<Child> help = Start(CoreEnv(), {"--help"});
  ASSERT_EQ(help->WaitExit(std::chrono::seconds(10)), std::optional<int>(0));
  EXPECT_THAT(help->ReadRest(), HasSubstr("--debug"));
  std::unique_ptr<Child> bad = Start(CoreEnv(), {"--bogus"});
  ASSERT_EQ(bad->WaitExit(std::chrono::seconds(10)), std::optional<int>(2));
  EXPECT_EQ(bad->ReadRest(), "");
}

TEST_F(HostTest, DebugModePrintsReattachAndStopsOnSigint) {
  // Started by hand: no cookie, no client certificate. SIGINT starts out
  // ignored, as for a background job of a non-interactive shell; the host
  // must still react to it in debug mode.
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(sigaction(SIGINT, &ignore, &previous), 0);
  std::unique_ptr<Child> child = Start(
      CoreEnv({{kMagicCookieKey, std::nullopt}, {"PLUGIN_PROTOCOL_VERSIONS", std::nullopt}}),
      {"--debug"});
  ASSERT_EQ(sigaction(SIGINT, &previous, nullptr), 0);
  std::string reattach;
  for (int i = 0; i < 20 && reattach.empty(); ++i) {
    std::optional<std::string> line = child->ReadLine(std::chrono::seconds(20));
    ASSERT_TRUE(line.has_value()) << child->Stderr();
    const std::string prefix = "TF_REATTACH_PROVIDERS='";
    if (line->rfind(prefix, 0) == 0) {
      ASSERT_EQ(line->back(), '\'');
      reattach = line->substr(prefix.size(), line->size() - prefix.size() - 1);
    }
  }
  nlohmann::json j = nlohmann::json::parse(reattach);
  const nlohmann::json& p = j.at("registry.opentofu.org/azbatch/test");
  EXPECT_EQ(p.at("ProtocolVersion"), 6);
  EXPECT_EQ(p.at("Pid"), child->pid);
  EXPECT_EQ(p.at("Addr").at("Network"), "unix");
  std::string socket_path = p.at("Addr").at("String");

  HealthResult health = HealthCheck(PlainChannel(socket_path), "plugin");
  ASSERT_TRUE(health.status.ok()) << health.status.error_message();
  EXPECT_EQ(health.serving_status, 1);

  ASSERT_EQ(kill(child->pid, SIGINT), 0);
  std::optional<int> code = child->WaitExit(std::chrono::milliseconds(2000));
  ASSERT_TRUE(code.has_value()) << child->Stderr();
  EXPECT_EQ(*code, 0);
  struct stat st;
  EXPECT_NE(stat(socket_path.c_str(), &st), 0);
}

// True while `pid` exists and is not a zombie.
bool ProcessAlive(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  if (!f) return false;
  std::string stat_line;
  std::getline(f, stat_line);
  size_t paren = stat_line.rfind(')');
  return paren != std::string::npos && paren + 2 < stat_line.size() &&
         stat_line[paren + 2] != 'Z' && stat_line[paren + 2] != 'X';
}

TEST_F(HostTest, DiesWithItsParent) {
  // A shell plays core: it starts the plugin, then exits without shutting it down.
  std::unique_ptr<Child> shell = Start(
      CoreEnv(), {"-c", "\"$0\" & echo $!; sleep 1", AZBATCH_PLUGIN_TESTSERVER}, "/bin/sh");
  std::optional<std::string> pid_line = shell->ReadLine(std::chrono::seconds(10));
  ASSERT_TRUE(pid_line.has_value());
  pid_t plugin_pid = std::stoi(*pid_line);
  std::optional<std::string> handshake = shell->ReadLine(std::chrono::seconds(20));
  ASSERT_TRUE(handshake.has_value()) << shell->Stderr();
  EXPECT_EQ(handshake->rfind("1|6|unix|", 0), 0u);
  EXPECT_TRUE(ProcessAlive(plugin_pid));

  ASSERT_EQ(shell->WaitExit(std::chrono::seconds(10)), std::optional<int>(0));
  auto end = Clock::now() + std::chrono::seconds(3);
  while (ProcessAlive(plugin_pid) && Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_FALSE(ProcessAlive(plugin_pid)) << "plugin outlived its parent";
}

}  // namespace
}  // namespace azbatch::plugin
