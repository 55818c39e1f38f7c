#include "delta/transaction.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <unordered_set>
#include <utility>

#include "base/check.h"
#include "base/clock.h"
#include "base/str_cat.h"
#include "base/uuid.h"
#include "delta/checkpointer.h"
#include "delta/commit_info_builder.h"
#include "delta/conflict_checker.h"
#include "delta/interval_duration.h"
#include "delta/log/action_json_writer.h"
#include "delta/log_cleaner.h"
#include "delta/log_replay.h"
#include "delta/log_segment.h"
#include "delta/schema/schema_json.h"
#include "delta/table_features.h"

namespace lakeml::delta {
namespace {

// DO NOT CHANGE: Delta table property names and defaults.
constexpr char kAppendOnly[] = "delta.appendOnly";
constexpr char kEnableIct[] = "delta.enableInCommitTimestamps";
constexpr char kIctEnablementVersion[] = "delta.inCommitTimestampEnablementVersion";
constexpr char kIctEnablementTimestamp[] = "delta.inCommitTimestampEnablementTimestamp";
constexpr char kIsolationLevel[] = "delta.isolationLevel";
constexpr char kCheckpointInterval[] = "delta.checkpointInterval";
constexpr int64_t kDefaultCheckpointInterval = 100;

// The Conflict of a transaction that a log cleanup overtook (decision 0007).
constexpr char kCleanedUp[] =
    "Concurrent modification: the log was cleaned up while the transaction ran: ";
constexpr char kRetry[] = "; nothing was committed, retry from a fresh snapshot";

bool IsTrue(const StringMap& config, const char* key) {
  auto it = config.find(key);
  if (it == config.end()) return false;
  std::string v = it->second;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  return v == "true";
}

bool IctEnabled(const Protocol& protocol, const Metadata& metadata) {
  return TableFeatures::IsEnabled(protocol, kFeatureInCommitTimestamp) &&
         IsTrue(metadata.configuration, kEnableIct);
}

std::string CommitPath(const std::string& table_root, int64_t version) {
  return io::JoinPath(io::JoinPath(table_root, "_delta_log"), LogFileName::Commit(version));
}

// OK unless `next` drops a version or a feature of `current`.
Status CheckNoDowngrade(const Protocol& current, const Protocol& next) {
  if (next.min_reader_version < current.min_reader_version ||
      next.min_writer_version < current.min_writer_version) {
    return Status::InvalidArgument("Invalid protocol change: protocol versions never decrease: (",
                                   current.min_reader_version, ", ", current.min_writer_version,
                                   ") -> (", next.min_reader_version, ", ", next.min_writer_version,
                                   ")");
  }
  const std::set<std::string> next_writer = TableFeatures::WriterFeatures(next);
  const std::set<std::string> next_reader = TableFeatures::ReaderFeatures(next);
  for (const std::string& f : TableFeatures::WriterFeatures(current)) {
    if (next_writer.count(f) == 0) {
      return Status::InvalidArgument("Invalid protocol change: writer feature would be dropped: ",
                                     f);
    }
  }
  for (const std::string& f : TableFeatures::ReaderFeatures(current)) {
    if (next_reader.count(f) == 0) {
      return Status::InvalidArgument("Invalid protocol change: reader feature would be dropped: ",
                                     f);
    }
  }
  return Status::OK();
}

Status CheckPartitionColumns(const Metadata& metadata, const columnar::Schema& schema) {
  std::set<std::string> seen;
  for (const std::string& column : metadata.partition_columns) {
    if (!seen.insert(column).second) {
      return Status::InvalidArgument("Invalid metadata: duplicate partition column: ", column);
    }
    const bool found = std::any_of(schema.fields().begin(), schema.fields().end(),
                                   [&](const columnar::Field& f) { return f.name == column; });
    if (!found) {
      return Status::InvalidArgument("Invalid metadata: partition column not in the schema: ",
                                     column);
    }
  }
  if (!metadata.partition_columns.empty() &&
      metadata.partition_columns.size() == schema.fields().size()) {
    return Status::InvalidArgument("Invalid metadata: every column is a partition column");
  }
  return Status::OK();
}

// delta.checkpointInterval as a positive integer, or nullopt.
std::optional<int64_t> ParseCheckpointInterval(std::string_view text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

// The table properties this writer acts on must hold values it understands; Spark refuses
// the same values when they are set.
Status CheckTableProperties(const StringMap& config) {
  auto invalid = [](const std::string& key, const std::string& value, std::string_view want) {
    return Status::InvalidArgument("Invalid table property ", key, "=", value, ": expected ", want);
  };
  for (const auto& [key, value] : config) {
    if (key == kCheckpointInterval) {
      if (!ParseCheckpointInterval(value)) return invalid(key, value, "a positive integer");
    } else if (key == "delta.logRetentionDuration" || key == "delta.deletedFileRetentionDuration" ||
               key == "delta.setTransactionRetentionDuration") {
      Result<int64_t> ms = IntervalDuration::ParseMs(value);
      if (!ms.ok()) return ms.status().WithContext("Invalid table property ", key);
    } else if (key == kAppendOnly || key == kEnableIct || key == "delta.enableExpiredLogCleanup" ||
               key == "delta.checkpoint.writeStatsAsJson" ||
               key == "delta.checkpoint.writeStatsAsStruct") {
      std::string v = value;
      std::transform(v.begin(), v.end(), v.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (v != "true" && v != "false") return invalid(key, value, "true or false");
    } else if (key == kIsolationLevel) {
      if (value != kSerializable && value != kWriteSerializable) {
        return invalid(key, value, "Serializable or WriteSerializable");
      }
    }
  }
  return Status::OK();
}

// What one listing of _delta_log says about the files around version `version`.
struct LogAround {
  bool predecessor = false;            // A commit or checkpoint file of version - 1.
  bool checkpoint_at_version = false;  // A complete checkpoint of `version`.
  int64_t newest_checkpoint = -1;      // The newest complete checkpoint; -1: none.
  int64_t oldest_commit = -1;          // The oldest commit file; -1: none.
};

Result<LogAround> ListAround(io::FileSystem& fs, const std::string& table_root, int64_t version) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<io::FileInfo> listing,
                          fs.List(io::JoinPath(table_root, "_delta_log")));
  LogAround out;
  std::set<int64_t> complete;
  std::map<std::pair<int64_t, int32_t>, std::set<int32_t>> parts;  // (version, n) -> parts.
  for (const io::FileInfo& f : listing) {
    const size_t slash = f.path.rfind('/');
    const LogFileName name = LogFileName::Parse(
        slash == std::string::npos ? f.path : std::string_view(f.path).substr(slash + 1));
    switch (name.kind) {
      case LogFileName::Kind::kCommit:
        if (out.oldest_commit < 0 || name.version < out.oldest_commit) {
          out.oldest_commit = name.version;
        }
        break;
      case LogFileName::Kind::kClassicCheckpoint:
      case LogFileName::Kind::kV2Checkpoint:
        complete.insert(name.version);
        break;
      case LogFileName::Kind::kMultiPartCheckpoint:
        parts[{name.version, name.num_parts}].insert(name.part);
        break;
      case LogFileName::Kind::kOther:
        continue;
    }
    if (name.version == version - 1) out.predecessor = true;
  }
  for (const auto& [key, seen] : parts) {
    if (static_cast<int64_t>(seen.size()) == key.second) complete.insert(key.first);
  }
  if (!complete.empty()) out.newest_checkpoint = *complete.rbegin();
  out.checkpoint_at_version = complete.count(version) > 0;
  return out;
}

std::string FileKey(const std::string& canonical_path,
                    const std::optional<DeletionVectorDescriptor>& dv) {
  return dv ? StrCat(canonical_path, "\n", dv->UniqueId()) : canonical_path;
}

}  // namespace

// Everything about a commit that does not change between attempts.
struct Transaction::Prepared {
  std::optional<Protocol> protocol_action;
  std::optional<Metadata> metadata_action;
  bool ict = false;           // In-commit timestamps are on after this commit.
  bool ict_enabling = false;  // ... and were off before it (and this is not table creation).
  std::string isolation_level;
  bool blind_append = false;
  std::string operation_parameters;
  std::string operation_metrics;
  std::string txn_id;
  std::string body;  // JSON lines of txn, domainMetadata, remove, add and cdc actions.
  TransactionFootprint footprint;
  Metadata effective_metadata;
};

Result<std::shared_ptr<const Snapshot>> CommitResult::LoadSnapshot() {
  if (snapshot) return snapshot;
  if (fs == nullptr || version < 0) {
    return Status::InvalidArgument("CommitResult::LoadSnapshot: no committed version");
  }
  SnapshotOptions options;
  options.version = version;
  LAKEML_ASSIGN_OR_RETURN(snapshot, Snapshot::Load(fs, table_root, options));
  return snapshot;
}

std::unique_ptr<Transaction> Transaction::Begin(std::shared_ptr<const Snapshot> snapshot) {
  LAKEML_CHECK(snapshot != nullptr);
  auto txn = std::unique_ptr<Transaction>(new Transaction());
  txn->fs_ = snapshot->fs();
  txn->table_root_ = snapshot->table_root();
  txn->snapshot_ = std::move(snapshot);
  return txn;
}

std::unique_ptr<Transaction> Transaction::BeginCreate(io::FileSystem* fs, std::string table_root) {
  auto txn = std::unique_ptr<Transaction>(new Transaction());
  while (table_root.size() > 1 && table_root.back() == '/') table_root.pop_back();
  txn->fs_ = fs;
  txn->table_root_ = std::move(table_root);
  txn->operation_ = "CREATE TABLE";
  return txn;
}

int64_t Transaction::read_version() const { return snapshot_ ? snapshot_->version() : -1; }

void Transaction::SetOperation(std::string operation, std::string parameters_json) {
  operation_ = std::move(operation);
  operation_parameters_ = std::move(parameters_json);
}
void Transaction::SetOperationMetrics(std::string metrics_json) {
  operation_metrics_ = std::move(metrics_json);
}
void Transaction::UpdateMetadata(Metadata metadata) { new_metadata_ = std::move(metadata); }
void Transaction::UpdateProtocol(Protocol protocol) { new_protocol_ = std::move(protocol); }
void Transaction::AddFile(delta::AddFile add) { adds_.push_back(std::move(add)); }
void Transaction::RemoveFile(delta::RemoveFile remove) { removes_.push_back(std::move(remove)); }
void Transaction::AddCdcFile(delta::AddCdcFile cdc) { cdcs_.push_back(std::move(cdc)); }
void Transaction::SetAppTransaction(std::string app_id, int64_t version) {
  txns_.push_back(SetTransaction{std::move(app_id), version, std::nullopt});
}
void Transaction::SetDomainMetadata(DomainMetadata domain) {
  domains_.push_back(std::move(domain));
}
void Transaction::ReadWholeTable() { read_whole_table_ = true; }
void Transaction::ReadPredicate(Predicate predicate) {
  read_predicates_.push_back(std::move(predicate));
}
void Transaction::ReadFiles(const std::vector<delta::AddFile>& files) {
  for (const delta::AddFile& f : files) read_files_.push_back(f.path);
}

int64_t Transaction::NowMs() const { return clock_ ? clock_() : NowMillis(); }

Result<Transaction::Prepared> Transaction::Prepare() {
  Prepared p;
  const bool creating = snapshot_ == nullptr;
  if (creating) {
    if (!new_metadata_ || !new_protocol_) {
      return Status::InvalidArgument("Cannot create Delta table ", table_root_,
                                     ": the first commit needs metadata and protocol");
    }
    // Refuse to write version 0 over a table whose early commits were cleaned up.
    Result<std::vector<io::FileInfo>> listing = fs_->List(io::JoinPath(table_root_, "_delta_log"));
    if (listing.ok()) {
      for (const io::FileInfo& f : *listing) {
        const size_t slash = f.path.rfind('/');
        const LogFileName name = LogFileName::Parse(
            slash == std::string::npos ? f.path : std::string_view(f.path).substr(slash + 1));
        if (name.kind != LogFileName::Kind::kOther) {
          return Status::AlreadyExists("Cannot create Delta table: it already exists at ",
                                       table_root_);
        }
      }
    } else if (listing.status().code() != StatusCode::kNotFound) {
      return listing.status();
    }
  }

  // The metadata and schema in force after this commit.
  Metadata metadata = new_metadata_ ? *new_metadata_ : snapshot_->metadata();
  columnar::SchemaPtr schema;
  if (new_metadata_) {
    if (metadata.id.empty()) metadata.id = NewUuid();
    if (!creating && metadata.id != snapshot_->metadata().id) {
      return Status::InvalidArgument("Invalid metadata: the table id cannot change: ",
                                     snapshot_->metadata().id, " -> ", metadata.id);
    }
    if (metadata.schema_string.empty()) {
      return Status::InvalidArgument("Invalid metadata: empty schemaString");
    }
    LAKEML_ASSIGN_OR_RETURN(schema, ParseSchemaString(metadata.schema_string));
    LAKEML_RETURN_IF_ERROR(CheckPartitionColumns(metadata, *schema));
    LAKEML_RETURN_IF_ERROR(CheckTableProperties(metadata.configuration));
    if (!metadata.created_time && creating) metadata.created_time = NowMs();
  } else {
    schema = snapshot_->schema();
  }

  // The protocol: what was asked for (never lower than before), upgraded to what the
  // metadata and the actions need.
  const Protocol* old_protocol = creating ? nullptr : &snapshot_->protocol();
  Protocol protocol = new_protocol_ ? *new_protocol_ : *old_protocol;
  if (old_protocol != nullptr && new_protocol_) {
    LAKEML_RETURN_IF_ERROR(CheckNoDowngrade(*old_protocol, protocol));
  }
  std::set<std::string> required = TableFeatures::RequiredFeatures(metadata, *schema);
  // "To support this feature: ... A feature name domainMetadata must exist in the table's
  // writerFeatures."
  if (!domains_.empty()) required.insert(std::string(kFeatureDomainMetadata));
  protocol = TableFeatures::Upgrade(protocol, required);
  LAKEML_RETURN_IF_ERROR(TableFeatures::CheckWriteSupported(protocol, metadata, *schema)
                             .WithContext("Cannot commit to Delta table ", table_root_));
  if (creating || protocol != *old_protocol) p.protocol_action = protocol;

  // In-commit timestamps.
  p.ict = IctEnabled(protocol, metadata);
  p.ict_enabling = p.ict && !creating && !IctEnabled(snapshot_->protocol(), snapshot_->metadata());
  if (!p.ict) {
    // Stale enablement properties of an earlier period would mislead readers.
    if (new_metadata_ && (metadata.configuration.count(kIctEnablementVersion) > 0) &&
        !IsTrue(metadata.configuration, kEnableIct)) {
      metadata.configuration.erase(kIctEnablementVersion);
      metadata.configuration.erase(kIctEnablementTimestamp);
    }
  }
  if (new_metadata_ || p.ict_enabling) p.metadata_action = metadata;
  p.effective_metadata = metadata;

  // Append-only tables: "New log entries MUST NOT change or remove data from the table."
  if (IsTrue(metadata.configuration, kAppendOnly)) {
    for (const delta::RemoveFile& r : removes_) {
      if (r.data_change) {
        return Status::InvalidArgument(
            "Cannot remove data from an append-only table (delta.appendOnly=true): remove of ",
            r.path, " with dataChange=true in ", table_root_);
      }
    }
  }

  // Idempotent writes: an app transaction at or below the table's version for that app has
  // been committed already.
  const int64_t now = NowMs();
  std::set<std::string> app_ids;
  for (SetTransaction& t : txns_) {
    if (!app_ids.insert(t.app_id).second) {
      return Status::InvalidArgument("Duplicate txn action for application ", t.app_id,
                                     " in one commit");
    }
    if (!creating) {
      std::optional<int64_t> seen = snapshot_->AppTransactionVersion(t.app_id);
      if (seen && t.version <= *seen) {
        return Status::AlreadyExists("Duplicate app transaction: application ", t.app_id,
                                     " already committed version ", *seen, " (this is ", t.version,
                                     ") in ", table_root_);
      }
    }
    t.last_updated = now;
  }
  std::set<std::string> domain_names;
  for (const DomainMetadata& d : domains_) {
    if (!domain_names.insert(d.domain).second) {
      return Status::InvalidArgument("Duplicate domainMetadata action for domain ", d.domain,
                                     " in one commit");
    }
  }

  // "A single log entry MUST NOT include more than one action that reconciles with each
  // other": at most one add and one remove per (path, DV).
  std::unordered_set<std::string> keys;
  keys.reserve(adds_.size());
  for (const delta::AddFile& a : adds_) {
    if (a.path.empty()) return Status::InvalidArgument("Invalid add action: empty path");
    LAKEML_ASSIGN_OR_RETURN(std::string path, LogReplay::CanonicalPath(a.path, table_root_));
    if (!keys.insert(FileKey(path, a.deletion_vector)).second) {
      return Status::InvalidArgument("Duplicate add action in one commit: ", a.path);
    }
  }
  keys.clear();
  TransactionFootprint& fp = p.footprint;
  for (delta::RemoveFile& r : removes_) {
    if (r.path.empty()) return Status::InvalidArgument("Invalid remove action: empty path");
    LAKEML_ASSIGN_OR_RETURN(std::string path, LogReplay::CanonicalPath(r.path, table_root_));
    if (!keys.insert(FileKey(path, r.deletion_vector)).second) {
      return Status::InvalidArgument("Duplicate remove action in one commit: ", r.path);
    }
    if (!r.deletion_timestamp) r.deletion_timestamp = now;
    fp.removed_files.insert(std::move(path));
  }
  for (const std::string& f : read_files_) {
    LAKEML_ASSIGN_OR_RETURN(std::string path, LogReplay::CanonicalPath(f, table_root_));
    fp.read_files.insert(std::move(path));
  }
  fp.read_version = read_version();
  fp.read_whole_table = read_whole_table_;
  fp.read_predicates = read_predicates_;
  fp.app_ids = std::move(app_ids);
  fp.domains = std::move(domain_names);

  auto level = metadata.configuration.find(kIsolationLevel);
  fp.serializable = level != metadata.configuration.end() && level->second == kSerializable;
  p.isolation_level = std::string(fp.serializable ? kSerializable : kWriteSerializable);
  // As Spark: only file additions, and nothing read.
  p.blind_append = removes_.empty() && !read_whole_table_ && read_predicates_.empty() &&
                   read_files_.empty() &&
                   std::all_of(adds_.begin(), adds_.end(),
                               [](const delta::AddFile& a) { return a.data_change; });

  LAKEML_ASSIGN_OR_RETURN(
      p.operation_parameters,
      CommitInfoBuilder::CompactJsonObject(
          operation_parameters_.empty() ? "{}" : operation_parameters_, "operationParameters"));
  if (!operation_metrics_.empty()) {
    LAKEML_ASSIGN_OR_RETURN(p.operation_metrics, CommitInfoBuilder::CompactJsonObject(
                                                     operation_metrics_, "operationMetrics"));
  } else if (!adds_.empty() || !removes_.empty() || !cdcs_.empty()) {
    p.operation_metrics = CommitInfoBuilder::Metrics(adds_, removes_, cdcs_);
  }
  p.txn_id = NewUuid();

  // Action order: commitInfo, protocol, metaData (written per attempt), then txn,
  // domainMetadata, remove, add, cdc.
  std::string& body = p.body;
  auto append = [&body](const Action& a) {
    AppendActionJson(a, &body);
    body.push_back('\n');
  };
  for (const SetTransaction& t : txns_) append(t);
  for (const DomainMetadata& d : domains_) append(d);
  for (const delta::RemoveFile& r : removes_) append(r);
  for (const delta::AddFile& a : adds_) append(a);
  for (const delta::AddCdcFile& c : cdcs_) append(c);
  return p;
}

std::string Transaction::Serialize(const Prepared& p, int64_t version, int64_t now,
                                   std::optional<int64_t> ict) const {
  CommitInfoBuilder info;
  info.timestamp_ms = now;
  info.in_commit_timestamp = ict;
  info.operation = operation_;
  info.operation_parameters = p.operation_parameters;
  info.operation_metrics = p.operation_metrics;
  if (snapshot_) info.read_version = snapshot_->version();
  info.isolation_level = p.isolation_level;
  info.is_blind_append = p.blind_append;
  info.txn_id = p.txn_id;

  std::string out;
  out.reserve(p.body.size() + 1024);
  AppendActionJson(info.Build(), &out);
  out.push_back('\n');
  if (p.protocol_action) {
    AppendActionJson(*p.protocol_action, &out);
    out.push_back('\n');
  }
  if (p.metadata_action) {
    if (p.ict_enabling) {
      // "delta.inCommitTimestampEnablementVersion must be used to track the version of the
      // table when this feature was enabled" and the timestamp "must be the same as the
      // inCommitTimestamp of the commit when this feature was enabled".
      Metadata m = *p.metadata_action;
      m.configuration[kIctEnablementVersion] = StrCat(version);
      m.configuration[kIctEnablementTimestamp] = StrCat(*ict);
      AppendActionJson(m, &out);
    } else {
      AppendActionJson(*p.metadata_action, &out);
    }
    out.push_back('\n');
  }
  out += p.body;
  return out;
}

Result<CommitResult> Transaction::Commit() {
  if (committed_) return Status::InvalidArgument("Transaction::Commit called twice");
  committed_ = true;
  LAKEML_ASSIGN_OR_RETURN(Prepared prepared, Prepare());

  // Made on the first lost race; at once when there are read predicates, so that one that
  // does not resolve against the schema fails every time, not only when racing.
  std::unique_ptr<ConflictChecker> checker;
  auto make_checker = [&]() -> Status {
    LAKEML_ASSIGN_OR_RETURN(ColumnMappingMode mode,
                            ColumnMappingModeOf(snapshot_->metadata().configuration));
    LAKEML_ASSIGN_OR_RETURN(
        checker, ConflictChecker::Make(prepared.footprint, snapshot_->schema(),
                                       snapshot_->partition_columns(), mode, table_root_));
    return Status::OK();
  };
  if (snapshot_ && !read_predicates_.empty()) LAKEML_RETURN_IF_ERROR(make_checker());
  int64_t version = read_version() + 1;
  // The previous commit's timestamp: its ICT, or its file time when ICT is being enabled.
  std::optional<int64_t> previous_ts;
  if (snapshot_) previous_ts = snapshot_->timestamp_ms();

  CommitResult result;
  result.fs = fs_;
  result.table_root = table_root_;
  result.txn_id = prepared.txn_id;
  for (int attempt = 1;; ++attempt) {
    const int64_t now = NowMs();
    std::optional<int64_t> ict;
    if (prepared.ict) ict = previous_ts ? std::max(now, *previous_ts + 1) : now;
    const std::string bytes = Serialize(prepared, version, now, ict);
    const std::string path = CommitPath(table_root_, version);
    Status put = fs_->PutIfAbsent(path, bytes);
    if (!put.ok() && put.code() != StatusCode::kAlreadyExists) {
      // The write may have happened before the error: the file decides.
      Result<std::string> there = fs_->ReadFile(path);
      if (there.ok() && *there == bytes) {
        put = Status::OK();
      } else if (there.ok()) {
        put = Status::AlreadyExists("Commit file written by another writer: ", path);
      } else if (there.status().code() == StatusCode::kNotFound) {
        return put.WithContext("Commit failed, nothing was committed (version ", version, ")");
      } else {
        return Status::IOError("Commit outcome unknown: version ", version, " of ", table_root_,
                               " may or may not hold transaction ", prepared.txn_id, ": ",
                               put.message(), "; then: ", there.status().message());
      }
    }
    if (put.ok()) {
      LAKEML_RETURN_IF_ERROR(CheckCommitContinuesLog(version, path, prepared.txn_id));
      result.version = version;
      result.attempts = attempt;
      result.timestamp_ms = ict.value_or(now);
      break;
    }
    if (!snapshot_) {
      return Status::AlreadyExists("Cannot create Delta table: it already exists at ", table_root_);
    }
    if (attempt > max_retries_) {
      return Status::Conflict("Concurrent modification: gave up after ", attempt,
                              " attempts to commit to ", table_root_,
                              " (other writers keep winning; last tried version ", version, ")");
    }
    if (!checker) LAKEML_RETURN_IF_ERROR(make_checker());
    // Check every commit that won, up to the newest.
    const int64_t lost = version;
    for (;; ++version) {
      const std::string winner_path = CommitPath(table_root_, version);
      Result<std::vector<Action>> winner =
          LogReplay::ReadCommit(*fs_, LogFile{winner_path, version, 0, 0});
      if (!winner.ok() && winner.status().code() == StatusCode::kNotFound) {
        // Past the newest winner, where this transaction tries next. But the version it just
        // lost existed a moment ago: gone now, a log cleanup deleted it (decision 0007).
        if (version == lost) return WinnerCleanedUp(version);
        break;
      }
      if (!winner.ok()) return winner.status().WithContext("Reading concurrent commit");
      LAKEML_RETURN_IF_ERROR(checker->Check(version, *winner));
      std::optional<int64_t> winner_ict;
      for (const Action& a : *winner) {
        if (const auto* info = std::get_if<CommitInfo>(&a)) winner_ict = info->in_commit_timestamp;
      }
      if (winner_ict) {
        previous_ts = *winner_ict;
      } else if (prepared.ict) {
        // "The inCommitTimestamp of the commit that enables this feature must be greater than
        // the file modification time of the immediately preceding commit."
        LAKEML_ASSIGN_OR_RETURN(io::FileInfo info, fs_->GetFileInfo(winner_path));
        previous_ts = info.modification_time_ms;
      }
    }
  }

  if (post_commit_hooks_) RunPostCommitHooks(prepared, &result);
  return result;
}

// Decision 0007. A log cleanup deletes only below a complete checkpoint and in ascending
// version order, the commit of a version after its checkpoint. A version it deleted can be
// put again by a transaction that read an older version; the put succeeds, but the commit
// lies below the checkpoint, where no reader looks. Then every file of version - 1 was
// deleted before the put, so a commit that continues the log always has a commit or
// checkpoint of version - 1 behind it, or a checkpoint of its own version written after it.
Status Transaction::CheckCommitContinuesLog(int64_t version, const std::string& path,
                                            const std::string& txn_id) {
  if (version == 0) return Status::OK();
  Result<io::FileInfo> before = fs_->GetFileInfo(CommitPath(table_root_, version - 1));
  if (before.ok()) return Status::OK();  // The common case: one stat.
  auto unknown = [&](const Status& why) {
    return Status::IOError(
        "Commit outcome unknown: version ", version, " of ", table_root_, " holds transaction ",
        txn_id, ", but whether it continues the log could not be checked: ", why.message());
  };
  if (before.status().code() != StatusCode::kNotFound) return unknown(before.status());
  Result<LogAround> around = ListAround(*fs_, table_root_, version);
  if (!around.ok()) return unknown(around.status());
  if (around->predecessor || around->checkpoint_at_version || around->newest_checkpoint < version) {
    // Version - 1 has a checkpoint (a table whose commit files start there), or the commit
    // was checkpointed already; or no checkpoint lies above it, so no cleanup made the gap.
    return Status::OK();
  }
  // Below checkpoint newest_checkpoint: withdraw the file, so that no other late writer takes
  // it for the log's continuation. A log cleanup deletes it otherwise.
  const Status withdrawn = fs_->Delete(path);
  const std::string what = withdrawn.ok()
                               ? std::string(" and was withdrawn")
                               : StrCat(" (withdrawing it failed: ", withdrawn.message(), ")");
  return Status::Conflict(kCleanedUp, "it read version ", read_version(), " of ", table_root_,
                          ", but the versions after it were deleted below the checkpoint at "
                          "version ",
                          around->newest_checkpoint, ", so its commit written at version ", version,
                          " is not part of the table", what, kRetry);
}

Status Transaction::WinnerCleanedUp(int64_t version) const {
  std::string where;
  Result<LogAround> around = ListAround(*fs_, table_root_, version);
  if (around.ok() && around->newest_checkpoint >= 0) {
    where = StrCat("; the log now starts at version ", around->oldest_commit,
                   ", newest checkpoint ", around->newest_checkpoint);
  }
  return Status::Conflict(kCleanedUp, "it read version ", read_version(), " of ", table_root_,
                          " and lost version ", version,
                          " to another writer, whose commit was deleted before it could be "
                          "checked",
                          where, kRetry);
}

void Transaction::RunPostCommitHooks(const Prepared& prepared, CommitResult* result) {
  const Metadata& m = prepared.effective_metadata;
  int64_t interval = kDefaultCheckpointInterval;
  if (auto it = m.configuration.find(kCheckpointInterval); it != m.configuration.end()) {
    std::optional<int64_t> parsed = ParseCheckpointInterval(it->second);
    interval = parsed.value_or(0);
    if (!parsed) {
      result->checkpoint_error =
          StrCat("Invalid table property ", kCheckpointInterval, ": ", it->second);
      return;
    }
  }
  if (result->version == 0 || result->version % interval != 0) return;

  SnapshotOptions options;
  options.version = result->version;
  options.keep_tombstones = true;
  Result<std::shared_ptr<const Snapshot>> snapshot = Snapshot::Load(fs_, table_root_, options);
  if (!snapshot.ok()) {
    result->checkpoint_error = snapshot.status().ToString();
    return;
  }
  const int64_t now = NowMs();
  Result<CheckpointInfo> written = Checkpointer::Write(**snapshot, now);
  if (!written.ok()) {
    result->checkpoint_error = written.status().ToString();
    return;
  }
  result->checkpointed = true;
  result->snapshot = *snapshot;

  Result<LogCleanupResult> cleaned = LogCleaner::CleanTable(**snapshot, now);
  if (cleaned.ok()) {
    result->log_files_deleted = cleaned->files_deleted;
  } else {
    result->cleanup_error = cleaned.status().ToString();
  }
}

}  // namespace lakeml::delta
