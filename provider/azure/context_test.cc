#include "provider/azure/context.h"

#include <thread>

#include "gtest/gtest.h"

namespace azbatch::azure {
namespace {

TEST(ContextTest, DeadlineKeepsEarlierAndChecks) {
  FakeClock clock;
  Context ctx = Context().WithClock(&clock).WithTimeout(absl::Seconds(10));
  EXPECT_EQ(ctx.deadline(), clock.Now() + absl::Seconds(10));
  Context later = ctx.WithTimeout(absl::Seconds(100));
  EXPECT_EQ(later.deadline(), ctx.deadline());
  EXPECT_TRUE(ctx.Check().ok());
  clock.Advance(absl::Seconds(10));
  EXPECT_TRUE(absl::IsDeadlineExceeded(ctx.Check()));
}

TEST(ContextTest, SleepPastDeadlineFailsWithoutSleeping) {
  FakeClock clock;
  Context ctx = Context().WithClock(&clock).WithTimeout(absl::Seconds(5));
  EXPECT_TRUE(ctx.Sleep(absl::Seconds(2)).ok());
  absl::Status s = ctx.Sleep(absl::Seconds(4));
  EXPECT_TRUE(absl::IsDeadlineExceeded(s)) << s;
  ASSERT_EQ(clock.sleeps().size(), 1u);
  EXPECT_EQ(clock.Now() - absl::FromUnixSeconds(1700000000), absl::Seconds(2));
}

TEST(ContextTest, CancelledBeforeSleep) {
  CancellationSource source;
  FakeClock clock;
  Context ctx = Context().WithClock(&clock).WithCancellation(source);
  source.Cancel();
  EXPECT_TRUE(absl::IsCancelled(ctx.Check()));
  EXPECT_TRUE(absl::IsCancelled(ctx.Sleep(absl::Seconds(1))));
  EXPECT_TRUE(clock.sleeps().empty());
}

TEST(ContextTest, CancellationWakesRealSleepPromptly) {
  CancellationSource source;
  Context ctx = Context().WithCancellation(source);
  std::thread canceller([&] {
    absl::SleepFor(absl::Milliseconds(50));
    source.Cancel();
  });
  absl::Time start = absl::Now();
  absl::Status s = ctx.Sleep(absl::Seconds(30));
  absl::Duration took = absl::Now() - start;
  canceller.join();
  EXPECT_TRUE(absl::IsCancelled(s)) << s;
  EXPECT_LT(took, absl::Seconds(5));
}

TEST(ContextTest, RealSleepWithoutCancellationSleeps) {
  Context ctx;
  absl::Time start = absl::Now();
  EXPECT_TRUE(ctx.Sleep(absl::Milliseconds(20)).ok());
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(19));
}

}  // namespace
}  // namespace azbatch::azure
