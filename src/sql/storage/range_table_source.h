// RangeTableSource: the rows of the table-valued function range(start, end, step): one BIGINT
// column `id` holding start, start + step, ... up to but excluding end (Spark's semantics; no
// rows when the step points away from end). Nothing is materialized: each morsel computes its
// slice of the sequence in batches, so range(10000000000) scans in constant memory.
//
// Immutable; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sql/storage/table_source.h"

namespace lakeml::sql {

class RangeTableSource final : public TableSource {
 public:
  // Rows per morsel (a unit of parallel work) and per batch.
  static constexpr int64_t kRowsPerMorsel = int64_t{1} << 20;
  static constexpr int64_t kRowsPerBatch = int64_t{1} << 16;

  // REQUIRES: step != 0.
  RangeTableSource(int64_t start, int64_t end, int64_t step);

  const columnar::SchemaPtr& schema() const override { return schema_; }
  const std::string& display_name() const override { return display_name_; }
  Result<std::unique_ptr<TableScanPlan>> PlanScan(
      const std::vector<int>& columns,
      const std::optional<delta::Predicate>& filter) const override;
  std::optional<int64_t> EstimatedRows() const override { return num_rows_; }
  std::optional<double> EstimatedDistinct(int /*column*/) const override {
    return static_cast<double>(num_rows_);
  }

  std::optional<std::pair<int64_t, int64_t>> EstimatedRange(int /*column*/) const override;

  int64_t num_rows() const { return num_rows_; }

 private:
  int64_t start_;
  int64_t step_;
  int64_t num_rows_;
  columnar::SchemaPtr schema_;
  std::string display_name_;
};

}  // namespace lakeml::sql
