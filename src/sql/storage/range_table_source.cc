#include "sql/storage/range_table_source.h"

#include <algorithm>

#include "base/check.h"
#include "base/str_cat.h"

namespace lakeml::sql {
namespace {

// Morsel i of the sequence: rows [first, first + count), each a batch of at most
// kRowsPerBatch ids, once per requested column (none when the scan reads no column:
// count(*)).
class RangeMorselReader final : public MorselReader {
 public:
  RangeMorselReader(columnar::SchemaPtr schema, size_t num_columns, int64_t start, int64_t step,
                    int64_t first, int64_t count)
      : schema_(std::move(schema)),
        num_columns_(num_columns),
        start_(start),
        step_(step),
        next_(first),
        end_(first + count) {}

  Result<columnar::BatchPtr> Next() override {
    if (next_ >= end_) return columnar::BatchPtr();
    const int64_t n = std::min(RangeTableSource::kRowsPerBatch, end_ - next_);
    std::vector<columnar::VectorPtr> columns;
    if (num_columns_ > 0) {
      columnar::VectorPtr v = columnar::Vector::Make(schema_->field(0).type, n);
      auto* out = reinterpret_cast<int64_t*>(v->mutable_values()->mutable_data());
      // start + i * step stays within [start, end) for every row, so the int128 product and
      // sum fit back into int64.
      for (int64_t i = 0; i < n; ++i) {
        out[i] = static_cast<int64_t>(static_cast<__int128>(start_) +
                                      static_cast<__int128>(next_ + i) * step_);
      }
      columns.assign(num_columns_, v);  // Every requested column is `id`.
    }
    next_ += n;
    return std::make_shared<columnar::Batch>(schema_, std::move(columns), n);
  }

 private:
  columnar::SchemaPtr schema_;
  size_t num_columns_;
  int64_t start_;
  int64_t step_;
  int64_t next_;
  int64_t end_;
};

class RangeScanPlan final : public TableScanPlan {
 public:
  RangeScanPlan(columnar::SchemaPtr schema, size_t num_columns, int64_t start, int64_t step,
                int64_t num_rows)
      : schema_(std::move(schema)),
        num_columns_(num_columns),
        start_(start),
        step_(step),
        num_rows_(num_rows) {}

  int64_t num_morsels() const override {
    return (num_rows_ + RangeTableSource::kRowsPerMorsel - 1) / RangeTableSource::kRowsPerMorsel;
  }
  Result<std::unique_ptr<MorselReader>> OpenMorsel(int64_t i) const override {
    const int64_t first = i * RangeTableSource::kRowsPerMorsel;
    const int64_t count = std::min(RangeTableSource::kRowsPerMorsel, num_rows_ - first);
    return std::unique_ptr<MorselReader>(
        std::make_unique<RangeMorselReader>(schema_, num_columns_, start_, step_, first, count));
  }
  std::string Describe() const override { return StrCat("rows: ", num_rows_); }

 private:
  columnar::SchemaPtr schema_;
  size_t num_columns_;
  int64_t start_;
  int64_t step_;
  int64_t num_rows_;
};

}  // namespace

RangeTableSource::RangeTableSource(int64_t start, int64_t end, int64_t step)
    : start_(start), step_(step) {
  LAKEML_CHECK(step != 0);
  const __int128 span = static_cast<__int128>(end) - start;
  __int128 rows = 0;
  if ((span > 0 && step > 0) || (span < 0 && step < 0)) {
    const __int128 s = step;
    rows = (span + s + (step > 0 ? -1 : 1)) / s;  // ceil(span / step)
  }
  // At most 2^64 - 1 rows (range(INT64_MIN, INT64_MAX)); no scan gets that far, so the count
  // saturates.
  num_rows_ = rows > INT64_MAX ? INT64_MAX : static_cast<int64_t>(rows);
  schema_ = std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
      columnar::Field{"id", columnar::DataType::Primitive(columnar::TypeId::kInt64), false}});
  display_name_ = StrCat("range(", start, ", ", end, ", ", step, ")");
}

std::optional<std::pair<int64_t, int64_t>> RangeTableSource::EstimatedRange(int /*column*/) const {
  if (num_rows_ == 0) return std::nullopt;
  const int64_t last = static_cast<int64_t>(static_cast<__int128>(start_) +
                                            static_cast<__int128>(num_rows_ - 1) * step_);
  return step_ > 0 ? std::make_pair(start_, last) : std::make_pair(last, start_);
}

Result<std::unique_ptr<TableScanPlan>> RangeTableSource::PlanScan(
    const std::vector<int>& columns, const std::optional<delta::Predicate>& /*filter*/) const {
  for (int c : columns) {
    if (c != 0) return Status::Internal("range() has one column; asked for column ", c);
  }
  return std::unique_ptr<TableScanPlan>(
      std::make_unique<RangeScanPlan>(schema_, columns.size(), start_, step_, num_rows_));
}

}  // namespace lakeml::sql
