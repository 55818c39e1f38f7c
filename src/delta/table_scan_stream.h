// TableScanStream: the batches of one TableScan execution, file by file (see table_scan.h).
// One owner; keeps its TableScan's snapshot alive through the scan's shared state.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "base/result.h"
#include "columnar/scalar.h"
#include "delta/dv/roaring_bitmap_array.h"
#include "delta/scan.h"
#include "delta/schema/file_schema_adapter.h"
#include "delta/table_scan.h"
#include "format/parquet/file_reader.h"

namespace lakeml::delta {

class TableScanStream final : public ScanBatchStream {
 public:
  // REQUIRES: `scan` outlives the stream.
  explicit TableScanStream(const TableScan* scan) : scan_(scan) {}
  // Only file `file`, row groups [first_row_group, end_row_group) (end -1 = all).
  TableScanStream(const TableScan* scan, size_t file, int first_row_group, int end_row_group)
      : scan_(scan),
        next_file_(file),
        end_file_(file + 1),
        first_row_group_(first_row_group),
        end_row_group_(end_row_group) {}
  ~TableScanStream() override;

  Result<columnar::BatchPtr> Next() override;

  // The absolute path of a data file named by an add action's (URI) path.
  static Result<std::string> DataFilePath(const std::string& table_root,
                                          const std::string& stored_path);

 private:
  Status OpenFile(const AddFile& add, const RoaringBitmapArray* keep_only);
  Result<columnar::BatchPtr> Assemble(const columnar::Batch* data, int64_t num_rows);

  const TableScan* scan_;
  size_t next_file_ = 0;
  size_t end_file_ = static_cast<size_t>(-1);  // Capped by the scan's file count.
  int first_row_group_ = 0;                    // Of each file read.
  int end_row_group_ = -1;                     // -1 = the file's last.
  int64_t rows_returned_ = 0;
  // The open file.
  std::unique_ptr<parquet::FileReader> reader_;
  std::unique_ptr<parquet::BatchStream> batches_;
  std::optional<FileSchemaAdapter> adapter_;
  std::vector<columnar::Scalar> partition_values_;  // Per output column (unused for data).
  std::optional<RoaringBitmapArray> deleted_;
  const RoaringBitmapArray* keep_only_ = nullptr;  // Owned by the scan.
  int next_row_group_ = 0;  // When no data column is read.
  int end_group_ = 0;       // End of the open file's row groups to read.
  int64_t file_row_ = 0;    // Row index within the file of the next batch.
};

}  // namespace lakeml::delta
