// MathRounding: round (HALF_UP), bround (HALF_EVEN), ceil/ceiling and floor. DOUBLE rounds
// on its shortest decimal text (as Spark's BigDecimal(double)), so round(0.125, 2) = 0.13.
// ceil/floor of DOUBLE or integers are BIGINT. DECIMAL results depend on the constant scale
// argument, so the binder resolves them through ResolveDecimal:
//   round/bround(decimal(p,s), d): d >= 0: decimal(min(p-s+1+min(s,d), 38), min(s,d));
//                                   d < 0: decimal(min(max(p-s+1, 1-d), 38), 0)
//   ceil/floor(decimal(p,s)[, d]): the same with d = 0 by default.
//
// Stateless; thread-safe.
#pragma once

#include <memory>
#include <string_view>

#include "base/result.h"
#include "sql/function/scalar_function.h"

namespace lakeml::sql {

class MathRounding {
 public:
  // True for round, bround, ceil, ceiling, floor.
  static bool IsRounding(std::string_view name);
  // The binding of `name` on a DECIMAL value rounded to `scale` digits; its arguments are
  // (value, INT scale).
  static Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveDecimal(std::string_view name,
                                                                             const TypePtr& value,
                                                                             int scale);
};

}  // namespace lakeml::sql
