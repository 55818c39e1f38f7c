// DecimalArithmetic: DECIMAL operators with Spark's result types (DecimalPrecision with
// allowPrecisionLoss = true) and exact int128 kernels that round HALF_UP and raise
// NUMERIC_VALUE_OUT_OF_RANGE when a result does not fit its precision.
//
// For (p1,s1) op (p2,s2):
//   + -  scale max(s1,s2), precision max(p1-s1, p2-s2) + max(s1,s2) + 1
//   *    precision p1+p2+1, scale s1+s2
//   /    scale max(6, s1+p2+1), precision p1-s1+s2 + scale
//   %    precision min(p1-s1, p2-s2) + max(s1,s2), scale max(s1,s2)
// A precision over 38 becomes 38 with scale max(38 - (p - s), min(s, 6)).
// Known limit: intermediate products and quotients are int128, so a product or scaled
// dividend beyond 1.7e38 raises NUMERIC_VALUE_OUT_OF_RANGE even when the rounded result would
// fit (Spark uses arbitrary precision there).
//
// Stateless; thread-safe.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "sql/function/scalar_function.h"

namespace lakeml::sql {

class DecimalArithmetic {
 public:
  // `op` is one of + - * / % div; integral operands are widened to decimals first.
  static Result<std::shared_ptr<const ScalarFunctionBinding>> Resolve(const std::string& name,
                                                                      const std::string& op,
                                                                      TypePtr a, TypePtr b);
  static Result<std::shared_ptr<const ScalarFunctionBinding>> ResolveNegate(const std::string& name,
                                                                            TypePtr t);
  // The result type of `op` under Spark's rules (adjusted to 38 digits).
  static TypePtr ResultType(const std::string& op, const TypePtr& a, const TypePtr& b);
  // Precision loss adjustment: (p, s) with p > 38 becomes (38, max(38 - (p - s), min(s, 6))).
  static TypePtr Bounded(int precision, int scale);

  // 10^k as int128. REQUIRES: 0 <= k <= 38.
  static __int128 Pow10(int k);
  // Rescales `v` from scale `from` to scale `to`, rounding HALF_UP; false on overflow.
  static bool Rescale(__int128 v, int from, int to, __int128* out);
  // True when |v| < 10^precision.
  static bool Fits(__int128 v, int precision);
};

}  // namespace lakeml::sql
