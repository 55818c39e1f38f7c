// MemoryFileSystem: an in-memory FileSystem with LocalFileSystem's semantics, for tests.
//
// Files are immutable snapshots (shared_ptr<const std::string>): a RandomAccessFile keeps the
// contents it saw at open, like an open descriptor of a file that is later replaced. A
// WritableFile creates an empty file at open and publishes its contents on Sync() and Close().
// Directories exist when created explicitly or as the parent of a written file; deleting a
// file leaves its directories. Paths are normalized by collapsing repeated '/' and dropping a
// trailing '/'.
//
// Thread-safety: every method may be called concurrently (one mutex). Files opened from a
// MemoryFileSystem must not outlive it.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "io/file_system.h"

namespace lakeml::io {

class MemoryFileSystem : public FileSystem {
 public:
  MemoryFileSystem() = default;

  Result<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) override;
  Status PutIfAbsent(const std::string& path, std::string_view data) override;
  Result<std::vector<FileInfo>> List(const std::string& dir) override;
  Result<FileInfo> GetFileInfo(const std::string& path) override;
  Status Delete(const std::string& path) override;
  Status CreateDirs(const std::string& path) override;

  // Replaces the contents of `path` (creating it and its parents). Used by writable files and
  // by tests that need to plant bytes directly.
  Status WriteWhole(const std::string& path, std::string_view data);

 private:
  struct Entry {
    std::shared_ptr<const std::string> data;
    int64_t modification_time_ms = 0;
  };

  // REQUIRES: mu_ held. Adds `dir` and its ancestors to dirs_; fails if one is a file.
  Status AddDirsLocked(const std::string& dir);
  Status StoreLocked(const std::string& path, std::shared_ptr<const std::string> data);

  std::mutex mu_;
  std::map<std::string, Entry> files_;
  std::set<std::string> dirs_;
};

}  // namespace lakeml::io
