// TableChanges: the change data feed of a Delta table between two versions (PROTOCOL.md,
// "Change Data Files"): every row inserted, deleted or updated, with the columns
// `_change_type` (insert, delete, update_preimage, update_postimage), `_commit_version` and
// `_commit_timestamp` after the table's own columns.
//
// A commit with cdc actions contributes exactly its change data files; any other commit
// contributes its data-changing adds as inserts and its removes as deletes. An add and a
// remove of the same file in one commit (a deletion vector update) contribute only the rows
// whose deletion state changed. Every commit in the range must have the change data feed
// enabled (delta.enableChangeDataFeed = true); otherwise the read fails naming the version.
//
// Stateless entry point; the stream has one owner.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "delta/scan.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct ChangesOptions {
  int64_t start_version = 0;
  std::optional<int64_t> end_version;  // Inclusive; latest when absent.
  // Logical table columns to return (the three change columns always follow); empty = all.
  std::vector<std::string> columns;
  int num_threads = 0;
};

class TableChanges {
 public:
  // The schema of the rows ReadChanges yields for `table_schema`.
  static columnar::SchemaPtr ChangeSchema(const columnar::Schema& table_columns);

  static Result<std::unique_ptr<ScanBatchStream>> Read(io::FileSystem* fs,
                                                       const std::string& table_root,
                                                       const ChangesOptions& options);
};

}  // namespace lakeml::delta
