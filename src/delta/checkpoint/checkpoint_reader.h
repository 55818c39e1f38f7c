// ReadCheckpointFile: decodes one Parquet checkpoint file of a Delta log into actions
// (PROTOCOL.md, "Checkpoints"): a classic checkpoint (V1 or V2 content), one part of a
// multi-part checkpoint, a UUID-named V2 Parquet checkpoint, or a V2 sidecar file (the same
// shape with only add/remove columns).
//
// "Each row in the checkpoint corresponds to a single action" stored in its own struct column;
// a row whose action column is null is not that action, and "any missing column should be
// treated as null", so old checkpoints lacking newer fields and newer ones carrying unknown
// fields or columns both read. Only the action columns present and wanted are decoded.
//
//   stats            add.stats (JSON) when present, else add.stats_parsed converted into the
//                    same JSON (see ParsedStatsJson).
//   partitionValues  add.partitionValues (map) when present, else add.partitionValues_parsed
//                    formatted as Delta partition value text (see partition_value_text.h).
//
// Actions come out non-file actions first (protocol, metaData, txn, domainMetadata,
// checkpointMetadata, sidecar, in file order), then add and remove in file order. A file that
// cannot be fully decoded is an error naming the file and what is wrong, e.g.
//   "Invalid checkpoint: add.path is null at row 17 in _delta_log/0...10.checkpoint.parquet"
// and then nothing is appended. Decodes on the calling thread (callers read several parts in
// parallel if they want; decoding one file's columns in parallel measured slower, because of
// the allocations it moves across threads); thread-safe: no shared state.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "delta/actions.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct CheckpointReadOptions {
  // false: add.stats / remove.stats are left unset and stats columns are not converted.
  bool include_stats = true;
  // false: remove tombstones are skipped (scans do not need them; VACUUM does).
  bool include_remove = true;
  // Room for this many more adds in CheckpointActions::adds after the file's own (the
  // caller appends to the same vector, without a reallocation).
  size_t reserve_extra_adds = 0;
};

// Appends the actions of checkpoint file `path` on `fs` to *out.
Status ReadCheckpointFile(io::FileSystem& fs, const std::string& path,
                          const CheckpointReadOptions& options, std::vector<Action>* out);

// A checkpoint's actions with the adds apart, decoded straight into the vector a snapshot
// keeps (no per-file move).
struct CheckpointActions {
  std::vector<Action> others;  // Non-file actions, then removes.
  std::vector<AddFile> adds;
  // Whether the file has a top-level add column (set, never cleared, by the reader).
  bool has_add_column = false;
};

// Appends the actions of checkpoint file `path` on `fs` to *out.
Status ReadCheckpointFile(io::FileSystem& fs, const std::string& path,
                          const CheckpointReadOptions& options, CheckpointActions* out);

}  // namespace lakeml::delta
