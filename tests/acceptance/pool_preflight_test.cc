// Acceptance: azbatch_pool's plan-time checks (preflight against the image and
// the Batch account) and its input validation, each asserted in the CLI's
// output with the attribute it names.
#include <cctype>
#include <map>
#include <memory>
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
  // Plan of `config` with the expected exit code; the flattened output.
  // `preflight_off` adds testdata/shared/preflight_off.tf.
  std::string PlanOut(Workspace& ws, const std::string& config, int want_exit,
                      bool preflight_off = false) {
    std::string provider = preflight_off ? Testdata("shared/preflight_off.tf") : "";
    return Plan(ws, provider + config, want_exit);
  }
};

// Seeded: accounts in westeurope and eastus, a generalized and a specialized
// image replicated to westeurope, and an image in a subscription without
// Microsoft.Batch registered. Each test plans a variation of the consistent
// pool Pool() (testdata/pool/pool.tf) in ws_.
class SeededPoolPreflightAccTest : public PoolPreflightAccTest {
 protected:
  void SetUp() override {
    PoolPreflightAccTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    SeedAccount("acct1", "westeurope");
    SeedAccount("accteast", "eastus");
    SeedImage("ubuntu", Regions(1));
    SeedImage("special", Regions(1), "Linux", "Specialized");
    SeedImage("remote", Regions(1), "Linux", "Generalized", kOtherSub);
    UnregisterBatch(kOtherSub);
    ws_ = NewWorkspace(Pool({}));
  }
  // Two nodes of the "ubuntu" image in acct1, with `vars` changed.
  static std::string Pool(std::map<std::string, std::string> vars) {
    vars.try_emplace("account_id", AccountId());
    vars.try_emplace("image_id", VersionIdOf("ubuntu"));
    vars.try_emplace("nodes", "2");
    return PoolConfig(vars);
  }
  std::unique_ptr<Workspace> ws_;
};

TEST_P(SeededPoolPreflightAccTest, ConsistentPoolPlansWithoutDiagnostics) {
  std::string out = PlanOut(*ws_, Pool({}), 2);
  EXPECT_THAT(out, Not(HasSubstr("Warning:")));
  EXPECT_THAT(out, Not(HasSubstr("Error:")));
}

TEST_P(SeededPoolPreflightAccTest, MissingImageVersionIsAnError) {
  const std::string missing = VersionIdOf("ubuntu", "9.9.9");
  std::string out = PlanOut(*ws_, Pool({{"image_id", missing}}), 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Image version not found", "id = \"" + missing + "\""));
  EXPECT_THAT(out, HasSubstr(missing + " does not exist"));
}

TEST_P(SeededPoolPreflightAccTest, ImageNotReplicatedToTheAccountsRegionIsAnError) {
  std::string out = PlanOut(*ws_, Pool({{"account_id", AccountId("accteast")}}), 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Image not replicated to the Batch account's region",
                           "id = \"" + VersionIdOf("ubuntu") + "\""));
  EXPECT_THAT(out, HasSubstr("has replicas in westeurope but not in eastus"));
  EXPECT_THAT(out, HasSubstr("target_region = [{ name = \"westeurope\" }, { name = \"eastus\", "
                             "regional_replica_count = "));
}

// Too few replicas for the node count: a warning with the numbers.
TEST_P(SeededPoolPreflightAccTest, TooFewReplicasForTheNodeCountIsAWarning) {
  std::string out = PlanOut(*ws_, Pool({{"nodes", "1000"}, {"resize_timeout", "PT15M"}}), 2);
  EXPECT_TRUE(DiagnosticAt(out, "Warning: Too few image replicas for this pool size",
                           "target_dedicated_nodes = 1000"));
  EXPECT_THAT(out, HasSubstr("1000 nodes need at least 4 replicas of the image in westeurope"));
  EXPECT_THAT(out, HasSubstr("has 1 there now"));
  EXPECT_THAT(out, HasSubstr("{ name = \"westeurope\", regional_replica_count = 4 }"));
  EXPECT_THAT(out, Not(HasSubstr("Resize timeout too short")));
}

// A resize timeout under 15 minutes per started 1000 nodes: a warning with the value to use.
TEST_P(SeededPoolPreflightAccTest, ShortResizeTimeoutIsAWarningWithTheValueToUse) {
  std::string out = PlanOut(*ws_, Pool({{"nodes", "3000"}, {"resize_timeout", "PT15M"}}), 2);
  EXPECT_TRUE(DiagnosticAt(out, "Warning: Resize timeout too short", "resize_timeout = \"PT15M\""));
  EXPECT_THAT(out, HasSubstr("for 3000 nodes"));
  EXPECT_THAT(out, HasSubstr("Use resize_timeout = \"PT45M\""));
  EXPECT_THAT(PlanOut(*ws_, Pool({{"nodes", "3000"}, {"resize_timeout", "PT45M"}}), 2),
              Not(HasSubstr("Resize timeout too short")));
}

// A Windows node agent for a Linux image.
TEST_P(SeededPoolPreflightAccTest, NodeAgentForAnotherOsIsAnError) {
  std::string out = PlanOut(*ws_, Pool({{"node_agent", "batch.node.windows amd64"}}), 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Node agent does not match the image's OS",
                           "node_agent_sku_id = \"batch.node.windows amd64\""));
  EXPECT_THAT(out, HasSubstr("but the image is Linux"));
  EXPECT_THAT(out, HasSubstr("\"batch.node.ubuntu 22.04\""));
}

TEST_P(SeededPoolPreflightAccTest, SpecializedImageIsAnError) {
  std::string out = PlanOut(*ws_, Pool({{"image_id", VersionIdOf("special")}}), 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Specialized image",
                           "id = \"" + VersionIdOf("special") + "\""));
  EXPECT_THAT(out, HasSubstr("only accept Generalized images"));
}

// The provider-level switch turns the checks off.
TEST_P(SeededPoolPreflightAccTest, PreflightOffSkipsTheImageChecks) {
  std::string out = PlanOut(*ws_, Pool({{"image_id", VersionIdOf("special")}}), 2,
                            /*preflight_off=*/true);
  EXPECT_THAT(out, Not(HasSubstr("Specialized image")));
}

// An image in another subscription without Microsoft.Batch registered.
TEST_P(SeededPoolPreflightAccTest, BatchNotRegisteredInTheImagesSubscriptionIsAnError) {
  const std::string remote = VersionIdOf("remote", "1.0.0", kOtherSub);
  std::string out = PlanOut(*ws_, Pool({{"image_id", remote}}), 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Microsoft.Batch not registered in the image's subscription",
                           "id = \"" + remote + "\""));
  EXPECT_THAT(out, HasSubstr(absl::StrCat("az provider register --namespace Microsoft.Batch "
                                          "--subscription ", kOtherSub)));
}

// The seed's flow, tried as a new user would: an account "small" of 500
// dedicated cores and an image with 4 replicas. Each test plans a variation of
// Pool() in ws_.
class QuotaPoolPreflightAccTest : public PoolPreflightAccTest {
 protected:
  void SetUp() override {
    PoolPreflightAccTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    SeedAccount("small", "westeurope", 500);
    SeedImage("ubuntu", Regions(4));
    ws_ = NewWorkspace(Pool());
  }
  // 1200 Standard_D2s_v3 nodes with a 30-minute resize timeout, with `vars` changed.
  static std::string Pool(std::map<std::string, std::string> vars) {
    vars.try_emplace("account_id", AccountId("small"));
    vars.try_emplace("image_id", VersionIdOf("ubuntu"));
    vars.try_emplace("nodes", "1200");
    return PoolConfig(vars);
  }
  static std::string Pool() { return Pool({{"resize_timeout", "PT30M"}}); }
  std::unique_ptr<Workspace> ws_;
};

// 1200 Standard_D2s_v3 nodes in an account of 500 dedicated cores fails at
// plan with the numbers, not after the allocation started.
TEST_P(QuotaPoolPreflightAccTest, CoreQuotaExceededFailsAtPlanWithTheNumbers) {
  std::string out = PlanOut(*ws_, Pool(), 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: Not enough dedicated core quota",
                           "target_dedicated_nodes = 1200"));
  EXPECT_THAT(out, HasSubstr("This pool asks for 1200 dedicated nodes × 2 vCPUs "
                             "(Standard_D2s_v3) = 2400 cores"));
  EXPECT_THAT(out, HasSubstr("the account's other pools use 0 cores"));
  EXPECT_THAT(out, HasSubstr("its dedicated core quota is 500 cores (2400 needed in all)"));
  EXPECT_THAT(out, HasSubstr("Ask for a quota increase of at least 1900 cores"));
  EXPECT_THAT(out, HasSubstr("set target_dedicated_nodes to 250 or less"));
}

// Within 10% of the quota: a warning; well below: nothing.
TEST_P(QuotaPoolPreflightAccTest, CloseToTheCoreQuotaIsAWarning) {
  std::string out = PlanOut(*ws_, Pool({{"nodes", "240"}}), 2);
  EXPECT_TRUE(DiagnosticAt(out, "Warning: Close to the dedicated core quota",
                           "target_dedicated_nodes = 240"));
  EXPECT_THAT(PlanOut(*ws_, Pool({{"nodes", "200"}}), 2), Not(HasSubstr("Warning:")));
}

// A size Batch does not offer in the account's region.
TEST_P(QuotaPoolPreflightAccTest, VmSizeNotOfferedInTheRegionIsAnError) {
  std::string out = PlanOut(*ws_, Pool({{"nodes", "200"}, {"vm_size", "Standard_D2s_v9"}}), 1);
  EXPECT_TRUE(DiagnosticAt(out, "Error: VM size not offered by Batch in this region",
                           "vm_size = \"Standard_D2s_v9\""));
  EXPECT_THAT(out, HasSubstr("Closest offered sizes: Standard_D2s_v3"));
}

// A retiring size: a warning with the date.
TEST_P(QuotaPoolPreflightAccTest, RetiringVmSizeIsAWarningWithTheDate) {
  std::string out = PlanOut(*ws_, Pool({{"nodes", "2"}, {"vm_size", "Standard_NV12s_v3"}}), 2);
  EXPECT_TRUE(DiagnosticAt(out, "Warning: VM size retiring", "vm_size = \"Standard_NV12s_v3\""));
  EXPECT_THAT(out, HasSubstr("on 2026-09-30T00:00:00Z"));
}

// preflight = false turns the reads off.
TEST_P(QuotaPoolPreflightAccTest, PreflightOffSkipsTheQuotaCheck) {
  std::string out = PlanOut(*ws_, Pool(), 2, /*preflight_off=*/true);
  EXPECT_THAT(out, Not(HasSubstr("core quota")));
}

// A first apply of the whole chain: the account id is unknown at plan time, so
// the quota check runs in apply, before the pool's PUT.
TEST_P(PoolPreflightAccTest, ChecksUnknownAtPlanRunBeforeThePut) {
  SeedImage("ubuntu", Regions(4));
  const std::string config =
      TestdataFiles({"pool_preflight/account_chain.tf", "pool_preflight/chain_pool.tf"},
                    {{"resource_group", kAccountRg}, {"image_id", VersionIdOf("ubuntu")}});
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

// Accounts "takenelsewhere" (in another subscription) and "mine" (here)
// exist; each test plans testdata/pool_preflight/account.tf with a name.
class AccountNamePoolPreflightAccTest : public PoolPreflightAccTest {
 protected:
  void SetUp() override {
    PoolPreflightAccTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    Seed({{{"id", AccountId("takenelsewhere", kOtherSub)}, {"location", "westeurope"}}});
    SeedAccount("mine", "westeurope");
    ws_ = NewWorkspace(Account("freename1"));
  }
  static std::string Account(const std::string& name) {
    return Testdata("pool_preflight/account.tf", {{"name", name}, {"resource_group", kAccountRg}});
  }
  std::unique_ptr<Workspace> ws_;
};

TEST_P(AccountNamePoolPreflightAccTest, FreeNamePlans) {
  EXPECT_THAT(Plan(*ws_, Account("freename1"), 2), Not(HasSubstr("Error:")));
}

TEST_P(AccountNamePoolPreflightAccTest, NameTakenElsewhereFailsAtPlan) {
  std::string out = Plan(*ws_, Account("takenelsewhere"), 1);
  EXPECT_THAT(out, HasSubstr("Error: Batch account name taken"));
  EXPECT_THAT(out, HasSubstr("takenelsewhere.westeurope.batch.azure.com"));
}

TEST_P(AccountNamePoolPreflightAccTest, ExistingAccountMustBeImported) {
  std::string out = Plan(*ws_, Account("mine"), 1);
  EXPECT_THAT(out, HasSubstr("Error: Batch account already exists"));
  EXPECT_THAT(out, HasSubstr(absl::StrCat("import ADDRESS ", AccountId("mine"))));
  EXPECT_THAT(out, HasSubstr("where ADDRESS is the address this configuration gives"));
  EXPECT_TRUE(Requests("PUT", "/batchAccounts/mine").empty());
}

// Each test plans one invalid pool (nothing seeded): the plan fails at the
// attribute.
class BadInputPoolPreflightAccTest : public PoolPreflightAccTest {
 protected:
  // A plan of `config` that must fail; the flattened output.
  std::string Error(const std::string& config) {
    auto ws = NewWorkspace(config);
    CommandResult r = ws->Run({"plan", "-no-color"});
    EXPECT_EQ(r.exit_code, 1) << r.Combined();
    return Flat(r.Combined());
  }
  // testdata/pool_preflight/`file` for one node of a gallery image in acct1.
  static std::string BadPool(const std::string& file) {
    return Testdata("pool_preflight/" + file,
                    {{"account_id", AccountId()}, {"image_id", VersionIdOf("ubuntu")}});
  }
  // testdata/pool/pool.tf for one node, with `vars` added.
  static std::string Pool(std::map<std::string, std::string> vars) {
    vars.try_emplace("account_id", AccountId());
    vars.try_emplace("image_id", VersionIdOf("ubuntu"));
    vars.try_emplace("nodes", "1");
    return PoolConfig(vars);
  }
};

TEST_P(BadInputPoolPreflightAccTest, FixedScaleAndAutoscaleTogether) {
  std::string out = Error(BadPool("both_scales.tf"));
  EXPECT_TRUE(DiagnosticAt(out, "Error: Invalid scale settings",
                           "formula = \"$TargetDedicatedNodes = 1;\""));
  EXPECT_THAT(out, HasSubstr("exactly one of the fixed_scale and auto_scale blocks"));
}

TEST_P(BadInputPoolPreflightAccTest, MissingImageReference) {
  std::string out =
      Error(Testdata("pool_preflight/no_image_reference.tf", {{"account_id", AccountId()}}));
  EXPECT_THAT(out, HasSubstr("Error: Missing image_reference"));
  EXPECT_THAT(out, HasSubstr("an image_reference block is required"));
}

TEST_P(BadInputPoolPreflightAccTest, PoolName) {
  std::string out = Error(BadPool("bad_name.tf"));
  EXPECT_TRUE(DiagnosticAt(out, "Error:", "name = \"bad name!\""));
  EXPECT_THAT(out, HasSubstr("1-64 letters, digits, hyphens and underscores"));
}

TEST_P(BadInputPoolPreflightAccTest, ResizeTimeoutThatIsNotIso8601) {
  std::string out = Error(Pool({{"resize_timeout", "15m"}}));
  EXPECT_TRUE(DiagnosticAt(out, "Error:", "resize_timeout = \"15m\""));
  EXPECT_THAT(out, HasSubstr("must be an ISO 8601 duration such as \"PT15M\""));
}

TEST_P(BadInputPoolPreflightAccTest, NodeAgentSku) {
  std::string out = Error(Pool({{"node_agent", "ubuntu"}}));
  EXPECT_TRUE(DiagnosticAt(out, "Error:", "node_agent_sku_id = \"ubuntu\""));
  EXPECT_THAT(out, HasSubstr("a Batch node agent SKU such as"));
}

TEST_P(BadInputPoolPreflightAccTest, ResourceFileWithTwoSources) {
  std::string out = Error(BadPool("two_resource_file_sources.tf"));
  EXPECT_TRUE(DiagnosticAt(out, "Error: Invalid resource file source",
                           "http_url = \"https://example.com/a.sh\""));
  EXPECT_THAT(out, HasSubstr("exactly one of auto_storage_container_name, storage_container_url, "
                             "http_url must be set, got 2"));
}

INSTANTIATE_CLI_TESTS(PoolPreflightAccTest);
INSTANTIATE_CLI_TESTS(SeededPoolPreflightAccTest);
INSTANTIATE_CLI_TESTS(QuotaPoolPreflightAccTest);
INSTANTIATE_CLI_TESTS(AccountNamePoolPreflightAccTest);
INSTANTIATE_CLI_TESTS(BadInputPoolPreflightAccTest);

}  // namespace
}  // namespace azbatch::acceptance
