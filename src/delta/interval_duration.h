// IntervalDuration: the retention durations of Delta table properties
// (delta.logRetentionDuration, delta.deletedFileRetentionDuration,
// delta.setTransactionRetentionDuration), written in Spark's calendar-interval syntax:
//
//   "interval 30 days", "interval 1 week", "2 hours", "interval 1 day 12 hours"
//
// Units (singular or plural, case-insensitive): week, day, hour, minute, second, millisecond,
// microsecond. Months and years are refused: they have no fixed length, and Delta refuses them
// for these properties too. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace lakeml::delta {

class IntervalDuration {
 public:
  // The duration in milliseconds (microseconds round down). Errors are InvalidArgument and
  // quote the text: Invalid interval: unknown unit 'fortnights' in "interval 2 fortnights".
  static Result<int64_t> ParseMs(std::string_view text);

  // ParseMs of the table property `key` in `configuration`-like lookups, or of
  // `default_text` when the property is absent. `key` only appears in error messages.
  static Result<int64_t> PropertyMs(const std::string* value, std::string_view key,
                                    std::string_view default_text);
};

}  // namespace lakeml::delta
