#include "resources/batch_account/name_check.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "provider/azure/fake_transport.h"
#include "provider/azure/pipeline.h"

namespace azbatch::resources::batch_account {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

constexpr char kSub[] = "00000000-0000-0000-0000-0000000000bb";

class NameCheckTest : public ::testing::Test {
 protected:
  NameCheckTest() {
    transport_->SetHandler([this](const azure::HttpRequest& r) -> absl::StatusOr<azure::HttpResponse> {
      calls_.push_back(r.method + " " + r.url.substr(0, r.url.find('?')));
      if (absl::StrContains(r.url, "checkNameAvailability")) {
        EXPECT_EQ(json::parse(r.body)["type"], "Microsoft.Batch/batchAccounts");
        return azure::MakeJsonResponse(check_status_, check_);
      }
      return azure::MakeJsonResponse(200, {{"value", accounts_}});
    });
    azure::RetryOptions retry;
    retry.random = [] { return 0.0; };
    auto pipeline = azure::BuildPipeline({transport_, nullptr, "", nullptr, "", retry});
    azure::ArmClientOptions o;
    o.endpoint = "https://arm.test";
    o.subscription_id = kSub;
    arm_.client = std::make_shared<azure::ArmClient>(pipeline, o);
    arm_.ctx = azure::Context().WithClock(&clock_).WithTimeout(absl::Minutes(1));
  }
  framework::Diagnostics Run() {
    framework::Diagnostics d;
    CheckAccountName(arm_, "namecheck1", "West Europe", "rg", &d);
    return d;
  }
  azure::FakeClock clock_;
  std::shared_ptr<azure::FakeTransport> transport_ = std::make_shared<azure::FakeTransport>();
  common::ArmAccess arm_;
  json check_ = {{"nameAvailable", true}};
  int check_status_ = 200;
  json accounts_ = json::array();
  std::vector<std::string> calls_;
};

TEST_F(NameCheckTest, AFreeNameCostsOnePost) {
  EXPECT_EQ(Run().size(), 0u);
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(calls_[0], std::string("POST https://arm.test/subscriptions/") + kSub +
                           "/providers/Microsoft.Batch/locations/westeurope/checkNameAvailability");
}

TEST_F(NameCheckTest, TakenElsewhereIsAnErrorOnName) {
  check_ = {{"nameAvailable", false}, {"reason", "AlreadyExists"}, {"message", "in use"}};
  framework::Diagnostics d = Run();
  ASSERT_TRUE(d.HasError());
  EXPECT_EQ(d.items()[0].attribute->ToString(), "name");
  EXPECT_THAT(d.ToString(), HasSubstr("outside this subscription"));
  EXPECT_THAT(d.ToString(), HasSubstr("namecheck1.westeurope.batch.azure.com"));
  EXPECT_EQ(calls_.size(), 2u);
}

TEST_F(NameCheckTest, TakenInThisSubscriptionSaysHowToImport) {
  check_ = {{"nameAvailable", false}, {"reason", "AlreadyExists"}};
  std::string id = std::string("/subscriptions/") + kSub +
                   "/resourceGroups/RG/providers/Microsoft.Batch/batchAccounts/namecheck1";
  accounts_ = json::array({nullptr, {{"name", 3}}, {{"id", id}, {"name", "NAMECHECK1"}, {"location", "westeurope"}}});
  framework::Diagnostics d = Run();
  ASSERT_TRUE(d.HasError());
  EXPECT_THAT(d.ToString(), HasSubstr("already exists in westeurope in this subscription: " + id));
  EXPECT_THAT(d.ToString(), HasSubstr("import ADDRESS " + id));
  EXPECT_THAT(d.ToString(), HasSubstr("where ADDRESS is the address this configuration gives"));
  // Once planned with a prior state (a replacement), the account is no conflict.
  NoteManagedAccount(id);
  EXPECT_EQ(Run().size(), 0u);
}

TEST_F(NameCheckTest, InvalidAndFailingCalls) {
  check_ = {{"nameAvailable", false}, {"reason", "Invalid"}, {"message", "3-24 lowercase"}};
  framework::Diagnostics d = Run();
  ASSERT_TRUE(d.HasError());
  EXPECT_THAT(d.ToString(), HasSubstr("Azure refuses the name \"namecheck1\": 3-24 lowercase"));
  check_ = {{"error", {{"code", "AuthorizationFailed"}, {"message", "no"}}}};
  check_status_ = 403;
  framework::Diagnostics w = Run();
  EXPECT_FALSE(w.HasError());
  EXPECT_THAT(w.ToString(), HasSubstr("Batch account name not checked"));
  check_ = {{"nameAvailable", "maybe"}};  // mistyped: treated as available
  check_status_ = 200;
  EXPECT_EQ(Run().size(), 0u);
}

}  // namespace
}  // namespace azbatch::resources::batch_account
