// FileTableSource: a TableSource over data files that are not a Delta table: Parquet, CSV or JSON
// files named by a path (one file, a directory of files, or a glob in the last path component
// such as /data/*.parquet). Hidden files (names starting with '.' or '_') are skipped, and the
// files are read in sorted name order.
//
// The schema is the first file's (Parquet) or inferred from it (CSV, JSON); every other file
// must have the same column names, else the scan fails naming the file. Morsels are Parquet
// row groups or whole CSV and JSON files.
//
// Immutable after Open; thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "format/csv/csv_read_options.h"
#include "format/json/json_lines_reader.h"
#include "io/file_system.h"
#include "sql/storage/table_source.h"

namespace lakeml::sql {

enum class FileFormat : uint8_t { kParquet, kCsv, kJson };

struct FileSourceOptions {
  FileFormat format = FileFormat::kParquet;
  csv::CsvReadOptions csv;
  json::JsonReadOptions json;
};

class FileTableSource final : public TableSource {
 public:
  static Result<std::shared_ptr<FileTableSource>> Open(io::FileSystem* fs, const std::string& path,
                                                       FileSourceOptions options,
                                                       std::string display_name);

  const columnar::SchemaPtr& schema() const override { return schema_; }
  const std::string& display_name() const override { return display_name_; }
  Result<std::unique_ptr<TableScanPlan>> PlanScan(
      const std::vector<int>& columns,
      const std::optional<delta::Predicate>& filter) const override;

  const std::vector<std::string>& files() const { return files_; }
  // The files a path names (see the class comment); NotFound when there are none.
  static Result<std::vector<std::string>> ListFiles(io::FileSystem* fs, const std::string& path,
                                                    FileFormat format);

 private:
  io::FileSystem* fs_ = nullptr;
  FileSourceOptions options_;
  std::string display_name_;
  std::vector<std::string> files_;
  columnar::SchemaPtr schema_;
};

}  // namespace lakeml::sql
