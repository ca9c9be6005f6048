// Acceptance: `plan` checks region names against the subscription's regions
// (one locations read per provider process) and says which names are close;
// preflight = false turns the check off.
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class RegionCheckAccTest : public ImageAccTest {
 protected:
  static std::string Groups(const std::string& first, const std::string& second,
                            const std::string& provider = "") {
    return absl::StrCat(provider,
                        "resource \"azbatch_resource_group\" \"a\" {\n  name = \"rc-a\"\n"
                        "  location = \"", first, "\"\n}\n",
                        "resource \"azbatch_resource_group\" \"b\" {\n  name = \"rc-b\"\n"
                        "  location = \"", second, "\"\n}\n");
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
  const std::string off = "provider \"azbatch\" {\n  preflight = false\n}\n";
  auto ws = NewWorkspace(Groups("westeurope", "mars-central", off));
  EXPECT_THAT(Plan(*ws, Groups("westeurope", "mars-central", off), 2),
              Not(HasSubstr("Unknown Azure region")));
  EXPECT_EQ(LocationReads(), 0);
}

INSTANTIATE_CLI_TESTS(RegionCheckAccTest);

}  // namespace
}  // namespace azbatch::acceptance
