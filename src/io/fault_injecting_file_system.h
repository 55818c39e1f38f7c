// FaultInjectingFileSystem: wraps another FileSystem and makes chosen operations fail, for
// crash and error-path tests (Delta commits, Parquet writers).
//
// Faults:
//   * FailNth(op, n): the n-th call of `op` (1-based, counted from when the fault is added)
//     fails with an injected IOError. With FaultTiming::kAfterEffect the operation is first
//     performed on the wrapped file system and the error returned afterwards (e.g. a
//     PutIfAbsent that committed but whose caller saw a failure).
//   * ShortAppendNth(n, bytes): the n-th Append writes only its first `bytes` bytes, then fails.
//   * CrashAfter(n): after n more operations (of any kind) every operation fails, including
//     those on files opened earlier, until Reset(). CrashNow() is CrashAfter(0).
//   * SetRandomFaults(seed, probability): every operation fails with `probability`, drawn from
//     a generator seeded with `seed`, so a single-threaded run is reproducible.
// Injected errors are IOError with a message starting "Injected fault". Counters of calls per
// operation are kept for assertions.
//
// Thread-safety: every method may be called concurrently (one mutex). The wrapped file system
// must outlive this one, and files opened through it must not outlive it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "io/file_system.h"

namespace lakeml::io {

enum class FsOp : uint8_t {
  kOpenForRead,
  kOpenForWrite,
  kAppend,
  kSync,
  kClose,
  kPutIfAbsent,
  kDelete,
  kList,
  kRead,  // RandomAccessFile::ReadAt and Size
  kGetFileInfo,
  kCreateDirs,
};
inline constexpr int kNumFsOps = 11;

std::string_view FsOpName(FsOp op);

enum class FaultTiming : uint8_t {
  kBeforeEffect,  // The operation is not performed.
  kAfterEffect,   // The operation is performed, then the error is returned.
};

class FaultInjectingFileSystem : public FileSystem {
 public:
  explicit FaultInjectingFileSystem(FileSystem* base) : base_(base) {}

  // Fault configuration (see the file comment).
  void FailNth(FsOp op, int64_t n, FaultTiming timing = FaultTiming::kBeforeEffect);
  // Like FailNth, but only counts calls on paths containing `path_substring`.
  void FailNthOnPath(FsOp op, int64_t n, std::string path_substring,
                     FaultTiming timing = FaultTiming::kBeforeEffect);
  void ShortAppendNth(int64_t n, int64_t bytes);
  void CrashAfter(int64_t n);
  void CrashNow() { CrashAfter(0); }
  // probability in [0, 1]; 0 turns random faults off.
  void SetRandomFaults(uint64_t seed, double probability);
  // Removes every fault and the crash state; counters are kept.
  void Reset();

  bool crashed() const;
  // Calls of `op` seen so far (including failed ones).
  int64_t calls(FsOp op) const;
  int64_t injected_faults() const;

  Result<std::unique_ptr<RandomAccessFile>> OpenForRead(const std::string& path) override;
  Result<std::unique_ptr<WritableFile>> OpenForWrite(const std::string& path) override;
  Status PutIfAbsent(const std::string& path, std::string_view data) override;
  Result<std::vector<FileInfo>> List(const std::string& dir) override;
  Result<FileInfo> GetFileInfo(const std::string& path) override;
  Status Delete(const std::string& path) override;
  Status CreateDirs(const std::string& path) override;

  // What the fault machinery decided for one call. Public for the file wrappers.
  struct Decision {
    bool fail = false;
    FaultTiming timing = FaultTiming::kBeforeEffect;
    int64_t short_bytes = -1;  // kAppend: bytes to write before failing; -1 when not short.
    Status error;
  };
  Decision Decide(FsOp op, std::string_view path);

 private:
  struct Rule {
    FsOp op;
    int64_t n;
    int64_t seen = 0;
    FaultTiming timing;
    std::string path_substring;
    int64_t short_bytes = -1;
  };

  FileSystem* base_;
  mutable std::mutex mu_;
  std::vector<Rule> rules_;
  int64_t ops_until_crash_ = -1;  // -1: no crash scheduled.
  bool crashed_ = false;
  double random_probability_ = 0;
  std::mt19937_64 rng_;
  std::array<int64_t, kNumFsOps> calls_{};
  int64_t injected_ = 0;
};

}  // namespace lakeml::io
