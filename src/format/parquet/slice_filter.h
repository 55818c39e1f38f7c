// SliceFilter: a row predicate pushed into RowGroupSliceReader (decision 0027). The reader
// decodes the filter's input columns of each slice first (as ColumnSlices: dictionary indices
// where the pages are dictionary encoded), asks the filter which rows may pass, and then
// materializes only those rows of every column; a slice where no row passes is never
// materialized at all.
//
// The filter may keep rows that fail (it is a pre-filter; the engine still evaluates the whole
// condition above the scan) but must never drop a row that may pass.
//
// One per reader; may keep per-dictionary state across slices. Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "format/parquet/column_slice.h"

namespace lakeml::parquet {

class SliceFilter {
 public:
  virtual ~SliceFilter() = default;

  // Positions, among the reader's fields, of the columns Evaluate() reads.
  virtual const std::vector<int>& inputs() const = 0;

  // Sets keep[i] to 1 for each row i < n of the slice that may pass, else 0, and returns the
  // number of ones. columns[p] is set for every p in inputs() (others may be null); each holds n
  // rows, in dictionary form or with `values` assembled.
  virtual int64_t Evaluate(const std::vector<const ColumnSlice*>& columns, int64_t n,
                           uint8_t* keep) = 0;
};

}  // namespace lakeml::parquet
