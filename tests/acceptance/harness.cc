#include "tests/acceptance/harness.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"

extern char** environ;

namespace azbatch::acceptance {
namespace fs = std::filesystem;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
  char* made = mkdtemp(tmpl.data());
  if (made == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return "/tmp";
  }
  return made;
}

// The provider package is laid out once per test process by the project's own
// install script, so the tests exercise exactly what users run.
const std::string& MirrorCliConfig(Workspace::Install install) {
  static std::once_flag once;
  static std::string mirror_config, dev_config;
  // The package holds a copy of the provider binary (tens of MB with debug
  // info): remove it when the test process ends, or every run leaks one.
  static struct Cleanup {
    std::string root;
    ~Cleanup() {
      std::error_code ec;
      if (!root.empty()) fs::remove_all(root, ec);
    }
  } cleanup;
  std::call_once(once, [] {
    std::string root = MakeTempDir("azbatch-mirror-");
    cleanup.root = root;
    std::string script = absl::StrCat(AZBATCH_SOURCE_DIR, "/scripts/install-provider.sh");
    CommandResult mirror =
        RunCommand({script, AZBATCH_PROVIDER_BIN, root + "/mirror"}, root, {});
    EXPECT_EQ(mirror.exit_code, 0) << mirror.Combined();
    mirror_config = root + "/mirror/cli.tfrc";
    CommandResult dev = RunCommand(
        {script, "--dev-overrides", AZBATCH_PROVIDER_BIN, root + "/dev"}, root, {});
    EXPECT_EQ(dev.exit_code, 0) << dev.Combined();
    dev_config = root + "/dev/cli.tfrc";
  });
  return install == Workspace::Install::kMirror ? mirror_config : dev_config;
}

}  // namespace

std::string Flat(const std::string& text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(ch);
  }
  return out;
}

CommandResult RunCommand(const std::vector<std::string>& argv, const std::string& cwd,
                         const std::map<std::string, std::string>& env) {
  CommandResult result;
  std::string out_path = MakeTempDir("azbatch-cmd-");
  std::string stdout_file = out_path + "/stdout", stderr_file = out_path + "/stderr";

  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : env) merged[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : merged) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp, args;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_copy = argv;
  for (auto& s : argv_copy) args.push_back(s.data());
  args.push_back(nullptr);

  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    int o = open(stdout_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || o < 0 || e < 0 || chdir(cwd.c_str()) != 0) _exit(127);
    dup2(in, 0);
    dup2(o, 1);
    dup2(e, 2);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid) {
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  result.out = ReadFile(stdout_file);
  result.err = ReadFile(stderr_file);
  fs::remove_all(out_path);
  return result;
}

std::vector<Cli> ClisUnderTest() {
  std::vector<Cli> clis;
  const char* tofu = std::getenv("TOFU");
  if (tofu != nullptr && *tofu != '\0') clis.push_back({"tofu", tofu});
  const char* tf = std::getenv("TERRAFORM");
  if (tf != nullptr && *tf != '\0') clis.push_back({"terraform", tf});
  return clis;
}

std::vector<std::string> CliNames() { return {"tofu", "terraform"}; }

bool ResolveCli(const std::string& name, Cli* cli) {
  for (const Cli& c : ClisUnderTest()) {
    if (c.name == name) {
      *cli = c;
      return true;
    }
  }
  if (name == "tofu") ADD_FAILURE() << "set TOFU=/path/to/tofu (scripts/test.sh builds it)";
  return false;
}

Workspace::Workspace(Cli cli, Install install) : cli_(std::move(cli)) {
  dir_ = MakeTempDir("azbatch-acc-");
  cli_config_ = MirrorCliConfig(install);
}

Workspace::~Workspace() {
  if (!::testing::Test::HasFailure()) fs::remove_all(dir_);
}

std::string TestdataFiles(const std::vector<std::string>& paths,
                          const std::map<std::string, std::string>& vars) {
  std::string text;
  for (const std::string& path : paths) {
    std::string full = absl::StrCat(AZBATCH_SOURCE_DIR, "/tests/acceptance/testdata/", path);
    if (!fs::exists(full)) ADD_FAILURE() << "no testdata file " << full;
    absl::StrAppend(&text, text.empty() ? "" : "\n", ReadFile(full));
  }
  for (const auto& [name, value] : vars) {
    std::string placeholder = absl::StrCat("{{", name, "}}");
    if (text.find(placeholder) == std::string::npos) {
      ADD_FAILURE() << absl::StrJoin(paths, " + ") << " has no " << placeholder;
    }
    text = absl::StrReplaceAll(text, {{placeholder, value}});
  }
  if (size_t open = text.find("{{"); open != std::string::npos) {
    ADD_FAILURE() << absl::StrJoin(paths, " + ") << ": no value for "
                  << text.substr(open, text.find("}}", open) + 2 - open);
  }
  return text;
}

void Workspace::WriteConfig(const std::string& body) {
  std::ofstream out(dir_ + "/main.tf");
  out << "terraform {\n  required_providers {\n    azbatch = {\n      source  = \""
      << kSourceAddress << "\"\n    }\n  }\n}\n\n"
      << body;
}

void Workspace::SetEnv(const std::map<std::string, std::string>& env) {
  for (const auto& [k, v] : env) env_[k] = v;
}

CommandResult Workspace::Run(std::vector<std::string> args) {
  args.insert(args.begin(), cli_.path);
  std::map<std::string, std::string> env = {{"TF_CLI_CONFIG_FILE", cli_config_},
                                            {"TF_IN_AUTOMATION", "1"},
                                            {"TF_INPUT", "0"},
                                            {"CHECKPOINT_DISABLE", "1"},
                                            {"TF_LOG", ""},
                                            {"TF_PLUGIN_CACHE_DIR", ""}};
  for (const auto& [k, v] : env_) env[k] = v;
  return RunCommand(args, dir_, env);
}

void Workspace::Init() {
  CommandResult r = Run({"init", "-no-color"});
  ASSERT_EQ(r.exit_code, 0) << cli_.name << " init failed:\n" << r.Combined();
}

void Workspace::Apply() {
  CommandResult r = Run({"apply", "-no-color", "-auto-approve"});
  ASSERT_EQ(r.exit_code, 0) << cli_.name << " apply failed:\n" << r.Combined();
}

std::string Workspace::PlanError(const std::string& config) {
  WriteConfig(config);
  Init();
  CommandResult r = Run({"plan", "-no-color"});
  EXPECT_EQ(r.exit_code, 1) << "plan was expected to fail:\n" << r.Combined();
  return Flat(r.err);
}

int Workspace::PlanExitCode(std::string* output) {
  CommandResult r = Run({"plan", "-no-color", "-detailed-exitcode"});
  if (output != nullptr) *output = r.Combined();
  return r.exit_code;
}

nlohmann::json Workspace::Outputs() {
  CommandResult r = Run({"output", "-json"});
  EXPECT_EQ(r.exit_code, 0) << r.Combined();
  nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << r.out;
  return j;
}

}  // namespace azbatch::acceptance
