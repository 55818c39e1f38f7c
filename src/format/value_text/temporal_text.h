// Text of dates, times, timestamps and intervals, as lakeml prints them (CSV, JSON, tables).
//
//   date       "YYYY-MM-DD"; years outside 0000..9999 are written ISO-8601 expanded:
//              "-0044-03-15" (astronomical year -44 = 45 BC), "+10000-01-01".
//   time       "HH:MM:SS.ffffff" (always six fraction digits; nanoseconds truncate).
//   timestamp  "YYYY-MM-DDTHH:MM:SS.ffffff", plus "Z" when adjusted to UTC. Nanosecond values
//              truncate to microseconds toward negative infinity. Every int64 in every unit
//              prints exactly (1677-09-21 and 2262-04-11 for the nanosecond extremes).
//   interval   ISO-8601 duration, each component carrying its own sign as PostgreSQL does:
//              "P1Y2M3DT4H5M6.789S", "P-1M", "PT-0.5S"; zero is "PT0S". Months become
//              years+months, days stay days (a day is not always 24 hours), nanoseconds become
//              hours, minutes and seconds with up to nine fraction digits, trailing zeros cut.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "columnar/data_type.h"

namespace lakeml::format {

void AppendDate(int64_t days_since_epoch, std::string* out);
void AppendTime(int64_t value, columnar::TimeUnit unit, std::string* out);
void AppendTimestamp(int64_t value, columnar::TimeUnit unit, bool utc, std::string* out);
void AppendInterval(int32_t months, int32_t days, int64_t nanos, std::string* out);

}  // namespace lakeml::format
