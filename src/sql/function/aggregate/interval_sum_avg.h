// IntervalSumAvg: sum, avg, try_sum and try_avg of ANSI intervals (decision 0024): the result
// has the argument's type (avg: the whole family); sums overflow as Spark's Math.addExact does
// (ARITHMETIC_OVERFLOW; try_ forms give NULL); avg rounds HALF_UP like Spark's interval division.
//
// Stateless; thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "base/result.h"
#include "sql/function/aggregate/aggregate_function.h"

namespace lakeml::sql {

class IntervalSumAvg {
 public:
  // REQUIRES: `type` is a year-month or day-time interval.
  static std::shared_ptr<const AggregateFunctionBinding> Resolve(std::string_view name,
                                                                 const columnar::TypePtr& type);
};

}  // namespace lakeml::sql
