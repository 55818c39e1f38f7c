// Slicing: copies a contiguous range of rows out of a Vector or Batch (nested types included).
// Pure functions over immutable inputs: thread-safe.
#pragma once

#include "columnar/batch.h"
#include "columnar/vector.h"

namespace lakeml::columnar {

// Rows [offset, offset + length) of `v` as a new vector with offsets rebased to 0.
// REQUIRES: 0 <= offset, 0 <= length, offset + length <= v.length()
VectorPtr SliceVector(const Vector& v, int64_t offset, int64_t length);
BatchPtr SliceBatch(const Batch& batch, int64_t offset, int64_t length);

}  // namespace lakeml::columnar
