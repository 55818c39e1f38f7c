// LogAudit: an independent check of a Delta table written by the reliability tests, read
// straight from the files (nlohmann::json, not lakeml's log reader) so that a bug in the
// reader cannot hide a bug in the writer.
//
// It lists _delta_log and the table directory and records: the commit versions present
// (which must be 0..latest without a gap), for each commit its commitInfo (operation,
// readVersion, isBlindAppend, txnId, operationMetrics.numOutputRows) and its adds with the
// (worker, seq) range and row count from their stats, every file the log references, the
// data files nobody references (orphans), and stray files in _delta_log (temporary files).
// Problems (a gap, a commit that does not parse, a missing commitInfo) are collected as
// text, never thrown. Plain value; one owner.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "io/file_system.h"

namespace lakeml::reliability {

struct AuditedAdd {
  std::string path;  // As stored in the log.
  int64_t num_records = -1;
  int64_t worker_min = -1, worker_max = -1;
  int64_t seq_min = -1, seq_max = -1;
};

struct AuditedCommit {
  int64_t version = -1;
  int commit_infos = 0;  // Number of commitInfo actions (must be 1).
  std::string operation;
  int64_t read_version = -1;
  bool blind_append = false;
  std::string txn_id;
  int64_t timestamp = -1;
  int64_t num_output_rows = -1;  // operationMetrics.numOutputRows, -1 when absent.
  std::vector<AuditedAdd> adds;
  int removes = 0;
};

class LogAudit {
 public:
  // Audits `table_root` on `fs`.
  static LogAudit Run(io::FileSystem* fs, const std::string& table_root);

  int64_t latest_version() const { return latest_version_; }
  // By version; every version 0..latest_version() when there is no gap.
  const std::map<int64_t, AuditedCommit>& commits() const { return commits_; }
  // Gaps, unparsable commits, missing or duplicated commitInfo, unreadable listings.
  const std::vector<std::string>& problems() const { return problems_; }
  // Data files (relative to the root, as listed) that no add references.
  const std::set<std::string>& orphans() const { return orphans_; }
  // Every path an add references (as stored; the tests write plain names).
  const std::set<std::string>& referenced() const { return referenced_; }
  // Files referenced by an add but not on disk.
  const std::set<std::string>& missing() const { return missing_; }
  // Names in _delta_log that are neither commits, checkpoints, _last_checkpoint nor
  // checksums: e.g. ".00000000000000000007.json.<token>.tmp" left by a killed PutIfAbsent.
  const std::vector<std::string>& stray_log_files() const { return stray_log_files_; }
  // Checkpoint files (names).
  const std::vector<std::string>& checkpoints() const { return checkpoints_; }

 private:
  void AuditCommit(int64_t version, const std::string& text);

  int64_t latest_version_ = -1;
  std::map<int64_t, AuditedCommit> commits_;
  std::vector<std::string> problems_;
  std::set<std::string> orphans_;
  std::set<std::string> referenced_;
  std::set<std::string> missing_;
  std::vector<std::string> stray_log_files_;
  std::vector<std::string> checkpoints_;
};

}  // namespace lakeml::reliability
