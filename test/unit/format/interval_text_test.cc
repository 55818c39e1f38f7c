// IntervalText: Spark's ANSI interval text (IntervalUtils.toYearMonthIntervalString /
// toDayTimeIntervalString, ANSI_STYLE), including the extreme values.
#include "format/value_text/interval_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace lakeml::format {
namespace {

std::string Ym(int32_t months, int start, int end) {
  std::string out;
  IntervalText::AppendYearMonth(months, start, end, &out);
  return out;
}

std::string Dt(int64_t micros, int start, int end) {
  std::string out;
  IntervalText::AppendDayTime(micros, start, end, &out);
  return out;
}

constexpr int64_t kSecond = 1000000;
constexpr int64_t kDay = 86400 * kSecond;

TEST(IntervalTextTest, YearMonth) {
  EXPECT_EQ(Ym(14, 0, 1), "INTERVAL '1-2' YEAR TO MONTH");
  EXPECT_EQ(Ym(-14, 0, 1), "INTERVAL '-1-2' YEAR TO MONTH");
  EXPECT_EQ(Ym(24, 0, 0), "INTERVAL '2' YEAR");
  EXPECT_EQ(Ym(14, 1, 1), "INTERVAL '14' MONTH");
  EXPECT_EQ(Ym(-11, 0, 1), "INTERVAL '-0-11' YEAR TO MONTH");
  EXPECT_EQ(Ym(std::numeric_limits<int32_t>::min(), 0, 1),
            "INTERVAL '-178956970-8' YEAR TO MONTH");
}

TEST(IntervalTextTest, DayTime) {
  EXPECT_EQ(Dt(3 * kDay, 0, 0), "INTERVAL '3' DAY");
  EXPECT_EQ(Dt(kDay + 2 * 3600 * kSecond + 3 * 60 * kSecond + 4 * kSecond + kSecond / 2, 0, 3),
            "INTERVAL '1 02:03:04.5' DAY TO SECOND");
  EXPECT_EQ(Dt(-(kDay + 2 * 3600 * kSecond), 0, 1), "INTERVAL '-1 02' DAY TO HOUR");
  EXPECT_EQ(Dt(5 * 3600 * kSecond, 1, 1), "INTERVAL '05' HOUR");
  EXPECT_EQ(Dt(150 * 60 * kSecond, 1, 2), "INTERVAL '02:30' HOUR TO MINUTE");
  EXPECT_EQ(Dt(kSecond * 3 / 2, 3, 3), "INTERVAL '01.5' SECOND");
  EXPECT_EQ(Dt(-kSecond / 1000000, 0, 3), "INTERVAL '-0 00:00:00.000001' DAY TO SECOND");
  EXPECT_EQ(Dt(90 * kSecond, 2, 3), "INTERVAL '01:30' MINUTE TO SECOND");
}

// Spark's text of Long.MinValue microseconds (its special case; negation would overflow).
TEST(IntervalTextTest, MinimumDayTime) {
  const int64_t min = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(Dt(min, 0, 3), "INTERVAL '-106751991 04:00:54.775808' DAY TO SECOND");
  EXPECT_EQ(Dt(min, 3, 3), "INTERVAL '-9223372036854.775808' SECOND");
}

}  // namespace
}  // namespace lakeml::format
