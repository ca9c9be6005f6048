// The shipped release on a clean system: scripts/release.sh builds the release
// zips (from build-release/, objects from ccache) into this build's release-dist/,
// then scripts/check-release.sh unpacks them in a chroot of a minbase Debian 12
// root, starts the released emulator, installs the provider zip with `tofu init`
// from a packed mirror and applies examples/custom-pool-from-gallery with an
// empty second plan. The test fails when either script fails.
#include <unistd.h>

#include <cstdio>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/acceptance/harness.h"

namespace azbatch::acceptance {
namespace {

#ifndef AZBATCH_RELEASE_DIST_DIR
#error "AZBATCH_RELEASE_DIST_DIR must name the directory the test writes the release to"
#endif

std::string Tail(const std::string& text, size_t n) {
  return text.size() <= n ? text : "..." + text.substr(text.size() - n);
}

TEST(ReleaseTest, ZipsRunOnCleanDebian12) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (debootstrap, mount, chroot)";
  const std::string scripts = absl::StrCat(AZBATCH_SOURCE_DIR, "/scripts");
  const std::string dist = AZBATCH_RELEASE_DIST_DIR;
  std::map<std::string, std::string> env = {{"DIST_DIR", dist}};

  CommandResult release = RunCommand({scripts + "/release.sh"}, AZBATCH_SOURCE_DIR, env);
  ASSERT_EQ(release.exit_code, 0) << "scripts/release.sh failed:\n"
                                  << Tail(release.Combined(), 6000);

  CommandResult check = RunCommand({scripts + "/check-release.sh", dist}, AZBATCH_SOURCE_DIR, {});
  EXPECT_EQ(check.exit_code, 0) << "scripts/check-release.sh failed:\n"
                                << Tail(check.Combined(), 6000);
  EXPECT_NE(check.err.find("OK: release"), std::string::npos) << check.err;
  // Shown with --gtest_output or ctest -V: the steps and the time the check took.
  std::fputs(check.err.c_str(), stderr);
}

}  // namespace
}  // namespace azbatch::acceptance
