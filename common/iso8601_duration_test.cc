#include "common/iso8601_duration.h"

#include <optional>

#include "gtest/gtest.h"

namespace azbatch::iso8601 {
namespace {

// One table for both readers: `strict` is what the provider accepts
// (Units::kWeeksToSeconds), `calendar` what the emulator accepts.
struct Case {
  const char* text;
  std::optional<absl::Duration> strict;
  std::optional<absl::Duration> calendar;
};

const Case kCases[] = {
    {"PT15M", absl::Minutes(15), absl::Minutes(15)},
    {"PT1H30M", absl::Minutes(90), absl::Minutes(90)},
    {"P1DT2H", absl::Hours(26), absl::Hours(26)},
    {"P1DT2H30M", absl::Minutes(26 * 60 + 30), absl::Minutes(26 * 60 + 30)},
    {"pt90s", absl::Seconds(90), absl::Seconds(90)},
    {"PT0.5S", absl::Milliseconds(500), absl::Milliseconds(500)},
    {"P1W", absl::Hours(7 * 24), absl::Hours(7 * 24)},
    {"P1D", absl::Hours(24), absl::Hours(24)},
    {"P1M", std::nullopt, absl::Hours(30 * 24)},  // a month only to the lenient reader
    {"P1Y", std::nullopt, absl::Hours(365 * 24)},
    {"15m", std::nullopt, std::nullopt},
    {"", std::nullopt, std::nullopt},
    {"P", std::nullopt, std::nullopt},
    {"PT", std::nullopt, std::nullopt},
    {"P1DT", std::nullopt, std::nullopt},  // a T needs a time component
    {"P1H", std::nullopt, std::nullopt},   // hours need the T
    {"PT1S2", std::nullopt, std::nullopt},
    {"PT1HT1M", std::nullopt, std::nullopt},
    {"PT.S", std::nullopt, std::nullopt},
    {"PTXS", std::nullopt, std::nullopt},
};

TEST(Iso8601DurationTest, ParsesTheSameTableStrictAndLenient) {
  for (const Case& c : kCases) {
    EXPECT_EQ(Parse(c.text), c.strict) << c.text;
    EXPECT_EQ(Parse(c.text, Units::kCalendar), c.calendar) << c.text;
  }
}

TEST(Iso8601DurationTest, FormatsWholeSecondsAsAzureDoes) {
  EXPECT_EQ(Format(absl::ZeroDuration()), "PT0S");
  EXPECT_EQ(Format(absl::Seconds(-5)), "PT0S");
  EXPECT_EQ(Format(absl::Minutes(15)), "PT15M");
  EXPECT_EQ(Format(absl::Seconds(2700)), "PT45M");
  EXPECT_EQ(Format(absl::Seconds(3725)), "PT1H2M5S");
  EXPECT_EQ(Format(absl::Seconds(5430)), "PT1H30M30S");
  EXPECT_EQ(Format(absl::Hours(26)), "P1DT2H");
  EXPECT_EQ(Format(absl::Hours(48)), "P2D");
}

TEST(Iso8601DurationTest, FormattedDurationsParseBack) {
  for (int64_t s : {1, 59, 60, 900, 3600, 5430, 86400, 93784, 7 * 86400}) {
    EXPECT_EQ(Parse(Format(absl::Seconds(s))), absl::Seconds(s)) << s;
  }
}

}  // namespace
}  // namespace azbatch::iso8601
