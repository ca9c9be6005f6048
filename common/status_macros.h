// Small status helpers: Abseil 20220623 ships no status macros.
#ifndef AZBATCH_COMMON_STATUS_MACROS_H_
#define AZBATCH_COMMON_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define AZBATCH_CONCAT_INNER_(a, b) a##b
#define AZBATCH_CONCAT_(a, b) AZBATCH_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                                  \
  do {                                                         \
    ::absl::Status azbatch_status_ = (expr);                   \
    if (!azbatch_status_.ok()) return azbatch_status_;         \
  } while (0)

// ASSIGN_OR_RETURN(lhs, expr): evaluates a StatusOr, returns its status on
// error, otherwise moves its value into `lhs` (which may be a declaration).
#define ASSIGN_OR_RETURN(lhs, expr)                                            \
  ASSIGN_OR_RETURN_IMPL_(AZBATCH_CONCAT_(azbatch_statusor_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return std::move(tmp).status(); \
  lhs = std::move(tmp).value()

#endif  // AZBATCH_COMMON_STATUS_MACROS_H_
