// ScanSliceFilter: a scan's ScanRowFilter pushed into the Parquet slice reader of one data file
// (parquet::SliceFilter; decision 0027), so that rows it rules out are never materialized and
// its compare/IN leaves run once per dictionary entry instead of once per row.
//
// Shares the immutable ScanRowFilter; owns the per-dictionary results of one reader. One per
// reader; not thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "format/parquet/slice_filter.h"
#include "sql/storage/scan_row_filter.h"

namespace lakeml::sql {

class ScanSliceFilter final : public parquet::SliceFilter {
 public:
  // file_positions[c]: output column c's position among the reader's fields, or -1 where it is
  // not read unchanged from the file. Null when a column the filter reads is not.
  static std::unique_ptr<ScanSliceFilter> Make(std::shared_ptr<const ScanRowFilter> filter,
                                               const std::vector<int>& file_positions);

  const std::vector<int>& inputs() const override { return inputs_; }
  int64_t Evaluate(const std::vector<const parquet::ColumnSlice*>& columns, int64_t n,
                   uint8_t* keep) override;

 private:
  ScanSliceFilter() = default;

  std::shared_ptr<const ScanRowFilter> filter_;
  std::vector<int> inputs_;                             // Reader field positions read.
  std::vector<int> position_;                           // Per output column: its field position.
  std::vector<const parquet::ColumnSlice*> by_output_;  // Scratch: slices per output column.
  ScanRowFilter::DictionaryResults results_;
};

}  // namespace lakeml::sql
