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

// testdata/resource_group: a group, and the same group tagged env = "dev".
std::string RgConfig(const std::string& name, const std::string& location = "West Europe") {
  return Testdata("resource_group/group.tf", {{"name", name}, {"location", location}});
}
std::string TaggedRgConfig(const std::string& name, const std::string& location = "West Europe") {
  return Testdata("resource_group/tagged.tf", {{"name", name}, {"location", location}});
}

// Each test starts from the group "acc-rg" applied with tags env = "dev".
class AppliedGroupAccTest : public AppliedAccTest<ResourceGroupAccTest> {
 protected:
  std::string AppliedConfig() const override { return TaggedRgConfig("acc-rg"); }
};

TEST_P(ResourceGroupAccTest, CreatesTheGroupInTheCanonicalRegion) {
  auto ws = NewWorkspace(RgConfig("acc-rg"));
  ApplyClean(*ws, RgConfig("acc-rg"));
  ASSERT_TRUE(Exists(RgId("acc-rg")));
  EXPECT_EQ(emu_->Resource(RgId("acc-rg"))["location"], "westeurope")
      << emu_->Resource(RgId("acc-rg")).dump();
}

TEST_P(ResourceGroupAccTest, TagsAreUpdatedInPlace) {
  auto ws = NewWorkspace(RgConfig("acc-rg"));
  ApplyClean(*ws, RgConfig("acc-rg"));
  const std::string tagged = TaggedRgConfig("acc-rg");
  EXPECT_THAT(Plan(*ws, tagged, 2), HasSubstr("will be updated in-place"));
  ApplyClean(*ws, tagged);
}

TEST_P(AppliedGroupAccTest, DriftedTagShowsInThePlanAndIsPutBack) {
  Drift(RgId("acc-rg"), {{"tags", {{"env", "prod"}}}});
  std::string drift = Plan(*ws_, config_, 2);
  EXPECT_THAT(drift, HasSubstr("\"prod\" -> \"dev\""));
  ApplyClean(*ws_, config_);
}

TEST_P(AppliedGroupAccTest, NewNameForcesReplacement) {
  EXPECT_THAT(Plan(*ws_, TaggedRgConfig("acc-rg2"), 2), HasSubstr("forces replacement"));
}

TEST_P(AppliedGroupAccTest, SecondConfigurationClaimingTheGroupMustImportIt) {
  auto other = NewWorkspace(RgConfig("acc-rg"));
  CommandResult r = other->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(Flat(r.Combined()), HasSubstr("already exists"));
  EXPECT_THAT(Flat(r.Combined()),
              HasSubstr(absl::StrCat(GetParam() + " import ADDRESS ", RgId("acc-rg"))));
}

// Import (id in other casing) gives a state whose plan is empty, whichever
// spelling of the region the config uses (Azure answers "westeurope").
TEST_P(AppliedGroupAccTest, ImportGivesAnEmptyPlanWhicheverRegionSpelling) {
  auto other = NewWorkspace(TaggedRgConfig("acc-rg", "westeurope"));
  CommandResult imp = other->Run(
      {"import", "-no-color", "azbatch_resource_group.rg", absl::AsciiStrToUpper(RgId("acc-rg"))});
  ASSERT_EQ(imp.exit_code, 0) << imp.Combined();
  std::string plan;
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << plan;
  other->WriteConfig(config_);
  EXPECT_EQ(other->PlanExitCode(&plan), 0) << "display name after import:\n" << plan;
}

// A read after an out-of-band delete drops the group from state.
TEST_P(AppliedGroupAccTest, GroupDeletedOutOfBandIsCreatedAgain) {
  ASSERT_LT(emu_->Admin("DELETE", "resources?id=" + RgId("acc-rg")).status, 300);
  EXPECT_THAT(Plan(*ws_, config_, 2), HasSubstr("will be created"));
  ApplyClean(*ws_, config_);
}

TEST_P(AppliedGroupAccTest, DestroyDeletesTheGroup) {
  CommandResult destroy = ws_->Run({"destroy", "-no-color", "-auto-approve"});
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
INSTANTIATE_CLI_TESTS(AppliedGroupAccTest);

}  // namespace
}  // namespace azbatch::acceptance
