// The conventional `timeouts` block (create/read/update/delete as Go duration
// strings such as "90m" or "2h30m") and its parsing.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_TIMEOUTS_H_
#define AZBATCH_PROVIDER_FRAMEWORK_TIMEOUTS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "provider/cty/value.h"
#include "provider/framework/schema.h"

namespace azbatch::framework {

enum class Operation { kCreate, kRead, kUpdate, kDelete };
const char* OperationName(Operation op);  // "create", "read", ...

struct TimeoutDefaults {
  absl::Duration create = absl::Minutes(30);
  absl::Duration read = absl::Minutes(5);
  absl::Duration update = absl::Minutes(30);
  absl::Duration del = absl::Minutes(30);
  absl::Duration For(Operation op) const;
};

inline constexpr char kTimeoutsBlockName[] = "timeouts";

// SINGLE nested block "timeouts" with optional string attributes for the chosen
// operations, each validated as a Go duration. Add it to a resource's
// Block::blocks; the Server then derives every CRUD Context's deadline from it.
NestedBlock TimeoutsBlock(bool create = true, bool read = true, bool update = true,
                          bool del = true);

// Go time.ParseDuration syntax, read by absl::ParseDuration: "300ms", "1.5h",
// "2h45m", "0"; units ns, us, ms, s, m, h. Negative and infinite durations are
// refused: a timeout is a finite wait.
absl::StatusOr<absl::Duration> ParseGoDuration(absl::string_view text);

// Reads `timeouts.<op>` from a resource object (config, plan or state). Returns
// `fallback` when the block or the attribute is absent, null or unknown; an
// error status when the string is not a valid duration.
absl::StatusOr<absl::Duration> TimeoutFromValue(const cty::Value& object, Operation op,
                                                absl::Duration fallback);

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_TIMEOUTS_H_
