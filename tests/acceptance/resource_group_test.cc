// Acceptance: azbatch_resource_group through the real CLI against the emulator.
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

class ResourceGroupAccTest : public ImageAccTest {};

std::string RgConfig(const std::string& name, const std::string& tags = "",
                     const std::string& location = "West Europe") {
  return absl::StrCat("resource \"azbatch_resource_group\" \"rg\" {\n  name = \"", name,
                      "\"\n  location = \"", location, "\"\n", tags, "}\n");
}

TEST_P(ResourceGroupAccTest, LifecycleUpdateDriftReplaceImportDestroy) {
  auto ws = NewWorkspace(RgConfig("acc-rg"));
  // basic
  ApplyClean(*ws, RgConfig("acc-rg"));
  ASSERT_TRUE(Exists(RgId("acc-rg")));
  EXPECT_EQ(emu_->Resource(RgId("acc-rg"))["location"], "westeurope")
      << emu_->Resource(RgId("acc-rg")).dump();

  // in-place update of tags
  const std::string tagged = RgConfig("acc-rg", "  tags = { env = \"dev\" }\n");
  EXPECT_THAT(Plan(*ws, tagged, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, tagged);

  // drift: a tag changed out of band shows up and is put back
  Drift(RgId("acc-rg"), {{"tags", {{"env", "prod"}}}});
  std::string drift = Plan(*ws, tagged, 2);
  EXPECT_THAT(drift, HasSubstr("\"prod\" -> \"dev\""));
  ApplyClean(*ws, tagged);

  // replacement on an immutable change
  EXPECT_THAT(Plan(*ws, RgConfig("acc-rg2", "  tags = { env = \"dev\" }\n"), 2),
              HasSubstr("forces replacement"));

  // requires import: a second configuration claiming the same group
  auto other = NewWorkspace(RgConfig("acc-rg"));
  CommandResult r = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(Flat(r.Combined()), HasSubstr("already exists"));
  EXPECT_THAT(Flat(r.Combined()),
              HasSubstr(absl::StrCat(GetParam() + " import ADDRESS ", RgId("acc-rg"))));

  // import (id in other casing) gives a state whose plan is empty, whichever
  // spelling of the region the config uses (Azure answers "westeurope").
  other->WriteConfig(RgConfig("acc-rg", "  tags = { env = \"dev\" }\n", "westeurope"));
  CommandResult imp = other->Run(
      {"import", "-no-color", "azbatch_resource_group.rg", absl::AsciiStrToUpper(RgId("acc-rg"))});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
  other->WriteConfig(tagged);
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << "display name after import:\n" << plan;

  // read after out-of-band delete drops it from state (plan wants to create)
  ASSERT_LT(emu_->Admin("DELETE", "resources?id=" + RgId("acc-rg")).status, 300);
  EXPECT_THAT(Plan(*ws, tagged, 2), HasSubstr("will be created"));
  ApplyClean(*ws, tagged);

  CommandResult destroy = ws->Run({"destroy", "-no-color", "-auto-approve"});
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(RgId("acc-rg")));
}

TEST_P(ResourceGroupAccTest, BadNameIsReportedAtItsAttribute) {
  Workspace ws(cli_);
  ws.SetEnv(emu_->ProviderEnv());
  std::string err = ws.PlanError(RgConfig("bad/name"));
  EXPECT_THAT(err, HasSubstr("name = \"bad/name\""));  // core quotes the source line
  EXPECT_THAT(err, HasSubstr("letters, digits"));
}

INSTANTIATE_CLI_TESTS(ResourceGroupAccTest);

}  // namespace
}  // namespace azbatch::acceptance
