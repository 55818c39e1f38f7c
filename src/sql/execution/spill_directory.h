// SpillDirectory: the temporary directory of one query's spill files,
// `<base>/lakeml-spill-<pid>-<n>/`, created on the first file and removed with everything in
// it when the SpillDirectory is destroyed (at the end of the query, also on error or cancel).
// `base` is the configured spill directory, else $TMPDIR, else /tmp.
//
// SpillFile: one spill file: chunks appended with ChunkSerializer, then read back in order.
// Writes are buffered; a file is written by one thread, then read by one thread.
//
// SpillDirectory is thread-safe (NewFile may be called from many threads).
#pragma once

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "sql/execution/chunk.h"

namespace lakeml::sql {

class SpillFile {
 public:
  SpillFile(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {}
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  Status Append(const Chunk& chunk);
  // Ends writing and rewinds for reading.
  Status FinishWriting();
  // The next chunk into `out`; false at the end of the file.
  Result<bool> Next(const std::vector<columnar::TypePtr>& types, Chunk* out);

  int64_t bytes() const { return bytes_; }
  int64_t chunks() const { return chunks_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::FILE* file_;
  std::string scratch_;
  int64_t bytes_ = 0;
  int64_t chunks_ = 0;
};

class SpillDirectory {
 public:
  // `base` empty: $TMPDIR or /tmp.
  explicit SpillDirectory(std::string base = "");
  ~SpillDirectory();
  SpillDirectory(const SpillDirectory&) = delete;
  SpillDirectory& operator=(const SpillDirectory&) = delete;

  // A new empty file in the directory, open for writing.
  Result<std::unique_ptr<SpillFile>> NewFile();

  // Bytes written to this directory's files so far (updated as files finish).
  int64_t spilled_bytes() const { return spilled_.load(std::memory_order_relaxed); }
  void AddSpilled(int64_t bytes) { spilled_.fetch_add(bytes, std::memory_order_relaxed); }
  // The directory path ("" until the first file).
  std::string path() const;

 private:
  std::string base_;
  mutable std::mutex mu_;
  std::string path_;
  int64_t next_file_ = 0;
  std::atomic<int64_t> spilled_{0};
};

}  // namespace lakeml::sql
