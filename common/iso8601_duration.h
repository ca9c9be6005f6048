// ISO 8601 durations ("PT15M", "P1DT2H", "PT0.5S"): the one codec of the
// provider and the emulator.
#ifndef AZBATCH_COMMON_ISO8601_DURATION_H_
#define AZBATCH_COMMON_ISO8601_DURATION_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace azbatch::iso8601 {

// Which designators a duration may use.
enum class Units {
  // What Azure Batch accepts for its TimeSpan fields: weeks and days before
  // the T, hours, minutes and seconds after it.
  kWeeksToSeconds,
  // Also years (365 days) and months (30 days) before the T, as a lenient
  // reader does (the emulator).
  kCalendar,
};

// Parses "P[nW][nD][T[nH][nM][nS]]" (more with Units::kCalendar), case
// insensitively; numbers may have a fraction ("PT0.5S"). At least one
// component is required, and a T must be followed by one. nullopt when the
// text is no such duration.
std::optional<absl::Duration> Parse(absl::string_view text, Units units = Units::kWeeksToSeconds);

// Whole seconds of `d` as Azure spells them: "PT15M", "PT1H30M5S", "P1DT2H",
// "P2D"; "PT0S" for zero or less.
std::string Format(absl::Duration d);

}  // namespace azbatch::iso8601

#endif  // AZBATCH_COMMON_ISO8601_DURATION_H_
