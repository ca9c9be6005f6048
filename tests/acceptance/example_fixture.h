// Shared helpers for the tests that run the shipped examples/ and the README's
// configuration: find the example folders, lay one out in a workspace, seed
// what only Azure could provide, and parse import.sh.
#ifndef AZBATCH_TESTS_ACCEPTANCE_EXAMPLE_FIXTURE_H_
#define AZBATCH_TESTS_ACCEPTANCE_EXAMPLE_FIXTURE_H_

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "tests/acceptance/emulator.h"
#include "tests/acceptance/harness.h"

namespace azbatch::acceptance {

inline std::string ReadSourceFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string ExamplesRoot() { return absl::StrCat(AZBATCH_SOURCE_DIR, "/examples"); }

// Every folder under examples/ that holds a .tf file, relative to examples/
// ("custom-pool-from-gallery", "resources/azbatch_pool", ...), sorted. A new
// example folder is picked up without touching the tests.
inline std::vector<std::string> ExampleFolders() {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(ExamplesRoot(), ec), end; !ec && it != end;
       it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".tf") continue;
    std::string rel = fs::relative(it->path().parent_path(), ExamplesRoot()).string();
    if (std::find(out.begin(), out.end(), rel) == out.end()) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The .tf files of one example folder (file name -> contents).
inline std::vector<std::pair<std::string, std::string>> ExampleTfFiles(const std::string& folder) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : fs::directory_iterator(absl::StrCat(ExamplesRoot(), "/", folder))) {
    if (entry.is_regular_file() && entry.path().extension() == ".tf") {
      out.emplace_back(entry.path().filename().string(), ReadSourceFile(entry.path().string()));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Copies the example's .tf files into `dir`. Snippet-style examples (the ones
// the docs embed: resource.tf, data-source.tf, function.tf) have no terraform
// block; a providers.tf then declares the provider's source, as a user's own
// configuration would.
inline void LayOutExample(const std::string& folder, const std::string& dir) {
  bool declares_provider = false;
  for (const auto& [name, text] : ExampleTfFiles(folder)) {
    std::ofstream(absl::StrCat(dir, "/", name)) << text;
    declares_provider = declares_provider || absl::StrContains(text, "required_providers");
  }
  if (!declares_provider) {
    std::ofstream(dir + "/providers.tf")
        << "terraform {\n  required_providers {\n    azbatch = {\n      source = \""
        << kSourceAddress << "\"\n    }\n  }\n}\n";
  }
}

// examples/<folder>/emulator.tfvars, when there is one: the values the
// emulator needs (ids of what emulator-seed.json creates).
inline std::vector<std::string> EmulatorVarArgs(const std::string& folder) {
  const std::string path = absl::StrCat(ExamplesRoot(), "/", folder, "/emulator.tfvars");
  if (!std::filesystem::exists(path)) return {};
  return {absl::StrCat("-var-file=", path)};
}

// POSTs examples/<folder>/emulator-seed.json to the emulator when there is one.
inline void SeedExample(const Emulator& emu, const std::string& folder) {
  const std::string path = absl::StrCat(ExamplesRoot(), "/", folder, "/emulator-seed.json");
  if (!std::filesystem::exists(path)) return;
  nlohmann::json seed = nlohmann::json::parse(ReadSourceFile(path), nullptr, false);
  ASSERT_FALSE(seed.is_discarded()) << path << " is not JSON";
  HttpResult r = emu.Admin("POST", "seed", seed);
  ASSERT_EQ(r.status, 200) << r.body;
}

// One `terraform import ADDRESS ID` line of an import.sh.
struct ImportCommand {
  std::string address;
  std::string id;
};

// The import commands of examples/<folder>/import.sh (none without the file).
// Comment lines are skipped; any other line must be an import command.
inline std::vector<ImportCommand> ImportCommands(const std::string& folder) {
  std::vector<ImportCommand> out;
  const std::string path = absl::StrCat(ExamplesRoot(), "/", folder, "/import.sh");
  if (!std::filesystem::exists(path)) return out;
  for (absl::string_view line : absl::StrSplit(ReadSourceFile(path), '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    EXPECT_EQ(words.size(), 4u) << path << ": not `terraform import ADDRESS ID`: " << line;
    EXPECT_TRUE(words.size() >= 2 && words[0] == "terraform" && words[1] == "import")
        << path << ": " << line;
    if (words.size() == 4) out.push_back({words[2], words[3]});
  }
  return out;
}

// The subscription the import.sh files show (any real one would do); the tests
// swap in the emulator's.
inline constexpr char kExampleSubscription[] = "00000000-0000-0000-0000-000000000000";

inline std::string ForEmulator(const std::string& id) {
  return absl::StrReplaceAll(id, {{kExampleSubscription, Emulator::kSubscriptionId}});
}

}  // namespace azbatch::acceptance

#endif  // AZBATCH_TESTS_ACCEPTANCE_EXAMPLE_FIXTURE_H_
