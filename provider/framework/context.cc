#include "provider/framework/context.h"

#include <algorithm>
#include <utility>

namespace azbatch::framework {

Context::Context() : cancel_(std::make_shared<internal::CancelState>()) {}

bool Context::StopRequested() const {
  absl::MutexLock lock(&cancel_->mu);
  return cancel_->cancelled;
}

bool Context::DeadlineExceeded() const { return absl::Now() >= deadline_; }

bool Context::Done() const { return StopRequested() || DeadlineExceeded(); }

absl::Status Context::Err() const {
  if (StopRequested()) return absl::CancelledError("the provider is stopping (StopProvider)");
  if (DeadlineExceeded()) return absl::DeadlineExceededError("the operation timed out");
  return absl::OkStatus();
}

absl::Status Context::Sleep(absl::Duration d) const {
  absl::Time until = std::min(deadline_, absl::Now() + d);
  {
    absl::MutexLock lock(&cancel_->mu);
    cancel_->mu.AwaitWithDeadline(absl::Condition(&cancel_->cancelled), until);
  }
  return Err();
}

void Context::OnStop(std::function<void()> fn, std::weak_ptr<const void> owner) const {
  {
    absl::MutexLock lock(&cancel_->mu);
    if (!cancel_->cancelled) {
      auto& list = cancel_->on_stop;
      list.erase(std::remove_if(list.begin(), list.end(),
                                [](const internal::CancelState::StopCallback& c) {
                                  return c.owner.expired();
                                }),
                 list.end());
      list.push_back({std::move(fn), std::move(owner)});
      return;
    }
  }
  if (!owner.expired()) fn();
}

Context Context::WithDeadline(absl::Time deadline) const {
  Context c = *this;
  c.deadline_ = std::min(deadline_, deadline);
  return c;
}

Context Context::WithTimeout(absl::Duration timeout) const {
  return WithDeadline(absl::Now() + timeout);
}

Context Context::WithProviderData(std::any data) const {
  Context c = *this;
  c.provider_data_ = std::move(data);
  return c;
}

CancellationSource::CancellationSource()
    : current_(std::make_shared<internal::CancelState>()) {}

Context CancellationSource::NewContext() const {
  Context c;
  absl::MutexLock lock(&mu_);
  c.cancel_ = current_;
  return c;
}

void CancellationSource::Cancel() {
  std::shared_ptr<internal::CancelState> old;
  {
    absl::MutexLock lock(&mu_);
    old = std::move(current_);
    current_ = std::make_shared<internal::CancelState>();
  }
  std::vector<internal::CancelState::StopCallback> callbacks;
  {
    absl::MutexLock lock(&old->mu);
    old->cancelled = true;
    callbacks.swap(old->on_stop);
  }
  for (auto& c : callbacks) {
    if (!c.owner.expired()) c.fn();
  }
}

}  // namespace azbatch::framework
