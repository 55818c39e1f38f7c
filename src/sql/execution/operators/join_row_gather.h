// JoinRowGather: builds a join's output column from an input column and the 32-bit row numbers
// the join matched (JoinOperator::kNoRow: a NULL row of an outer join), in one pass per column
// without converting the rows to 64-bit indices. Fixed-width values (1, 2, 4, 8 or 16 bytes)
// and strings / binaries are gathered here; other types go through columnar::TakeVector.
//
// The row numbers come from the join's own index over the same columns, so they are in range
// by construction (a broken one is an internal bug, not bad input). The result owns new
// buffers. Stateless; thread-safe.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class JoinRowGather {
 public:
  // Whether Gather handles `type` itself (otherwise it falls back to TakeVector).
  static bool Handles(const columnar::DataType& type);
  // Row j of the result is row rows[j] of `v`, or NULL when rows[j] is kNoRow.
  // REQUIRES: every other rows[j] < v.length(); has_none says whether any rows[j] is kNoRow.
  static Result<columnar::VectorPtr> Gather(const columnar::Vector& v, const uint32_t* rows,
                                            int64_t n, bool has_none);
};

}  // namespace lakeml::sql
