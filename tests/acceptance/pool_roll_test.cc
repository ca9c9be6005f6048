// Acceptance: examples/roll-pool-image moves a pool with nodes to a new image
// version with create_before_destroy and name_prefix. The emulator's request log
// shows the order: the new pool's PUT, its allocation reaching Steady with
// nodes, and only then the old pool's DELETE.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/acceptance/example_fixture.h"
#include "tests/acceptance/image_fixture.h"

namespace azbatch::acceptance {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using nlohmann::json;

constexpr char kExample[] = "roll-pool-image";

class PoolRollAccTest : public ImageAccTest {
 protected:
  void SetUp() override {
    ImageAccTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ws_ = std::make_unique<Workspace>(cli_);
    ws_->SetEnv(emu_->ProviderEnv());
    LayOutExample(kExample, ws_->dir());
    ws_->Init();
    ASSERT_NO_FATAL_FAILURE(SeedExample(*emu_, kExample));
  }
  // `command` with the example's emulator variables and `version`, options
  // before positional arguments (import ADDRESS ID).
  CommandResult Run(std::vector<std::string> args, const std::string& version) {
    std::vector<std::string> options = EmulatorVarArgs(kExample);
    options.insert(options.end(), {"-no-color", "-var", "pool_image_version=" + version});
    args.insert(args.begin() + 1, options.begin(), options.end());
    return ws_->Run(args);
  }
  json Outputs() { return ws_->Outputs(); }

  std::unique_ptr<Workspace> ws_;
};

// The first log entry at or after `from` for `method` on exactly `path`.
std::optional<json> First(const json& log, const std::string& method, const std::string& path,
                          unsigned long long from = 0) {
  for (const json& r : log) {
    if (r.value("seq", 0ull) >= from && r.value("method", "") == method &&
        absl::EqualsIgnoreCase(r.value("path", ""), path)) {
      return r;
    }
  }
  return std::nullopt;
}

TEST_P(PoolRollAccTest, NewImageRollsThePoolWithNodesAtEveryMoment) {
  CommandResult first = Run({"apply", "-auto-approve"}, "1.0.0");
  ASSERT_EQ(first.exit_code, 0) << first.Combined();
  const std::string old_name = Outputs()["pool_name"]["value"];
  EXPECT_THAT(old_name, MatchesRegex("render-[a-z0-9]{8}"));
  CommandResult again = Run({"plan", "-detailed-exitcode"}, "1.0.0");
  EXPECT_EQ(again.exit_code, 0) << "plan after apply not empty:\n" << again.Combined();

  // The plan says what the roll will do.
  CommandResult plan = Run({"plan"}, "1.1.0");
  ASSERT_EQ(plan.exit_code, 0) << plan.Combined();
  EXPECT_THAT(Flat(plan.out), HasSubstr("azbatch_pool.render must be replaced"));
  EXPECT_THAT(Flat(plan.out), HasSubstr("+/- resource \"azbatch_pool\" \"render\""));
  EXPECT_THAT(Flat(plan.out), HasSubstr("name = \"" + old_name + "\" -> (known after apply)"));

  emu_->Admin("DELETE", "requests");
  CommandResult roll = Run({"apply", "-auto-approve"}, "1.1.0");
  ASSERT_EQ(roll.exit_code, 0) << roll.Combined();
  const std::string new_name = Outputs()["pool_name"]["value"];
  EXPECT_THAT(new_name, MatchesRegex("render-[a-z0-9]{8}"));
  ASSERT_NE(new_name, old_name);
  EXPECT_THAT(std::string(Outputs()["pool_image"]["value"]), HasSubstr("/versions/1.1.0"));

  // Read the order off the request log.
  const std::string accounts = "/providers/Microsoft.Batch/batchAccounts/rollbatch/pools/";
  std::string prefix;
  const json log = emu_->RequestLog();
  for (const json& r : log) {
    const std::string path = r.value("path", "");
    if (absl::StrContains(path, accounts)) {
      prefix = path.substr(0, path.find(accounts) + accounts.size());
      break;
    }
  }
  ASSERT_FALSE(prefix.empty()) << log.dump(1);
  const std::string old_pool = prefix + old_name;
  const std::string new_pool = prefix + new_name;
  std::optional<json> put = First(log, "PUT", new_pool);
  ASSERT_TRUE(put.has_value()) << "no PUT of the new pool";
  EXPECT_EQ(put->value("status", 0), 200);  // Batch answers a pool create with 200
  // The first answer about the new pool that shows it Steady with nodes.
  std::optional<json> steady;
  for (const json& r : log) {
    if (r.value("seq", 0ull) > put->value("seq", 0ull) && r.value("method", "") == "GET" &&
        absl::EqualsIgnoreCase(r.value("path", ""), new_pool) &&
        r["state"].value("allocationState", "") == "Steady" &&
        r["state"].value("currentDedicatedNodes", 0) > 0) {
      steady = r;
      break;
    }
  }
  ASSERT_TRUE(steady.has_value()) << "the new pool was never read Steady with nodes";
  std::optional<json> del = First(log, "DELETE", old_pool);
  ASSERT_TRUE(del.has_value()) << "the old pool was not deleted";
  EXPECT_LT(steady->value("seq", 0ull), del->value("seq", 0ull))
      << "the old pool was deleted before the new one had nodes";
  // Until its DELETE, nothing touched the old pool's nodes.
  for (const json& r : log) {
    if (r.value("seq", 0ull) >= del->value("seq", 0ull)) break;
    if (absl::EqualsIgnoreCase(r.value("path", ""), old_pool)) {
      EXPECT_THAT(r.value("method", ""), ::testing::AnyOf("GET", "HEAD")) << r.dump();
    }
  }
  EXPECT_FALSE(Exists(old_pool));
  json pool = emu_->Resource(new_pool);
  EXPECT_EQ(pool["properties"]["currentDedicatedNodes"], 4);

  CommandResult after = Run({"plan", "-detailed-exitcode"}, "1.1.0");
  EXPECT_EQ(after.exit_code, 0) << "plan after the roll not empty:\n" << after.Combined();

  // The generated name imports like any other: the name fits the configured
  // prefix, so the plan records the prefix in place instead of replacing.
  CommandResult rm = ws_->Run({"state", "rm", "azbatch_pool.render"});
  ASSERT_EQ(rm.exit_code, 0) << rm.Combined();
  CommandResult import = Run({"import", "azbatch_pool.render", new_pool}, "1.1.0");
  ASSERT_EQ(import.exit_code, 0) << import.Combined();
  CommandResult imported = Run({"plan"}, "1.1.0");
  EXPECT_EQ(imported.exit_code, 0) << imported.Combined();
  EXPECT_THAT(Flat(imported.out), HasSubstr("azbatch_pool.render will be updated in-place"));
  EXPECT_THAT(Flat(imported.out), HasSubstr("+ name_prefix = \"render-\""));
  CommandResult record = Run({"apply", "-auto-approve"}, "1.1.0");
  EXPECT_EQ(record.exit_code, 0) << record.Combined();
  EXPECT_EQ(Outputs()["pool_name"]["value"], new_name);
  CommandResult settled = Run({"plan", "-detailed-exitcode"}, "1.1.0");
  EXPECT_EQ(settled.exit_code, 0) << settled.Combined();

  CommandResult destroy = Run({"destroy", "-auto-approve"}, "1.1.0");
  EXPECT_EQ(destroy.exit_code, 0) << destroy.Combined();
  EXPECT_FALSE(Exists(new_pool));
}

INSTANTIATE_CLI_TESTS(PoolRollAccTest);

}  // namespace
}  // namespace azbatch::acceptance
