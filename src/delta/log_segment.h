// LogSegment: the set of log files that reconstruct one version of a table — the newest
// complete checkpoint at or below it, and the commits after that checkpoint up to it.
//
// Built from one listing of _delta_log. Files this reader does not know (.crc checksums,
// compacted logs, temporary files, _staged_commits, hidden files) are ignored. Plain value;
// thread-safe to read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct LogFile {
  std::string path;  // Full path on the FileSystem.
  int64_t version = 0;
  int64_t size = 0;
  int64_t modification_time_ms = 0;
};

enum class CheckpointKind { kNone, kClassic, kMultiPart, kV2 };

// The name of a file in _delta_log, parsed. DO NOT CHANGE the patterns: Delta log file names.
struct LogFileName {
  enum class Kind { kCommit, kClassicCheckpoint, kMultiPartCheckpoint, kV2Checkpoint, kOther };
  Kind kind = Kind::kOther;
  int64_t version = -1;
  int32_t part = 0;       // Multi-part: 1-based part number.
  int32_t num_parts = 0;  // Multi-part: number of parts.
  bool json = false;      // V2 checkpoint in JSON (else Parquet).

  static LogFileName Parse(std::string_view name);
  // "00000000000000000042.json"
  static std::string Commit(int64_t version);
  // "00000000000000000042.checkpoint.parquet"
  static std::string ClassicCheckpoint(int64_t version);
};

struct LogSegment {
  std::string table_root;
  std::string log_dir;  // table_root + "/_delta_log"
  int64_t version = -1;
  CheckpointKind checkpoint_kind = CheckpointKind::kNone;
  int64_t checkpoint_version = -1;
  std::vector<LogFile> checkpoint_files;  // Parts in order; one file otherwise.
  std::vector<LogFile> commits;           // Versions checkpoint_version+1 .. version, ascending.
  // Every commit file in the listing (ascending), for time travel and history.
  std::vector<LogFile> all_commits;
  // The newest version with a commit or a complete checkpoint in the listing.
  int64_t latest_version = -1;

  // Lists `table_root`/_delta_log and selects the files for `version` (latest when absent).
  // Errors: not a Delta table (no _delta_log, or no commits or checkpoints in it); version
  // not found; versions not contiguous; commits missing before the oldest checkpoint.
  static Result<LogSegment> Build(io::FileSystem& fs, const std::string& table_root,
                                  std::optional<int64_t> version);
};

}  // namespace lakeml::delta
