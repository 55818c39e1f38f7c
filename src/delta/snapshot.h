// Snapshot: the state of a Delta table at one version — protocol, metadata, schema, the live
// data files, app transactions and domain metadata — built by replaying the log (checkpoint +
// later commits). The entry point of every read and the base of every write (Snapshot ->
// Scan, Snapshot -> Transaction).
//
// Immutable once loaded and shared through shared_ptr<const Snapshot>; thread-safe to read.
// Holds the FileSystem pointer it was loaded with; REQUIRES: the FileSystem outlives it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/schema.h"
#include "delta/actions.h"
#include "delta/log_segment.h"
#include "io/file_system.h"

namespace lakeml::delta {

class Scan;
struct ScanOptions;

struct SnapshotOptions {
  // At most one of the two: the version to load, or the latest version committed at or
  // before this time (milliseconds since the epoch; in-commit timestamps when enabled).
  std::optional<int64_t> version;
  std::optional<int64_t> timestamp_ms;
  // Keep remove tombstones (VACUUM and checkpoint writers need them; scans do not).
  bool keep_tombstones = false;
};

class Snapshot : public std::enable_shared_from_this<Snapshot> {
 public:
  // Loads the table rooted at `table_root` (a directory path on `fs`). Errors: "Not a Delta
  // table" when there is no _delta_log; unsupported reader features are refused by name.
  static Result<std::shared_ptr<const Snapshot>> Load(io::FileSystem* fs, std::string table_root,
                                                      const SnapshotOptions& options = {});

  io::FileSystem* fs() const { return fs_; }
  const std::string& table_root() const { return table_root_; }
  int64_t version() const { return version_; }
  // Commit timestamp of this version: its in-commit timestamp when that feature is enabled,
  // else the commit file's modification time.
  int64_t timestamp_ms() const { return timestamp_ms_; }
  const Protocol& protocol() const { return protocol_; }
  const Metadata& metadata() const { return metadata_; }
  // The logical schema (field metadata carries column-mapping names and ids).
  const columnar::SchemaPtr& schema() const { return schema_; }
  const std::vector<std::string>& partition_columns() const { return metadata_.partition_columns; }
  // The live files, in no particular order. Paths as stored (URI-encoded).
  const std::vector<AddFile>& files() const { return files_; }
  // Remove tombstones; only when loaded with keep_tombstones.
  const std::vector<RemoveFile>& tombstones() const { return tombstones_; }
  // The latest txn version of `app_id`, if any.
  std::optional<int64_t> AppTransactionVersion(const std::string& app_id) const;
  const std::map<std::string, SetTransaction>& app_transactions() const { return txns_; }
  // Domain metadata not marked removed, by domain.
  const std::map<std::string, DomainMetadata>& domain_metadata() const { return domains_; }
  const LogSegment& log_segment() const { return segment_; }

  // Table property with a default.
  std::string Property(const std::string& key, const std::string& default_value = "") const;

  // Plans a read of this snapshot.
  Result<std::unique_ptr<Scan>> NewScan(const ScanOptions& options) const;

 private:
  friend class LogReplay;
  Snapshot() = default;

  io::FileSystem* fs_ = nullptr;
  std::string table_root_;
  int64_t version_ = -1;
  int64_t timestamp_ms_ = 0;
  Protocol protocol_;
  Metadata metadata_;
  columnar::SchemaPtr schema_;
  std::vector<AddFile> files_;
  std::vector<RemoveFile> tombstones_;
  std::map<std::string, SetTransaction> txns_;
  std::map<std::string, DomainMetadata> domains_;
  LogSegment segment_;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace lakeml::delta
