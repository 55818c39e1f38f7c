// LocalFileSystem: the FileSystem on a POSIX local disk.
//
// Reads use pread (positional, so one RandomAccessFile serves concurrent readers). Writes are
// buffered (1 MiB) and Sync() is fsync. PutIfAbsent writes a hidden temp file
// (`.<name>.<random>.tmp`) in the target directory, fsyncs it, then link()s it to the target
// name, which fails atomically with EEXIST when the target exists; the temp file is then
// unlinked and the directory fsynced. Readers therefore never see a partial file and an
// existing file is never overwritten, without relying on rename. A crash between write and
// unlink can leave a `.*.tmp` file behind; List() reports it like any other file, so callers
// that enumerate (the Delta log) must ignore names they do not recognize.
//
// Thread-safety: all methods may be called concurrently. The process-wide instance is
// returned by LocalFs() (declared in file_system.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/file_system.h"

namespace lakeml::io {

class LocalFileSystem : public FileSystem {
 public:
  LocalFileSystem() = default;

  Result<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) override;
  Status PutIfAbsent(const std::string& path, std::string_view data) override;
  Result<std::vector<FileInfo>> List(const std::string& dir) override;
  Result<FileInfo> GetFileInfo(const std::string& path) override;
  Status Delete(const std::string& path) override;
  Status CreateDirs(const std::string& path) override;
};

}  // namespace lakeml::io
