// Parsers of single CSV field texts into typed values. Each returns false when the whole text
// is not a valid value of the type (no partial matches, no leading or trailing characters;
// callers trim blanks first). Pure functions; thread-safe.
//
// Accepted forms:
//   boolean    true / false, any letter case
//   integers   [+-]digits, range-checked
//   floating   the forms of std::from_chars (general), with an optional leading '+';
//              also nan, inf, infinity in any case, signed
//   decimal    [+-]digits[.digits], at most `scale` fraction digits, at most `precision` digits
//   date       YYYY-MM-DD
//   time       HH:MM:SS[.fraction up to 9 digits]
//   timestamp  YYYY-MM-DD[ T]HH:MM:SS[.fraction up to 9 digits][Z | +hh:mm | -hh:mm | +hhmm | +hh]
#pragma once

#include <cstdint>
#include <string_view>

#include "columnar/data_type.h"

namespace lakeml::csv {

bool ParseBool(std::string_view s, bool* out);
bool ParseInt64(std::string_view s, int64_t* out);
bool ParseUInt64(std::string_view s, uint64_t* out);
bool ParseDouble(std::string_view s, double* out);
bool ParseFloat(std::string_view s, float* out);
// True when s is a NaN or infinity spelling (which ParseDouble accepts).
bool IsSpecialFloat(std::string_view s);
bool ParseDecimal(std::string_view s, int precision, int scale, __int128* out);
bool ParseDate(std::string_view s, int32_t* days_since_epoch);
bool ParseTime(std::string_view s, columnar::TimeUnit unit, int64_t* out);

struct ParsedTimestamp {
  int64_t days = 0;            // Since 1970-01-01, of the local date-time text.
  int32_t seconds_of_day = 0;  // Of the local time text.
  int32_t nanos = 0;           // Fraction of the second.
  bool has_zone = false;
  int32_t offset_seconds = 0;  // East of UTC; subtract to get UTC.
};
bool ParseTimestampParts(std::string_view s, ParsedTimestamp* out);
// The timestamp as an int64 count of `unit` since the epoch (UTC when a zone is given);
// false on bad text or overflow. Fractions finer than the unit are truncated.
bool ParseTimestamp(std::string_view s, columnar::TimeUnit unit, int64_t* out, bool* has_zone);

// s without leading and trailing spaces and tabs.
inline std::string_view TrimBlanks(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

}  // namespace lakeml::csv
