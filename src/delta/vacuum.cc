#include "delta/vacuum.h"

#include <chrono>
#include <cmath>
#include <unordered_set>

#include "base/str_cat.h"
#include "delta/dv/deletion_vector_loader.h"
#include "delta/interval_duration.h"
#include "delta/log_replay.h"
#include "delta/snapshot.h"
#include "delta/table_features.h"

namespace lakeml::delta {
namespace {

constexpr int64_t kHourMs = 3600LL * 1000;
constexpr char kDefaultRetention[] = "interval 1 week";  // Delta's default.

// Lists every file under `dir` recursively, as paths relative to `root`.
Status ListFiles(io::FileSystem& fs, const std::string& root, const std::string& rel,
                 std::vector<io::FileInfo>* out) {
  const std::string dir = rel.empty() ? root : io::JoinPath(root, rel);
  LAKEML_ASSIGN_OR_RETURN(std::vector<io::FileInfo> entries, fs.List(dir));
  for (io::FileInfo& e : entries) {
    const size_t slash = e.path.rfind('/');
    const std::string name = slash == std::string::npos ? e.path : e.path.substr(slash + 1);
    const std::string child = rel.empty() ? name : io::JoinPath(rel, name);
    // "Hidden" names are not the table's: _delta_log, .crc files, _SUCCESS... — except
    // partition directories (which may start with '_' but contain '=') and _change_data.
    const bool hidden = (name[0] == '_' || name[0] == '.') &&
                        name.find('=') == std::string::npos && name != "_change_data";
    if (hidden) continue;
    if (e.is_directory) {
      LAKEML_RETURN_IF_ERROR(ListFiles(fs, root, child, out));
    } else {
      e.path = child;
      out->push_back(std::move(e));
    }
  }
  return Status::OK();
}

}  // namespace

Result<VacuumResult> Vacuum::Run(io::FileSystem* fs, const std::string& table_root,
                                 const VacuumOptions& options) {
  SnapshotOptions snapshot_options;
  snapshot_options.keep_tombstones = true;
  LAKEML_ASSIGN_OR_RETURN(SnapshotPtr snap, Snapshot::Load(fs, table_root, snapshot_options));
  LAKEML_RETURN_IF_ERROR(TableFeatures::CheckWriteSupported(snap->protocol(), snap->metadata(),
                                                            *snap->schema(), true)
                             .WithContext("Cannot VACUUM ", table_root));
  const auto& config = snap->metadata().configuration;
  auto retention_it = config.find("delta.deletedFileRetentionDuration");
  LAKEML_ASSIGN_OR_RETURN(
      const int64_t table_retention_ms,
      IntervalDuration::PropertyMs(retention_it == config.end() ? nullptr : &retention_it->second,
                                   "delta.deletedFileRetentionDuration", kDefaultRetention));
  int64_t retention_ms = table_retention_ms;
  if (options.retention_hours) {
    if (*options.retention_hours < 0) {
      return Status::InvalidArgument("VACUUM retention must not be negative: ",
                                     *options.retention_hours, " hours");
    }
    retention_ms = static_cast<int64_t>(std::llround(*options.retention_hours * kHourMs));
    if (retention_ms < table_retention_ms && !options.force) {
      return Status::InvalidArgument(
          "VACUUM retention check: ", *options.retention_hours,
          " hours is shorter than the table's delta.deletedFileRetentionDuration (",
          table_retention_ms / kHourMs,
          " hours). Readers of older versions and concurrent writers may still need those "
          "files; pass --force (retentionDurationCheck off) only if none exist");
    }
  }
  const int64_t now = options.now_ms.value_or(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  const int64_t cutoff = now - retention_ms;

  // Files the table still needs: live files, files removed within the window, their DVs.
  std::unordered_set<std::string> keep;
  auto keep_dv = [&](const std::optional<DeletionVectorDescriptor>& dv) -> Status {
    if (!dv || dv->storage_type == DeletionVectorDescriptor::kInline) return Status::OK();
    LAKEML_ASSIGN_OR_RETURN(std::string p, ResolveDeletionVectorPath(table_root, *dv));
    LAKEML_ASSIGN_OR_RETURN(std::string rel, LogReplay::CanonicalPath(p, table_root));
    keep.insert(std::move(rel));
    return Status::OK();
  };
  for (const AddFile& add : snap->files()) {
    LAKEML_ASSIGN_OR_RETURN(std::string rel, LogReplay::CanonicalPath(add.path, table_root));
    keep.insert(std::move(rel));
    LAKEML_RETURN_IF_ERROR(keep_dv(add.deletion_vector));
  }
  for (const RemoveFile& rm : snap->tombstones()) {
    if (rm.deletion_timestamp.value_or(0) < cutoff) continue;
    LAKEML_ASSIGN_OR_RETURN(std::string rel, LogReplay::CanonicalPath(rm.path, table_root));
    keep.insert(std::move(rel));
    LAKEML_RETURN_IF_ERROR(keep_dv(rm.deletion_vector));
  }

  std::vector<io::FileInfo> files;
  LAKEML_RETURN_IF_ERROR(ListFiles(*fs, table_root, "", &files));
  VacuumResult result;
  for (const io::FileInfo& f : files) {
    // Recent files may belong to a write still in flight: only old ones are candidates.
    if (keep.count(f.path) > 0 || f.modification_time_ms >= cutoff) {
      ++result.files_kept;
      continue;
    }
    if (!options.dry_run) {
      Status s = fs->Delete(io::JoinPath(table_root, f.path));
      if (!s.ok() && s.code() != StatusCode::kNotFound) {
        return s.WithContext("VACUUM deleting ", f.path);
      }
    }
    result.bytes += f.size;
    result.files.push_back(f.path);
  }
  return result;
}

}  // namespace lakeml::delta
