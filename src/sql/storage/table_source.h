// TableSource: a table the engine can scan (a Delta table, later Parquet/CSV/JSON files). The
// binder resolves a name to a source; the planner asks it for a scan of some columns, which
// is cut into morsels (units of parallel work: a Delta data file).
//
// A TableSource is immutable once made (a Delta source pins one snapshot, so one statement
// reads one version) and is shared between threads. A TableScanPlan is shared by the threads of
// one query; each MorselReader has one owner.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "columnar/schema.h"
#include "delta/stats/skipping_predicate.h"

namespace lakeml::sql {

class MorselReader {
 public:
  virtual ~MorselReader() = default;
  // The next batch of the morsel, or nullptr at its end.
  virtual Result<columnar::BatchPtr> Next() = 0;
};

class TableScanPlan {
 public:
  virtual ~TableScanPlan() = default;
  virtual int64_t num_morsels() const = 0;
  // REQUIRES: i < num_morsels(). Thread-safe.
  virtual Result<std::unique_ptr<MorselReader>> OpenMorsel(int64_t i) const = 0;
  // Pruning figures for EXPLAIN: "files: 3 of 10 (7 skipped by stats)".
  virtual std::string Describe() const = 0;
};

class TableSource {
 public:
  virtual ~TableSource() = default;
  // The table's columns.
  virtual const columnar::SchemaPtr& schema() const = 0;
  // A display name for EXPLAIN and errors: main.default.t or delta.`/path`.
  virtual const std::string& display_name() const = 0;
  // A scan of `columns` (indexes into schema(), in output order; may be empty when only the
  // row count matters). `filter` may prune morsels and drop rows for which it is FALSE or NULL
  // (it is a conjunct subset of WHERE built by ScanPredicateBuilder).
  virtual Result<std::unique_ptr<TableScanPlan>> PlanScan(
      const std::vector<int>& columns, const std::optional<delta::Predicate>& filter) const = 0;
  // The table's row count if known cheaply (for join ordering); an estimate.
  virtual std::optional<int64_t> EstimatedRows() const { return std::nullopt; }
  // An upper bound on the number of distinct values of schema() column `column`, if known
  // cheaply (for join cardinalities); nullopt otherwise.
  virtual std::optional<double> EstimatedDistinct(int /*column*/) const { return std::nullopt; }
  // [min, max] of an integer or date column `column` (dates as days), if known cheaply (for
  // filter selectivities); nullopt otherwise.
  virtual std::optional<std::pair<int64_t, int64_t>> EstimatedRange(int /*column*/) const {
    return std::nullopt;
  }
};

}  // namespace lakeml::sql
