// DeltaTableSource: a TableSource over one pinned Delta snapshot. A scan prunes files with the
// pushed predicate (partition values and file statistics) and makes each remaining data file
// a morsel, read by its own delta::TableScan.
//
// Immutable; thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "delta/snapshot.h"
#include "io/file_system.h"
#include "sql/storage/table_source.h"

namespace lakeml::sql {

class DeltaTableSource final : public TableSource {
 public:
  DeltaTableSource(std::shared_ptr<const delta::Snapshot> snapshot, std::string display_name);
  // Loads the latest snapshot of the table at `path` (or the given version).
  static Result<std::shared_ptr<DeltaTableSource>> Open(io::FileSystem* fs, const std::string& path,
                                                        std::string display_name,
                                                        std::optional<int64_t> version);

  const columnar::SchemaPtr& schema() const override { return schema_; }
  const std::string& display_name() const override { return display_name_; }
  Result<std::unique_ptr<TableScanPlan>> PlanScan(
      const std::vector<int>& columns,
      const std::optional<delta::Predicate>& filter) const override;
  // The sum of the files' numRecords statistics (size / 100 bytes for files without).
  std::optional<int64_t> EstimatedRows() const override;
  // For integer and date columns: the width of the [min, max] range over all files' stats,
  // at most the row count. Computed once per column.
  std::optional<double> EstimatedDistinct(int column) const override;
  std::optional<std::pair<int64_t, int64_t>> EstimatedRange(int column) const override;
  const std::shared_ptr<const delta::Snapshot>& snapshot() const { return snapshot_; }

 private:
  std::shared_ptr<const delta::Snapshot> snapshot_;
  std::string display_name_;
  columnar::SchemaPtr schema_;
  mutable std::mutex distinct_mu_;
  // Guarded by distinct_mu_.
  mutable std::map<int, std::optional<std::pair<int64_t, int64_t>>> ranges_;
};

}  // namespace lakeml::sql
