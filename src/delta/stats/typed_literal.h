// Typed literals for predicates: reading a literal's text in a column's type, and converting a
// literal built for one type to another column type without changing its value.
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "base/result.h"
#include "columnar/scalar.h"

namespace lakeml::delta {

// True for the types a Predicate can compare: booleans, numbers, decimals, dates, timestamps,
// strings and binaries (not nested types, times or intervals).
bool IsComparableType(const columnar::DataType& type);

// The value of `text` in `type`. `quoted` says whether the text was a quoted string in the
// predicate (strings, dates and timestamps must be; numbers may be). Float columns accept
// 'NaN', 'Infinity' and '-Infinity'; timestamps without a zone are UTC (wall clock for
// timestamp_ntz). InvalidArgument says what does not fit: "expected a date, got: 2024-13-01".
Result<columnar::Scalar> LiteralFromText(std::string_view text, bool quoted,
                                         const columnar::TypePtr& type);

// `value` as a scalar of `type` when the conversion is exact (int -> wider int, int -> float or
// decimal, decimal -> decimal of another scale, date -> timestamp, float -> double, ...);
// InvalidArgument otherwise. Nulls convert to nulls of `type`.
Result<columnar::Scalar> CoerceLiteral(const columnar::Scalar& value,
                                       const columnar::TypePtr& type);

}  // namespace lakeml::delta
