#include "delta/log_replay.h"

#include <algorithm>
#include <mutex>
#include <iterator>
#include <unordered_set>

#include "base/str_cat.h"
#include "base/thread_pool.h"
#include "delta/checkpoint/checkpoint_reader.h"
#include "delta/log/action_json_parser.h"
#include "delta/schema/partition_path.h"
#include "delta/schema/schema_json.h"
#include "delta/table_features.h"

namespace lakeml::delta {
namespace {

// Runs fn(i) for i in [0, n) on up to `threads` threads; returns the first error.
Status ParallelFor(size_t n, const std::function<Status(size_t)>& fn) {
  if (n == 0) return Status::OK();
  const int threads = static_cast<int>(std::min<size_t>(n, ThreadPool::DefaultThreads()));
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) LAKEML_RETURN_IF_ERROR(fn(i));
    return Status::OK();
  }
  ThreadPool pool(threads);
  TaskGroup group(&pool);
  // Strided chunks keep every thread busy without a task per item.
  for (int t = 0; t < threads; ++t) {
    group.Run([&, t]() -> Status {
      for (size_t i = t; i < n; i += threads) LAKEML_RETURN_IF_ERROR(fn(i));
      return Status::OK();
    });
  }
  return group.Wait();
}

// Hash of std::string / string_view alike, so the seen-set takes views without a copy.
struct KeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

// The replay key of a file action: "(path, deletionVector id)" with the path URI-decoded and
// made relative to the table root. Returns a view of the stored path itself when it needs no
// decoding (the common case, no allocation), else of `scratch`.
Result<std::string_view> ReplayKey(std::string_view stored,
                                   const std::optional<DeletionVectorDescriptor>& dv,
                                   std::string_view root, std::string* scratch) {
  const bool plain = stored.find('%') == std::string_view::npos && stored.rfind("file:", 0) != 0 &&
                     (stored.empty() || stored[0] != '/');
  if (plain && !dv) return stored;
  if (plain) {
    scratch->assign(stored);
  } else {
    LAKEML_ASSIGN_OR_RETURN(*scratch, LogReplay::CanonicalPath(stored, root));
  }
  if (dv) {
    scratch->push_back('\n');
    *scratch += dv->UniqueId();
  }
  return std::string_view(*scratch);
}

bool IctEnabled(const Protocol& protocol, const Metadata& metadata) {
  if (!TableFeatures::IsEnabled(protocol, kFeatureInCommitTimestamp)) return false;
  auto it = metadata.configuration.find("delta.enableInCommitTimestamps");
  return it != metadata.configuration.end() && it->second == "true";
}

// Replay state, filled newest action first (as delta-kernel does): the first action seen for a
// key, an appId or a domain is the one that wins, so older ones are skipped without being
// stored. Commits go in version order descending, each one's actions last to first; then the
// checkpoint, which is already reconciled ("A checkpoint contains the complete replay of all
// actions ... with invalid actions removed"), so its files are only checked against the keys
// the newer commits touched, and never hashed when no commit touched a file.
struct ReplayState {
  std::optional<Protocol> protocol;
  std::optional<Metadata> metadata;
  // Live files: the checkpoint's in checkpoint order, then commit_files (collected newest
  // first, reversed at the end).
  std::vector<AddFile> files;
  std::vector<AddFile*> commit_files;  // Newest first; they stay in the commits' actions.
  std::vector<RemoveFile> tombstones;
  std::unordered_set<std::string, KeyHash, std::equal_to<>> seen;
  std::map<std::string, SetTransaction> txns;
  std::map<std::string, DomainMetadata> domains;
  std::unordered_set<std::string> seen_domains;
  std::vector<Sidecar> sidecars;
  bool keep_tombstones = false;
  std::string table_root;
  std::string scratch;

  // An action of a commit newer than everything applied so far.
  Status ApplyCommitAction(Action& action) {
    if (auto* add = std::get_if<AddFile>(&action)) {
      LAKEML_ASSIGN_OR_RETURN(std::string_view key,
                              ReplayKey(add->path, add->deletion_vector, table_root, &scratch));
      if (seen.emplace(key).second) commit_files.push_back(add);
    } else if (auto* remove = std::get_if<RemoveFile>(&action)) {
      LAKEML_ASSIGN_OR_RETURN(
          std::string_view key,
          ReplayKey(remove->path, remove->deletion_vector, table_root, &scratch));
      if (seen.emplace(key).second && keep_tombstones) tombstones.push_back(std::move(*remove));
    } else {
      ApplyOther(action);
    }
    return Status::OK();
  }

  // An action of the checkpoint (or its sidecars), older than every commit.
  Status ApplyCheckpointAction(Action& action) {
    if (auto* add = std::get_if<AddFile>(&action)) {
      if (!seen.empty()) {
        LAKEML_ASSIGN_OR_RETURN(std::string_view key,
                                ReplayKey(add->path, add->deletion_vector, table_root, &scratch));
        if (seen.find(key) != seen.end()) return Status::OK();
      }
      files.push_back(std::move(*add));
    } else if (auto* remove = std::get_if<RemoveFile>(&action)) {
      if (!keep_tombstones) return Status::OK();
      if (!seen.empty()) {
        LAKEML_ASSIGN_OR_RETURN(
            std::string_view key,
            ReplayKey(remove->path, remove->deletion_vector, table_root, &scratch));
        if (seen.find(key) != seen.end()) return Status::OK();
      }
      tombstones.push_back(std::move(*remove));
    } else {
      ApplyOther(action);
    }
    return Status::OK();
  }

  void ApplyOther(Action& action) {
    if (auto* p = std::get_if<Protocol>(&action)) {
      if (!protocol) protocol = std::move(*p);
    } else if (auto* m = std::get_if<Metadata>(&action)) {
      if (!metadata) metadata = std::move(*m);
    } else if (auto* t = std::get_if<SetTransaction>(&action)) {
      txns.try_emplace(t->app_id, std::move(*t));
    } else if (auto* d = std::get_if<DomainMetadata>(&action)) {
      if (seen_domains.insert(d->domain).second && !d->removed) {
        domains.try_emplace(d->domain, std::move(*d));
      }
    } else if (auto* s = std::get_if<Sidecar>(&action)) {
      sidecars.push_back(std::move(*s));
    }
  }

  // A checkpoint's (or sidecar's) adds, taken whole when no newer commit touched a file.
  Status ApplyCheckpointAdds(std::vector<AddFile> adds) {
    if (!seen.empty()) {
      Status status;
      std::erase_if(adds, [&](const AddFile& add) {
        if (!status.ok()) return false;
        Result<std::string_view> key =
            ReplayKey(add.path, add.deletion_vector, table_root, &scratch);
        if (!key.ok()) {
          status = key.status();
          return false;
        }
        return seen.find(*key) != seen.end();
      });
      LAKEML_RETURN_IF_ERROR(status);
    }
    if (files.empty()) {
      files = std::move(adds);
    } else {
      files.insert(files.end(), std::make_move_iterator(adds.begin()),
                   std::make_move_iterator(adds.end()));
    }
    return Status::OK();
  }

  // Checkpoint files first, then the commits' in log order (one move each; the checkpoint
  // reader left room for them).
  std::vector<AddFile> TakeFiles() {
    files.reserve(files.size() + commit_files.size());
    for (auto it = commit_files.rbegin(); it != commit_files.rend(); ++it) {
      files.push_back(std::move(**it));
    }
    commit_files.clear();
    return std::move(files);
  }
};

bool IsJsonFile(const LogFile& file) {
  return file.path.size() >= 5 && file.path.compare(file.path.size() - 5, 5, ".json") == 0;
}

// `commit_adds`: how many adds the commits after the checkpoint hold, so that a one-file
// checkpoint's adds vector has room for them.
Status ReadCheckpoint(io::FileSystem& fs, const LogSegment& seg, const SnapshotOptions& options,
                      size_t commit_adds, std::vector<CheckpointActions>* parts) {
  parts->resize(seg.checkpoint_files.size());
  CheckpointReadOptions read_options;
  read_options.include_remove = options.keep_tombstones;
  if (seg.checkpoint_files.size() == 1) read_options.reserve_extra_adds = commit_adds;
  return ParallelFor(seg.checkpoint_files.size(), [&](size_t i) -> Status {
    const LogFile& file = seg.checkpoint_files[i];
    if (IsJsonFile(file)) {
      LAKEML_ASSIGN_OR_RETURN((*parts)[i].others, LogReplay::ReadCommit(fs, file));
      return Status::OK();
    }
    return ReadCheckpointFile(fs, file.path, read_options, &(*parts)[i]);
  });
}

Status ReadSidecars(io::FileSystem& fs, const LogSegment& seg, const SnapshotOptions& options,
                    const std::vector<Sidecar>& sidecars, std::vector<CheckpointActions>* out) {
  out->resize(sidecars.size());
  CheckpointReadOptions read_options;
  read_options.include_remove = options.keep_tombstones;
  const std::string dir = io::JoinPath(seg.log_dir, "_sidecars");
  return ParallelFor(sidecars.size(), [&](size_t i) -> Status {
    LAKEML_ASSIGN_OR_RETURN(std::string path, UriDecodePath(sidecars[i].path));
    if (path.rfind("file:", 0) == 0 || (!path.empty() && path[0] == '/')) {
      LAKEML_ASSIGN_OR_RETURN(path, LogReplay::CanonicalPath(sidecars[i].path, ""));
    } else {
      path = io::JoinPath(dir, path);
    }
    return ReadCheckpointFile(fs, path, read_options, &(*out)[i])
        .WithContext("reading checkpoint sidecar");
  });
}

}  // namespace

Result<std::string> LogReplay::CanonicalPath(std::string_view stored, std::string_view root) {
  LAKEML_ASSIGN_OR_RETURN(std::string path, UriDecodePath(stored));
  if (path.rfind("file:", 0) == 0) {
    // file:/abs, file:///abs and file://localhost/abs all name /abs.
    std::string_view rest = std::string_view(path).substr(5);
    if (rest.rfind("//", 0) == 0) {
      rest.remove_prefix(2);
      const size_t slash = rest.find('/');
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    }
    path = std::string(rest);
  }
  if (!root.empty() && path.size() > root.size() + 1 && path.compare(0, root.size(), root) == 0 &&
      path[root.size()] == '/') {
    path.erase(0, root.size() + 1);
  }
  return path;
}

Result<std::vector<Action>> LogReplay::ReadCommit(io::FileSystem& fs, const LogFile& commit) {
  LAKEML_ASSIGN_OR_RETURN(std::string content, fs.ReadFile(commit.path));
  std::vector<Action> actions;
  ActionJsonParser parser;
  const size_t slash = commit.path.rfind('/');
  const std::string_view name =
      slash == std::string::npos ? commit.path : std::string_view(commit.path).substr(slash + 1);
  LAKEML_RETURN_IF_ERROR(parser.ParseCommit(content, name, &actions));
  return actions;
}

Result<int64_t> LogReplay::CommitTimestamp(io::FileSystem& fs, const LogFile& commit,
                                           bool use_ict) {
  if (!use_ict) return commit.modification_time_ms;
  LAKEML_ASSIGN_OR_RETURN(std::vector<Action> actions, ReadCommit(fs, commit));
  for (const Action& a : actions) {
    if (const auto* info = std::get_if<CommitInfo>(&a)) {
      if (info->in_commit_timestamp) return *info->in_commit_timestamp;
    }
  }
  return Status::Corruption("Missing inCommitTimestamp in commitInfo of ", commit.path,
                            " (the table has in-commit timestamps enabled)");
}

Result<int64_t> LogReplay::VersionAtTimestamp(io::FileSystem& fs, const std::string& table_root,
                                              int64_t timestamp_ms) {
  LAKEML_ASSIGN_OR_RETURN(std::shared_ptr<const Snapshot> latest,
                          Load(&fs, table_root, SnapshotOptions{}));
  const LogSegment& seg = latest->log_segment();
  const std::vector<LogFile>& commits = seg.all_commits;
  if (commits.empty()) {
    return Status::NotFound("Cannot time travel by timestamp: no commit files in ", seg.log_dir);
  }
  // Commits from the in-commit-timestamp enablement version on carry their own timestamps;
  // earlier ones use file modification times.
  int64_t ict_from = INT64_MAX;
  if (IctEnabled(latest->protocol(), latest->metadata())) {
    auto it = latest->metadata().configuration.find("delta.inCommitTimestampEnablementVersion");
    ict_from = it == latest->metadata().configuration.end() ? 0 : std::atoll(it->second.c_str());
  }
  // Timestamps per position, made monotonic as Spark does (a commit is never older than its
  // predecessor), computed lazily only for the mtime part; ICT part by binary search.
  size_t first_ict = std::lower_bound(commits.begin(), commits.end(), ict_from,
                                      [](const LogFile& f, int64_t v) { return f.version < v; }) -
                     commits.begin();
  if (first_ict < commits.size()) {
    LAKEML_ASSIGN_OR_RETURN(int64_t first_ts, CommitTimestamp(fs, commits[first_ict], true));
    if (timestamp_ms >= first_ts) {
      size_t lo = first_ict, hi = commits.size() - 1;  // invariant: ts(lo) <= target
      while (lo < hi) {
        const size_t mid = lo + (hi - lo + 1) / 2;
        LAKEML_ASSIGN_OR_RETURN(int64_t ts, CommitTimestamp(fs, commits[mid], true));
        if (ts <= timestamp_ms) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return commits[lo].version;
    }
  }
  int64_t found = -1, prev = INT64_MIN;
  for (size_t i = 0; i < first_ict; ++i) {
    const int64_t ts = std::max(commits[i].modification_time_ms, prev == INT64_MIN ? prev : prev + 1);
    prev = ts;
    if (ts <= timestamp_ms) {
      found = commits[i].version;
    } else {
      break;
    }
  }
  if (found < 0) {
    return Status::NotFound("Timestamp is before the earliest available version of ", table_root,
                            ": ", timestamp_ms, " ms (earliest commit at ",
                            commits.front().modification_time_ms, " ms)");
  }
  return found;
}

Result<std::shared_ptr<const Snapshot>> LogReplay::Load(io::FileSystem* fs, std::string table_root,
                                                        const SnapshotOptions& options) {
  while (table_root.size() > 1 && table_root.back() == '/') table_root.pop_back();
  std::optional<int64_t> version = options.version;
  if (options.timestamp_ms) {
    if (version) {
      return Status::InvalidArgument("Snapshot options: give a version or a timestamp, not both");
    }
    LAKEML_ASSIGN_OR_RETURN(version, VersionAtTimestamp(*fs, table_root, *options.timestamp_ms));
  }
  LAKEML_ASSIGN_OR_RETURN(LogSegment seg, LogSegment::Build(*fs, table_root, version));

  // Read everything in parallel, then apply newest first.
  std::vector<std::vector<Action>> commits(seg.commits.size());
  LAKEML_RETURN_IF_ERROR(ParallelFor(seg.commits.size(), [&](size_t i) -> Status {
    LAKEML_ASSIGN_OR_RETURN(commits[i], ReadCommit(*fs, seg.commits[i]));
    return Status::OK();
  }));
  size_t commit_adds = 0;
  for (const std::vector<Action>& actions : commits) {
    for (const Action& a : actions) commit_adds += std::holds_alternative<AddFile>(a);
  }
  std::vector<CheckpointActions> checkpoint_parts;
  LAKEML_RETURN_IF_ERROR(ReadCheckpoint(*fs, seg, options, commit_adds, &checkpoint_parts));

  ReplayState state;
  state.keep_tombstones = options.keep_tombstones;
  state.table_root = table_root;
  for (size_t i = commits.size(); i-- > 0;) {
    std::vector<Action>& actions = commits[i];
    for (auto a = actions.rbegin(); a != actions.rend(); ++a) {
      LAKEML_RETURN_IF_ERROR(
          state.ApplyCommitAction(*a).WithContext("replaying ", seg.commits[i].path));
    }
  }
  bool checkpoint_has_protocol = false, checkpoint_has_metadata = false;
  for (CheckpointActions& part : checkpoint_parts) {
    for (Action& a : part.others) {
      checkpoint_has_protocol |= std::holds_alternative<Protocol>(a);
      checkpoint_has_metadata |= std::holds_alternative<Metadata>(a);
      LAKEML_RETURN_IF_ERROR(state.ApplyCheckpointAction(a));
    }
    LAKEML_RETURN_IF_ERROR(state.ApplyCheckpointAdds(std::move(part.adds)));
  }
  // Every writer gives a checkpoint (one of its parts at least) an add column, even with no
  // files; without one, a flipped bit in the footer renamed it, and reading that as "no files"
  // would be silently wrong. A V2 checkpoint may keep its adds in sidecars only.
  const bool has_add_column =
      std::any_of(checkpoint_parts.begin(), checkpoint_parts.end(),
                  [](const CheckpointActions& p) { return p.has_add_column; });
  const bool json_checkpoint =
      seg.checkpoint_files.size() == 1 && IsJsonFile(seg.checkpoint_files[0]);
  if (seg.checkpoint_version >= 0 && !json_checkpoint && !has_add_column &&
      state.sidecars.empty()) {
    return Status::Corruption("Invalid checkpoint: no add column in ",
                              seg.checkpoint_files.front().path);
  }
  checkpoint_parts.clear();
  if (!state.sidecars.empty()) {
    std::vector<CheckpointActions> sidecar_actions;
    LAKEML_RETURN_IF_ERROR(ReadSidecars(*fs, seg, options, state.sidecars, &sidecar_actions));
    for (CheckpointActions& part : sidecar_actions) {
      for (Action& a : part.others) LAKEML_RETURN_IF_ERROR(state.ApplyCheckpointAction(a));
      LAKEML_RETURN_IF_ERROR(state.ApplyCheckpointAdds(std::move(part.adds)));
    }
  }
  if (seg.checkpoint_version >= 0 && (!checkpoint_has_protocol || !checkpoint_has_metadata)) {
    // "A checkpoint MUST contain the protocol and metadata actions."
    return Status::Corruption("Invalid checkpoint: no ",
                              checkpoint_has_protocol ? "metaData" : "protocol", " action in ",
                              seg.checkpoint_files.front().path);
  }
  if (!state.protocol) {
    return Status::Corruption("Invalid Delta log: no protocol action up to version ", seg.version,
                              " in ", seg.log_dir);
  }
  if (!state.metadata) {
    return Status::Corruption("Invalid Delta log: no metaData action up to version ", seg.version,
                              " in ", seg.log_dir);
  }
  LAKEML_RETURN_IF_ERROR(TableFeatures::CheckReadSupported(*state.protocol)
                             .WithContext("Cannot read Delta table ", table_root));

  auto snapshot = std::shared_ptr<Snapshot>(new Snapshot());
  snapshot->fs_ = fs;
  snapshot->table_root_ = table_root;
  snapshot->version_ = seg.version;
  snapshot->protocol_ = std::move(*state.protocol);
  snapshot->metadata_ = std::move(*state.metadata);
  if (snapshot->metadata_.schema_string.empty()) {
    snapshot->schema_ = std::make_shared<columnar::Schema>();
  } else {
    LAKEML_ASSIGN_OR_RETURN(snapshot->schema_,
                            ParseSchemaString(snapshot->metadata_.schema_string));
  }
  snapshot->files_ = state.TakeFiles();
  snapshot->tombstones_ = std::move(state.tombstones);
  snapshot->txns_ = std::move(state.txns);
  snapshot->domains_ = std::move(state.domains);

  // The version's timestamp.
  const bool ict = IctEnabled(snapshot->protocol_, snapshot->metadata_);
  if (!seg.commits.empty()) {
    const std::vector<Action>& last = commits.back();
    int64_t ts = seg.commits.back().modification_time_ms;
    if (ict) {
      bool found = false;
      for (const Action& a : last) {
        if (const auto* info = std::get_if<CommitInfo>(&a); info && info->in_commit_timestamp) {
          ts = *info->in_commit_timestamp;
          found = true;
        }
      }
      if (!found) {
        return Status::Corruption("Missing inCommitTimestamp in commitInfo of ",
                                  seg.commits.back().path,
                                  " (the table has in-commit timestamps enabled)");
      }
    }
    snapshot->timestamp_ms_ = ts;
  } else {
    auto commit = std::find_if(seg.all_commits.begin(), seg.all_commits.end(),
                               [&](const LogFile& f) { return f.version == seg.version; });
    if (commit != seg.all_commits.end()) {
      LAKEML_ASSIGN_OR_RETURN(snapshot->timestamp_ms_, CommitTimestamp(*fs, *commit, ict));
    } else {
      snapshot->timestamp_ms_ = seg.checkpoint_files.front().modification_time_ms;
    }
  }
  snapshot->segment_ = std::move(seg);
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

}  // namespace lakeml::delta
