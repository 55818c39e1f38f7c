// Optimize: bin-packing compaction of a Delta table (OPTIMIZE without ZORDER BY) — rewrites
// many small files into few files near a target size, and rewrites files with deletion
// vectors without their deleted rows. The rows of the table do not change.
//
// Per partition, the candidate files are those smaller than `min_file_bytes` and every file
// with a deletion vector. Sorted by size, they are packed greedily into bins of at most
// `target_file_bytes` (as Delta Spark's OptimizeExecutor does); a bin that holds one file
// without a deletion vector is left alone, since rewriting it gains nothing. Each bin is read
// through a TableScan (deletion vectors applied) and written as one new file.
//
// One commit (operation "OPTIMIZE") removes the compacted files and adds the new ones, all
// with dataChange = false, so streaming readers and the change data feed skip it. The commit
// declares the compacted files as read: a concurrent DELETE/UPDATE of any of them conflicts
// and this OPTIMIZE fails (its new files stay behind as orphans for VACUUM); concurrent appends
// do not conflict. A table with nothing to compact commits nothing.
//
// Stateless; thread-safe. REQUIRES: the FileSystem outlives the call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "io/file_system.h"

namespace lakeml::delta {

// lakeml's default bin size: DataFileWriter's default roll-over size, so that OPTIMIZE
// produces files like those a large write produces. (Delta Spark defaults to 1 GiB through
// spark.databricks.delta.optimize.maxFileSize; smaller files suit single-machine readers.)
inline constexpr int64_t kDefaultOptimizeTargetBytes = 128LL << 20;

struct OptimizeOptions {
  // Upper bound of a bin's input bytes. Default: the table property delta.targetFileSize when
  // set, else kDefaultOptimizeTargetBytes.
  std::optional<int64_t> target_file_bytes;
  // Files at least this large are compacted only if they have a deletion vector.
  // Default: the target size (as Spark, whose minFileSize defaults to its maxFileSize).
  std::optional<int64_t> min_file_bytes;
  // Only partitions matching this condition (Predicate::Parse syntax, e.g. "date >=
  // '2024-01-01'"); it may reference partition columns only.
  std::optional<std::string> predicate;
  // Bins rewritten in parallel; 0 = hardware concurrency.
  int num_threads = 0;
};

struct OptimizeResult {
  int64_t version = -1;  // The OPTIMIZE commit, or -1 when there was nothing to do.
  int64_t files_added = 0;
  int64_t files_removed = 0;
  int64_t bytes_added = 0;
  int64_t bytes_removed = 0;
  int64_t partitions_optimized = 0;  // Partitions in which at least one bin was rewritten.
  int64_t deletion_vectors_removed = 0;
  int64_t rows_written = 0;
};

class Optimize {
 public:
  // Errors: InvalidArgument for a bad option or a predicate on a non-partition column;
  // NotFound when `table_root` is not a Delta table; Conflict when a concurrent commit
  // removed a file being compacted.
  static Result<OptimizeResult> Run(io::FileSystem* fs, const std::string& table_root,
                                    const OptimizeOptions& options);
};

}  // namespace lakeml::delta
