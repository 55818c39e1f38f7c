// CommitHistory: the commits of a Delta table, newest first, as DESCRIBE HISTORY and
// `lakeml table history` show them: version, commit time (the in-commit timestamp when the
// table has them, else the commit file's modification time) and the commitInfo action as
// written (JSON object text; "{}" when the commit has none).
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "delta/snapshot.h"

namespace lakeml::delta {

struct CommitHistoryEntry {
  int64_t version = 0;
  int64_t timestamp_ms = 0;
  std::string commit_info_json;
};

class CommitHistory {
 public:
  // The commits of the snapshot's log segment (those still in the log), newest first; at most
  // `limit` of them when limit >= 0.
  static Result<std::vector<CommitHistoryEntry>> Read(const Snapshot& snapshot, int64_t limit);
};

}  // namespace lakeml::delta
