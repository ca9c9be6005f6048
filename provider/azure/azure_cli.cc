// Azure CLI credential and the process runner it uses.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "nlohmann/json.hpp"
#include "provider/azure/arm_error.h"
#include "provider/azure/credentials.h"
#include "provider/azure/redact.h"

namespace azbatch::azure {
namespace {

class AzureCliCredential : public TokenCredential {
 public:
  AzureCliCredential(CommandRunner runner, std::string tenant)
      : runner_(std::move(runner)), tenant_(std::move(tenant)) {}
  std::string Name() const override { return "Azure CLI"; }
  absl::StatusOr<AccessToken> GetToken(const std::string& scope, const Context& ctx) override {
    std::vector<std::string> argv = {"az", "account", "get-access-token", "--resource",
                                     ResourceForScope(scope), "-o", "json"};
    if (!tenant_.empty()) {
      argv.push_back("--tenant");
      argv.push_back(tenant_);
    }
    absl::StatusOr<CommandResult> r = runner_(argv, ctx);
    if (!r.ok()) {
      return absl::UnauthenticatedError(
          absl::StrCat("running `az account get-access-token`: ", r.status().message()));
    }
    if (r->exit_code != 0) {
      std::string err(absl::StripAsciiWhitespace(r->err));
      err = err.substr(0, err.find('\n'));
      if (err.empty()) err = absl::StrCat("exit code ", r->exit_code);
      return absl::UnauthenticatedError(
          absl::StrCat("`az account get-access-token` failed: ", RedactText(err),
                       " (run `az login`)"));
    }
    return ParseAzureCliToken(r->out);
  }

 private:
  CommandRunner runner_;
  std::string tenant_;
};

}  // namespace

absl::StatusOr<AccessToken> ParseAzureCliToken(const std::string& out) {
  std::optional<nlohmann::json> j = ParseJsonBody(out);
  if (!j || !j->is_object()) {
    return absl::UnauthenticatedError("`az account get-access-token` did not print JSON");
  }
  AccessToken t;
  auto at = j->find("accessToken");
  if (at == j->end() || !at->is_string() || at->get<std::string>().empty()) {
    return absl::UnauthenticatedError("`az account get-access-token` output has no accessToken");
  }
  t.token = at->get<std::string>();
  auto on = j->find("expires_on");
  int64_t epoch = 0;
  if (on != j->end() && on->is_number()) {
    t.expires_on = absl::FromUnixSeconds(on->get<int64_t>());
    return t;
  }
  if (on != j->end() && on->is_string() && absl::SimpleAtoi(on->get<std::string>(), &epoch)) {
    t.expires_on = absl::FromUnixSeconds(epoch);
    return t;
  }
  auto local = j->find("expiresOn");
  std::string err;
  if (local != j->end() && local->is_string() &&
      absl::ParseTime("%Y-%m-%d %H:%M:%E*S", local->get<std::string>(), absl::LocalTimeZone(),
                      &t.expires_on, &err)) {
    return t;
  }
  return absl::UnauthenticatedError("`az account get-access-token` output has no expiry");
}

std::shared_ptr<TokenCredential> NewAzureCliCredential(CommandRunner runner, std::string tenant) {
  return std::make_shared<AzureCliCredential>(std::move(runner), std::move(tenant));
}

CommandRunner DefaultCommandRunner() {
  return [](const std::vector<std::string>& argv,
            const Context& ctx) -> absl::StatusOr<CommandResult> {
    if (argv.empty()) return absl::InvalidArgumentError("empty command");
    int out_pipe[2], err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) return absl::InternalError("pipe failed");
    if (pipe2(err_pipe, O_CLOEXEC) != 0) {
      close(out_pipe[0]);
      close(out_pipe[1]);
      return absl::InternalError("pipe failed");
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = fork();
    if (pid < 0) return absl::InternalError(absl::StrCat("fork failed: ", std::strerror(errno)));
    if (pid == 0) {
      int devnull = open("/dev/null", O_RDONLY);
      if (devnull >= 0) dup2(devnull, 0);
      dup2(out_pipe[1], 1);
      dup2(err_pipe[1], 2);
      execvp(args[0], args.data());
      _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    CommandResult result;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int open_fds = 2;
    absl::Status stop;
    while (open_fds > 0) {
      if (stop = ctx.Check(); !stop.ok()) break;
      int n = poll(fds, 2, 100);
      if (n < 0 && errno != EINTR) break;
      for (int i = 0; i < 2; ++i) {
        if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        char buf[4096];
        ssize_t got = read(fds[i].fd, buf, sizeof(buf));
        if (got > 0) {
          (i == 0 ? result.out : result.err).append(buf, static_cast<size_t>(got));
        } else if (got == 0 || errno != EINTR) {
          close(fds[i].fd);
          fds[i].fd = -1;
          --open_fds;
        }
      }
    }
    for (auto& f : fds) {
      if (f.fd >= 0) close(f.fd);
    }
    if (!stop.ok()) kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!stop.ok()) return stop;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (result.exit_code == 127 && result.out.empty()) {
      return absl::NotFoundError(absl::StrCat(argv[0], " was not found on PATH"));
    }
    return result;
  };
}

}  // namespace azbatch::azure
