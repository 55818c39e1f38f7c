// Text forms of typed values as they appear in Delta per-file statistics (JSON strings and
// numbers) and in predicate literals: dates, timestamps, decimals and integers.
//
//   date       "YYYY-MM-DD"; an optional sign and more than four year digits are accepted
//              ("+10000-01-01", "-0044-03-15"), as are one-digit months and days.
//   timestamp  a date, optionally followed by 'T' or ' ' and "HH:MM[:SS[.fraction]]", and an
//              optional zone: "Z", "+HH:MM", "-HHMM", "+HH". Without a zone the wall clock is
//              taken as is (UTC for timestamp, local for timestamp_ntz). Spark writes stats as
//              "2024-01-01T10:00:00.000Z" or with its session offset "...000-08:00".
//   decimal    a JSON number, plain or scientific ("123.45", "-1E-10", "5"), scaled exactly.
//
// Digits past what the target can hold are resolved by `Rounding`: kExact fails, kFloor and
// kCeil round toward the lower or upper bound (the safe choices for a min and a max).
// Every function returns false on malformed or out-of-range text; none allocates.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "columnar/data_type.h"

namespace lakeml::delta {

enum class Rounding : uint8_t { kExact, kFloor, kCeil };

bool ParseDateText(std::string_view text, int64_t* days_since_epoch);

// `unit` is the unit of *out (ticks since the epoch).
bool ParseTimestampText(std::string_view text, columnar::TimeUnit unit, Rounding rounding,
                        int64_t* out);

// The unscaled value of `text` at `scale`; fails when |value| >= 10^precision.
bool ParseDecimalText(std::string_view text, int precision, int scale, Rounding rounding,
                      __int128* unscaled);

// A base-10 integer with an optional sign (no fraction, no exponent).
bool ParseInt64Text(std::string_view text, int64_t* out);

// Ticks of `unit` in one second (1, 1000, 10^6, 10^9).
int64_t TicksPerSecond(columnar::TimeUnit unit);

}  // namespace lakeml::delta
