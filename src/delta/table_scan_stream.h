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
  int64_t rows_returned_ = 0;
  // The open file.
  std::unique_ptr<parquet::FileReader> reader_;
  std::unique_ptr<parquet::BatchStream> batches_;
  std::optional<FileSchemaAdapter> adapter_;
  std::vector<columnar::Scalar> partition_values_;  // Per output column (unused for data).
  std::optional<RoaringBitmapArray> deleted_;
  const RoaringBitmapArray* keep_only_ = nullptr;  // Owned by the scan.
  int next_row_group_ = 0;  // When no data column is read.
  int64_t file_row_ = 0;    // Row index within the file of the next batch.
};

}  // namespace lakeml::delta
