// DataSkipping: decides, file by file, whether an add action may hold a row for which a
// Predicate is TRUE, so that a Scan reads only those files.
//
// Partition columns are judged exactly on the file's partition values (a null partition value
// is a null in every row: `p = x` never matches it, `p IS NULL` does). Other columns are judged
// conservatively on the file's statistics with SQL three-valued logic: a file is skipped only
// when the predicate is certainly FALSE or NULL for every row. NOT is pushed down through the
// tree (NOT (a > 5) holds for the rows where a is not null and a <= 5). Missing statistics, a
// column without statistics, or stats that fail to parse always mean "may match".
//
// Bounds are widened where writers store less than the exact value (PROTOCOL.md, "Per-file
// Statistics": "String columns are cut off at a fixed prefix length. Timestamp columns are
// truncated down to milliseconds."):
//   timestamps  max + 999 us (and min - 999 us, in case a writer truncated toward zero)
//   strings     a max that ends in U+FFFD (Spark's tie-breaker after a cut), or that is 32 or
//               more code points long, bounds only by its prefix: every value is below the
//               prefix followed by anything
//   doubles     of a column widened from float (delta.typeChanges): bounds also cover the
//               float the stored text rounds to
//   all-null    nullCount == numRecords: no value at all, so no comparison is TRUE
//
// Owns the resolved predicate, a stats parser for the referenced columns and small caches of
// parsed partition values. Not thread-safe (FileMayMatch updates caches and counters): use one
// instance per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "columnar/schema.h"
#include "delta/actions.h"
#include "delta/schema/column_mapping.h"
#include "delta/stats/file_stats_parser.h"
#include "delta/stats/skipping_predicate.h"

namespace lakeml::delta {

struct DataSkippingCounters {
  int64_t files_considered = 0;
  int64_t files_pruned_by_partition = 0;
  int64_t files_skipped_by_stats = 0;
  // Files whose stats were needed but absent, or present but unparsable (kept).
  int64_t files_without_stats = 0;
  int64_t files_with_bad_stats = 0;
};

class DataSkipping {
 public:
  // Resolves the predicate's columns against the table's logical schema (case-insensitively),
  // finds their physical names for `mode`, and converts literals to the columns' types.
  // `partition_columns`: the metaData's partitionColumns (logical names). InvalidArgument for
  // an unknown column or a literal that does not fit its column ("Cannot use predicate
  // column a.b: ...").
  static Result<DataSkipping> Make(const Predicate& predicate,
                                   const columnar::Schema& logical_schema,
                                   const std::vector<std::string>& partition_columns,
                                   ColumnMappingMode mode);

  DataSkipping(DataSkipping&&) noexcept;
  DataSkipping& operator=(DataSkipping&&) noexcept;
  ~DataSkipping();

  // False only if `add` certainly holds no row for which the predicate is TRUE.
  bool FileMayMatch(const AddFile& add);

  const DataSkippingCounters& counters() const { return counters_; }
  // The last stats parse error, with the file's path, for logging; OK if none.
  const Status& last_stats_error() const { return last_stats_error_; }
  // Whether the predicate reads any partition column / any statistics at all.
  bool uses_partition_values() const { return uses_partition_values_; }
  bool uses_stats() const { return uses_stats_; }

 private:
  struct Column;
  struct Node;
  struct Bounds;
  DataSkipping();

  // May node `n` evaluate to TRUE (want == true) or to FALSE (want == false) for some row?
  bool May(int n, bool want, bool partitions_only);
  bool MayCompare(const Bounds& b, Predicate::Op op, const columnar::Scalar& v) const;
  // Facts about column `c` in the current file.
  const Bounds& ColumnBounds(int c, bool partitions_only);
  void LoadPartitionBounds(int c, Bounds* b);
  void LoadStatsBounds(int c, Bounds* b);
  bool EnsureStats();

  std::vector<Column> columns_;
  std::vector<Node> nodes_;
  int root_ = -1;
  bool uses_partition_values_ = false;
  bool uses_stats_ = false;
  std::unique_ptr<FileStatsParser> stats_parser_;

  // Per-file state, reset by FileMayMatch.
  const AddFile* file_ = nullptr;
  bool stats_loaded_ = false;
  bool stats_ok_ = false;
  FileStats stats_;
  std::vector<Bounds> bounds_;  // Per column, for the current file.
  std::vector<uint8_t> bounds_state_;  // 0 = not computed, 1 = partition-only, 2 = full.

  DataSkippingCounters counters_;
  Status last_stats_error_;
};

}  // namespace lakeml::delta
