// Which CLI runs this provider, for advice that names a command. Known only
// when the parent process is the `tofu` or `terraform` executable; in debug
// (reattach) mode, behind a wrapper or under another protocol client it is
// unknown, and advice must then not name one.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_HOST_CLI_H_
#define AZBATCH_PROVIDER_FRAMEWORK_HOST_CLI_H_

#include <string>
#include "absl/strings/string_view.h"

namespace azbatch::framework {

// "tofu", "terraform" or "" (unknown). Read once per process.
const std::string& HostCliName();
// The CLI name for an executable path ("/x/tofu-v1/tofu" -> "tofu"), or "".
std::string CliNameForExecutable(absl::string_view path);
// A command line to show in advice, in backquotes: "`tofu import ADDRESS ID`"
// or "`terraform import ADDRESS ID`" when the CLI is known, otherwise
// "`tofu import ADDRESS ID` (`terraform import` under Terraform)".
std::string CliCommand(absl::string_view subcommand, absl::string_view args);

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_HOST_CLI_H_
