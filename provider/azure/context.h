// Deadline, cancellation and an injectable clock for every outgoing call.
#ifndef AZBATCH_PROVIDER_AZURE_CONTEXT_H_
#define AZBATCH_PROVIDER_AZURE_CONTEXT_H_

#include <functional>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace azbatch::azure {

// Shared cancellation flag. Sleepers waiting on it wake as soon as it is set.
class CancellationState {
 public:
  void Cancel();
  bool IsCancelled() const;
  // Waits up to `d`; returns false when cancelled (before or during the wait).
  bool WaitFor(absl::Duration d) const;

 private:
  mutable absl::Mutex mu_;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
};

// Owned by whoever may cancel (e.g. the provider server on StopProvider).
class CancellationSource {
 public:
  CancellationSource() : state_(std::make_shared<CancellationState>()) {}
  void Cancel() { state_->Cancel(); }
  bool IsCancelled() const { return state_->IsCancelled(); }
  std::shared_ptr<CancellationState> state() const { return state_; }

 private:
  std::shared_ptr<CancellationState> state_;
};

// Time source and sleeper; tests substitute FakeClock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() = 0;
  // Sleeps `d` unless `cancel` (may be null) fires first; false if cancelled.
  virtual bool SleepFor(absl::Duration d, const CancellationState* cancel) = 0;
  static Clock* Real();
};

// Virtual time: SleepFor advances Now() instantly and records the duration.
class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1700000000));
  absl::Time Now() override;
  bool SleepFor(absl::Duration d, const CancellationState* cancel) override;
  void Advance(absl::Duration d);
  std::vector<absl::Duration> sleeps() const;
  // Called at the start of every SleepFor (e.g. to cancel mid-wait).
  void set_on_sleep(std::function<void(absl::Duration)> f);

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
  std::vector<absl::Duration> sleeps_ ABSL_GUARDED_BY(mu_);
  std::function<void(absl::Duration)> on_sleep_;
};

// Immutable per-call context: deadline, cancellation, clock. Cheap to copy.
class Context {
 public:
  Context() = default;
  Context WithDeadline(absl::Time deadline) const;  // keeps the earlier one
  Context WithTimeout(absl::Duration timeout) const;
  Context WithCancellation(const CancellationSource& source) const;
  Context WithClock(Clock* clock) const;

  absl::Time deadline() const { return deadline_; }
  Clock* clock() const { return clock_; }
  absl::Time Now() const { return clock_->Now(); }
  absl::Duration Remaining() const;  // InfiniteDuration without deadline
  bool IsCancelled() const;
  const CancellationState* cancellation() const { return cancel_.get(); }

  // Cancelled / DeadlineExceeded / Ok.
  absl::Status Check() const;
  // Sleeps `d`; returns Cancelled if cancelled meanwhile, DeadlineExceeded
  // (without sleeping) if the deadline falls before the sleep would end.
  absl::Status Sleep(absl::Duration d) const;

 private:
  absl::Time deadline_ = absl::InfiniteFuture();
  std::shared_ptr<CancellationState> cancel_;
  Clock* clock_ = Clock::Real();
};

}  // namespace azbatch::azure

#endif  // AZBATCH_PROVIDER_AZURE_CONTEXT_H_
