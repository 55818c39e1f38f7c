// LogCleaner: deletes expired Delta log files (PROTOCOL.md, "Metadata Cleanup").
//
// With retention R and the time `now_ms`:
//   1. cutOffTimestamp = midnight UTC of the day of now - R.
//   2. cutoffCommit = the newest commit not newer than cutOffTimestamp (commit times are file
//      modification times, made monotonic: a commit is never older than its predecessor).
//   3. cutOffCheckpoint = the newest complete checkpoint at or below cutoffCommit. If there is
//      none, nothing is deleted.
//   4. Commits, checkpoints and .crc files of versions below cutOffCheckpoint, and log
//      compaction files starting at or below it, are deleted. The checkpoint and its commit
//      stay, so every version from cutOffCheckpoint on stays reconstructable, and the
//      newest commit is never deleted.
// Files are deleted in ascending version order, a version's commit after its other files,
// and the first failed delete stops the cleanup: writers rely on "commit v is gone => every
// file below v and every checkpoint of v is gone" to notice a commit that a cleanup made land
// below a checkpoint (decision 0007).
// Sidecar files are left alone (steps 4-5 of the protocol; lakeml writes no sidecars).
//
// Stateless; thread-safe. Deleting is idempotent, so concurrent cleaners do no harm.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "delta/snapshot.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct LogCleanupResult {
  int64_t files_deleted = 0;
  int64_t cutoff_checkpoint_version = -1;  // -1: nothing could be cleaned.
};

class LogCleaner {
 public:
  static Result<LogCleanupResult> Clean(io::FileSystem& fs, const std::string& table_root,
                                        int64_t retention_ms, int64_t now_ms);

  // Clean() with the table's delta.logRetentionDuration (default "interval 30 days").
  // Does nothing when delta.enableExpiredLogCleanup is false.
  static Result<LogCleanupResult> CleanTable(const Snapshot& snapshot, int64_t now_ms);
};

}  // namespace lakeml::delta
