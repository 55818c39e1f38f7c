// CastExecutor: CAST and TRY_CAST between SQL types with ANSI semantics: a malformed string
// raises CAST_INVALID_INPUT, a value outside the target's range CAST_OVERFLOW (or, for
// decimals, NUMERIC_VALUE_OUT_OF_RANGE); in try mode such rows become null.
//
// Supported now: between numeric types (integral, float, double, decimal), boolean and
// numeric, everything atomic to string, string to every atomic type, date and timestamp
// either way. Timestamps without a zone are read and written in UTC (the session time zone
// arrives with the datetime functions).
//
// Stateless; thread-safe.
#pragma once

#include "base/result.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class CastExecutor {
 public:
  // Whether CAST(from AS to) is allowed (Spark's ANSI cast matrix, for the supported types).
  static bool CanCast(const columnar::TypePtr& from, const columnar::TypePtr& to);
  // Casts the first `n` rows of `in`. REQUIRES: CanCast(in.type(), to).
  static Status Cast(const columnar::Vector& in, const columnar::TypePtr& to, bool try_mode,
                     int64_t n, columnar::VectorPtr* out);
};

}  // namespace lakeml::sql
