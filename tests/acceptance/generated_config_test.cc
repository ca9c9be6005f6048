// Acceptance: `import` blocks with `plan -generate-config-out` give a
// configuration the provider accepts as it is. The whole example chain is
// applied in one workspace and imported into a second one that holds nothing
// but import blocks; the generated file must validate, import with no other
// change, and plan empty afterwards.
#include <fstream>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/example_fixture.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

class GeneratedConfigAccTest : public ImageAccTest {};

TEST_P(GeneratedConfigAccTest, ImportedExampleChainGeneratesAValidConfiguration) {
  const std::string example = "custom-pool-from-gallery";
  ASSERT_NO_FATAL_FAILURE(SeedExample(*emu_, example));
  Workspace built(cli_);
  built.SetEnv(emu_->ProviderEnv());
  LayOutExample(example, built.dir());
  ASSERT_NO_FATAL_FAILURE(built.Init());
  ASSERT_NO_FATAL_FAILURE(built.Apply());

  // One import block per managed resource of the applied example.
  CommandResult show = built.Run({"show", "-json"});
  json state = json::parse(show.out, nullptr, false);
  ASSERT_FALSE(state.is_discarded()) << show.Combined();
  std::string imports;
  std::set<std::string> types;
  for (const json& r : state["values"]["root_module"]["resources"]) {
    if (r["mode"] != "managed") continue;
    types.insert(r["type"].get<std::string>());
    absl::StrAppend(&imports, "import {\n  to = ", r["address"].get<std::string>(), "\n  id = \"",
                    r["values"]["id"].get<std::string>(), "\"\n}\n\n");
  }
  // Every resource type the provider has.
  EXPECT_EQ(types, (std::set<std::string>{"azbatch_account", "azbatch_gallery",
                                          "azbatch_image_definition", "azbatch_image_version",
                                          "azbatch_managed_image", "azbatch_pool",
                                          "azbatch_resource_group"}));

  Workspace imported(cli_);
  imported.SetEnv(emu_->ProviderEnv());
  imported.WriteConfig(absl::StrCat("provider \"azbatch\" {}\n\n", imports));
  ASSERT_NO_FATAL_FAILURE(imported.Init());
  CommandResult gen = imported.Run({"plan", "-no-color", "-generate-config-out=gen.tf"});
  ASSERT_EQ(gen.exit_code, 0) << gen.Combined();
  EXPECT_THAT(Flat(gen.out), HasSubstr("Plan: 7 to import, 0 to add, 0 to change, 0 to destroy."));
  const std::string generated = ReadSourceFile(imported.dir() + "/gen.tf");
  // The account links no storage account, so no authentication mode for one.
  EXPECT_THAT(generated, HasSubstr("resource \"azbatch_account\" \"batch\""));
  EXPECT_THAT(generated, Not(HasSubstr("\"StorageKeys\"")));

  CommandResult validate = imported.Run({"validate", "-no-color"});
  EXPECT_EQ(validate.exit_code, 0) << validate.Combined() << "\n--- gen.tf:\n" << generated;
  CommandResult apply = imported.Run({"apply", "-no-color", "-auto-approve"});
  ASSERT_EQ(apply.exit_code, 0) << apply.Combined() << "\n--- gen.tf:\n" << generated;
  EXPECT_THAT(Flat(apply.out), HasSubstr("7 imported, 0 added, 0 changed, 0 destroyed"));
  std::string plan;
  EXPECT_EQ(imported.PlanExitCode(&plan), 0) << plan << "\n--- gen.tf:\n" << generated;

  // The original workspace still owns the resources and sees no change either.
  EXPECT_EQ(built.PlanExitCode(&plan), 0) << plan;
}

INSTANTIATE_CLI_TESTS(GeneratedConfigAccTest);

}  // namespace
}  // namespace azbatch::acceptance
