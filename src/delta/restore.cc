#include "delta/restore.h"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <vector>

#include "base/str_cat.h"
#include "delta/dv/deletion_vector_loader.h"
#include "delta/log_replay.h"
#include "delta/snapshot.h"
#include "delta/table_features.h"
#include "delta/table_scan_stream.h"
#include "delta/transaction.h"
#include "format/value_text/temporal_text.h"

namespace lakeml::delta {
namespace {

// DO NOT CHANGE: table properties stored in Delta logs.
constexpr char kMaxColumnId[] = "delta.columnMapping.maxColumnId";
constexpr char kEnableIct[] = "delta.enableInCommitTimestamps";
constexpr char kIctEnablementVersion[] = "delta.inCommitTimestampEnablementVersion";
constexpr char kIctEnablementTimestamp[] = "delta.inCommitTimestampEnablementTimestamp";

// The replay key of a live file: "the primary key for the set of files is (path,
// deletionVector.uniqueId)".
Result<std::string> FileKey(const AddFile& add, const std::string& table_root) {
  LAKEML_ASSIGN_OR_RETURN(std::string key, LogReplay::CanonicalPath(add.path, table_root));
  if (add.deletion_vector) {
    key.push_back('\n');
    key += add.deletion_vector->UniqueId();
  }
  return key;
}

Result<std::unordered_map<std::string, const AddFile*>> FilesByKey(const Snapshot& snapshot) {
  std::unordered_map<std::string, const AddFile*> out;
  out.reserve(snapshot.files().size());
  for (const AddFile& add : snapshot.files()) {
    LAKEML_ASSIGN_OR_RETURN(std::string key, FileKey(add, snapshot.table_root()));
    out.emplace(std::move(key), &add);
  }
  return out;
}

// A file the restore re-adds must still be there (VACUUM may have deleted it).
Status CheckStillExists(io::FileSystem* fs, const std::string& table_root, const AddFile& add,
                        int64_t version) {
  LAKEML_ASSIGN_OR_RETURN(std::string path, TableScanStream::DataFilePath(table_root, add.path));
  LAKEML_ASSIGN_OR_RETURN(bool exists, fs->Exists(path));
  if (!exists) {
    return Status::NotFound("Cannot RESTORE to version ", version, ": its data file ", add.path,
                            " no longer exists (deleted by VACUUM?): ", path);
  }
  if (add.deletion_vector &&
      add.deletion_vector->storage_type != DeletionVectorDescriptor::kInline) {
    LAKEML_ASSIGN_OR_RETURN(std::string dv_path,
                            ResolveDeletionVectorPath(table_root, *add.deletion_vector));
    LAKEML_ASSIGN_OR_RETURN(bool dv_exists, fs->Exists(dv_path));
    if (!dv_exists) {
      return Status::NotFound("Cannot RESTORE to version ", version,
                              ": the deletion vector file of ", add.path,
                              " no longer exists (deleted by VACUUM?): ", dv_path);
    }
  }
  return Status::OK();
}

// The target's metadata, adjusted so that the restored table stays consistent with its
// history (see restore.h).
Metadata RestoredMetadata(const Snapshot& current, const Snapshot& target) {
  Metadata m = target.metadata();
  m.id = current.metadata().id;
  const StringMap& now = current.metadata().configuration;
  if (auto it = now.find(kMaxColumnId); it != now.end()) {
    auto old = m.configuration.find(kMaxColumnId);
    if (old == m.configuration.end() ||
        std::atoll(old->second.c_str()) < std::atoll(it->second.c_str())) {
      m.configuration[kMaxColumnId] = it->second;
    }
  }
  if (auto it = now.find(kEnableIct); it != now.end() && it->second == "true") {
    for (const char* key : {kEnableIct, kIctEnablementVersion, kIctEnablementTimestamp}) {
      auto v = now.find(key);
      if (v != now.end()) {
        m.configuration[key] = v->second;
      } else {
        m.configuration.erase(key);
      }
    }
  }
  return m;
}

}  // namespace

Result<RestoreResult> Restore::Run(io::FileSystem* fs, const std::string& table_root,
                                   const RestoreOptions& options) {
  if (options.version.has_value() == options.timestamp_ms.has_value()) {
    return Status::InvalidArgument("RESTORE needs exactly one of a version or a timestamp");
  }
  LAKEML_ASSIGN_OR_RETURN(SnapshotPtr current, Snapshot::Load(fs, table_root));
  LAKEML_RETURN_IF_ERROR(TableFeatures::CheckWriteSupported(
                             current->protocol(), current->metadata(), *current->schema(), true)
                             .WithContext("Cannot RESTORE ", table_root));
  if (options.version && (*options.version < 0 || *options.version > current->version())) {
    return Status::InvalidArgument("Cannot RESTORE to version ", *options.version,
                                   ": the table's versions are 0 to ", current->version());
  }
  SnapshotOptions target_options;
  target_options.version = options.version;
  target_options.timestamp_ms = options.timestamp_ms;
  LAKEML_ASSIGN_OR_RETURN(SnapshotPtr target, Snapshot::Load(fs, table_root, target_options));
  LAKEML_RETURN_IF_ERROR(TableFeatures::CheckReadSupported(target->protocol())
                             .WithContext("Cannot RESTORE to version ", target->version()));

  RestoreResult result;
  result.restored_version = target->version();
  LAKEML_ASSIGN_OR_RETURN(auto current_files, FilesByKey(*current));
  LAKEML_ASSIGN_OR_RETURN(auto target_files, FilesByKey(*target));

  // Sorted by path so that the commit is reproducible.
  std::vector<const AddFile*> to_add;
  std::vector<const AddFile*> to_remove;
  for (const auto& [key, add] : target_files) {
    if (current_files.count(key) == 0) to_add.push_back(add);
  }
  for (const auto& [key, add] : current_files) {
    if (target_files.count(key) == 0) to_remove.push_back(add);
  }
  auto by_path = [](const AddFile* a, const AddFile* b) { return a->path < b->path; };
  std::sort(to_add.begin(), to_add.end(), by_path);
  std::sort(to_remove.begin(), to_remove.end(), by_path);
  bool any_dv = false;
  for (const AddFile* add : to_add) {
    LAKEML_RETURN_IF_ERROR(CheckStillExists(fs, table_root, *add, target->version()));
    any_dv = any_dv || add->deletion_vector.has_value();
  }

  std::unique_ptr<Transaction> txn = Transaction::Begin(current);
  // Any concurrent change of the files makes the computed difference wrong.
  txn->ReadWholeTable();
  Metadata metadata = RestoredMetadata(*current, *target);
  // "Never downgrade": the current protocol plus what the restored state needs.
  std::set<std::string> features = TableFeatures::ReaderFeatures(target->protocol());
  for (const std::string& f : TableFeatures::WriterFeatures(target->protocol())) features.insert(f);
  for (const std::string& f : TableFeatures::RequiredFeatures(metadata, *target->schema())) {
    features.insert(f);
  }
  if (any_dv) features.insert(std::string(kFeatureDeletionVectors));
  const Protocol protocol = TableFeatures::Upgrade(current->protocol(), features);
  if (protocol != current->protocol()) txn->UpdateProtocol(protocol);
  txn->UpdateMetadata(std::move(metadata));

  for (const AddFile* add : to_add) {
    AddFile a = *add;
    a.data_change = true;
    result.bytes_restored += a.size;
    ++result.files_restored;
    txn->AddFile(std::move(a));
  }
  for (const AddFile* add : to_remove) {
    result.bytes_removed += add->size;
    ++result.files_removed;
    txn->RemoveFile(RemoveOf(*add, std::nullopt, /*data_change=*/true));
  }
  result.num_files_after = static_cast<int64_t>(target->files().size());
  for (const AddFile& add : target->files()) result.table_bytes_after += add.size;

  nlohmann::ordered_json params = nlohmann::ordered_json::object();
  params["version"] =
      options.version ? nlohmann::ordered_json(*options.version) : nlohmann::ordered_json();
  // As Spark: the timestamp as text (here ISO-8601 UTC), null when restoring by version.
  params["timestamp"] = nlohmann::ordered_json();
  if (options.timestamp_ms) {
    std::string ts;
    format::AppendTimestamp(*options.timestamp_ms, columnar::TimeUnit::kMilli, true, &ts);
    params["timestamp"] = ts;
  }
  txn->SetOperation("RESTORE", params.dump());
  auto text = [](int64_t v) { return std::to_string(v); };
  const nlohmann::json metrics = {{"numRestoredFiles", text(result.files_restored)},
                                  {"removedFilesSize", text(result.bytes_removed)},
                                  {"numRemovedFiles", text(result.files_removed)},
                                  {"restoredFilesSize", text(result.bytes_restored)},
                                  {"numOfFilesAfterRestore", text(result.num_files_after)},
                                  {"tableSizeAfterRestore", text(result.table_bytes_after)}};
  txn->SetOperationMetrics(metrics.dump());
  Result<CommitResult> commit = txn->Commit();
  if (!commit.ok()) {
    return commit.status().WithContext("RESTORE of ", table_root, " to version ",
                                       target->version());
  }
  result.version = commit->version;
  return result;
}

}  // namespace lakeml::delta
