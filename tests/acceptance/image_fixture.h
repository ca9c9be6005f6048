// Shared fixture for the image resources' acceptance tests: a private
// emulator, workspaces wired to it, and the common step checks.
#ifndef AZBATCH_TESTS_ACCEPTANCE_IMAGE_FIXTURE_H_
#define AZBATCH_TESTS_ACCEPTANCE_IMAGE_FIXTURE_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/acceptance/emulator.h"
#include "tests/acceptance/harness.h"

namespace azbatch::acceptance {

class ImageAccTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!ResolveCli(GetParam(), &cli_)) {
      // A missing tofu is a recorded failure: stop before the body runs (gtest
      // runs the body after a skip once the test has also failed).
      if (HasFailure()) FAIL() << "no " << GetParam() << " to run";
      GTEST_SKIP() << GetParam() << " is not built here";
    }
    emu_ = std::make_unique<Emulator>(std::vector<std::string>{"--time-scale", "600"});
    ASSERT_TRUE(emu_->running());
  }
  std::unique_ptr<Workspace> NewWorkspace(const std::string& config) {
    auto ws = std::make_unique<Workspace>(cli_);
    ws->SetEnv(emu_->ProviderEnv());
    ws->WriteConfig(config);
    ws->Init();
    return ws;
  }
  // Apply, then the plan must be empty.
  void ApplyClean(Workspace& ws, const std::string& config) {
    ws.WriteConfig(config);
    ws.Apply();
    std::string plan;
    EXPECT_EQ(ws.PlanExitCode(&plan), 0) << "plan after apply not empty:\n" << plan;
  }
  std::string Plan(Workspace& ws, const std::string& config, int want_exit) {
    ws.WriteConfig(config);
    std::string plan;
    EXPECT_EQ(ws.PlanExitCode(&plan), want_exit) << plan;
    return Flat(plan);
  }
  // Out-of-band change (JSON merge patch of the stored ARM body).
  void Drift(const std::string& id, const nlohmann::json& patch) {
    HttpResult r = emu_->Admin("PATCH", "resources?id=" + id, patch);
    ASSERT_GE(r.status, 200) << r.body;
    ASSERT_LT(r.status, 300) << r.body;
  }
  bool Exists(const std::string& id) { return !emu_->Resource(id).is_discarded(); }
  static std::string Sub() { return Emulator::kSubscriptionId; }
  static std::string RgId(const std::string& rg) {
    return absl::StrCat("/subscriptions/", Sub(), "/resourceGroups/", rg);
  }
  static std::string GalleryId(const std::string& rg, const std::string& g) {
    return absl::StrCat(RgId(rg), "/providers/Microsoft.Compute/galleries/", g);
  }

  Cli cli_;
  std::unique_ptr<Emulator> emu_;
};

// A fixture whose tests all start from one configuration applied: config_,
// given by AppliedConfig(), applied in ws_ with an empty plan after.
template <typename Base>
class AppliedAccTest : public Base {
 protected:
  virtual std::string AppliedConfig() const = 0;
  void SetUp() override {
    Base::SetUp();
    if (this->IsSkipped() || this->HasFailure()) return;
    config_ = AppliedConfig();
    ws_ = this->NewWorkspace(config_);
    this->ApplyClean(*ws_, config_);
  }
  std::string config_;
  std::unique_ptr<Workspace> ws_;
};

}  // namespace azbatch::acceptance

#endif  // AZBATCH_TESTS_ACCEPTANCE_IMAGE_FIXTURE_H_
