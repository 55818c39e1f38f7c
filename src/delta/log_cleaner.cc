#include "delta/log_cleaner.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "base/str_cat.h"
#include "delta/interval_duration.h"
#include "delta/log_segment.h"

namespace lakeml::delta {
namespace {

// DO NOT CHANGE: Delta table property names and defaults.
constexpr char kLogRetention[] = "delta.logRetentionDuration";
constexpr char kDefaultLogRetention[] = "interval 30 days";
constexpr char kEnableCleanup[] = "delta.enableExpiredLogCleanup";
constexpr int64_t kDayMs = int64_t{24} * 3600 * 1000;

std::string_view BaseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string_view(path)
                                    : std::string_view(path).substr(slash + 1);
}

// The version of a 20-digit-prefixed name followed by `suffix`, or -1.
int64_t VersionWithSuffix(std::string_view name, std::string_view suffix) {
  if (name.size() != 20 + suffix.size() || name.substr(20) != suffix) return -1;
  int64_t v = -1;
  auto [ptr, ec] = std::from_chars(name.data(), name.data() + 20, v);
  return ec == std::errc() && ptr == name.data() + 20 ? v : -1;
}

// The start version of "<x>.<y>.compacted.json", or -1.
int64_t CompactionStart(std::string_view name) {
  constexpr std::string_view kSuffix = ".compacted.json";
  if (name.size() != 20 + 1 + 20 + kSuffix.size() || name[20] != '.') return -1;
  if (VersionWithSuffix(name.substr(21), kSuffix) < 0) return -1;
  int64_t v = -1;
  auto [ptr, ec] = std::from_chars(name.data(), name.data() + 20, v);
  return ec == std::errc() && ptr == name.data() + 20 ? v : -1;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

}  // namespace

Result<LogCleanupResult> LogCleaner::Clean(io::FileSystem& fs, const std::string& table_root,
                                           int64_t retention_ms, int64_t now_ms) {
  const std::string log_dir = io::JoinPath(table_root, "_delta_log");
  LAKEML_ASSIGN_OR_RETURN(std::vector<io::FileInfo> listing, fs.List(log_dir));

  struct Candidate {
    int64_t version;  // Deleted when below the cut-off checkpoint (compactions: at or below).
    bool compaction;
    std::string path;
    bool commit = false;  // Deleted after the version's other files.
  };
  std::vector<Candidate> candidates;
  std::vector<std::pair<int64_t, int64_t>> commits;  // (version, modification time)
  std::set<int64_t> complete_checkpoints;
  std::map<std::pair<int64_t, int32_t>, std::set<int32_t>> parts;  // (version, n) -> parts seen
  for (const io::FileInfo& f : listing) {
    if (f.is_directory) continue;
    const std::string_view name = BaseName(f.path);
    const LogFileName parsed = LogFileName::Parse(name);
    switch (parsed.kind) {
      case LogFileName::Kind::kCommit:
        commits.emplace_back(parsed.version, f.modification_time_ms);
        candidates.push_back({parsed.version, false, f.path, true});
        continue;
      case LogFileName::Kind::kClassicCheckpoint:
      case LogFileName::Kind::kV2Checkpoint:
        complete_checkpoints.insert(parsed.version);
        candidates.push_back({parsed.version, false, f.path});
        continue;
      case LogFileName::Kind::kMultiPartCheckpoint:
        parts[{parsed.version, parsed.num_parts}].insert(parsed.part);
        candidates.push_back({parsed.version, false, f.path});
        continue;
      case LogFileName::Kind::kOther:
        break;
    }
    if (int64_t v = VersionWithSuffix(name, ".crc"); v >= 0) {
      candidates.push_back({v, false, f.path});
    } else if (int64_t start = CompactionStart(name); start >= 0) {
      candidates.push_back({start, true, f.path});
    }
  }
  for (const auto& [key, seen] : parts) {
    if (static_cast<int64_t>(seen.size()) == key.second) complete_checkpoints.insert(key.first);
  }

  // 1. Midnight UTC of the day retention_ms ago.
  LogCleanupResult result;
  const int64_t cutoff_ts = FloorDiv(now_ms - retention_ms, kDayMs) * kDayMs;
  // 2. The newest commit not newer than that, with times made monotonic.
  std::sort(commits.begin(), commits.end());
  int64_t cutoff_commit = -1, previous = INT64_MIN;
  for (const auto& [version, mtime] : commits) {
    const int64_t ts = previous == INT64_MIN ? mtime : std::max(mtime, previous + 1);
    previous = ts;
    if (ts > cutoff_ts) break;
    cutoff_commit = version;
  }
  if (cutoff_commit < 0) return result;
  // 3. The newest complete checkpoint at or below it.
  auto it = complete_checkpoints.upper_bound(cutoff_commit);
  if (it == complete_checkpoints.begin()) return result;
  const int64_t cutoff_checkpoint = *std::prev(it);
  result.cutoff_checkpoint_version = cutoff_checkpoint;

  // 4. Oldest first, a version's commit after its checkpoint and .crc files, stopping at the
  // first failure: an interrupted cleanup leaves a contiguous log, and a missing commit v
  // implies that no file of a version below v and no checkpoint of v is left. A writer that
  // finds version v - 1 gone after it put v knows from this that a cleanup ran past it
  // (Transaction::Commit, decision 0007).
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::tie(a.version, a.commit, a.path) < std::tie(b.version, b.commit, b.path);
  });
  for (const Candidate& c : candidates) {
    const bool expired =
        c.compaction ? c.version <= cutoff_checkpoint : c.version < cutoff_checkpoint;
    if (!expired) continue;
    Status s = fs.Delete(c.path);
    if (s.ok()) {
      ++result.files_deleted;
    } else if (s.code() != StatusCode::kNotFound) {  // NotFound: a concurrent cleaner.
      return s.WithContext("Log cleanup of ", table_root, " after deleting ", result.files_deleted,
                           " files");
    }
  }
  return result;
}

Result<LogCleanupResult> LogCleaner::CleanTable(const Snapshot& snapshot, int64_t now_ms) {
  const StringMap& config = snapshot.metadata().configuration;
  auto enable = config.find(kEnableCleanup);
  if (enable != config.end() && enable->second.size() == 5 &&
      std::equal(enable->second.begin(), enable->second.end(), "false",
                 [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; })) {
    return LogCleanupResult{};
  }
  auto retention_it = config.find(kLogRetention);
  LAKEML_ASSIGN_OR_RETURN(
      int64_t retention_ms,
      IntervalDuration::PropertyMs(retention_it == config.end() ? nullptr : &retention_it->second,
                                   kLogRetention, kDefaultLogRetention));
  return Clean(*snapshot.fs(), snapshot.table_root(), retention_ms, now_ms);
}

}  // namespace lakeml::delta
