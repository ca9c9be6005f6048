#include "provider/framework/context.h"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace azbatch::framework {
namespace {

TEST(ContextTest, BackgroundContextIsNeverDone) {
  Context c;
  EXPECT_FALSE(c.Done());
  EXPECT_TRUE(c.Err().ok());
  EXPECT_EQ(c.deadline(), absl::InfiniteFuture());
}

TEST(ContextTest, DeadlineExpires) {
  Context c = Context().WithTimeout(absl::Milliseconds(20));
  EXPECT_FALSE(c.DeadlineExceeded());
  absl::Status s = c.Sleep(absl::Seconds(5));
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  // A later deadline never extends an earlier one.
  EXPECT_EQ(c.WithTimeout(absl::Hours(1)).deadline(), c.deadline());
}

TEST(ContextTest, CancelWakesSleepersAndSparesNewContexts) {
  CancellationSource source;
  Context c = source.NewContext();
  absl::Status result;
  absl::Time start = absl::Now();
  std::thread sleeper([&] { result = c.Sleep(absl::Seconds(30)); });
  absl::SleepFor(absl::Milliseconds(20));
  source.Cancel();
  sleeper.join();
  EXPECT_EQ(result.code(), absl::StatusCode::kCancelled);
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  EXPECT_TRUE(c.StopRequested());
  EXPECT_FALSE(source.NewContext().StopRequested());
}

TEST(ContextTest, OnStopRunsOnceOnCancelAndNotForLaterContexts) {
  CancellationSource source;
  Context ctx = source.NewContext();
  auto owner = std::make_shared<int>(0);
  std::atomic<int> calls{0};
  ctx.OnStop([&calls] { ++calls; }, owner);
  EXPECT_EQ(calls.load(), 0);
  source.Cancel();
  EXPECT_EQ(calls.load(), 1);
  source.Cancel();  // a second stop cancels only the newer contexts
  EXPECT_EQ(calls.load(), 1);

  // Registering on an already cancelled context runs the callback at once.
  ctx.OnStop([&calls] { ++calls; }, owner);
  EXPECT_EQ(calls.load(), 2);

  Context fresh = source.NewContext();
  fresh.OnStop([&calls] { calls += 10; }, owner);
  EXPECT_EQ(calls.load(), 2);
}

TEST(ContextTest, OnStopLapsesWithItsOwner) {
  CancellationSource source;
  Context ctx = source.NewContext();
  std::atomic<int> calls{0};
  {
    auto owner = std::make_shared<int>(0);
    ctx.OnStop([&calls] { ++calls; }, owner);
  }
  auto live = std::make_shared<int>(0);
  ctx.OnStop([&calls] { calls += 100; }, live);
  source.Cancel();
  EXPECT_EQ(calls.load(), 100);
}

TEST(ContextTest, OnStopIsThreadSafe) {
  CancellationSource source;
  Context ctx = source.NewContext();
  auto owner = std::make_shared<int>(0);
  std::atomic<int> calls{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) ctx.OnStop([&calls] { ++calls; }, owner);
    });
  }
  std::thread canceller([&] { source.Cancel(); });
  for (auto& t : threads) t.join();
  canceller.join();
  // Every registration ran exactly once: before the cancel (by Cancel) or after it (at once).
  EXPECT_EQ(calls.load(), 800);
}

TEST(ContextTest, ProviderDataIsTyped) {
  auto data = std::make_shared<int>(42);
  Context c = Context().WithProviderData(data);
  ASSERT_NE(c.ProviderData<int>(), nullptr);
  EXPECT_EQ(*c.ProviderData<int>(), 42);
  EXPECT_EQ(c.ProviderData<std::string>(), nullptr);
}

}  // namespace
}  // namespace azbatch::framework
