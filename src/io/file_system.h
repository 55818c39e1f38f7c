// FileSystem: the only way lakeml's storage code (Parquet, Delta, the warehouse) reaches bytes.
//
// Implementations: LocalFileSystem (POSIX), MemoryFileSystem (tests), FaultInjectingFileSystem
// (wraps another and fails or shortens chosen operations). An object store can be added later;
// therefore correctness must rest on PutIfAbsent, never on rename.
//
// Thread-safety: every FileSystem method may be called concurrently. A RandomAccessFile may be
// read concurrently (ReadAt is positional); a WritableFile has one owner.
// Paths are plain strings with '/' separators.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace lakeml::io {

struct FileInfo {
  std::string path;  // Full path as given to List() joined with the entry name.
  int64_t size = 0;
  int64_t modification_time_ms = 0;  // Milliseconds since the Unix epoch.
  bool is_directory = false;
};

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  virtual const std::string& path() const = 0;
  virtual Result<int64_t> Size() const = 0;
  // Reads exactly n bytes at offset into out. Reading past the end is an error (Corruption,
  // naming the path, offset and size), never a short read.
  virtual Status ReadAt(int64_t offset, int64_t n, uint8_t* out) const = 0;
  // A string that changes whenever the file's contents may have changed (for a local file:
  // device, inode, size, modification and change times), for caches keyed by file. Empty when
  // the file system cannot tell: such files are never cached.
  virtual std::string Identity() const { return std::string(); }
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual const std::string& path() const = 0;
  virtual Status Append(std::string_view data) = 0;
  // Bytes appended so far.
  virtual int64_t Tell() const = 0;
  // Makes appended data durable (fsync on local disks).
  virtual Status Sync() = 0;
  // Flushes and closes; the file is complete only after Close() returns OK.
  virtual Status Close() = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual Result<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) = 0;
  // Creates or truncates `path`, creating missing parent directories.
  virtual Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) = 0;

  // Atomically creates `path` with exactly `data`, durable on return, or returns
  // AlreadyExists if `path` exists. Readers never observe a partial file. This is the primitive
  // Delta commits rest on.
  virtual Status PutIfAbsent(const std::string& path, std::string_view data) = 0;

  virtual Result<std::string> ReadFile(const std::string& path);
  // Non-recursive listing of a directory, sorted by name. NotFound if `dir` does not exist.
  virtual Result<std::vector<FileInfo>> List(const std::string& dir) = 0;
  virtual Result<FileInfo> GetFileInfo(const std::string& path) = 0;
  virtual Result<bool> Exists(const std::string& path);
  // Deletes a file. NotFound if it does not exist.
  virtual Status Delete(const std::string& path) = 0;
  virtual Status CreateDirs(const std::string& path) = 0;
};

// The process-wide local file system.
FileSystem* LocalFs();

// Joins two path parts with exactly one '/'.
std::string JoinPath(std::string_view a, std::string_view b);

}  // namespace lakeml::io
