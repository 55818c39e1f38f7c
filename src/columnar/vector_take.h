// Take: gathers rows of a Vector or Batch by index (any order, repeats allowed), for every type,
// nested types included.
//
// The result owns new buffers; offsets start at 0; validity is gathered with the rows and
// null_count recomputed (no bitmap when nothing is null). A null-type result is all null. Pure
// functions over immutable inputs: thread-safe.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "columnar/batch.h"
#include "columnar/vector.h"

namespace lakeml::columnar {

// Row j of the result is row indices[j] of `v`, for j in [0, n).
// REQUIRES: indices holds n entries, 0 <= indices[j] < v.length().
// An index out of range returns OutOfRange, a vector whose buffers do not fit its type and
// length (CheckVectorLayout) InvalidArgument; both checks cost O(n) comparisons, no gather.
Result<VectorPtr> TakeVector(const Vector& v, const int64_t* indices, int64_t n);

// Takes the same rows from every column of `batch`.
// REQUIRES: as TakeVector, with batch.num_rows() for the length.
Result<BatchPtr> TakeBatch(const Batch& batch, const int64_t* indices, int64_t n);

}  // namespace lakeml::columnar
