// Scan: a planned read of one Snapshot — the files that survive partition pruning and data
// skipping — and the execution that turns them into batches of the table's logical schema:
// partition columns filled in, column mapping resolved, missing columns read as null, types
// widened, deletion vectors applied.
//
// A Scan keeps its Snapshot alive. Files() is thread-safe; each Execute() stream has one owner.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "delta/actions.h"
#include "delta/stats/skipping_predicate.h"

namespace lakeml::parquet {
class ColumnChunkCache;
class SliceFilter;
}  // namespace lakeml::parquet

namespace lakeml::delta {

class Snapshot;

struct ScanOptions {
  // Logical top-level column names to return, in this order; empty = all columns.
  std::vector<std::string> columns;
  // Files that certainly hold no matching row are skipped (rows are NOT filtered).
  std::optional<Predicate> predicate;
  // Decode threads; 0 = hardware concurrency.
  int num_threads = 0;
  // Stop after this many rows (a hint; the last batch is cut to it).
  std::optional<int64_t> limit;
  // > 0: batches of at most this many rows, decoded slice by slice where the columns are flat
  // (see parquet::RowGroupSliceReader); 0: one batch per row group.
  int64_t batch_rows = 0;
  // Decompressed column chunks of slice-decoded files are cached here (null = no cache); see
  // parquet::ColumnChunkCache. Must outlive the scan.
  parquet::ColumnChunkCache* chunk_cache = nullptr;
  // Row filter pushed into slice-decoded data files (parquet::SliceFilter; rows it rules out
  // are not returned): made per file from, for each output column, its position among the
  // file's columns read, or -1 where the column is not read unchanged from the file (partition
  // values, widened or converted types). May return null. Not used for files with deletion
  // vectors or a row selection, whose row positions must stay whole.
  std::function<std::unique_ptr<parquet::SliceFilter>(const std::vector<int>& file_positions)>
      slice_filter;
};

struct ScanMetrics {
  int64_t files_total = 0;
  int64_t files_pruned_by_partition = 0;
  int64_t files_skipped_by_stats = 0;
  int64_t files_read = 0;
  int64_t rows_deleted_by_dv = 0;
};

class ScanBatchStream {
 public:
  virtual ~ScanBatchStream() = default;
  // The next batch, or nullptr at the end.
  virtual Result<columnar::BatchPtr> Next() = 0;
};

class Scan {
 public:
  virtual ~Scan() = default;
  // The schema of the batches Execute() yields.
  virtual const columnar::SchemaPtr& schema() const = 0;
  // The files to read after pruning.
  virtual const std::vector<AddFile>& files() const = 0;
  virtual const ScanMetrics& metrics() const = 0;
  virtual Result<std::unique_ptr<ScanBatchStream>> Execute() const = 0;
};

}  // namespace lakeml::delta
