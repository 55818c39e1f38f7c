// Transaction: one atomic change to a Delta table (Snapshot -> Transaction -> Commit).
//
// A transaction starts from a snapshot (or from nothing, to create a table), collects
// actions, and commits them as version snapshot.version() + 1 by writing the commit file with
// FileSystem::PutIfAbsent — so a commit is all-or-nothing and never overwrites another.
// Concurrency is optimistic: when another writer won that version, the winning commits are
// checked against what this transaction read and changed (Delta's conflict rules); if they do
// not conflict the commit is rebased onto them and retried, otherwise Commit() fails with
// Conflict naming the winning version and the reason. A transaction that outlives a log
// cleanup of the versions after its read version fails with Conflict, never commits below
// the cleanup's checkpoint (decision 0007).
//
// After a commit, a checkpoint is written every `delta.checkpointInterval` versions (default
// 100) with `_last_checkpoint`, and expired log files are cleaned up
// (`delta.logRetentionDuration`, default 30 days) when a checkpoint is written.
//
// Not thread-safe: one owner. The snapshot's FileSystem must outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "delta/actions.h"
#include "delta/snapshot.h"
#include "delta/stats/skipping_predicate.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct CommitResult {
  int64_t version = -1;
  int attempts = 1;                          // 1 + number of rebases after losing a race.
  bool checkpointed = false;                 // A checkpoint was written for `version`.
  std::shared_ptr<const Snapshot> snapshot;  // The table after the commit (lazily loaded).

  // The commit's timestamp: its inCommitTimestamp when enabled, else commitInfo.timestamp.
  int64_t timestamp_ms = 0;
  std::string txn_id;  // commitInfo.txnId.
  // Post-commit work that failed. The commit itself succeeded regardless: a checkpoint or a
  // log cleanup is only an optimization, tried again at the next checkpoint interval.
  std::string checkpoint_error;
  std::string cleanup_error;
  int64_t log_files_deleted = 0;  // By the log cleanup that followed the checkpoint.

  // `snapshot`, loading it (once) from `fs`/`table_root` at `version` when still null.
  Result<std::shared_ptr<const Snapshot>> LoadSnapshot();
  io::FileSystem* fs = nullptr;
  std::string table_root;
};

class Transaction {
 public:
  // A transaction on an existing table. REQUIRES: snapshot != nullptr.
  static std::unique_ptr<Transaction> Begin(std::shared_ptr<const Snapshot> snapshot);
  // A transaction that creates the table (version 0). It must set metadata and protocol.
  // Fails at commit with AlreadyExists if the table exists by then.
  static std::unique_ptr<Transaction> BeginCreate(io::FileSystem* fs, std::string table_root);

  // The version this transaction read (-1 when creating).
  int64_t read_version() const;
  const std::shared_ptr<const Snapshot>& read_snapshot() const { return snapshot_; }

  // The commitInfo operation ("WRITE", "DELETE", "MERGE", "OPTIMIZE", ...), its parameters
  // and metrics (JSON object texts, e.g. {"mode":"Append"} and {"numOutputRows":"10"}).
  void SetOperation(std::string operation, std::string parameters_json = "{}");
  void SetOperationMetrics(std::string metrics_json);

  void UpdateMetadata(Metadata metadata);
  void UpdateProtocol(Protocol protocol);
  void AddFile(delta::AddFile add);
  void RemoveFile(delta::RemoveFile remove);
  void AddCdcFile(delta::AddCdcFile cdc);
  void SetAppTransaction(std::string app_id, int64_t version);
  void SetDomainMetadata(DomainMetadata domain);

  // What this transaction read, for conflict detection. A blind append reads nothing.
  // ReadWholeTable: any concurrent add or remove conflicts. ReadPredicate: concurrent adds
  // whose partition values / stats may match conflict. ReadFiles: removing any of these
  // files concurrently conflicts.
  void ReadWholeTable();
  void ReadPredicate(Predicate predicate);
  void ReadFiles(const std::vector<delta::AddFile>& files);

  // Maximum automatic retries after losing a race to non-conflicting commits.
  void set_max_retries(int n) { max_retries_ = n; }
  // The clock (milliseconds since the epoch) for commitInfo timestamps, in-commit timestamps,
  // tombstone and log retention. Tests inject a fake one; default: the system clock.
  void set_clock(std::function<int64_t()> now_ms) { clock_ = std::move(now_ms); }
  // false: no checkpoint or log cleanup after the commit (benchmarks, bulk loaders that
  // checkpoint themselves).
  void set_post_commit_hooks(bool enabled) { post_commit_hooks_ = enabled; }

  // Commits. On success the table has a new version; on error nothing of this transaction is
  // visible (a partially written commit file is impossible by construction). Errors:
  // InvalidArgument / NotImplemented for a commit the protocol forbids; AlreadyExists for a
  // duplicate app transaction or an existing table (BeginCreate); Conflict when a concurrent
  // commit conflicts, or a log cleanup deleted the versions after the read version (retry
  // from a fresh snapshot); IOError when storage failed (the message says whether the
  // outcome is unknown). A transaction commits at most once.
  Result<CommitResult> Commit();

 private:
  struct Prepared;
  Transaction() = default;

  int64_t NowMs() const;
  // Validates the transaction and computes what every attempt writes.
  Result<Prepared> Prepare();
  // The bytes of the commit file for `version`, with `ict` as its in-commit timestamp.
  std::string Serialize(const Prepared& prepared, int64_t version, int64_t now,
                        std::optional<int64_t> ict) const;
  // After `path` (version `version`) was put: OK when the commit continues the log;
  // Conflict when a log cleanup made it land below a newer checkpoint (the file is then
  // deleted again); IOError "outcome unknown" when that cannot be checked.
  Status CheckCommitContinuesLog(int64_t version, const std::string& path,
                                 const std::string& txn_id);
  // The Conflict for a lost version whose winning commit was deleted before it was read.
  Status WinnerCleanedUp(int64_t version) const;
  // Checkpoint and log cleanup after a successful commit of `result->version`.
  void RunPostCommitHooks(const Prepared& prepared, CommitResult* result);

  io::FileSystem* fs_ = nullptr;
  std::string table_root_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::string operation_ = "WRITE";
  std::string operation_parameters_ = "{}";
  std::string operation_metrics_;
  std::optional<Metadata> new_metadata_;
  std::optional<Protocol> new_protocol_;
  std::vector<delta::AddFile> adds_;
  std::vector<delta::RemoveFile> removes_;
  std::vector<delta::AddCdcFile> cdcs_;
  std::vector<SetTransaction> txns_;
  std::vector<DomainMetadata> domains_;
  bool read_whole_table_ = false;
  std::vector<Predicate> read_predicates_;
  std::vector<std::string> read_files_;
  int max_retries_ = 100;
  bool committed_ = false;
  bool post_commit_hooks_ = true;
  std::function<int64_t()> clock_;
};

}  // namespace lakeml::delta
