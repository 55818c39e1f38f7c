// EpochTime: splitting microseconds since 1970-01-01 00:00:00 UTC (TIMESTAMP values in the
// UTC session time zone) into days and the time of day, with floor semantics for instants
// before the epoch.
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>

namespace lakeml::sql {

class EpochTime {
 public:
  static constexpr int64_t kMicrosPerDay = 86400LL * 1000000;

  // a / b rounded towards negative infinity. REQUIRES: b != 0.
  static int64_t FloorDiv(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  }
  static int64_t DayOf(int64_t micros) { return FloorDiv(micros, kMicrosPerDay); }
  static int64_t MicrosOfDay(int64_t micros) { return micros - DayOf(micros) * kMicrosPerDay; }
};

}  // namespace lakeml::sql
