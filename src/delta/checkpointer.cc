#include "delta/checkpointer.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "base/str_cat.h"
#include "base/uuid.h"
#include "delta/checkpoint/checkpoint_writer.h"
#include "delta/interval_duration.h"
#include "delta/log_segment.h"
#include "delta/table_features.h"

namespace lakeml::delta {
namespace {

// DO NOT CHANGE: Delta table property names and defaults, and the _last_checkpoint name.
constexpr char kDeletedFileRetention[] = "delta.deletedFileRetentionDuration";
constexpr char kDefaultDeletedFileRetention[] = "interval 1 week";
constexpr char kTxnRetention[] = "delta.setTransactionRetentionDuration";
constexpr char kLastCheckpoint[] = "_last_checkpoint";
constexpr char kWriteStatsAsJson[] = "delta.checkpoint.writeStatsAsJson";
constexpr char kWriteStatsAsStruct[] = "delta.checkpoint.writeStatsAsStruct";

bool IsValue(const StringMap& config, const char* key, std::string_view value) {
  auto it = config.find(key);
  if (it == config.end() || it->second.size() != value.size()) return false;
  for (size_t i = 0; i < value.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(it->second[i])) != value[i]) return false;
  }
  return true;
}
bool IsTrue(const StringMap& config, const char* key) { return IsValue(config, key, "true"); }
bool IsFalse(const StringMap& config, const char* key) { return IsValue(config, key, "false"); }

const std::string* Find(const StringMap& map, const char* key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

Result<std::vector<Action>> Checkpointer::CheckpointActions(const Snapshot& snapshot,
                                                            int64_t now_ms, bool v2) {
  const StringMap& config = snapshot.metadata().configuration;
  LAKEML_ASSIGN_OR_RETURN(
      int64_t tombstone_retention,
      IntervalDuration::PropertyMs(Find(config, kDeletedFileRetention), kDeletedFileRetention,
                                   kDefaultDeletedFileRetention));
  std::optional<int64_t> txn_retention;
  if (const std::string* text = Find(config, kTxnRetention)) {
    LAKEML_ASSIGN_OR_RETURN(txn_retention, IntervalDuration::PropertyMs(text, kTxnRetention, ""));
  }

  std::vector<Action> actions;
  actions.reserve(snapshot.files().size() + snapshot.tombstones().size() +
                  snapshot.app_transactions().size() + snapshot.domain_metadata().size() + 3);
  // "Each v2 spec checkpoint includes exactly one Checkpoint Metadata action."
  if (v2) actions.push_back(CheckpointMetadata{snapshot.version(), std::nullopt});
  actions.push_back(snapshot.protocol());
  actions.push_back(snapshot.metadata());
  for (const auto& [app_id, txn] : snapshot.app_transactions()) {
    // Expired txns (by lastUpdated) are dropped; those without lastUpdated never expire.
    if (txn_retention && txn.last_updated && *txn.last_updated < now_ms - *txn_retention) {
      continue;
    }
    actions.push_back(txn);
  }
  // "Domain Metadata that have not been removed (i.e. excluding tombstones with removed=true)".
  for (const auto& [name, domain] : snapshot.domain_metadata()) {
    if (!domain.removed) actions.push_back(domain);
  }
  for (const AddFile& add : snapshot.files()) {
    AddFile a = add;
    // Checkpointed adds carry the state, not a change.
    a.data_change = false;
    actions.push_back(std::move(a));
  }
  // "Files that were recently removed and have not yet expired": a tombstone expires when the
  // current time exceeds its deletion timestamp plus the retention.
  const int64_t min_deletion_ts = now_ms - tombstone_retention;
  for (const RemoveFile& rm : snapshot.tombstones()) {
    if (rm.deletion_timestamp.value_or(0) <= min_deletion_ts) continue;
    RemoveFile r = rm;
    r.data_change = false;
    // "remove actions stored in checkpoints act only as tombstones": no stats or tags.
    r.stats.reset();
    r.tags.reset();
    actions.push_back(std::move(r));
  }
  return actions;
}

Result<CheckpointInfo> Checkpointer::Write(const Snapshot& snapshot, int64_t now_ms) {
  const bool v2 = TableFeatures::IsEnabled(snapshot.protocol(), kFeatureV2Checkpoint);
  LAKEML_ASSIGN_OR_RETURN(std::vector<Action> actions, CheckpointActions(snapshot, now_ms, v2));

  const StringMap& config = snapshot.metadata().configuration;
  CheckpointInfo info;
  info.version = snapshot.version();
  info.v2 = v2;
  info.num_actions = static_cast<int64_t>(actions.size());
  info.num_add_files = static_cast<int64_t>(snapshot.files().size());
  const std::string log_dir = snapshot.log_segment().log_dir.empty()
                                  ? io::JoinPath(snapshot.table_root(), "_delta_log")
                                  : snapshot.log_segment().log_dir;
  const std::string name = v2 ? StrCat(LogFileName::Commit(info.version).substr(0, 20),
                                       ".checkpoint.", NewUuid(), ".parquet")
                              : LogFileName::ClassicCheckpoint(info.version);
  info.path = io::JoinPath(log_dir, name);

  // The writer publishes the file atomically (PutIfAbsent): a crash never leaves a torn
  // checkpoint that readers would prefer over the commits. "If two checkpoint writers race to
  // create the same classic checkpoint ... a reader could safely use either": one that is
  // already there is kept.
  CheckpointWriteOptions options;
  options.v2 = v2;
  options.write_stats_as_json = !IsFalse(config, kWriteStatsAsJson);
  options.write_stats_as_struct = IsTrue(config, kWriteStatsAsStruct);
  options.table_schema = snapshot.schema().get();
  options.partition_columns = snapshot.partition_columns();
  LAKEML_ASSIGN_OR_RETURN(info.size_in_bytes,
                          WriteCheckpointFile(*snapshot.fs(), info.path, actions, options));
  LAKEML_RETURN_IF_ERROR(WriteLastCheckpoint(*snapshot.fs(), log_dir, info));
  return info;
}

Status Checkpointer::Checkpoint(const Snapshot& snapshot) {
  SnapshotOptions options;
  options.version = snapshot.version();
  options.keep_tombstones = true;
  LAKEML_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> full,
                          Snapshot::Load(snapshot.fs(), snapshot.table_root(), options));
  return Write(*full, NowMillis()).status();
}

Status Checkpointer::WriteLastCheckpoint(io::FileSystem& fs, const std::string& log_dir,
                                         const CheckpointInfo& info) {
  const std::string path = io::JoinPath(log_dir, kLastCheckpoint);
  // Never point readers back to an older checkpoint than a concurrent writer recorded. A
  // garbled file is simply replaced.
  Result<std::string> existing = fs.ReadFile(path);
  if (existing.ok()) {
    nlohmann::json j = nlohmann::json::parse(*existing, nullptr, /*allow_exceptions=*/false);
    if (j.is_object()) {
      auto v = j.find("version");
      if (v != j.end() && v->is_number_integer() && v->get<int64_t>() >= info.version) {
        return Status::OK();
      }
    }
  }
  const std::string text = StrCat("{\"version\":", info.version, ",\"size\":", info.num_actions,
                                  ",\"sizeInBytes\":", info.size_in_bytes,
                                  ",\"numOfAddFiles\":", info.num_add_files, "}");
  // Written in place: _last_checkpoint is a hint that may be torn by a crash; readers that
  // cannot parse it list the log instead (decision 0006).
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<io::WritableFile> file, fs.OpenForWrite(path));
  LAKEML_RETURN_IF_ERROR(file->Append(text));
  return file->Close().WithContext("Writing ", path);
}

}  // namespace lakeml::delta
