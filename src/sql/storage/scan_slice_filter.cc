#include "sql/storage/scan_slice_filter.h"

namespace lakeml::sql {

std::unique_ptr<ScanSliceFilter> ScanSliceFilter::Make(std::shared_ptr<const ScanRowFilter> filter,
                                                       const std::vector<int>& file_positions) {
  if (filter == nullptr) return nullptr;
  auto out = std::unique_ptr<ScanSliceFilter>(new ScanSliceFilter());
  out->position_.assign(file_positions.size(), -1);
  for (int c : filter->InputColumns()) {
    if (c < 0 || c >= static_cast<int>(file_positions.size()) || file_positions[c] < 0) {
      return nullptr;
    }
    out->position_[c] = file_positions[c];
    out->inputs_.push_back(file_positions[c]);
  }
  if (out->inputs_.empty()) return nullptr;
  out->by_output_.assign(file_positions.size(), nullptr);
  out->filter_ = std::move(filter);
  return out;
}

int64_t ScanSliceFilter::Evaluate(const std::vector<const parquet::ColumnSlice*>& columns,
                                  int64_t n, uint8_t* keep) {
  for (size_t c = 0; c < position_.size(); ++c) {
    by_output_[c] = position_[c] >= 0 ? columns[position_[c]] : nullptr;
  }
  return filter_->EvaluateSlices(by_output_, n, keep, &results_);
}

}  // namespace lakeml::sql
