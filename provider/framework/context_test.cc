#include "provider/framework/context.h"

#include <thread>

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

TEST(ContextTest, ProviderDataIsTyped) {
  auto data = std::make_shared<int>(42);
  Context c = Context().WithProviderData(data);
  ASSERT_NE(c.ProviderData<int>(), nullptr);
  EXPECT_EQ(*c.ProviderData<int>(), 42);
  EXPECT_EQ(c.ProviderData<std::string>(), nullptr);
}

}  // namespace
}  // namespace azbatch::framework
