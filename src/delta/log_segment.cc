#include "delta/log_segment.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "base/str_cat.h"

namespace lakeml::delta {
namespace {

constexpr size_t kVersionDigits = 20;  // DO NOT CHANGE: zero-padded versions in log names.

bool ParseDigits(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 19) {
    // 20-digit versions fit in int64 only with a leading zero; strip leading zeros first.
    size_t i = 0;
    while (i + 1 < s.size() && s[i] == '0') ++i;
    s.remove_prefix(i);
    if (s.empty() || s.size() > 18) return false;
  }
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

LogFileName LogFileName::Parse(std::string_view name) {
  LogFileName out;
  if (name.size() <= kVersionDigits + 1 || name[kVersionDigits] != '.') return out;
  int64_t version = 0;
  if (!ParseDigits(name.substr(0, kVersionDigits), &version)) return out;
  std::string_view rest = name.substr(kVersionDigits + 1);
  if (rest == "json") {
    out.kind = Kind::kCommit;
  } else if (rest == "checkpoint.parquet") {
    out.kind = Kind::kClassicCheckpoint;
  } else if (rest.rfind("checkpoint.", 0) == 0) {
    rest.remove_prefix(11);
    // <10-digit part>.<10-digit parts>.parquet or <uuid>.json|parquet
    if (rest.size() == 10 + 1 + 10 + 8 && rest.substr(21) == ".parquet" && rest[10] == '.') {
      int64_t part = 0, parts = 0;
      if (!ParseDigits(rest.substr(0, 10), &part) || !ParseDigits(rest.substr(11, 10), &parts) ||
          part < 1 || parts < 1 || part > parts || parts > 1'000'000) {
        return out;
      }
      out.kind = Kind::kMultiPartCheckpoint;
      out.part = static_cast<int32_t>(part);
      out.num_parts = static_cast<int32_t>(parts);
    } else if (rest.size() > 37 && IsUuid(rest.substr(0, 36)) && rest[36] == '.') {
      const std::string_view ext = rest.substr(37);
      if (ext != "json" && ext != "parquet") return out;
      out.kind = Kind::kV2Checkpoint;
      out.json = ext == "json";
    } else {
      return out;
    }
  } else {
    return out;
  }
  out.version = version;
  return out;
}

std::string LogFileName::Commit(int64_t version) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%020lld.json", static_cast<long long>(version));
  return buf;
}

std::string LogFileName::ClassicCheckpoint(int64_t version) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%020lld.checkpoint.parquet", static_cast<long long>(version));
  return buf;
}

namespace {

// Selects the segment for `version` from one listing. A commit missing between the checkpoint
// and the target sets *gap to its version (and the result is an error).
Result<LogSegment> SelectFromListing(const std::string& table_root, const std::string& log_dir,
                                     const std::vector<io::FileInfo>& listing,
                                     std::optional<int64_t> version, int64_t* gap) {
  LogSegment seg;
  seg.table_root = table_root;
  seg.log_dir = log_dir;

  // Candidate checkpoints per version: classic, V2, and multi-part sets keyed by part count.
  struct Candidates {
    std::optional<LogFile> classic;
    std::optional<LogFile> v2;
    std::map<int32_t, std::map<int32_t, LogFile>> multi;  // num_parts -> part -> file
  };
  std::map<int64_t, Candidates> checkpoints;
  for (const io::FileInfo& info : listing) {
    if (info.is_directory) continue;
    const LogFileName name = LogFileName::Parse(BaseName(info.path));
    if (name.kind == LogFileName::Kind::kOther) continue;
    LogFile file{info.path, name.version, info.size, info.modification_time_ms};
    switch (name.kind) {
      case LogFileName::Kind::kCommit:
        seg.all_commits.push_back(std::move(file));
        break;
      case LogFileName::Kind::kClassicCheckpoint:
        checkpoints[name.version].classic = std::move(file);
        break;
      case LogFileName::Kind::kV2Checkpoint:
        // Several V2 checkpoints of one version are equivalent; keep the first by name.
        if (!checkpoints[name.version].v2) checkpoints[name.version].v2 = std::move(file);
        break;
      case LogFileName::Kind::kMultiPartCheckpoint:
        checkpoints[name.version].multi[name.num_parts][name.part] = std::move(file);
        break;
      case LogFileName::Kind::kOther:
        break;
    }
  }
  std::sort(seg.all_commits.begin(), seg.all_commits.end(),
            [](const LogFile& a, const LogFile& b) { return a.version < b.version; });
  // A listing that raced a directory split may name a file twice.
  seg.all_commits.erase(std::unique(seg.all_commits.begin(), seg.all_commits.end(),
                                    [](const LogFile& a, const LogFile& b) {
                                      return a.version == b.version;
                                    }),
                        seg.all_commits.end());

  // A checkpoint is usable when complete: "a multi-part checkpoint with missing parts MUST
  // be ignored" (readers fall back to an older checkpoint or to the commits).
  auto complete = [](const Candidates& c, CheckpointKind* kind) -> std::vector<LogFile> {
    if (c.v2) {
      *kind = CheckpointKind::kV2;
      return {*c.v2};
    }
    if (c.classic) {
      *kind = CheckpointKind::kClassic;
      return {*c.classic};
    }
    for (auto it = c.multi.rbegin(); it != c.multi.rend(); ++it) {
      if (static_cast<int32_t>(it->second.size()) != it->first) continue;
      std::vector<LogFile> parts;
      for (auto& [part, file] : it->second) parts.push_back(file);
      *kind = CheckpointKind::kMultiPart;
      return parts;
    }
    return {};
  };

  int64_t latest = seg.all_commits.empty() ? -1 : seg.all_commits.back().version;
  for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
    CheckpointKind kind;
    if (!complete(it->second, &kind).empty()) {
      latest = std::max(latest, it->first);
      break;
    }
  }
  if (latest < 0) {
    return Status::NotFound("Not a Delta table: no commits or checkpoints in ", seg.log_dir);
  }
  seg.latest_version = latest;
  const int64_t target = version.value_or(latest);
  if (target < 0 || target > latest) {
    return Status::NotFound("Delta table version not found: ", target, " (latest is ", latest,
                            ") in ", table_root);
  }
  seg.version = target;

  for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
    if (it->first > target) continue;
    CheckpointKind kind = CheckpointKind::kNone;
    std::vector<LogFile> files = complete(it->second, &kind);
    if (files.empty()) continue;
    seg.checkpoint_kind = kind;
    seg.checkpoint_version = it->first;
    seg.checkpoint_files = std::move(files);
    break;
  }

  // Commits checkpoint_version+1 .. target must all be present, without gaps.
  const int64_t first = seg.checkpoint_version + 1;
  auto lo = std::lower_bound(seg.all_commits.begin(), seg.all_commits.end(), first,
                             [](const LogFile& f, int64_t v) { return f.version < v; });
  int64_t expect = first;
  for (auto it = lo; it != seg.all_commits.end() && it->version <= target; ++it) {
    if (it->version != expect) {
      *gap = expect;
      if (it == lo && seg.checkpoint_version < 0) {
        return Status::NotFound("Cannot reconstruct Delta table version ", target, ": commits 0 to ",
                                it->version - 1,
                                " are missing (cleaned up?) and no checkpoint at or before it "
                                "exists in ",
                                seg.log_dir);
      }
      return Status::Corruption("Delta log versions are not contiguous: version ", expect,
                                " is missing (next is ", it->version, ") in ", seg.log_dir);
    }
    seg.commits.push_back(*it);
    ++expect;
  }
  if (expect != target + 1) {
    *gap = expect;
    if (seg.checkpoint_version < 0 && seg.commits.empty()) {
      return Status::NotFound("Cannot reconstruct Delta table version ", target,
                              ": its commits were cleaned up and no checkpoint at or before it "
                              "exists in ",
                              seg.log_dir);
    }
    return Status::Corruption("Delta log versions are not contiguous: version ", expect,
                              " is missing (wanted up to ", target, ") in ", seg.log_dir);
  }
  return seg;
}

}  // namespace

Result<LogSegment> LogSegment::Build(io::FileSystem& fs, const std::string& table_root,
                                     std::optional<int64_t> version) {
  const std::string log_dir = io::JoinPath(table_root, "_delta_log");
  auto listing = fs.List(log_dir);
  if (!listing.ok()) {
    if (listing.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("Not a Delta table: no _delta_log directory in ", table_root);
    }
    return listing.status().WithContext(StrCat("listing ", log_dir));
  }
  // A directory listing is not a snapshot: while commits land, readdir on a hashed directory
  // can return version N+1 without N (about 2% of listings during a burst of commits on
  // ext4). A missing commit whose file exists is such a racy listing, not a damaged log: the
  // file is looked up directly and added. Each round adds a file that exists, so this ends.
  int64_t last_gap = -1;
  while (true) {
    int64_t gap = -1;
    Result<LogSegment> seg = SelectFromListing(table_root, log_dir, *listing, version, &gap);
    if (seg.ok() || gap < 0 || gap == last_gap) return seg;
    last_gap = gap;
    Result<io::FileInfo> missing = fs.GetFileInfo(io::JoinPath(log_dir, LogFileName::Commit(gap)));
    if (!missing.ok() || missing->is_directory) return seg;
    listing->push_back(std::move(*missing));
  }
}

}  // namespace lakeml::delta
