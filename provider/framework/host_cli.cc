#include "provider/framework/host_cli.h"

#include <unistd.h>

#include <climits>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace azbatch::framework {

std::string CliNameForExecutable(absl::string_view path) {
  absl::string_view base = path.substr(path.rfind('/') == absl::string_view::npos
                                          ? 0
                                          : path.rfind('/') + 1);
  if (absl::EndsWith(base, " (deleted)")) base.remove_suffix(10);
  if (base == "tofu" || absl::StartsWith(base, "tofu_") || absl::StartsWith(base, "tofu-")) {
    return "tofu";
  }
  if (base == "terraform" || absl::StartsWith(base, "terraform_") ||
      absl::StartsWith(base, "terraform-")) {
    // terraform-provider-* is a provider, not the CLI.
    if (!absl::StartsWith(base, "terraform-provider")) return "terraform";
  }
  return "";
}

const std::string& HostCliName() {
  static const std::string* name = [] {
    char buf[PATH_MAX];
    std::string link = absl::StrCat("/proc/", getppid(), "/exe");
    ssize_t n = readlink(link.c_str(), buf, sizeof(buf) - 1);
    return new std::string(n > 0 ? CliNameForExecutable(absl::string_view(buf, n)) : "");
  }();
  return *name;
}

std::string CliCommand(absl::string_view subcommand, absl::string_view args) {
  const std::string& cli = HostCliName();
  std::string line = absl::StrCat("`", cli.empty() ? "tofu" : cli, " ", subcommand, " ", args, "`");
  if (cli.empty()) absl::StrAppend(&line, " (`terraform ", subcommand, "` under Terraform)");
  return line;
}

}  // namespace azbatch::framework
