// Chunk: the unit of data that flows between physical operators: equal-length columns
// (columnar::Vector, flat) and a row count, at most kMaxRows rows when produced by a scan or
// an operator. The columns are positional; the physical plan knows their types.
//
// A chunk's vectors are immutable once published; a Chunk is owned by one operator at a time.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/batch.h"
#include "columnar/vector.h"

namespace lakeml::sql {

struct Chunk {
  static constexpr int64_t kMaxRows = 2048;

  std::vector<columnar::VectorPtr> columns;
  int64_t size = 0;
  // The morsel the rows came from: results keep the sources' order by it (a scan's file order,
  // VALUES order) however the threads interleave.
  int64_t batch_index = 0;
  // sql-lambda: while a lambda body is evaluated, the values of the lambda parameters in scope
  // by slot (kLambdaVariable), one row per element; empty elsewhere. A null entry is a slot the
  // body does not read.
  std::vector<columnar::VectorPtr> lambda_args;

  static Chunk FromBatch(const columnar::Batch& batch) {
    Chunk c;
    c.columns = batch.columns();
    c.size = batch.num_rows();
    return c;
  }
};

}  // namespace lakeml::sql
