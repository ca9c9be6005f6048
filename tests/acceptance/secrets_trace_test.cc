// Acceptance: a pool holding five kinds of secret beside strings full of
// quotes and backslashes, driven through init, plan, apply, re-plan and
// destroy with TF_LOG=trace and TF_LOG_PROVIDER=trace: none of the secrets
// appears anywhere in the CLI's output, in any spelling.
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/pool_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;

// Each secret is distinctive and holds characters that need escaping, so a
// leak in raw, JSON-escaped or percent-encoded form is found by its core.
struct Secret {
  const char* hcl;   // as written in HCL (escaped)
  const char* core;  // a part that every spelling of it carries
};
constexpr Secret kSecrets[] = {
    {R"(UserPw\"q-7f3a)", "UserPw"},
    {R"(-----BEGIN KEY-----SshKey9c1e\\n-----END KEY-----)", "SshKey9c1e"},
    {R"(CifsPw\"2b8d\\x)", "CifsPw"},
    {R"(BlobKey+5e0f/==)", "BlobKey"},
    {R"(RegPw\"a41c)", "RegPw"},
};

TEST_P(PoolAccTest, TraceRunWithQuotesCarriesNoSecret) {
  SeedAccount("acct1", "westeurope");
  SeedImage("ubuntu", Regions(1));
  const std::string config =
      Testdata("secrets_trace/pool.tf", {{"account_id", AccountId()},
                                         {"image_id", VersionIdOf("ubuntu")},
                                         {"user_password", kSecrets[0].hcl},
                                         {"ssh_private_key", kSecrets[1].hcl},
                                         {"cifs_password", kSecrets[2].hcl},
                                         {"blob_account_key", kSecrets[3].hcl},
                                         {"registry_password", kSecrets[4].hcl}});

  Workspace ws(cli_);
  std::map<std::string, std::string> env = emu_->ProviderEnv();
  env["TF_LOG"] = "trace";
  env["TF_LOG_PROVIDER"] = "trace";
  ws.SetEnv(env);
  ws.WriteConfig(config);
  std::string all;
  for (std::vector<std::string> args :
       {std::vector<std::string>{"init", "-no-color"}, {"plan", "-no-color"},
        {"apply", "-no-color", "-auto-approve"}, {"plan", "-no-color", "-detailed-exitcode"},
        {"destroy", "-no-color", "-auto-approve"}}) {
    CommandResult r = ws.Run(args);
    EXPECT_EQ(r.exit_code, 0) << args[0] << ":\n"
                              << r.err.substr(r.err.size() > 20000 ? r.err.size() - 20000 : 0);
    all += r.Combined();
  }
  // The trace really carried the provider's request bodies, with the quoted
  // strings intact and the secrets replaced.
  EXPECT_THAT(all, HasSubstr("Render 4"));
  EXPECT_THAT(all, HasSubstr("azbatch.provider.azure.http"));
  EXPECT_THAT(all, HasSubstr("REDACTED"));
  int leaks = 0;
  for (const Secret& s : kSecrets) {
    size_t at = all.find(s.core);
    if (at == std::string::npos) continue;
    ++leaks;
    ADD_FAILURE() << s.core << " leaked: ..."
                  << all.substr(at > 300 ? at - 300 : 0, 600) << "...";
  }
  EXPECT_EQ(leaks, 0);
  // The run was not vacuous: the pool's PUT body, with every secret-bearing
  // member, passed through the trace.
  for (const char* member : {"sshPrivateKey", "cifsMountConfiguration", "accountKey",
                             "containerSettings", "userAccounts"}) {
    EXPECT_THAT(all, HasSubstr(member));
  }
}

}  // namespace
}  // namespace azbatch::acceptance
