// IntervalText: Spark's ANSI text of year-month and day-time intervals, as CAST(... AS
// STRING) and result printing show them: INTERVAL '1-2' YEAR TO MONTH, INTERVAL '3' DAY,
// INTERVAL '-1 02:03:04.5' DAY TO SECOND (Spark's IntervalUtils ANSI_STYLE).
//
// Fields are numbered as columnar::DataType::interval_start()/interval_end() number them.
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace lakeml::format {

class IntervalText {
 public:
  static void AppendYearMonth(int32_t months, int start, int end, std::string* out);
  static void AppendDayTime(int64_t micros, int start, int end, std::string* out);
  // "YEAR", "MONTH" / "DAY", "HOUR", "MINUTE", "SECOND"; "?" when out of range.
  static const char* YearMonthField(int field);
  static const char* DayTimeField(int field);
};

}  // namespace lakeml::format
