#include "provider/azure/context.h"

#include <utility>

namespace azbatch::azure {

void CancellationState::Cancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
}

bool CancellationState::IsCancelled() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

bool CancellationState::WaitFor(absl::Duration d) const {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&cancelled_), d);
  return !cancelled_;
}

namespace {

class RealClock : public Clock {
 public:
  absl::Time Now() override { return absl::Now(); }
  bool SleepFor(absl::Duration d, const CancellationState* cancel) override {
    if (cancel == nullptr) {
      absl::SleepFor(d);
      return true;
    }
    return cancel->WaitFor(d);
  }
};

}  // namespace

Clock* Clock::Real() {
  static RealClock* clock = new RealClock();
  return clock;
}

FakeClock::FakeClock(absl::Time start) : now_(start) {}

absl::Time FakeClock::Now() {
  absl::MutexLock lock(&mu_);
  return now_;
}

bool FakeClock::SleepFor(absl::Duration d, const CancellationState* cancel) {
  if (on_sleep_) on_sleep_(d);
  if (cancel != nullptr && cancel->IsCancelled()) return false;
  absl::MutexLock lock(&mu_);
  sleeps_.push_back(d);
  now_ += d;
  return true;
}

void FakeClock::Advance(absl::Duration d) {
  absl::MutexLock lock(&mu_);
  now_ += d;
}

std::vector<absl::Duration> FakeClock::sleeps() const {
  absl::MutexLock lock(&mu_);
  return sleeps_;
}

void FakeClock::set_on_sleep(std::function<void(absl::Duration)> f) {
  on_sleep_ = std::move(f);
}

Context Context::WithDeadline(absl::Time deadline) const {
  Context c = *this;
  if (deadline < c.deadline_) c.deadline_ = deadline;
  return c;
}

Context Context::WithTimeout(absl::Duration timeout) const {
  return WithDeadline(clock_->Now() + timeout);
}

Context Context::WithCancellation(const CancellationSource& source) const {
  Context c = *this;
  c.cancel_ = source.state();
  return c;
}

Context Context::WithClock(Clock* clock) const {
  Context c = *this;
  c.clock_ = clock;
  return c;
}

absl::Duration Context::Remaining() const {
  if (deadline_ == absl::InfiniteFuture()) return absl::InfiniteDuration();
  return deadline_ - clock_->Now();
}

bool Context::IsCancelled() const { return cancel_ && cancel_->IsCancelled(); }

absl::Status Context::Check() const {
  if (IsCancelled()) return absl::CancelledError("operation cancelled");
  if (clock_->Now() >= deadline_) {
    return absl::DeadlineExceededError("operation deadline exceeded");
  }
  return absl::OkStatus();
}

absl::Status Context::Sleep(absl::Duration d) const {
  if (absl::Status s = Check(); !s.ok()) return s;
  if (d > Remaining()) {
    return absl::DeadlineExceededError(
        "operation deadline would pass before the next attempt");
  }
  if (!clock_->SleepFor(d, cancel_.get())) {
    return absl::CancelledError("operation cancelled");
  }
  return Check();
}

}  // namespace azbatch::azure
