#include "provider/framework/host_cli.h"

#include "gtest/gtest.h"

namespace azbatch::framework {
namespace {

TEST(HostCliTest, NamesTheCliFromItsExecutable) {
  EXPECT_EQ(CliNameForExecutable("/root/.cache/x/tofu-v1.12.6/tofu"), "tofu");
  EXPECT_EQ(CliNameForExecutable("/usr/local/bin/terraform"), "terraform");
  EXPECT_EQ(CliNameForExecutable("/usr/bin/terraform_1.8.5"), "terraform");
  EXPECT_EQ(CliNameForExecutable("/tmp/tofu (deleted)"), "tofu");
  EXPECT_EQ(CliNameForExecutable("/x/terraform-provider-azbatch_v0.1.0"), "");
  EXPECT_EQ(CliNameForExecutable("/usr/bin/bash"), "");
  EXPECT_EQ(CliNameForExecutable(""), "");
}

TEST(HostCliTest, CommandNamesBothWhenUnknown) {
  // The test binary's parent is ctest or a shell: not a CLI.
  ASSERT_EQ(HostCliName(), "");
  EXPECT_EQ(CliCommand("untaint", "ADDRESS"),
            "`tofu untaint ADDRESS` (`terraform untaint` under Terraform)");
}

}  // namespace
}  // namespace azbatch::framework
