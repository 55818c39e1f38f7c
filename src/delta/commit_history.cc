#include "delta/commit_history.h"

#include "delta/log_replay.h"
#include "delta/table_features.h"

namespace lakeml::delta {

Result<std::vector<CommitHistoryEntry>> CommitHistory::Read(const Snapshot& snapshot,
                                                            int64_t limit) {
  const std::vector<LogFile>& commits = snapshot.log_segment().all_commits;
  const bool ict = TableFeatures::IsEnabled(snapshot.protocol(), kFeatureInCommitTimestamp) &&
                   snapshot.Property("delta.enableInCommitTimestamps") == "true";
  std::vector<CommitHistoryEntry> out;
  for (auto it = commits.rbegin(); it != commits.rend(); ++it) {
    if (limit >= 0 && static_cast<int64_t>(out.size()) >= limit) break;
    LAKEML_ASSIGN_OR_RETURN(std::vector<Action> actions,
                            LogReplay::ReadCommit(*snapshot.fs(), *it));
    CommitHistoryEntry entry;
    entry.version = it->version;
    entry.timestamp_ms = it->modification_time_ms;
    entry.commit_info_json = "{}";
    for (const Action& a : actions) {
      if (const auto* ci = std::get_if<CommitInfo>(&a)) {
        entry.commit_info_json = ci->json;
        if (ict && ci->in_commit_timestamp) entry.timestamp_ms = *ci->in_commit_timestamp;
      }
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace lakeml::delta
