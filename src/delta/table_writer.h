// TableWriter: the write operations of a Delta table built on Snapshot -> Transaction ->
// Commit: create, append, overwrite (whole table or replaceWhere), and the column-mapping
// schema changes RENAME COLUMN and DROP COLUMN.
//
// Rows are conformed to the table schema (SchemaEnforcer), written as Parquet data files with
// statistics (DataFileWriter), and committed atomically; a lost race is rebased and retried
// by the Transaction. Stateless; each call is independent and thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "delta/stats/skipping_predicate.h"
#include "delta/transaction.h"
#include "io/file_system.h"

namespace lakeml::delta {

// The rows to write: returns the next batch, or nullptr at the end.
using BatchSource = std::function<Result<columnar::BatchPtr>()>;

struct WriteOptions {
  enum class Mode { kAppend, kOverwrite };
  Mode mode = Mode::kAppend;
  // Overwrite only the rows for which this predicate (Predicate::Parse syntax) is TRUE; every
  // written row must make it TRUE too, or the write fails before anything is committed,
  // naming the first offending input row (counted from 1) and its values. A predicate on
  // partition columns only removes whole files by their partition values. Any other predicate
  // (data columns, or partition and data columns mixed) is evaluated on the existing rows, in
  // the same commit: files whose partition values or stats exclude a match are untouched,
  // files whose stats prove that every row matches are removed whole, and the others lose
  // their matching rows through a deletion vector (delta.enableDeletionVectors) or a
  // copy-on-write rewrite; with the change data feed on, the deleted rows and the new rows are
  // also written as change data. Rows for which the predicate is NULL are kept (SQL: only TRUE
  // matches).
  std::optional<std::string> replace_where;
  // Add input columns the table lacks (and widen types when type widening is enabled).
  bool merge_schema = false;
  // When the table does not exist: its partition columns, properties, name and description.
  std::vector<std::string> partition_by;
  StringMap properties;
  std::optional<std::string> name;
  std::optional<std::string> description;
  // Idempotent writes: skip the write if this app already committed this version or later.
  std::optional<std::string> app_id;
  int64_t app_version = 0;
  int num_threads = 0;
};

struct WriteResult {
  int64_t version = -1;        // -1 when an idempotent write was skipped.
  int64_t rows_written = 0;
  int64_t files_added = 0;  // New data files, plus files rewritten by a replaceWhere.
  int64_t files_removed = 0;   // Removed whole, or rewritten without some rows.
  int64_t rows_deleted = 0;    // replaceWhere on data columns: existing rows deleted.
  int64_t bytes_written = 0;
  bool created = false;
};

class TableWriter {
 public:
  // Creates the table (version 0) with no rows. AlreadyExists if there is one.
  static Result<CommitResult> Create(io::FileSystem* fs, const std::string& table_root,
                                     const columnar::Schema& schema, const WriteOptions& options);

  // Appends or overwrites; creates the table when absent (from the input's schema).
  static Result<WriteResult> Write(io::FileSystem* fs, const std::string& table_root,
                                   const columnar::SchemaPtr& input_schema, BatchSource source,
                                   const WriteOptions& options);

  // Column mapping (name or id mode) schema changes: metadata-only commits.
  static Result<CommitResult> RenameColumn(io::FileSystem* fs, const std::string& table_root,
                                           const std::string& from, const std::string& to);
  static Result<CommitResult> DropColumn(io::FileSystem* fs, const std::string& table_root,
                                         const std::string& column);
};

}  // namespace lakeml::delta
