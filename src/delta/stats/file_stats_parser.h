// FileStatsParser: decodes the stats JSON of many files for one fixed set of columns, fast.
//
// The columns are compiled once into a tree of physical names, so each Parse() walks the JSON
// once (simdjson On-Demand), decodes only the values asked for and skips everything else.
// The parser keeps its simdjson state and a padded copy buffer between calls, so repeated
// parses do not allocate beyond what the result's scalars need.
//
// Not thread-safe: use one parser per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "delta/stats/file_stats.h"

namespace lakeml::delta {

class FileStatsParser {
 public:
  explicit FileStatsParser(std::vector<StatsColumn> columns);
  ~FileStatsParser();
  FileStatsParser(const FileStatsParser&) = delete;
  FileStatsParser& operator=(const FileStatsParser&) = delete;

  const std::vector<StatsColumn>& columns() const { return columns_; }

  // Decodes `json` into *out (its storage is reused). On error *out holds no statistics (no
  // numRecords, no column values) and the Status says why: "Invalid stats JSON: ...".
  Status Parse(std::string_view json, FileStats* out);

  struct Node;  // Internal: the compiled tree of physical names.

 private:
  struct Impl;

  std::vector<StatsColumn> columns_;
  std::unique_ptr<Node> root_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lakeml::delta
