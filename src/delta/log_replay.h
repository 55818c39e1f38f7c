// LogReplay: builds a Snapshot from a LogSegment — reads the checkpoint (with its sidecars)
// and the commits after it, in parallel, then applies them in version order.
//
// "The primary key for the set of files is (path, deletionVector.uniqueId)": an add replaces
// the file with the same key, a remove deletes it. Paths are compared after URI decoding and
// canonicalization, so "file:/a/b", "/a/b" and "%2Fa%2Fb"-style spellings of one file agree.
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "delta/actions.h"
#include "delta/log_segment.h"
#include "delta/snapshot.h"
#include "io/file_system.h"

namespace lakeml::delta {

class LogReplay {
 public:
  static Result<std::shared_ptr<const Snapshot>> Load(io::FileSystem* fs, std::string table_root,
                                                      const SnapshotOptions& options);

  // The actions of one commit file. `path` is used in error messages.
  static Result<std::vector<Action>> ReadCommit(io::FileSystem& fs, const LogFile& commit);

  // The canonical form of a stored add/remove path, relative to `table_root` when inside it:
  // URI-decoded, "file:" schemes removed.
  static Result<std::string> CanonicalPath(std::string_view stored_path,
                                           std::string_view table_root);

  // The version current at `timestamp_ms`: the newest commit whose timestamp (in-commit
  // timestamp when enabled, else file modification time, made monotonic) is <= it.
  static Result<int64_t> VersionAtTimestamp(io::FileSystem& fs, const std::string& table_root,
                                            int64_t timestamp_ms);

  // The timestamp of commit `version` (in-commit timestamp when `use_ict`).
  static Result<int64_t> CommitTimestamp(io::FileSystem& fs, const LogFile& commit, bool use_ict);
};

}  // namespace lakeml::delta
