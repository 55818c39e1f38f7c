// NestedComparison: Spark's order and equality of ARRAY and STRUCT values, for comparison
// operators, ORDER BY and join conditions. Arrays compare element by element, then the
// shorter first; structs field by field; a null element or field sorts before any value and
// equals another null. Atomic parts compare as Scalar::Compare (NaN last, NaN equals NaN).
// MAP values are not comparable (the binder rejects them).
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "columnar/vector.h"
#include "sql/function/scalar_function.h"

namespace lakeml::sql {

class NestedComparison {
 public:
  // <0, 0, >0 for a[i] against b[j]; both valid, of equal types (nested or atomic).
  static int Compare(const columnar::Vector& a, int64_t i, const columnar::Vector& b, int64_t j);
  // The kernel of comparison operator `op` (= == <> != < <= > >= <=>) over two nested
  // operands of one type, or nullptr.
  static ScalarKernel KernelFor(std::string_view op);
  // Whether `type` is or contains a MAP (not comparable, not a grouping key).
  static bool ContainsMap(const columnar::TypePtr& type);
};

}  // namespace lakeml::sql
