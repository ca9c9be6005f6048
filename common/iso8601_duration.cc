#include "common/iso8601_duration.h"

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace azbatch::iso8601 {
namespace {

// Length of one designator's unit, or zero when `unit` may not stand there.
absl::Duration UnitLength(char unit, bool in_time, Units units) {
  const bool calendar = units == Units::kCalendar;
  if (in_time) {
    switch (unit) {
      case 'H': return absl::Hours(1);
      case 'M': return absl::Minutes(1);
      case 'S': return absl::Seconds(1);
      default: return absl::ZeroDuration();
    }
  }
  switch (unit) {
    case 'W': return absl::Hours(7 * 24);
    case 'D': return absl::Hours(24);
    case 'M': return calendar ? absl::Hours(30 * 24) : absl::ZeroDuration();
    case 'Y': return calendar ? absl::Hours(365 * 24) : absl::ZeroDuration();
    default: return absl::ZeroDuration();
  }
}

}  // namespace

std::optional<absl::Duration> Parse(absl::string_view text, Units units) {
  if (text.empty() || absl::ascii_toupper(static_cast<unsigned char>(text[0])) != 'P') {
    return std::nullopt;
  }
  absl::Duration total = absl::ZeroDuration();
  bool in_time = false;
  bool any = false;        // a component anywhere
  bool any_time = false;   // a component after the T
  size_t i = 1;
  while (i < text.size()) {
    if (absl::ascii_toupper(static_cast<unsigned char>(text[i])) == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && (absl::ascii_isdigit(static_cast<unsigned char>(text[i])) ||
                               text[i] == '.')) {
      ++i;
    }
    double number = 0;
    if (start == i || i >= text.size() ||
        !absl::SimpleAtod(text.substr(start, i - start), &number)) {
      return std::nullopt;
    }
    absl::Duration unit =
        UnitLength(absl::ascii_toupper(static_cast<unsigned char>(text[i++])), in_time, units);
    if (unit == absl::ZeroDuration()) return std::nullopt;
    total += unit * number;
    any = true;
    any_time = any_time || in_time;
  }
  if (!any || (in_time && !any_time)) return std::nullopt;
  return total;
}

std::string Format(absl::Duration d) {
  int64_t total = absl::ToInt64Seconds(d);
  if (total <= 0) return "PT0S";
  int64_t days = total / 86400;
  int64_t hours = (total % 86400) / 3600;
  int64_t minutes = (total % 3600) / 60;
  int64_t seconds = total % 60;
  std::string out = "P";
  if (days > 0) absl::StrAppend(&out, days, "D");
  if (hours > 0 || minutes > 0 || seconds > 0) {
    absl::StrAppend(&out, "T");
    if (hours > 0) absl::StrAppend(&out, hours, "H");
    if (minutes > 0) absl::StrAppend(&out, minutes, "M");
    if (seconds > 0) absl::StrAppend(&out, seconds, "S");
  }
  return out;
}

}  // namespace azbatch::iso8601
