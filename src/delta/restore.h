// Restore: RESTORE TABLE ... TO VERSION AS OF / TIMESTAMP AS OF — makes an earlier version's
// data and schema the table's current state, as a new commit (history is kept; the restore
// itself can be undone by restoring again).
//
// The commit (operation "RESTORE") adds, with dataChange = true, every file live at the target
// version but not now, and removes every file live now but not then; files are matched by the
// replay key (canonical path + deletion vector id, see LogReplay), so a file whose deletion
// vector changed since is swapped for its old version. The target's metadata (schema,
// partitioning, properties) is restored with three exceptions that keep the table consistent:
//   * the protocol is never downgraded: it becomes the union of the current protocol and what
//     the target needs;
//   * delta.columnMapping.maxColumnId never decreases, so later columns cannot reuse the id of
//     a column dropped by the restore;
//   * in-commit timestamps stay enabled if they are now (their enablement properties kept),
//     since timestamp-based time travel relies on them from their enablement on.
// Every file to re-add (and its deletion vector file) must still exist: a file VACUUMed since
// makes the restore fail naming it, before anything is committed.
//
// Stateless; thread-safe. REQUIRES: the FileSystem outlives the call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct RestoreOptions {
  // Exactly one: the version to restore, or the version current at this time (milliseconds
  // since the epoch; in-commit timestamps when enabled).
  std::optional<int64_t> version;
  std::optional<int64_t> timestamp_ms;
};

struct RestoreResult {
  int64_t version = -1;           // The RESTORE commit.
  int64_t restored_version = -1;  // The version restored.
  int64_t files_restored = 0;     // Re-added.
  int64_t files_removed = 0;
  int64_t bytes_restored = 0;
  int64_t bytes_removed = 0;
  int64_t num_files_after = 0;
  int64_t table_bytes_after = 0;
};

class Restore {
 public:
  // Errors: InvalidArgument for missing/both options or a version beyond the latest;
  // NotFound when a file the target needs is gone (message names it) or the version's log was
  // cleaned up; Conflict when a concurrent commit conflicts.
  static Result<RestoreResult> Run(io::FileSystem* fs, const std::string& table_root,
                                   const RestoreOptions& options);
};

}  // namespace lakeml::delta
