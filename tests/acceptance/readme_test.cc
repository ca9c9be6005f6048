// Acceptance: the README's getting-started steps work as written. The test
// takes the emulator snippet, the snapshot-seeding snippet and the
// pool-from-gallery configuration out of README.md itself and runs them, so
// the README cannot drift from what the provider accepts.
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/emulator.h"
#include "tests/acceptance/example_fixture.h"
#include "tests/acceptance/harness.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

// The first ```lang fenced block after the line `heading`; empty when absent.
std::string FencedBlockAfter(const std::string& text, const std::string& heading,
                             const std::string& lang) {
  size_t at = text.find("\n" + heading + "\n");
  if (at == std::string::npos) return "";
  const std::string open = "\n```" + lang + "\n";
  size_t start = text.find(open, at);
  if (start == std::string::npos) return "";
  start += open.size();
  size_t end = text.find("\n```\n", start);
  if (end == std::string::npos) return "";
  return text.substr(start, end - start + 1);
}

// Stops the emulator the README snippet started in the background.
struct BackgroundProcess {
  pid_t pid = -1;
  ~BackgroundProcess() {
    if (pid > 0) kill(pid, SIGTERM);
  }
};

class ReadmeAccTest : public CliTest {};

TEST_P(ReadmeAccTest, GettingStartedRunsAsWritten) {
  const std::string readme = ReadSourceFile(absl::StrCat(AZBATCH_SOURCE_DIR, "/README.md"));
  const std::string emulator_sh =
      FencedBlockAfter(readme, "### Start the local emulator", "sh");
  const std::string own_snapshot_sh =
      FencedBlockAfter(readme, "### A snapshot of your own in the emulator", "sh");
  const std::string config = FencedBlockAfter(readme, "### A pool from a gallery image", "hcl");
  ASSERT_FALSE(emulator_sh.empty()) << "README: no sh block under \"Start the local emulator\"";
  ASSERT_FALSE(own_snapshot_sh.empty()) << "README: no sh block under \"A snapshot of your own\"";
  ASSERT_FALSE(config.empty()) << "README: no hcl block under \"A pool from a gallery image\"";

  // The snippets run from the repository root; only the paths change: a
  // private ready file and log, and the emulator this build made.
  Workspace ws(cli());
  const std::string ready = ws.dir() + "/arm.url";
  auto localise = [&](std::string sh) {
    sh = absl::StrReplaceAll(sh, {{"/tmp/arm.url", ready}, {"/tmp/arm.log", ws.dir() + "/arm.log"}});
    return absl::StrReplaceAll(sh, {{"build/bin/arm-emulator", AZBATCH_EMULATOR_BIN}});
  };
  EXPECT_THAT(emulator_sh, HasSubstr("build/bin/arm-emulator --port 0 --ready-file /tmp/arm.url"));
  // A failing step stops the emulator the snippet started (its only job).
  const std::string script = absl::StrCat("set -eo pipefail\ntrap 'kill %1 2>/dev/null' ERR\n", localise(emulator_sh),
                        "echo; echo \"EMULATOR_PID=$!\"\n", localise(own_snapshot_sh),
                        "echo; env | grep '^ARM_'\n");
  // `timeout` bounds the wait loop should the emulator never start.
  CommandResult run = RunCommand({"/usr/bin/timeout", "120", "/bin/bash", "-c", script},
                                 AZBATCH_SOURCE_DIR, {});
  BackgroundProcess emulator;
  std::map<std::string, std::string> env;
  if (size_t at = run.out.find("EMULATOR_PID="); at != std::string::npos) {
    const size_t from = at + strlen("EMULATOR_PID=");
    EXPECT_TRUE(absl::SimpleAtoi(run.out.substr(from, run.out.find('\n', from) - from),
                                 &emulator.pid));
  }
  for (absl::string_view line : absl::StrSplit(run.out, '\n')) {
    std::pair<std::string, std::string> kv = absl::StrSplit(line, absl::MaxSplits('=', 1));
    if (absl::StartsWith(kv.first, "ARM_")) {
      env[kv.first] = kv.second;
    }
  }
  ASSERT_EQ(run.exit_code, 0) << run.Combined();
  ASSERT_GT(emulator.pid, 0) << run.Combined();

  // The exported endpoint is the one the emulator announced, never empty.
  const std::string url(absl::StripAsciiWhitespace(ReadSourceFile(ready)));
  ASSERT_TRUE(absl::StartsWith(url, "http://127.0.0.1:")) << url;
  EXPECT_EQ(env["ARM_METADATA_HOSTNAME"], url.substr(strlen("http://")));
  EXPECT_EQ(env["ARM_SUBSCRIPTION_ID"], Emulator::kSubscriptionId);

  // The configuration, exactly as printed.
  std::ofstream(ws.dir() + "/main.tf") << config;
  ws.SetEnv(env);
  ASSERT_NO_FATAL_FAILURE(ws.Init());
  CommandResult apply = ws.Run({"apply", "-no-color", "-auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.Combined();
  EXPECT_THAT(apply.Combined(), Not(HasSubstr("Warning:")));
  std::string plan;
  EXPECT_EQ(ws.PlanExitCode(&plan), 0) << plan;
  EXPECT_EQ(ws.Outputs()["pool_nodes"]["value"], 2);
  CommandResult destroy = ws.Run({"destroy", "-no-color", "-auto-approve"});
  ASSERT_EQ(destroy.exit_code, 0) << destroy.Combined();

  // "A snapshot of your own": the seeded snapshot works with the -var the
  // README shows.
  const std::string var_flag = "-var os_snapshot_id=";
  size_t at = readme.find(var_flag, readme.find("### A snapshot of your own in the emulator"));
  ASSERT_NE(at, std::string::npos) << "README: no `" << var_flag << "...` after the seeding snippet";
  const std::string own_id =
      readme.substr(at + var_flag.size(), readme.find('`', at) - at - var_flag.size());
  CommandResult own =
      ws.Run({"apply", "-no-color", "-auto-approve", "-var", "os_snapshot_id=" + own_id});
  ASSERT_EQ(own.exit_code, 0) << own.Combined();
  CommandResult state = ws.Run({"state", "show", "-no-color", "azbatch_image_version.v1"});
  EXPECT_THAT(state.out, HasSubstr(own_id));
  destroy = ws.Run({"destroy", "-no-color", "-auto-approve", "-var", "os_snapshot_id=" + own_id});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
}

INSTANTIATE_CLI_TESTS(ReadmeAccTest);

}  // namespace
}  // namespace azbatch::acceptance
