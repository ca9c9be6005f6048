// Acceptance: the shipped examples run unchanged against the emulator, the way
// README command 1 (scripts/demo.sh) runs the main one. Every folder under
// examples/ with a .tf file is validated, applied, re-planned empty, imported
// back with its import.sh and destroyed, with each CLI.
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/example_fixture.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using nlohmann::json;

class ExamplesAccTest : public ImageAccTest {
 protected:
  // A workspace holding the example's own .tf files.
  std::unique_ptr<Workspace> ExampleWorkspace(const std::string& example) {
    auto ws = std::make_unique<Workspace>(cli_);
    ws->SetEnv(emu_->ProviderEnv());
    LayOutExample(example, ws->dir());
    ws->Init();
    return ws;
  }
  void Seed(const json& body) {
    HttpResult r = emu_->Admin("POST", "seed", body);
    ASSERT_EQ(r.status, 200) << r.body;
  }
};

// ---------------------------------------------------------------------------
// Every example folder, with every CLI.

class ExampleFolderAccTest
    : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {
 protected:
  void SetUp() override {
    if (!ResolveCli(std::get<0>(GetParam()), &cli_)) {
      if (HasFailure()) FAIL() << "no " << std::get<0>(GetParam()) << " to run";
      GTEST_SKIP() << std::get<0>(GetParam()) << " is not built here";
    }
    emu_ = std::make_unique<Emulator>(std::vector<std::string>{"--time-scale", "600"});
    ASSERT_TRUE(emu_->running());
  }
  const std::string& folder() const { return std::get<1>(GetParam()); }
  // Runs `args` (apply, plan, import, destroy) plus the example's emulator
  // variables; asserts the exit code.
  CommandResult Run(Workspace& ws, std::vector<std::string> args, int want_exit = 0) {
    // Options go before positional arguments (import ADDRESS ID).
    const std::vector<std::string> vars = EmulatorVarArgs(folder());
    args.insert(args.begin() + 1, vars.begin(), vars.end());
    CommandResult r = ws.Run(args);
    EXPECT_EQ(r.exit_code, want_exit) << cli_.name << " " << args[0] << " in examples/"
                                      << folder() << ":\n" << r.Combined();
    return r;
  }
  // Ids of the managed resources in the workspace's state.
  std::vector<std::string> StateIds(Workspace& ws) {
    std::vector<std::string> ids;
    CommandResult r = ws.Run({"show", "-json"});
    EXPECT_EQ(r.exit_code, 0) << r.Combined();
    json state = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(state.is_discarded()) << r.out;
    // An empty state has no "values" (or no root module, or no resources).
    const json& resources =
        state.is_discarded() ? json() : state["values"]["root_module"]["resources"];
    if (!resources.is_array()) return ids;
    for (const json& res : resources) {
      if (res.value("mode", "") == "managed") ids.push_back(res["values"].value("id", ""));
    }
    return ids;
  }

  Cli cli_;
  std::unique_ptr<Emulator> emu_;
};

TEST_P(ExampleFolderAccTest, ValidatesAppliesImportsAndDestroys) {
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  LayOutExample(folder(), ws.dir());
  ASSERT_NO_FATAL_FAILURE(ws.Init());
  CommandResult validate = ws.Run({"validate", "-no-color"});
  ASSERT_EQ(validate.exit_code, 0) << validate.Combined();
  EXPECT_THAT(validate.Combined(), Not(HasSubstr("Warning")));

  ASSERT_NO_FATAL_FAILURE(SeedExample(*emu_, folder()));
  CommandResult apply = Run(ws, {"apply", "-no-color", "-auto-approve"});
  ASSERT_EQ(apply.exit_code, 0);
  EXPECT_THAT(apply.Combined(), Not(HasSubstr("Warning:")));
  Run(ws, {"plan", "-no-color", "-detailed-exitcode"});
  const std::vector<std::string> ids = StateIds(ws);

  // import.sh names a resource this example declares, by an id of the right
  // shape: forget it, import it with that command, and the plan stays empty.
  for (const ImportCommand& cmd : ImportCommands(folder())) {
    SCOPED_TRACE(cmd.address);
    EXPECT_THAT(ids, testing::Contains(ForEmulator(cmd.id)))
        << "import.sh's id is not the id of what the example creates";
    CommandResult rm = ws.Run({"state", "rm", cmd.address});
    EXPECT_EQ(rm.exit_code, 0) << rm.Combined();
    Run(ws, {"import", "-no-color", cmd.address, ForEmulator(cmd.id)});
    Run(ws, {"plan", "-no-color", "-detailed-exitcode"});
  }

  Run(ws, {"destroy", "-no-color", "-auto-approve"});
  EXPECT_THAT(StateIds(ws), IsEmpty());
  for (const std::string& id : ids) {
    EXPECT_TRUE(emu_->Resource(id).is_discarded()) << id << " survived destroy";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Examples, ExampleFolderAccTest,
    ::testing::Combine(::testing::ValuesIn(CliNames()), ::testing::ValuesIn(ExampleFolders())),
    [](const auto& info) {
      std::string name = absl::StrCat(std::get<0>(info.param), "_", std::get<1>(info.param));
      for (char& c : name) {
        if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

// One example per resource, data source and function the provider serves, in
// the folders the docs generator reads; every resource shows its import.
class ExampleCoverageTest : public CliTest {};

TEST_P(ExampleCoverageTest, EverySchemaEntryHasItsExample) {
  namespace fs = std::filesystem;
  const std::string root = ExamplesRoot();
  ASSERT_TRUE(fs::exists(root + "/provider/provider.tf"));
  Workspace ws(cli());
  LayOutExample("provider", ws.dir());
  ASSERT_NO_FATAL_FAILURE(ws.Init());
  CommandResult r = ws.Run({"providers", "schema", "-json"});
  ASSERT_EQ(r.exit_code, 0) << r.Combined();
  json schemas = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(schemas.is_discarded()) << r.out;
  ASSERT_EQ(schemas["provider_schemas"].size(), 1u);
  const json& p = schemas["provider_schemas"].begin().value();

  std::set<std::string> resources, data_sources, functions;
  const json fns = p.value("functions", json::object());
  for (auto it = p["resource_schemas"].begin(); it != p["resource_schemas"].end(); ++it) {
    resources.insert(it.key());
  }
  for (auto it = p["data_source_schemas"].begin(); it != p["data_source_schemas"].end(); ++it) {
    data_sources.insert(it.key());
  }
  for (auto it = fns.begin(); it != fns.end(); ++it) functions.insert(it.key());
  EXPECT_EQ(resources.size(), 7u);
  EXPECT_EQ(data_sources.size(), 4u);
  EXPECT_EQ(functions.size(), 2u);

  for (const std::string& type : resources) {
    const std::string dir = root + "/resources/" + type;
    const std::string tf = ReadSourceFile(dir + "/resource.tf");
    EXPECT_THAT(tf, HasSubstr(absl::StrCat("resource \"", type, "\" \"example\"")))
        << dir << "/resource.tf must declare " << type << ".example";
    std::vector<ImportCommand> imports = ImportCommands("resources/" + type);
    ASSERT_EQ(imports.size(), 1u) << dir << "/import.sh";
    EXPECT_EQ(imports[0].address, type + ".example");
    EXPECT_THAT(imports[0].id, HasSubstr(absl::StrCat("/subscriptions/", kExampleSubscription,
                                                      "/resourceGroups/")));
  }
  for (const std::string& type : data_sources) {
    EXPECT_THAT(ReadSourceFile(root + "/data-sources/" + type + "/data-source.tf"),
                HasSubstr(absl::StrCat("data \"", type, "\"")));
  }
  for (const std::string& name : functions) {
    EXPECT_THAT(ReadSourceFile(root + "/functions/" + name + "/function.tf"),
                HasSubstr(absl::StrCat("provider::azbatch::", name, "(")));
  }
  // No example for something the provider does not serve.
  for (const char* kind : {"resources", "data-sources", "functions"}) {
    const std::set<std::string>& known = std::string(kind) == "resources"      ? resources
                                         : std::string(kind) == "data-sources" ? data_sources
                                                                               : functions;
    for (const auto& entry : fs::directory_iterator(root + "/" + kind)) {
      EXPECT_TRUE(known.count(entry.path().filename().string()))
          << entry.path() << " names nothing the provider serves";
    }
  }
}

INSTANTIATE_CLI_TESTS(ExampleCoverageTest);

// ---------------------------------------------------------------------------
// The main examples, with assertions on what they build.

TEST_P(ExamplesAccTest, CustomPoolFromGalleryRunsEndToEnd) {
  ASSERT_NO_FATAL_FAILURE(SeedExample(*emu_, "custom-pool-from-gallery"));
  // Room for 900 two-core nodes (the default quota is 500 cores).
  ASSERT_EQ(emu_->Admin("POST", "config", {{"quotas", {{"dedicated_cores", 5000}}}}).status, 200);
  auto ws = ExampleWorkspace("custom-pool-from-gallery");
  ws->Apply();
  std::string plan;
  EXPECT_EQ(ws->PlanExitCode(&plan), 0) << plan;
  json out = ws->Outputs();
  EXPECT_EQ(out["pool_nodes"]["value"], "4 dedicated nodes, allocation Steady");
  const std::string pool_id = out["pool_id"]["value"];
  const std::string version_id = out["image_version_id"]["value"];
  json pool = emu_->Resource(pool_id);
  EXPECT_EQ(pool["properties"]["deploymentConfiguration"]["virtualMachineConfiguration"]
                ["imageReference"]["id"],
            version_id);
  EXPECT_EQ(pool["properties"]["startTask"]["userIdentity"]["autoUser"]["elevationLevel"], "Admin");

  // Growing the pool: the sizing data source raises the replicas, and both the
  // version and the pool update in place.
  CommandResult grow = ws->Run({"plan", "-no-color", "-var", "dedicated_nodes=900"});
  ASSERT_EQ(grow.exit_code, 0) << grow.Combined();
  EXPECT_THAT(Flat(grow.out), HasSubstr("azbatch_pool.render will be updated in-place"));
  EXPECT_THAT(Flat(grow.out), HasSubstr("azbatch_image_version.v1 will be updated in-place"));
  EXPECT_THAT(Flat(grow.out), Not(HasSubstr("must be replaced")));
  CommandResult apply = ws->Run({"apply", "-no-color", "-auto-approve", "-var", "dedicated_nodes=900"});
  ASSERT_EQ(apply.exit_code, 0) << apply.Combined();
  EXPECT_EQ(emu_->Resource(version_id)["properties"]["publishingProfile"]["targetRegions"][0]
                ["regionalReplicaCount"],
            3);
  EXPECT_EQ(emu_->Resource(pool_id)["properties"]["currentDedicatedNodes"], 900);

  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve", "-var", "dedicated_nodes=900"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(pool_id));
  EXPECT_FALSE(Exists(version_id));
}

TEST_P(ExamplesAccTest, LargePoolIsSizedSoPreflightHasNothingToSay) {
  ASSERT_NO_FATAL_FAILURE(SeedExample(*emu_, "large-pool"));
  auto ws = ExampleWorkspace("large-pool");
  const std::string vars = EmulatorVarArgs("large-pool").at(0);
  CommandResult apply = ws->Run({"apply", "-no-color", "-auto-approve", vars});
  ASSERT_EQ(apply.exit_code, 0) << apply.Combined();
  EXPECT_THAT(apply.Combined(), Not(HasSubstr("Warning:")));
  json out = ws->Outputs();
  EXPECT_EQ(out["replicas"]["value"], 10);
  EXPECT_EQ(out["resize_timeout"]["value"], "PT45M");
  EXPECT_EQ(out["nodes"]["value"], 3000);
  // With the image known, the re-plan runs the preflight: still no warning.
  CommandResult plan = ws->Run({"plan", "-no-color", "-detailed-exitcode", vars});
  EXPECT_EQ(plan.exit_code, 0) << plan.Combined();
  EXPECT_THAT(plan.Combined(), Not(HasSubstr("Warning:")));
}

INSTANTIATE_CLI_TESTS(ExamplesAccTest);

}  // namespace
}  // namespace azbatch::acceptance
