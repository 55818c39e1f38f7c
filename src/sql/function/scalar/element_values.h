// ElementValues: the values of a vector as comparable Scalars, for array and map kernels that
// compare elements (contains, distinct, set operations, sorting, map keys). Nested values
// compare by their Spark text (equality only; ordering them is rejected at bind time).
//
// Built per kernel call; not shared between threads.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "columnar/scalar.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class ElementValues {
 public:
  static Result<ElementValues> Of(const columnar::Vector& v);

  bool IsNull(int64_t i) const { return values_[i].is_null; }
  const columnar::Scalar& at(int64_t i) const { return values_[i]; }
  // Null-safe total order: nulls first, then Scalar::Compare (NaN last, NaN equals NaN).
  int Compare(int64_t a, const ElementValues& other, int64_t b) const;
  bool Equal(int64_t a, const ElementValues& other, int64_t b) const {
    return Compare(a, other, b) == 0;
  }

 private:
  std::vector<columnar::Scalar> values_;
};

}  // namespace lakeml::sql
