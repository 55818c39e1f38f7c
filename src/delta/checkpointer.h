// Checkpointer: writes a checkpoint of a Delta table version (PROTOCOL.md, "Checkpoints") and
// points `_delta_log/_last_checkpoint` at it.
//
// The checkpoint holds the protocol, the metadata, the live txn identifiers (minus those older
// than delta.setTransactionRetentionDuration, when set), the domain metadata that is not
// removed, every live add, and the remove tombstones younger than
// delta.deletedFileRetentionDuration (default "interval 1 week"). Tables with the v2Checkpoint
// feature get a V2-spec checkpoint (a checkpointMetadata action) under a UUID name,
// `<v>.checkpoint.<uuid>.parquet`; others a classic V1 `<v>.checkpoint.parquet`.
//
// The file is encoded in memory and published with PutIfAbsent (WriteCheckpointFile), so no
// reader ever sees a torn checkpoint; a classic checkpoint that already exists was written by a
// racing writer for the same version and is kept. `_last_checkpoint` is only a hint (see
// docs/decisions/0006-commit-atomicity.md) and is never moved backwards.
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "delta/actions.h"
#include "delta/snapshot.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct CheckpointInfo {
  int64_t version = -1;
  std::string path;         // The checkpoint file.
  int64_t num_actions = 0;  // Rows: `size` in _last_checkpoint.
  int64_t num_add_files = 0;
  int64_t size_in_bytes = 0;
  bool v2 = false;
};

class Checkpointer {
 public:
  // Checkpoints `snapshot`'s version (reloading it with tombstones), with the system clock.
  // For `lakeml table checkpoint`.
  static Status Checkpoint(const Snapshot& snapshot);

  // Checkpoints a snapshot that was loaded with SnapshotOptions::keep_tombstones; `now_ms`
  // decides which tombstones and txns have expired.
  static Result<CheckpointInfo> Write(const Snapshot& snapshot_with_tombstones, int64_t now_ms);

  // The actions a checkpoint of the snapshot holds (V2: checkpointMetadata first).
  static Result<std::vector<Action>> CheckpointActions(const Snapshot& snapshot_with_tombstones,
                                                       int64_t now_ms, bool v2);

  // Writes `_last_checkpoint` for `info` unless it already names a newer version.
  static Status WriteLastCheckpoint(io::FileSystem& fs, const std::string& log_dir,
                                    const CheckpointInfo& info);
};

}  // namespace lakeml::delta
