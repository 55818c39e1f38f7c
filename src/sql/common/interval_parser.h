// IntervalParser: reads interval text: the value strings of interval literals ('3', '1-2',
// '1 02:03:04.5', '1 day 2 hours') and CAST(string AS INTERVAL ...) input, which Spark
// accepts both bare ('1-2') and in its printed form (INTERVAL '1-2' YEAR TO MONTH).
//
// Values accumulate in __int128 so that range checks happen once, at the end. Stateless;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "columnar/data_type.h"

namespace lakeml::sql {

class IntervalParser {
 public:
  // A parsed interval: year-month parts in `months`, day-time parts in `days` and `micros`.
  struct Value {
    __int128 months = 0;
    __int128 days = 0;
    __int128 micros = 0;
    __int128 TotalMicros() const;
  };

  // Adds `text` (an optionally signed decimal number; a fraction only for SECOND) of `unit`
  // (YEAR, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND) times `sign`.
  static bool AddUnit(std::string_view text, const std::string& unit, int sign, Value* v);
  // 'y-m' YEAR TO MONTH, 'd h:m:s' DAY TO SECOND and their sub-ranges, optionally signed.
  static bool AddRange(std::string_view text, const std::string& from, const std::string& to,
                       Value* v);
  // CAST(text AS type) for an ANSI interval type: the value in the type's own form, or
  // Spark's printed form with the same family. False when malformed or out of range.
  static bool ParseForType(std::string_view text, const columnar::DataType& type, int64_t* out);
  // The field index of a unit within its family (YEAR 0, MONTH 1; DAY 0 .. SECOND 3), or -1.
  static int YearMonthField(const std::string& unit);
  static int DayTimeField(const std::string& unit);
};

}  // namespace lakeml::sql
