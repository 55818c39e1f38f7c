#include "delta/snapshot.h"

#include "delta/log_replay.h"

namespace lakeml::delta {

Result<std::shared_ptr<const Snapshot>> Snapshot::Load(io::FileSystem* fs, std::string table_root,
                                                       const SnapshotOptions& options) {
  return LogReplay::Load(fs, std::move(table_root), options);
}

std::optional<int64_t> Snapshot::AppTransactionVersion(const std::string& app_id) const {
  auto it = txns_.find(app_id);
  if (it == txns_.end()) return std::nullopt;
  return it->second.version;
}

std::string Snapshot::Property(const std::string& key, const std::string& default_value) const {
  auto it = metadata_.configuration.find(key);
  return it == metadata_.configuration.end() ? default_value : it->second;
}

}  // namespace lakeml::delta
