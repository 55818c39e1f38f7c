// Filter: keeps the rows of a Vector or Batch whose bit is set in a selection bitmap (LSB-first,
// one bit per row, as Arrow lays out validity), for every type, nested types included.
//
// The result owns new buffers, except that a selection keeping every row returns a shallow copy
// that shares the input's buffers and children. Offsets in the result start at 0; validity is
// filtered with the rows and null_count recomputed (no bitmap when nothing is null). A null-type
// result is all null. Pure functions over immutable inputs: thread-safe.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "columnar/batch.h"
#include "columnar/vector.h"

namespace lakeml::columnar {

// The rows i of `v` with bit i of `keep_bits` set, in order.
// REQUIRES: keep_bits holds at least BytesForBits(v.length()) bytes (bits past v.length() are
//   ignored); num_kept is the number of set bits among the first v.length().
// A num_kept that differs from the bitmap, or a vector whose buffers do not fit its type and
// length (CheckVectorLayout), returns InvalidArgument; both checks cost O(length / 64).
Result<VectorPtr> FilterVector(const Vector& v, const uint8_t* keep_bits, int64_t num_kept);

// Filters every column of `batch` with the same bitmap (one bit per row of the batch).
// REQUIRES: as FilterVector, with batch.num_rows() for the length.
Result<BatchPtr> FilterBatch(const Batch& batch, const uint8_t* keep_bits, int64_t num_kept);

}  // namespace lakeml::columnar
