// TableScan: the Scan of a Snapshot (see scan.h). Planning prunes files by partition values
// and statistics; execution reads each surviving file's Parquet data, adapts it to the
// table's logical schema (column mapping, missing columns, type widening, timestamp units),
// adds the partition columns and drops the rows its deletion vector marks.
//
// Immutable after Make; Execute() may be called many times, each stream with one owner.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "delta/dv/roaring_bitmap_array.h"
#include "delta/scan.h"
#include "delta/schema/column_mapping.h"
#include "delta/snapshot.h"

namespace lakeml::delta {

class TableScan final : public Scan {
 public:
  static Result<std::unique_ptr<TableScan>> Make(std::shared_ptr<const Snapshot> snapshot,
                                                 const ScanOptions& options);
  // A scan of exactly `files` (no pruning), for change data feed reads. `keep_only[i]`, when
  // set, replaces file i's deletion vector: only the rows it holds are returned.
  // `read_change_type` adds the string column "_change_type" stored in CDC files.
  static Result<std::unique_ptr<TableScan>> MakeForFiles(
      std::shared_ptr<const Snapshot> snapshot, const ScanOptions& options,
      std::vector<AddFile> files,
      std::vector<std::shared_ptr<const RoaringBitmapArray>> keep_only, bool read_change_type);

  const columnar::SchemaPtr& schema() const override { return output_schema_; }
  const std::vector<AddFile>& files() const override { return files_; }
  const ScanMetrics& metrics() const override { return metrics_; }
  Result<std::unique_ptr<ScanBatchStream>> Execute() const override;
  // The batches of file `i` only, restricted to its row groups [first_row_group,
  // end_row_group) (end -1 = to the last one): a unit of parallel work smaller than a file.
  // Deletion vectors and partition values apply as in Execute().
  // REQUIRES: i < files().size().
  Result<std::unique_ptr<ScanBatchStream>> ExecuteFile(size_t i, int first_row_group,
                                                       int end_row_group) const;
  // The number of row groups of file `i` (reads its Parquet footer).
  // REQUIRES: i < files().size().
  Result<int> CountRowGroups(size_t i) const;

  // What Execute() needs per output column: a data column (index into data_fields) or a
  // partition column (its logical field).
  struct OutputColumn {
    bool is_partition = false;
    int data_index = -1;
    columnar::Field field;
    std::string physical_name;  // Partition values are keyed by physical name.
  };
  const std::vector<OutputColumn>& output_columns() const { return output_columns_; }
  const columnar::SchemaPtr& data_schema() const { return data_schema_; }
  const std::shared_ptr<const Snapshot>& snapshot() const { return snapshot_; }
  ColumnMappingMode mapping_mode() const { return mode_; }
  const ScanOptions& options() const { return options_; }
  // Null, or the row selection that replaces file i's deletion vector.
  const RoaringBitmapArray* keep_only(size_t i) const {
    return i < keep_only_.size() ? keep_only_[i].get() : nullptr;
  }

 private:
  TableScan() = default;

  std::shared_ptr<const Snapshot> snapshot_;
  ScanOptions options_;
  ColumnMappingMode mode_ = ColumnMappingMode::kNone;
  columnar::SchemaPtr output_schema_;
  columnar::SchemaPtr data_schema_;  // The non-partition output columns, logical.
  std::vector<OutputColumn> output_columns_;
  std::vector<AddFile> files_;
  std::vector<std::shared_ptr<const RoaringBitmapArray>> keep_only_;
  ScanMetrics metrics_;
};

}  // namespace lakeml::delta
