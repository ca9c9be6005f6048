// Throttling buckets, injected faults, read-after-write window, time scale.
#include <thread>

#include "emulator/test_util.h"

namespace azbatch::emulator::testing {
namespace {

using nlohmann::json;

const std::string kList = std::string(kSub) + "/resourcegroups?api-version=2025-04-01";

TEST_F(EmulatorTest, SubscriptionReadBucketThrottles) {
  Token();
  Configure({{"throttling", {{"enabled", true}, {"scale", 0.02}}}});  // 5 reads, 0.5/s
  Reply first = Call("GET", kList);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.Header("x-ms-ratelimit-remaining-subscription-reads"), "4");
  Reply last;
  for (int i = 0; i < 5; ++i) last = Call("GET", kList);
  EXPECT_EQ(last.status, 429);
  EXPECT_EQ(last.ErrorCode(), "SubscriptionRequestsThrottled");
  EXPECT_GE(std::stoi(last.Header("retry-after")), 1);
  EXPECT_EQ(last.Header("x-ms-ratelimit-remaining-subscription-reads"), "0");
  Reply write = Call("PUT", Rg("rg") + "?api-version=2025-04-01", {{"location", "westus"}});
  EXPECT_EQ(write.status, 201);  // writes have their own bucket
  EXPECT_EQ(write.Header("x-ms-ratelimit-remaining-subscription-writes"), "3");
  Reply del = Call("DELETE", Rg("rg") + "?api-version=2025-04-01");
  EXPECT_EQ(del.Header("x-ms-ratelimit-remaining-subscription-deletes"), "3");
}

TEST_F(EmulatorTest, InjectedFaults) {
  Token();
  Configure({{"faults", {{"rate_500", 1.0}}}});
  EXPECT_EQ(Call("GET", kList).ErrorCode(), "InternalServerError");
  Configure({{"faults", {{"rate_500", 0.0}, {"rate_503", 1.0}}}});
  Reply unavailable = Call("GET", kList);
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.Header("retry-after"), "1");
  Configure({{"faults", {{"rate_503", 0.0}, {"rate_429", 1.0}}}});
  EXPECT_EQ(Call("GET", kList).ErrorCode(), "TooManyRequests");
  Configure({{"faults", {{"rate_429", 0.0}, {"rate_drop", 1.0}}}});
  EXPECT_EQ(Call("GET", kList).status, -1);  // connection closed without a response
  Configure({{"faults", {{"rate_drop", 1.0}, {"path_contains", "/batchAccounts/"}}}});
  EXPECT_EQ(Call("GET", kList).status, 200);
  // Same seed, same sequence.
  auto run = [&] {
    Configure({{"faults", {{"rate_drop", 0.0}, {"path_contains", ""}, {"rate_500", 0.5},
                           {"seed", 42}}}});
    std::string seq;
    for (int i = 0; i < 12; ++i) seq += Call("GET", kList).status == 500 ? 'x' : '.';
    return seq;
  };
  std::string a = run(), b = run();
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find('x'), std::string::npos);
  EXPECT_NE(a.find('.'), std::string::npos);
}

TEST_F(EmulatorTest, ReadAfterWriteWindow) {
  CreateResourceGroup("rg");
  Configure({{"faults", {{"read_after_write_404_seconds", 30}}}});
  std::string g = Rg("rg") + "/providers/Microsoft.Compute/galleries/g?api-version=2025-03-03";
  ASSERT_EQ(Call("PUT", g, {{"location", "westus"}}).status, 201);
  EXPECT_EQ(Call("GET", g).status, 404);
  Configure({{"faults", {{"read_after_write_404_seconds", 0}}}});
  EXPECT_EQ(Call("GET", g).status, 200);
}

TEST_F(EmulatorTest, TimeScaleCompressesOperations) {
  CreateResourceGroup("rg");
  Configure({{"time_scale", 600}});
  std::string g = Rg("rg") + "/providers/Microsoft.Compute/galleries/g?api-version=2025-03-03";
  Reply put = Call("PUT", g, {{"location", "westus"}});
  ASSERT_EQ(put.status, 201);
  EXPECT_EQ(put.Header("retry-after"), "1");  // 20 emulated seconds -> well under 1 s
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(Call("GET", put.Header("azure-asyncoperation")).json["status"], "Succeeded");
}

}  // namespace
}  // namespace azbatch::emulator::testing
