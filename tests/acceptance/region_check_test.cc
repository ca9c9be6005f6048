// Acceptance: `plan` checks region names against the subscription's regions
// (one locations read per provider process) and says which names are close;
// preflight = false turns the check off.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class RegionCheckAccTest : public ImageAccTest {
 protected:
  // testdata/region_check: two groups in the regions `first` and `second`,
  // with the provider's preflight checks off when `preflight_off`.
  static std::string Groups(const std::string& first, const std::string& second,
                            bool preflight_off = false) {
    std::vector<std::string> files = {"region_check/groups.tf"};
    if (preflight_off) files.push_back("shared/preflight_off.tf");
    return TestdataFiles(files, {{"first", first}, {"second", second}});
  }
  int LocationReads() const {
    int n = 0;
    for (const auto& r : emu_->RequestLog()) {
      std::string path = r.value("path", "");
      if (path.size() >= 10 && path.compare(path.size() - 10, 10, "/locations") == 0) ++n;
    }
    return n;
  }
};

TEST_P(RegionCheckAccTest, UnknownRegionsFailThePlanWithCloseNames) {
  auto ws = NewWorkspace(Groups("westeurpoe", "mars-central"));
  std::string plan = Plan(*ws, Groups("westeurpoe", "mars-central"), 1);
  EXPECT_THAT(plan, HasSubstr("Unknown Azure region"));
  EXPECT_THAT(plan, HasSubstr("Did you mean \"westeurope\"?"));
  EXPECT_THAT(plan, HasSubstr("\"mars-central\" is not a region of subscription"));
  EXPECT_THAT(plan, HasSubstr("No region name is close to it"));
  EXPECT_THAT(plan, HasSubstr("location"));
  EXPECT_EQ(LocationReads(), 1) << "one read per provider process, not one per attribute";

  // Names and display names of real regions pass.
  EXPECT_THAT(Plan(*ws, Groups("westeurope", "North Europe"), 2),
              Not(HasSubstr("Unknown Azure region")));
}

TEST_P(RegionCheckAccTest, PreflightOffSkipsTheCheck) {
  auto ws = NewWorkspace(Groups("westeurope", "mars-central", true));
  EXPECT_THAT(Plan(*ws, Groups("westeurope", "mars-central", true), 2),
              Not(HasSubstr("Unknown Azure region")));
  EXPECT_EQ(LocationReads(), 0);
}

INSTANTIATE_CLI_TESTS(RegionCheckAccTest);

}  // namespace
}  // namespace azbatch::acceptance
