// Acceptance harness: a throwaway working directory with a configuration, and the
// real CLI run against the real provider binary installed from a filesystem mirror.
#ifndef AZBATCH_TESTS_ACCEPTANCE_HARNESS_H_
#define AZBATCH_TESTS_ACCEPTANCE_HARNESS_H_

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace azbatch::acceptance {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string Combined() const { return out + err; }
};

// Collapses runs of white space to one space: core wraps diagnostic text at ~80
// columns, so assertions on messages compare flattened text.
std::string Flat(const std::string& text);

// Runs argv in `cwd` with the current environment plus `env`; captures output.
CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& cwd,
                         const std::map<std::string, std::string>& env);

// One CLI under test (tofu or terraform).
struct Cli {
  std::string name;  // "tofu" or "terraform"
  std::string path;
};
// The CLIs to test: TOFU (required) and TERRAFORM (when set).
std::vector<Cli> ClisUnderTest();
// Test parameters are CLI names, fixed at discovery time; the path is resolved when
// the test runs: tofu must be configured, terraform is optional (the test skips).
std::vector<std::string> CliNames();
// Resolves a CLI by name; records a failure (tofu) or returns false to skip (terraform).
bool ResolveCli(const std::string& name, Cli* cli);

// Fixture for tests that run once per CLI (parameter: the CLI's name). Tofu must be
// configured; a CLI that is not built here skips.
class CliTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!ResolveCli(GetParam(), &cli_)) {
      // A missing tofu is a recorded failure: stop before the body runs (gtest
      // runs the body after a skip once the test has also failed).
      if (HasFailure()) FAIL() << "no " << GetParam() << " to run";
      GTEST_SKIP() << GetParam() << " is not built here";
    }
  }
  const Cli& cli() const { return cli_; }

 private:
  Cli cli_;
};

// INSTANTIATE_CLI_TESTS(Fixture) runs every TEST_P of Fixture for tofu and terraform.
#define INSTANTIATE_CLI_TESTS(fixture)                                                  \
  INSTANTIATE_TEST_SUITE_P(Clis, fixture, ::testing::ValuesIn(::azbatch::acceptance::CliNames()), \
                           [](const auto& info) { return info.param; })

class Workspace {
 public:
  enum class Install { kMirror, kDevOverrides };
  explicit Workspace(Cli cli, Install install = Install::kMirror);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // Writes main.tf (the required_providers block is prepended).
  void WriteConfig(const std::string& body);
  // Extra environment for every CLI run (e.g. Emulator::ProviderEnv()).
  void SetEnv(const std::map<std::string, std::string>& env);
  CommandResult Run(std::vector<std::string> args);
  // Helpers that assert success with the output in the failure message.
  void Init();
  void Apply();
  // Writes `config`, runs init and a plan that must fail (exit 1); returns the
  // flattened error output for assertions.
  std::string PlanError(const std::string& config);
  // `plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error.
  int PlanExitCode(std::string* output = nullptr);
  nlohmann::json Outputs();
  const std::string& dir() const { return dir_; }
  const Cli& cli() const { return cli_; }

 private:
  Cli cli_;
  std::string dir_;
  std::string cli_config_;
  std::map<std::string, std::string> env_;
};

// A configuration from tests/acceptance/testdata: the files `paths` (relative to
// testdata/, e.g. "gallery/group.tf") one after the other, each "{{name}}" in
// them replaced by vars[name]. A placeholder without a value, a value no file
// uses or a missing file fails the test.
std::string TestdataFiles(const std::vector<std::string>& paths,
                          const std::map<std::string, std::string>& vars = {});
// The same for one file.
inline std::string Testdata(const std::string& path,
                            const std::map<std::string, std::string>& vars = {}) {
  return TestdataFiles({path}, vars);
}

// The fully qualified source address every configuration uses.
inline constexpr char kSourceAddress[] = "local.azbatch.dev/azbatch/azbatch";

}  // namespace azbatch::acceptance

#endif  // AZBATCH_TESTS_ACCEPTANCE_HARNESS_H_
