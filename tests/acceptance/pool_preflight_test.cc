// Acceptance: azbatch_pool's plan-time checks (preflight against the image and
// the Batch account) and its input validation, each asserted in the CLI's
// output with the attribute it names.
#include <cctype>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/pool_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOtherSub[] = "00000000-0000-0000-0000-0000000000cc";

// `heading` ("Error: ..." / "Warning: ...") appears and its source snippet is the
// line of the pool starting with `line` (how the CLI shows an attribute path).
::testing::AssertionResult DiagnosticAt(const std::string& out, const std::string& heading,
                                        const std::string& line) {
  size_t at = out.find(heading);
  if (at == std::string::npos) {
    return ::testing::AssertionFailure() << "no \"" << heading << "\" in:\n" << out;
  }
  const std::string marker = "in resource \"azbatch_pool\" \"p\": ";
  size_t snippet = out.find(marker, at);
  if (snippet == std::string::npos) {
    return ::testing::AssertionFailure() << "\"" << heading << "\" has no source snippet:\n" << out;
  }
  size_t pos = snippet + marker.size();
  while (pos < out.size() && std::isdigit(static_cast<unsigned char>(out[pos]))) ++pos;
  if (out.compare(pos, 2, ": ") != 0 || out.compare(pos + 2, line.size(), line) != 0) {
    return ::testing::AssertionFailure()
           << "\"" << heading << "\" points at \"" << out.substr(pos, line.size() + 2)
           << "\", want \"" << line << "\":\n" << out;
  }
  return ::testing::AssertionSuccess();
}

class PoolPreflightAccTest : public PoolAccTest {
 protected:
  // Unregisters Microsoft.Batch in `sub` through ARM, as a user would.
  void UnregisterBatch(const std::string& sub) {
    HttpResult token = emu_->Request(
        "POST", absl::StrCat("/", Emulator::kTenantId, "/oauth2/v2.0/token"),
        absl::StrCat("grant_type=client_credentials&client_id=", Emulator::kClientId,
                     "&client_secret=", Emulator::kClientSecret,
                     "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default"));
    ASSERT_EQ(token.status, 200) << token.body;
    const std::string bearer = "Bearer " + token.Json().value("access_token", "");
    const std::string provider = absl::StrCat("/subscriptions/", sub, "/providers/Microsoft.Batch");
    HttpResult r = emu_->Request("POST", provider + "/unregister?api-version=2021-04-01", "",
                                 {{"Authorization", bearer}});
    ASSERT_EQ(r.status, 200) << r.body;
    emu_->Admin("POST", "advance", {{"seconds", 60}});
    r = emu_->Request("GET", provider + "?api-version=2021-04-01", "", {{"Authorization", bearer}});
    ASSERT_EQ(r.Json().value("registrationState", ""), "NotRegistered") << r.body;
  }
  // Plan with the expected exit code; the flattened output.
  std::string PlanOut(Workspace& ws, const PoolSpec& spec, int want_exit,
                      const std::string& provider = "") {
    return Plan(ws, provider + spec.Render(), want_exit);
  }
};

TEST_P(PoolPreflightAccTest, EveryDiagnosticNamesItsAttribute) {
  SeedAccount("acct1", "westeurope");
  SeedAccount("accteast", "eastus");
  SeedImage("ubuntu", Regions(1));
  SeedImage("special", Regions(1), "Linux", "Specialized");
  SeedImage("remote", Regions(1), "Linux", "Generalized", kOtherSub);
  UnregisterBatch(kOtherSub);

  PoolSpec base;
  base.account_id = AccountId();
  base.image = GalleryImage(Q(VersionIdOf("ubuntu")));
  base.scale = FixedScale(2);
  auto ws = NewWorkspace(base.Render());
  // A consistent pool plans without any diagnostic.
  std::string out = PlanOut(*ws, base, 2);
  EXPECT_THAT(out, Not(HasSubstr("Warning:")));
  EXPECT_THAT(out, Not(HasSubstr("Error:")));

  // The version does not exist.
  PoolSpec s = base;
  const std::string missing = VersionIdOf("ubuntu", "9.9.9");
  s.image = GalleryImage(Q(missing));
  out = PlanOut(*ws, s, 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Image version not found", "id = \"" + missing + "\""));
  EXPECT_THAT(out, HasSubstr(missing + " does not exist"));

  // The account's region has no replica.
  s = base;
  s.account_id = AccountId("accteast");
  out = PlanOut(*ws, s, 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Image not replicated to the Batch account's region",
                           "id = \"" + VersionIdOf("ubuntu") + "\""));
  EXPECT_THAT(out, HasSubstr("has replicas in westeurope but not in eastus"));
  EXPECT_THAT(out, HasSubstr("target_region = [{ name = \"westeurope\" }, { name = \"eastus\", "
                             "regional_replica_count = "));

  // Too few replicas for the node count: a warning with the numbers.
  s = base;
  s.scale = FixedScale(1000, "PT15M");
  out = PlanOut(*ws, s, 2);
  EXPECT_TRUE(DiagnosticAt(out, "Warning: Too few image replicas for this pool size",
                           "target_dedicated_nodes = 1000"));
  EXPECT_THAT(out, HasSubstr("1000 nodes need at least 4 replicas of the image in westeurope"));
  EXPECT_THAT(out, HasSubstr("has 1 there now"));
  EXPECT_THAT(out, HasSubstr("{ name = \"westeurope\", regional_replica_count = 4 }"));
  EXPECT_THAT(out, Not(HasSubstr("Resize timeout too short")));

  // A resize timeout under 15 minutes per started 1000 nodes: a warning with the value to use.
  s.scale = FixedScale(3000, "PT15M");
  out = PlanOut(*ws, s, 2);
  EXPECT_TRUE(DiagnosticAt(out, "Warning: Resize timeout too short", "resize_timeout = \"PT15M\""));
  EXPECT_THAT(out, HasSubstr("for 3000 nodes"));
  EXPECT_THAT(out, HasSubstr("Use resize_timeout = \"PT45M\""));
  s.scale = FixedScale(3000, "PT45M");
  EXPECT_THAT(PlanOut(*ws, s, 2), Not(HasSubstr("Resize timeout too short")));

  // A Windows node agent for a Linux image.
  s = base;
  s.agent = "batch.node.windows amd64";
  out = PlanOut(*ws, s, 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Node agent does not match the image's OS",
                           "node_agent_sku_id = \"batch.node.windows amd64\""));
  EXPECT_THAT(out, HasSubstr("but the image is Linux"));
  EXPECT_THAT(out, HasSubstr("\"batch.node.ubuntu 22.04\""));

  // A specialized image definition.
  s = base;
  s.image = GalleryImage(Q(VersionIdOf("special")));
  out = PlanOut(*ws, s, 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Specialized image",
                           "id = \"" + VersionIdOf("special") + "\""));
  EXPECT_THAT(out, HasSubstr("only accept Generalized images"));
  // The provider-level switch turns the checks off.
  out = PlanOut(*ws, s, 2, "provider \"azbatch\" {\n  preflight = false\n}\n");
  EXPECT_THAT(out, Not(HasSubstr("Specialized image")));

  // An image in another subscription without Microsoft.Batch registered.
  s = base;
  s.image = GalleryImage(Q(VersionIdOf("remote", "1.0.0", kOtherSub)));
  out = PlanOut(*ws, s, 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Microsoft.Batch not registered in the image's subscription",
                           "id = \"" + VersionIdOf("remote", "1.0.0", kOtherSub) + "\""));
  EXPECT_THAT(out, HasSubstr(absl::StrCat("az provider register --namespace Microsoft.Batch "
                                          "--subscription ", kOtherSub)));
}

// The seed's flow, tried as a new user would: 1200 Standard_D2s_v3 nodes in an
// account of 500 dedicated cores fails at plan with the numbers, not after the
// allocation started.
TEST_P(PoolPreflightAccTest, QuotaAndVmSizeFailAtPlanWithTheNumbers) {
  SeedAccount("small", "westeurope", 500);
  SeedImage("ubuntu", Regions(4));
  PoolSpec s;
  s.account_id = AccountId("small");
  s.image = GalleryImage(Q(VersionIdOf("ubuntu")));
  s.scale = FixedScale(1200, "PT30M");
  auto ws = NewWorkspace(s.Render());
  std::string out = PlanOut(*ws, s, 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Not enough dedicated core quota",
                           "target_dedicated_nodes = 1200"));
  EXPECT_THAT(out, HasSubstr("This pool asks for 1200 dedicated nodes × 2 vCPUs "
                             "(Standard_D2s_v3) = 2400 cores"));
  EXPECT_THAT(out, HasSubstr("the account's other pools use 0 cores"));
  EXPECT_THAT(out, HasSubstr("its dedicated core quota is 500 cores (2400 needed in all)"));
  EXPECT_THAT(out, HasSubstr("Ask for a quota increase of at least 1900 cores"));
  EXPECT_THAT(out, HasSubstr("set target_dedicated_nodes to 250 or less"));

  // Within 10% of the quota: a warning; well below: nothing.
  s.scale = FixedScale(240);
  out = PlanOut(*ws, s, 2);
  EXPECT_TRUE(DiagnosticAt(out, "Warning: Close to the dedicated core quota",
                           "target_dedicated_nodes = 240"));
  s.scale = FixedScale(200);
  EXPECT_THAT(PlanOut(*ws, s, 2), Not(HasSubstr("Warning:")));

  // A size Batch does not offer in the account's region.
  s.vm_size = "Standard_D2s_v9";
  out = PlanOut(*ws, s, 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: VM size not offered by Batch in this region",
                           "vm_size = \"Standard_D2s_v9\""));
  EXPECT_THAT(out, HasSubstr("Closest offered sizes: Standard_D2s_v3"));
  // A retiring size: a warning with the date.
  s.vm_size = "Standard_NV12s_v3";
  s.scale = FixedScale(2);
  out = PlanOut(*ws, s, 2);
  EXPECT_TRUE(DiagnosticAt(out, "Warning: VM size retiring", "vm_size = \"Standard_NV12s_v3\""));
  EXPECT_THAT(out, HasSubstr("on 2026-09-30T00:00:00Z"));

  // preflight = false turns the reads off.
  s.vm_size = "Standard_D2s_v3";
  s.scale = FixedScale(1200, "PT30M");
  out = PlanOut(*ws, s, 2, "provider \"azbatch\" {\n  preflight = false\n}\n");
  EXPECT_THAT(out, Not(HasSubstr("core quota")));
}

// A first apply of the whole chain: the account id is unknown at plan time, so
// the quota check runs in apply, before the pool's PUT.
TEST_P(PoolPreflightAccTest, ChecksUnknownAtPlanRunBeforeThePut) {
  SeedImage("ubuntu", Regions(4));
  PoolSpec s;
  s.account_id = "${azbatch_account.main.id}";
  s.image = GalleryImage(Q(VersionIdOf("ubuntu")));
  s.scale = FixedScale(1200, "PT30M");
  const std::string config = absl::StrCat(
      "resource \"azbatch_resource_group\" \"rg\" {\n  name = \"", kAccountRg,
      "\"\n  location = \"westeurope\"\n}\n"
      "resource \"azbatch_account\" \"main\" {\n  name = \"chainacct\"\n"
      "  resource_group_name = azbatch_resource_group.rg.name\n  location = \"westeurope\"\n}\n",
      s.Render());
  auto ws = NewWorkspace(config);
  std::string plan = Plan(*ws, config, 2);
  EXPECT_THAT(plan, Not(HasSubstr("core quota")));  // nothing to read yet
  CommandResult r = ws->Run({"apply", "-no-color", "-auto-approve"});
  EXPECT_EQ(r.exit_code, 1) << r.Combined();
  std::string out = Flat(r.Combined());
  EXPECT_THAT(out, HasSubstr("Error: Not enough dedicated core quota"));
  EXPECT_THAT(out, HasSubstr("its dedicated core quota is 500 cores (2400 needed in all)"));
  EXPECT_TRUE(Exists(AccountId("chainacct")));
  EXPECT_TRUE(Requests("PUT", "/pools/pool1").empty()) << "the pool was sent despite the check";
}

TEST_P(PoolPreflightAccTest, TakenAccountNamesFailAtPlan) {
  Seed({{{"id", AccountId("takenelsewhere", kOtherSub)}, {"location", "westeurope"}}});
  SeedAccount("mine", "westeurope");
  auto account = [](const std::string& name) {
    return absl::StrCat("resource \"azbatch_account\" \"main\" {\n  name = \"", name,
                        "\"\n  resource_group_name = \"", kAccountRg,
                        "\"\n  location = \"westeurope\"\n}\n");
  };
  auto ws = NewWorkspace(account("freename1"));
  EXPECT_THAT(Plan(*ws, account("freename1"), 2), Not(HasSubstr("Error:")));
  std::string out = Plan(*ws, account("takenelsewhere"), 1);
  EXPECT_THAT(out, HasSubstr("Error: Batch account name taken"));
  EXPECT_THAT(out, HasSubstr("takenelsewhere.westeurope.batch.azure.com"));
  out = Plan(*ws, account("mine"), 1);
  EXPECT_THAT(out, HasSubstr("Error: Batch account already exists"));
  EXPECT_THAT(out, HasSubstr(absl::StrCat("import ADDRESS ", AccountId("mine"))));
  EXPECT_THAT(out, HasSubstr("where ADDRESS is the address this configuration gives"));
  EXPECT_TRUE(Requests("PUT", "/batchAccounts/mine").empty());
}

TEST_P(PoolPreflightAccTest, BadInputsAreReportedAtTheirAttribute) {
  PoolSpec base;
  base.account_id = AccountId();
  base.image = GalleryImage(Q(VersionIdOf("ubuntu")));
  base.scale = FixedScale(1);
  auto ws = NewWorkspace(base.Render());
  auto error = [&](const PoolSpec& spec) {
    ws->WriteConfig(spec.Render());
    CommandResult r = ws->Run({"plan", "-no-color"});
    EXPECT_EQ(r.exit_code, 1) << r.Combined();
    return Flat(r.Combined());
  };

  PoolSpec s = base;
  s.scale += "  auto_scale {\n    formula = \"$TargetDedicatedNodes = 1;\"\n  }\n";
  std::string out = error(s);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Invalid scale settings",
                           "formula = \"$TargetDedicatedNodes = 1;\""));
  EXPECT_THAT(out, HasSubstr("exactly one of the fixed_scale and auto_scale blocks"));

  s = base;
  s.image.clear();
  out = error(s);
  EXPECT_THAT(out, HasSubstr("Error: Missing image_reference"));
  EXPECT_THAT(out, HasSubstr("an image_reference block is required"));

  s = base;
  s.name = "bad name!";
  out = error(s);
  EXPECT_TRUE(DiagnosticAt(out, "Error:", "name = \"bad name!\""));
  EXPECT_THAT(out, HasSubstr("1-64 letters, digits, hyphens and underscores"));

  s = base;
  s.scale = FixedScale(1, "15m");
  out = error(s);
  EXPECT_TRUE(DiagnosticAt(out, "Error:", "resize_timeout = \"15m\""));
  EXPECT_THAT(out, HasSubstr("must be an ISO 8601 duration such as \"PT15M\""));

  s = base;
  s.agent = "ubuntu";
  out = error(s);
  EXPECT_TRUE(DiagnosticAt(out, "Error:", "node_agent_sku_id = \"ubuntu\""));
  EXPECT_THAT(out, HasSubstr("a Batch node agent SKU such as"));

  s = base;
  s.extra =
      "  start_task {\n    command_line = \"echo\"\n    resource_file {\n"
      "      http_url = \"https://example.com/a.sh\"\n"
      "      storage_container_url = \"https://acct.blob.core.windows.net/c\"\n"
      "      file_path = \"a.sh\"\n    }\n  }\n";
  out = error(s);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Invalid resource file source",
                           "http_url = \"https://example.com/a.sh\""));
  EXPECT_THAT(out, HasSubstr("exactly one of auto_storage_container_name, storage_container_url, "
                             "http_url must be set, got 2"));
}

INSTANTIATE_CLI_TESTS(PoolPreflightAccTest);

}  // namespace
}  // namespace azbatch::acceptance
