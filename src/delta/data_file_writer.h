// DataFileWriter: writes a table's rows as Parquet data files and describes each file as an
// add action — partition directories, column-mapped physical names and field ids, and
// statistics in every add.
//
// Rows are grouped by their partition values; each partition gets its own file under
// `<col>=<value>/...` (Hive escaping, `__HIVE_DEFAULT_PARTITION__` for null), rolled over at
// the target size. Files are written directly to their final, uniquely named paths: until a
// commit references them they are invisible to readers, and a crash leaves only orphans that
// VACUUM removes.
//
// Every file is synced (WritableFile::Sync, fsync on a local disk) before it is closed, so it
// is durable before Finish() hands out its add: a commit, which PutIfAbsent makes durable,
// never survives a power loss that the files it references do not.
//
// One owner; not thread-safe. REQUIRES: the FileSystem outlives it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/batch.h"
#include "delta/actions.h"
#include "delta/schema/column_mapping.h"
#include "delta/stats/stats_options.h"
#include "format/parquet/writer/file_writer.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct DataFileWriterOptions {
  // Roll over to a new file past this many bytes (delta.targetFileSize when set).
  int64_t target_file_bytes = 128LL << 20;
  parquet::WriterOptions parquet;
  // Directory under the table root for the files ("" for data files, "_change_data" for
  // change data files).
  std::string directory;
  // Set add.dataChange (false for OPTIMIZE-style rewrites).
  bool data_change = true;
  bool collect_stats = true;
};

class DataFileWriter {
 public:
  // `table_schema`: the table's logical schema (field metadata with column-mapping names);
  // batches given to Write() have its fields (same names and types, same order), optionally
  // followed by `extra_columns` written as they are (CDC files' "_change_type").
  static Result<std::unique_ptr<DataFileWriter>> Make(
      io::FileSystem* fs, std::string table_root, columnar::SchemaPtr table_schema,
      std::vector<std::string> partition_columns, ColumnMappingMode mode,
      const StringMap& configuration, DataFileWriterOptions options);
  ~DataFileWriter();

  // REQUIRES: batch.schema() has the table's fields (plus the extra columns) in order.
  Status Write(const columnar::Batch& batch);
  // Closes every open file; returns one add per file written (paths URI-encoded, relative).
  Result<std::vector<AddFile>> Finish();

  int64_t rows_written() const { return rows_written_; }
  int64_t bytes_written() const { return bytes_written_; }

 private:
  struct OpenFile;
  DataFileWriter() = default;
  Status WritePartition(const std::string& key, const PartitionValues& values,
                        const columnar::Batch& rows);
  Status CloseFile(OpenFile* file);
  // The schema of the files: the physical data columns, then `rows`' extra columns.
  columnar::SchemaPtr FileSchemaFor(const columnar::Batch& rows) const;

  io::FileSystem* fs_ = nullptr;
  std::unique_ptr<io::FileSystem> sync_fs_;  // fs_, syncing every file before closing it.
  std::string table_root_;
  columnar::SchemaPtr table_schema_;
  std::vector<std::string> partition_columns_;
  ColumnMappingMode mode_ = ColumnMappingMode::kNone;
  StringMap configuration_;
  DataFileWriterOptions options_;
  std::vector<int> partition_indexes_;  // Into the batch's columns.
  std::vector<int> data_indexes_;       // Columns that go into the files.
  std::vector<std::string> partition_physical_names_;
  columnar::SchemaPtr file_schema_;     // Physical names, field ids.
  columnar::SchemaPtr logical_data_schema_;
  StatsOptions stats_options_;
  std::map<std::string, std::unique_ptr<OpenFile>> open_;  // By partition key.
  std::vector<AddFile> done_;
  int64_t rows_written_ = 0;
  int64_t bytes_written_ = 0;
  int file_counter_ = 0;
};

}  // namespace lakeml::delta
