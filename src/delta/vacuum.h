// Vacuum: deletes the files in a table's directory that no version within the retention
// window needs — data files removed longer ago than the retention, deletion vector files and
// change data files no longer referenced, and orphans of failed writes (files no commit
// references, older than the retention).
//
// Safety: a retention shorter than delta.deletedFileRetentionDuration (default 7 days) is
// refused unless forced, because readers of older versions and writers still in flight may
// need those files. Files under _delta_log and hidden files are never touched. A dry run
// lists what would be deleted. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "io/file_system.h"

namespace lakeml::delta {

struct VacuumOptions {
  std::optional<double> retention_hours;  // Default: the table's deletedFileRetentionDuration.
  bool dry_run = false;
  bool force = false;                      // Allow a retention below the table's setting.
  std::optional<int64_t> now_ms;           // For tests; default the clock.
};

struct VacuumResult {
  std::vector<std::string> files;  // Deleted (or, in a dry run, to delete), relative paths.
  int64_t bytes = 0;
  int64_t files_kept = 0;
};

class Vacuum {
 public:
  static Result<VacuumResult> Run(io::FileSystem* fs, const std::string& table_root,
                                  const VacuumOptions& options);
};

}  // namespace lakeml::delta
