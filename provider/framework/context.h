// Context handed to every resource, data source and function call: a deadline
// (from the resource's timeouts) and cancellation (StopProvider), plus the
// client data the provider produced in Configure.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_CONTEXT_H_
#define AZBATCH_PROVIDER_FRAMEWORK_CONTEXT_H_

#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace azbatch::framework {

namespace internal {
// Shared by a CancellationSource and the contexts it created.
struct CancelState {
  absl::Mutex mu;
  bool cancelled ABSL_GUARDED_BY(mu) = false;
  // OnStop registrations; each lapses when its owner expires.
  struct StopCallback {
    std::function<void()> fn;
    std::weak_ptr<const void> owner;
  };
  std::vector<StopCallback> on_stop ABSL_GUARDED_BY(mu);
};
}  // namespace internal

class Context {
 public:
  // A background context: never cancelled, no deadline, no provider data.
  Context();

  // absl::InfiniteFuture() when there is no deadline.
  absl::Time deadline() const { return deadline_; }
  // True after StopProvider cancelled the source this context came from.
  bool StopRequested() const;
  bool DeadlineExceeded() const;
  // StopRequested() || DeadlineExceeded().
  bool Done() const;
  // OK, Cancelled ("provider is stopping") or DeadlineExceeded.
  absl::Status Err() const;
  // Sleeps up to `d` (never past the deadline); returns Err() afterwards, so a
  // polling loop can write: RETURN_IF_ERROR(ctx.Sleep(interval));
  absl::Status Sleep(absl::Duration d) const;

  // Runs `fn` once when StopProvider cancels the source this context came from
  // (right away, on this thread, when it already has). The registration lapses
  // once `owner` has expired, so `fn` may hold a weak reference to it: hand an
  // object that lives as long as the interested party (expired registrations are
  // dropped on later registrations). `fn` runs on the cancelling thread without
  // locks held; keep it short and non-blocking. Thread-safe.
  void OnStop(std::function<void()> fn, std::weak_ptr<const void> owner) const;

  // Copies with a different deadline (the earlier of the current one and the new one).
  Context WithDeadline(absl::Time deadline) const;
  Context WithTimeout(absl::Duration timeout) const;
  Context WithProviderData(std::any data) const;

  // What Provider::Configure produced (std::any holding e.g. std::shared_ptr<Client>).
  const std::any& provider_data() const { return provider_data_; }
  // Convenience: the provider data as std::shared_ptr<T>, or nullptr when the
  // provider stored something else (or nothing).
  template <typename T>
  std::shared_ptr<T> ProviderData() const {
    if (const auto* p = std::any_cast<std::shared_ptr<T>>(&provider_data_)) return *p;
    return nullptr;
  }

 private:
  friend class CancellationSource;
  std::shared_ptr<internal::CancelState> cancel_;
  absl::Time deadline_ = absl::InfiniteFuture();
  std::any provider_data_;
};

// Thread-safe. Cancel() cancels every context created so far; contexts created
// afterwards start uncancelled (as the Go plugin server does on StopProvider).
class CancellationSource {
 public:
  CancellationSource();
  Context NewContext() const;
  void Cancel();

 private:
  mutable absl::Mutex mu_;
  std::shared_ptr<internal::CancelState> current_ ABSL_GUARDED_BY(mu_);
};

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_CONTEXT_H_
