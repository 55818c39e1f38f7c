// Concat: appends vectors (or batches) of one type end to end into one new vector (batch), for
// every type, nested types included.
//
// The result owns new buffers, except that a single part returns a shallow copy sharing its
// buffers. Offsets start at 0 and only the elements a list's rows reference are copied, so
// parts whose offsets do not start at 0 are handled. Validity is concatenated (parts without
// a bitmap count as all valid) and null_count recomputed. A null-type result is all null. Pure
// functions over immutable inputs: thread-safe.
#pragma once

#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "columnar/vector.h"

namespace lakeml::columnar {

// The rows of parts[0], then those of parts[1], ...
// Returns InvalidArgument when `parts` is empty, holds a null pointer, the types differ
// (DataType::Equals, so field names and nullability count), or a part's buffers do not fit its
// type and length (CheckVectorLayout).
Result<VectorPtr> ConcatVectors(const std::vector<VectorPtr>& parts);

// The rows of parts[0], then parts[1], ...; the result carries parts[0]'s schema. Returns
// InvalidArgument when `parts` is empty or the batches differ in column count or column types.
Result<BatchPtr> ConcatBatches(const std::vector<BatchPtr>& parts);

}  // namespace lakeml::columnar
