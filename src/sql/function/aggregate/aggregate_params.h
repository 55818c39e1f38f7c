// AggregateParams: reads the constant parameters of aggregates (AggregateConfigure) with
// Spark's checks and DATATYPE_MISMATCH subclasses. Stateless; thread-safe.
#pragma once

#include <string>

#include "base/result.h"
#include "columnar/scalar.h"

namespace lakeml::sql {

class AggregateParams {
 public:
  // The numeric constant `value` named `what` (for messages), required within [lo, hi].
  // Sets *subclass (UNEXPECTED_NULL, UNEXPECTED_INPUT_TYPE, VALUE_OUT_OF_RANGE) on error.
  static Result<double> Number(const columnar::Scalar& value, const char* what, double lo,
                               double hi, const char* range_text, std::string* subclass);
};

}  // namespace lakeml::sql
