#include "provider/plugin/host.h"

#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <grpcpp/health_check_service_interface.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "provider/plugin/handshake.h"
#include "provider/plugin/host_services.h"
#include "provider/plugin/tls.h"

namespace azbatch::plugin {
namespace {

constexpr char kLog[] = "plugin";
constexpr int kMaxReceiveMessageBytes = 256 << 20;  // what core allows itself
constexpr auto kShutdownGrace = std::chrono::milliseconds(800);
constexpr auto kHardExitAfter = std::chrono::milliseconds(1200);
constexpr auto kParentPollInterval = std::chrono::milliseconds(500);

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? v : nullptr;
}

void PrintUsage(FILE* out, const char* argv0) {
  std::fprintf(out,
               "Usage: %s [--debug | --version | --help]\n"
               "\n"
               "Terraform/OpenTofu provider plugin. Normally started by terraform or tofu.\n"
               "  --debug    serve without TLS and print TF_REATTACH_PROVIDERS for attaching\n"
               "             terraform/tofu to this process (for debuggers); stop with Ctrl-C\n"
               "  --version  print the provider version\n"
               "  --help     print this text\n",
               argv0);
}

// A private directory holding the listening socket; removed on destruction.
class SocketDir {
 public:
  static absl::StatusOr<std::unique_ptr<SocketDir>> Create() {
    std::string base = "/tmp";
    if (const char* d = Env("PLUGIN_UNIX_SOCKET_DIR")) {
      base = d;
    } else if (const char* t = Env("TMPDIR")) {
      base = t;
    }
    std::string tmpl = base + "/tf-azbatch-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) {
      return absl::InternalError(
          absl::StrCat("creating socket directory under ", base, ": ", std::strerror(errno)));
    }
    auto dir = std::unique_ptr<SocketDir>(new SocketDir(tmpl));
    if (dir->socket_path_.size() >= sizeof(sockaddr_un::sun_path)) {
      return absl::InvalidArgumentError(absl::StrCat("unix socket path too long: ", dir->socket_path_));
    }
    return dir;
  }
  ~SocketDir() {
    unlink(socket_path_.c_str());
    rmdir(dir_.c_str());
  }
  const std::string& dir() const { return dir_; }
  const std::string& socket_path() const { return socket_path_; }

 private:
  explicit SocketDir(std::string dir) : dir_(std::move(dir)), socket_path_(dir_ + "/plugin.sock") {}
  std::string dir_;
  std::string socket_path_;
};

// PLUGIN_UNIX_SOCKET_GROUP (name or numeric gid): lets that group reach the
// socket, as go-plugin does.
absl::StatusOr<gid_t> SocketGroup(const char* group) {
  gid_t gid = 0;
  if (absl::SimpleAtoi(group, &gid)) return gid;
  struct group* g = getgrnam(group);
  if (g == nullptr) return absl::NotFoundError(absl::StrCat("unknown group ", group));
  return g->gr_gid;
}

absl::Status ShareWithGroup(const std::string& path, gid_t gid, mode_t mode) {
  if (chown(path.c_str(), static_cast<uid_t>(-1), gid) != 0 || chmod(path.c_str(), mode) != 0) {
    return absl::InternalError(absl::StrCat("sharing ", path, " with gid ", gid, ": ",
                                            std::strerror(errno)));
  }
  return absl::OkStatus();
}

int Fail(const absl::Status& status) {
  log::Error(kLog, "plugin host failed to start", {{"error", status.ToString()}});
  std::fprintf(stderr, "Error: %s\n", std::string(status.message()).c_str());
  return 1;
}

}  // namespace

int RunHost(int argc, char** argv, grpc::Service* provider_service, const HostOptions& options,
            std::function<void()> on_stop) {
  log::InitFromEnvironment();

  bool debug = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--debug" || arg == "-debug") {
      debug = true;
    } else if (arg == "--version" || arg == "-version" || arg == "version") {
      std::fprintf(stdout, "%s\n", options.version.c_str());
      return 0;
    } else if (arg == "--help" || arg == "-help" || arg == "-h") {
      PrintUsage(stdout, argv[0]);
      return 0;
    } else {
      std::fprintf(stderr, "unknown argument: %s\n", arg.c_str());
      PrintUsage(stderr, argv[0]);
      return 2;
    }
  }

  if (!debug) {
    if (!MagicCookieValid(std::getenv(kMagicCookieKey))) {
      std::fputs(kNotAPluginMessage, stderr);
      return 1;
    }
    if (absl::Status s = CheckProtocolVersions(std::getenv("PLUGIN_PROTOCOL_VERSIONS")); !s.ok()) {
      return Fail(s);
    }
    // Ctrl-C reaches the whole process group; core turns it into StopProvider.
    signal(SIGINT, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
  }
  const pid_t parent = getppid();

  // Termination signals are consumed by one thread via sigwait. They must be
  // blocked before any other thread (gRPC's included) exists.
  // An inherited SIG_IGN (e.g. a background job of a non-interactive shell)
  // would discard the signal before sigwait could see it, so reset first.
  sigset_t stop_signals, previous_mask;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  signal(SIGTERM, SIG_DFL);
  if (debug) {
    sigaddset(&stop_signals, SIGINT);
    signal(SIGINT, SIG_DFL);
  }
  pthread_sigmask(SIG_BLOCK, &stop_signals, &previous_mask);

  ShutdownLatch shutdown;   // why the host stops
  ShutdownLatch finished;   // tells helper threads to return
  std::atomic<bool> signal_thread_exit{false};
  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&stop_signals, &sig) != 0) continue;
      if (signal_thread_exit.load()) return;
      shutdown.Trigger(sig == SIGTERM ? "SIGTERM" : "SIGINT");
    }
  });
  std::thread parent_watchdog;
  if (!debug) {
    // PR_SET_PDEATHSIG follows the parent *thread*, which a Go runtime may
    // retire at any time; polling getppid() catches the parent process itself.
    parent_watchdog = std::thread([&] {
      while (!finished.WaitFor(kParentPollInterval)) {
        if (getppid() != parent) {
          shutdown.Trigger("parent process exited");
          return;
        }
      }
    });
  }
  auto stop_threads = [&] {
    finished.Trigger("done");
    signal_thread_exit.store(true);
    pthread_kill(signal_thread.native_handle(), SIGTERM);
    signal_thread.join();
    if (parent_watchdog.joinable()) parent_watchdog.join();
    pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
  };

  int exit_code = 0;
  {
    absl::StatusOr<std::unique_ptr<SocketDir>> socket_dir = SocketDir::Create();
    if (!socket_dir.ok()) {
      stop_threads();
      return Fail(socket_dir.status());
    }
    const std::string& socket_path = (*socket_dir)->socket_path();

    std::optional<gid_t> group;
    if (const char* g = Env("PLUGIN_UNIX_SOCKET_GROUP")) {
      absl::StatusOr<gid_t> gid = SocketGroup(g);
      absl::Status s = gid.ok() ? ShareWithGroup((*socket_dir)->dir(), *gid, 0750) : gid.status();
      if (!s.ok()) {
        stop_threads();
        return Fail(s);
      }
      group = *gid;
    }

    std::shared_ptr<grpc::ServerCredentials> credentials;
    std::string server_cert_der;
    const char* client_cert = debug ? nullptr : Env("PLUGIN_CLIENT_CERT");
    if (client_cert != nullptr) {
      absl::StatusOr<CertificateAndKey> cert = GenerateSelfSignedCertificate();
      if (!cert.ok()) {
        stop_threads();
        return Fail(cert.status());
      }
      grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
      tls.pem_root_certs = client_cert;
      tls.pem_key_cert_pairs.push_back({cert->key_pem, cert->cert_pem});
      credentials = grpc::SslServerCredentials(tls);
      server_cert_der = std::move(cert->cert_der);
    } else {
      // Only reachable through a 0700 directory on the local machine.
      credentials = grpc::InsecureServerCredentials();
      if (!debug) log::Warn(kLog, "PLUGIN_CLIENT_CERT not set; serving without TLS on a private unix socket");
    }

    ControllerService controller(&shutdown);
    StdioService stdio(&shutdown);
    BrokerService broker;
    grpc::EnableDefaultHealthCheckService(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("unix:" + socket_path, credentials);
    builder.SetMaxReceiveMessageSize(kMaxReceiveMessageBytes);
    if (provider_service != nullptr) builder.RegisterService(provider_service);
    builder.RegisterService(&controller);
    builder.RegisterService(&stdio);
    builder.RegisterService(&broker);
    std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
    if (server == nullptr) {
      stop_threads();
      return Fail(absl::UnavailableError(absl::StrCat("cannot listen on unix:", socket_path)));
    }
    server->GetHealthCheckService()->SetServingStatus("plugin", true);
    if (group.has_value()) {
      if (absl::Status s = ShareWithGroup(socket_path, *group, 0660); !s.ok()) {
        log::Warn(kLog, "cannot share the plugin socket", {{"error", s.ToString()}});
      }
    }

    log::Info(kLog, "plugin server listening",
              {{"address", socket_path},
               {"tls", server_cert_der.empty() ? "false" : "true"},
               {"debug", debug ? "true" : "false"}});
    if (debug) {
      std::string reattach = ReattachJson(options.provider_address, getpid(), socket_path);
      std::fprintf(stdout,
                   "Provider started in debug mode. To attach terraform or tofu, set this\n"
                   "environment variable in the shell that runs them:\n\n"
                   "TF_REATTACH_PROVIDERS='%s'\n\n"
                   "Press Ctrl-C to stop the provider.\n",
                   reattach.c_str());
    } else {
      std::string line = HandshakeLine("unix", socket_path, server_cert_der);
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
    std::fflush(stdout);

    shutdown.Wait();
    const std::string reason = shutdown.reason();
    log::Info(kLog, "plugin server shutting down", {{"reason", reason}});

    // Last resort if some handler ignores cancellation: core kills the process
    // 2 s after asking it to stop, so leave on our own before that.
    ShutdownLatch drained;
    const std::string socket_dir_path = (*socket_dir)->dir();
    std::thread hard_exit([&drained, socket_path, socket_dir_path] {
      if (drained.WaitFor(std::chrono::duration_cast<std::chrono::milliseconds>(kHardExitAfter))) {
        return;
      }
      log::Warn(kLog, "in-flight calls did not finish in time; exiting");
      unlink(socket_path.c_str());
      rmdir(socket_dir_path.c_str());
      std::fflush(nullptr);
      _exit(0);
    });

    if (on_stop) on_stop();
    server->GetHealthCheckService()->SetServingStatus(false);
    broker.CancelAll();
    server->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
    server->Wait();
    server.reset();
    drained.Trigger("drained");
    hard_exit.join();
    if (reason == "parent process exited") exit_code = 1;
  }  // socket directory removed here

  stop_threads();
  log::Debug(kLog, "plugin server stopped");
  return exit_code;
}

}  // namespace azbatch::plugin
