// DatetimePattern: a compiled Spark datetime pattern (yyyy-MM-dd HH:mm:ss.SSS, MMM, EEEE, a,
// 'quoted text'), used to format timestamps (date_format, from_unixtime) and to parse text
// (to_date, to_timestamp, unix_timestamp). Times are UTC (the session time zone).
// Supported letters: y M L d D H h m s S a E; other letters are rejected at compile time.
//
// Immutable after Compile; thread-safe to share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace lakeml::sql {

class DatetimePattern {
 public:
  // Errors: INVALID_DATETIME_PATTERN for unknown letters or an unclosed quote.
  static Result<DatetimePattern> Compile(std::string_view pattern);

  // Appends the text of `micros` (microseconds since the epoch, UTC).
  void Format(int64_t micros, std::string* out) const;
  // Parses the whole of `text`; false when it does not match. Missing fields default to
  // 1970-01-01 00:00:00.
  bool Parse(std::string_view text, int64_t* micros) const;

 private:
  struct Field {
    char letter;  // 0 for literal text
    int count;
    std::string literal;
  };
  std::vector<Field> fields_;
};

}  // namespace lakeml::sql
