// Text of typed values the way Spark/Delta writes them into Delta logs, so that what lakeml
// derives from a checkpoint's typed columns (stats_parsed, partitionValues_parsed) reads the same
// as what Spark would have written as text, and the reverse parsing for the writer.
//
//   double/float  Java's Double.toString / Float.toString: shortest round-trip digits, decimal
//                 notation for 1e-3 <= |v| < 1e7 ("1.5", "100.0"), else "1.0E10", "1.234E-5".
//                 NaN and infinities as "NaN", "Infinity", "-Infinity" (Jackson quotes them).
//   date          "YYYY-MM-DD".
//   stats time    "YYYY-MM-DDTHH:MM:SS.mmm" + "Z" when UTC-adjusted: Delta truncates
//                 timestamp statistics to milliseconds.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "columnar/data_type.h"

namespace lakeml::delta {

void AppendJavaDouble(double v, std::string* out);
void AppendJavaFloat(float v, std::string* out);

// `days` since 1970-01-01.
void AppendIsoDate(int64_t days, std::string* out);

// A timestamp statistic: floor to milliseconds, "Z" when `utc`.
void AppendStatsTimestamp(int64_t value, columnar::TimeUnit unit, bool utc, std::string* out);

// A timestamp in `unit` converted to microseconds, or nullopt on overflow.
std::optional<int64_t> TimestampToMicros(int64_t value, columnar::TimeUnit unit);

// "YYYY-MM-DD" -> days since 1970-01-01; nullopt unless a valid date.
std::optional<int64_t> ParseIsoDate(std::string_view s);

// A decimal number ("-12.30", "5", "1.5E-3") as an unscaled value at `scale`; nullopt when it
// is malformed, has non-zero digits beyond the scale, or needs more than `precision` digits.
std::optional<__int128> ParseDecimalNumber(std::string_view s, int precision, int scale);

// Parses "YYYY-MM-DD[( |T)HH:MM[:SS[.fraction]]][Z|(+|-)HH:MM]" into microseconds since the
// epoch. An explicit zone offset is applied (the result is UTC); without one the wall-clock
// value is returned as is. Fractions beyond microseconds truncate. nullopt if malformed.
std::optional<int64_t> ParseTimestampMicros(std::string_view s);

}  // namespace lakeml::delta
