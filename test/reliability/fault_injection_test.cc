// Requirement 2, in process: failed and short writes at every I/O operation of a write +
// commit (FaultInjectingFileSystem over a MemoryFileSystem and over a LocalFs temp dir). After
// each fault the table opens at the previous or the new version, never in between, never
// with a missing data file; a Write that returned OK is always in the table; an error after
// which the commit is there anyway must say the outcome is unknown; and the next write,
// without faults, succeeds. Orphans of failed writes are removed by VACUUM only.
//
// Every fault runs on a fresh copy of the same baseline table (create + 2 appends), so a
// sweep raises the fault's index until a whole write runs without reaching it: it covers
// every operation index of the write, its commit and its post-commit checkpoint. (The
// snapshot load reads files on several threads, so the order of those reads, not their
// number, may vary between runs.)
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "delta/log_segment.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "delta/vacuum.h"
#include "io/fault_injecting_file_system.h"
#include "io/file_system.h"
#include "io/memory_file_system.h"
#include "reliability/log_audit.h"
#include "reliability/reliability_env.h"
#include "reliability/scratch_dir.h"
#include "reliability/worker_rows.h"

namespace lakeml::reliability {
namespace {

using io::FaultInjectingFileSystem;
using io::FaultTiming;
using io::FsOp;

constexpr int64_t kRows = 2;

struct FaultParam {
  const char* name;
  bool local;                       // LocalFs temp dir, else MemoryFileSystem.
  const char* checkpoint_interval;  // "1": every commit also writes a checkpoint.
};

void PrintTo(const FaultParam& p, std::ostream* os) { *os << p.name; }

// Copies every file under `dir` of `from` into `to`.
Status CopyMemoryTree(io::MemoryFileSystem& from, const std::string& dir,
                      io::MemoryFileSystem* to) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<io::FileInfo> entries, from.List(dir));
  for (const io::FileInfo& e : entries) {
    if (e.is_directory) {
      LAKEML_RETURN_IF_ERROR(CopyMemoryTree(from, e.path, to));
    } else {
      LAKEML_ASSIGN_OR_RETURN(std::string bytes, from.ReadFile(e.path));
      LAKEML_RETURN_IF_ERROR(to->WriteWhole(e.path, bytes));
    }
  }
  return Status::OK();
}

// Forwards to `base`; the first time a commit file (_delta_log/*.json) is put, it first runs
// `competitor` (which commits through `base` directly), so the writer loses that version and
// has to check the winner and rebase — the retry path runs under the faults injected above.
class RacingFileSystem : public io::FileSystem {
 public:
  RacingFileSystem(io::FileSystem* base, std::function<void()> competitor)
      : base_(base), competitor_(std::move(competitor)) {}

  bool raced() const { return raced_; }

  Result<std::unique_ptr<io::RandomAccessFile>> OpenForRead(const std::string& path) override {
    return base_->OpenForRead(path);
  }
  Result<std::unique_ptr<io::WritableFile>> OpenForWrite(const std::string& path) override {
    return base_->OpenForWrite(path);
  }
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    if (!raced_ && path.find("/_delta_log/") != std::string::npos && path.size() > 5 &&
        path.compare(path.size() - 5, 5, ".json") == 0) {
      raced_ = true;
      competitor_();
    }
    return base_->PutIfAbsent(path, data);
  }
  Result<std::vector<io::FileInfo>> List(const std::string& dir) override {
    return base_->List(dir);
  }
  Result<io::FileInfo> GetFileInfo(const std::string& path) override {
    return base_->GetFileInfo(path);
  }
  Status Delete(const std::string& path) override { return base_->Delete(path); }
  Status CreateDirs(const std::string& path) override { return base_->CreateDirs(path); }

 private:
  io::FileSystem* base_;
  std::function<void()> competitor_;
  bool raced_ = false;
};

class FaultInjectionTest : public ::testing::TestWithParam<FaultParam> {
 protected:
  void SetUp() override {
    if (GetParam().local) {
      scratch_ = std::make_unique<ScratchDir>();
      baseline_root_ = scratch_->path() + "/baseline";
      root_ = baseline_root_;
      base_ = io::LocalFs();
    } else {
      baseline_root_ = root_ = "/warehouse/table";
      memory_ = std::make_unique<io::MemoryFileSystem>();
      base_ = memory_.get();
    }
    delta::WriteOptions options;
    options.properties["delta.checkpointInterval"] = GetParam().checkpoint_interval;
    Result<delta::CommitResult> created =
        delta::TableWriter::Create(base_, root_, *WorkerRows::Schema(), options);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    for (int i = 0; i < 2; ++i) {
      Result<delta::WriteResult> r = WriteOne(base_);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      Check("clean write", r);
    }
    baseline_memory_ = std::move(memory_);
    baseline_version_ = version_;
    baseline_committed_ = committed_;
  }

  // Makes a fresh copy of the baseline table the current one.
  void RestoreBaseline() {
    version_ = baseline_version_;
    committed_ = baseline_committed_;
    orphans_.clear();
    if (GetParam().local) {
      std::error_code ec;
      if (root_ != baseline_root_) std::filesystem::remove_all(root_, ec);
      root_ = StrCat(scratch_->path(), "/case", cases_++);
      std::filesystem::copy(baseline_root_, root_, std::filesystem::copy_options::recursive, ec);
      ASSERT_FALSE(ec) << ec.message();
    } else {
      memory_ = std::make_unique<io::MemoryFileSystem>();
      base_ = memory_.get();
      ASSERT_TRUE(CopyMemoryTree(*baseline_memory_, root_, memory_.get()).ok());
    }
  }

  Result<delta::WriteResult> WriteOne(io::FileSystem* fs) {
    const CommitKey key{0, next_seq_++};
    attempted_ = key;
    return WriteKey(fs, key);
  }

  Result<delta::WriteResult> WriteKey(io::FileSystem* fs, const CommitKey& key) {
    bool given = false;
    delta::WriteOptions options;
    options.num_threads = 1;
    return delta::TableWriter::Write(
        fs, root_, WorkerRows::Schema(),
        [&]() -> Result<columnar::BatchPtr> {
          if (given) return columnar::BatchPtr();
          given = true;
          return WorkerRows::Make(key.worker, key.seq, kRows);
        },
        options);
  }

  // The table after the write of attempted_ that returned `r`.
  void Check(const std::string& label, const Result<delta::WriteResult>& r) {
    SCOPED_TRACE(label);
    const LogAudit audit = LogAudit::Run(base_, root_);
    for (const std::string& p : audit.problems()) ADD_FAILURE() << p;
    const int64_t v = audit.latest_version();
    ASSERT_TRUE(v == version_ || v == version_ + 1)
        << "version " << v << " after a write on version " << version_;
    if (r.ok()) {
      ASSERT_EQ(v, version_ + 1) << "Write returned OK but the table has no new version";
      EXPECT_EQ(r->version, v);
    } else if (v == version_ + 1) {
      ++committed_despite_error_;
      EXPECT_NE(r.status().message().find("outcome unknown"), std::string::npos)
          << "the commit is in the table, yet Write failed without saying the outcome is "
             "unknown: "
          << r.status().ToString();
    } else {
      ++failed_cleanly_;
    }
    if (v == version_ + 1) {
      const AuditedCommit& c = audit.commits().at(v);
      ASSERT_EQ(c.adds.size(), 1u);
      EXPECT_EQ(c.adds[0].seq_min, attempted_.seq);
      EXPECT_EQ(c.adds[0].seq_max, attempted_.seq);
      EXPECT_EQ(c.adds[0].num_records, kRows);
      committed_.insert(attempted_);
      version_ = v;
    }
    EXPECT_TRUE(audit.missing().empty()) << "data file missing: " << *audit.missing().begin();
    for (const std::string& o : orphans_) {
      EXPECT_EQ(audit.orphans().count(o), 1u) << "orphan deleted before VACUUM: " << o;
    }
    orphans_ = audit.orphans();

    Result<delta::SnapshotPtr> snapshot = delta::Snapshot::Load(base_, root_);
    ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
    EXPECT_EQ((*snapshot)->version(), version_);
    Result<std::vector<RowKey>> rows = WorkerRows::ReadTable(base_, root_);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ(*rows, ExpectedRows());
  }

  std::vector<RowKey> ExpectedRows() const {
    std::vector<RowKey> out;
    for (const CommitKey& c : committed_) {
      for (const RowKey& k : WorkerRows::Keys(c.worker, c.seq, kRows)) out.push_back(k);
    }
    return out;
  }

  // One faulted write on the current table, its check, then a clean write that must succeed.
  // Returns whether the write reached the fault.
  // With race_, a competing writer (worker 1) commits first, while the faulted write puts its
  // commit file.
  bool FaultedWrite(const std::string& what,
                    const std::function<void(FaultInjectingFileSystem&)>& arm,
                    bool then_clean_write = true) {
    const CommitKey competitor{1, next_seq_++};
    std::optional<Result<delta::WriteResult>> competitor_result;
    RacingFileSystem racing(base_, [&] { competitor_result = WriteKey(base_, competitor); });
    FaultInjectingFileSystem fs(race_ ? static_cast<io::FileSystem*>(&racing) : base_);
    arm(fs);
    Result<delta::WriteResult> r = WriteOne(&fs);
    const bool reached = fs.injected_faults() > 0;
    const std::string label = StrCat(what, racing.raced() ? " (lost a race)" : "", ": ",
                                     r.ok() ? "OK" : r.status().ToString());
    if (std::getenv("LAKEML_RELIABILITY_VERBOSE") != nullptr) {
      std::printf("  %s\n", label.c_str());
    }
    ++faulted_writes_;
    if (racing.raced()) {
      ++races_;
      const Result<delta::WriteResult>& c = *competitor_result;
      EXPECT_TRUE(c.ok()) << c.status().ToString();
      if (c.ok()) {
        EXPECT_EQ(c->version, version_ + 1);
        committed_.insert(competitor);
        version_ = c->version;
      }
    }
    Check(label, r);
    if (HasFatalFailure() || !then_clean_write) return reached;
    Result<delta::WriteResult> next = WriteOne(base_);
    EXPECT_TRUE(next.ok()) << "the write after \"" << label
                           << "\" failed: " << next.status().ToString();
    Check(StrCat("clean write after \"", label, "\""), next);
    return reached;
  }

  // FaultedWrite with `arm(fs, n)` for n = first, first+1, ..., each on a fresh copy of the
  // baseline, until a write no longer reaches the fault. Returns the number of faults reached.
  // (Every ReliabilityEnv::SweepStride()-th n under sanitizers.)
  int Sweep(const std::string& what, int64_t first,
            const std::function<void(FaultInjectingFileSystem&, int64_t)>& arm) {
    int reached = 0;
    const int64_t stride = ReliabilityEnv::SweepStride();
    for (int64_t n = first; n < 10000; n += stride) {
      RestoreBaseline();
      if (HasFatalFailure()) return reached;
      const bool hit =
          FaultedWrite(StrCat(what, " n=", n), [&](FaultInjectingFileSystem& fs) { arm(fs, n); });
      if (HasFatalFailure() || !hit) return reached;
      ++reached;
    }
    ADD_FAILURE() << what << ": the fault was still reached after 10000 operations";
    return reached;
  }

  std::unique_ptr<ScratchDir> scratch_;
  std::unique_ptr<io::MemoryFileSystem> memory_, baseline_memory_;
  std::string baseline_root_;
  io::FileSystem* base_ = nullptr;
  std::string root_;
  int cases_ = 0;
  int64_t version_ = 0, baseline_version_ = 0;
  int64_t next_seq_ = 0;
  CommitKey attempted_;
  std::set<CommitKey> committed_, baseline_committed_;
  std::set<std::string> orphans_;
  bool race_ = false;
  int faulted_writes_ = 0, failed_cleanly_ = 0, committed_despite_error_ = 0, races_ = 0;
};

TEST_P(FaultInjectionTest, CrashAtEveryOperation) {
  const int n =
      Sweep("CrashAfter", 0, [](FaultInjectingFileSystem& fs, int64_t k) { fs.CrashAfter(k); });
  EXPECT_GT(n * ReliabilityEnv::SweepStride(), 20);
  std::printf("%d crash points: %d writes failed cleanly, %d committed despite the error\n", n,
              failed_cleanly_, committed_despite_error_);
}

TEST_P(FaultInjectionTest, FailEveryCallOfEveryOperation) {
  const FsOp ops[] = {FsOp::kOpenForRead, FsOp::kOpenForWrite, FsOp::kAppend,    FsOp::kSync,
                      FsOp::kClose,       FsOp::kPutIfAbsent,  FsOp::kDelete,    FsOp::kList,
                      FsOp::kRead,        FsOp::kGetFileInfo,  FsOp::kCreateDirs};
  int total = 0;
  for (FsOp op : ops) {
    for (FaultTiming timing : {FaultTiming::kBeforeEffect, FaultTiming::kAfterEffect}) {
      total += Sweep(
          StrCat("FailNth(", io::FsOpName(op),
                 timing == FaultTiming::kAfterEffect ? ", after effect)" : ")"),
          1, [op, timing](FaultInjectingFileSystem& fs, int64_t k) { fs.FailNth(op, k, timing); });
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_GT(total * ReliabilityEnv::SweepStride(), 10);
  std::printf("%d faulted writes; %d failed cleanly, %d committed despite the error\n", total,
              failed_cleanly_, committed_despite_error_);
}

// The same sweeps while the write loses its first commit attempt to a concurrent writer: the
// faults also hit reading the winning commit, the conflict check and the second attempt.
TEST_P(FaultInjectionTest, CrashAtEveryOperationAfterLosingARace) {
  race_ = true;
  const int n =
      Sweep("CrashAfter", 0, [](FaultInjectingFileSystem& fs, int64_t k) { fs.CrashAfter(k); });
  EXPECT_GT(races_, 0);
  std::printf(
      "%d crash points (%d after losing a race): %d writes failed cleanly, %d committed "
      "despite the error\n",
      n, races_, failed_cleanly_, committed_despite_error_);
}

TEST_P(FaultInjectionTest, FailEveryReadAndPutAfterLosingARace) {
  race_ = true;
  int total = 0;
  for (FsOp op :
       {FsOp::kOpenForRead, FsOp::kRead, FsOp::kPutIfAbsent, FsOp::kGetFileInfo, FsOp::kList}) {
    for (FaultTiming timing : {FaultTiming::kBeforeEffect, FaultTiming::kAfterEffect}) {
      total += Sweep(
          StrCat("FailNth(", io::FsOpName(op),
                 timing == FaultTiming::kAfterEffect ? ", after effect)" : ")"),
          1, [op, timing](FaultInjectingFileSystem& fs, int64_t k) { fs.FailNth(op, k, timing); });
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_GT(races_, 0);
  std::printf(
      "%d faulted writes (%d after losing a race); %d failed cleanly, %d committed "
      "despite the error\n",
      total, races_, failed_cleanly_, committed_despite_error_);
}

TEST_P(FaultInjectionTest, ShortAppendAtEveryAppend) {
  int total = 0;
  for (int64_t bytes : {0, 1, 100}) {
    total +=
        Sweep(StrCat("ShortAppendNth(bytes=", bytes, ")"), 1,
              [bytes](FaultInjectingFileSystem& fs, int64_t k) { fs.ShortAppendNth(k, bytes); });
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(total, 0);
}

TEST_P(FaultInjectionTest, RandomFaults) {
  const uint64_t seed = ReliabilityEnv::Seed();
  std::printf("FaultInjectionTest.RandomFaults seed: LAKEML_RELIABILITY_SEED=%llu\n",
              static_cast<unsigned long long>(seed));
  // One table through all the runs: each run starts where the previous one left it.
  RestoreBaseline();
  const int64_t runs = ReliabilityEnv::Scaled(60, 15);
  for (int64_t i = 0; i < runs; ++i) {
    const uint64_t run_seed = seed + static_cast<uint64_t>(i);
    FaultedWrite(StrCat("SetRandomFaults(", run_seed, ", 0.03)"),
                 [run_seed](FaultInjectingFileSystem& fs) { fs.SetRandomFaults(run_seed, 0.03); });
    if (HasFatalFailure()) return;
  }
}

// The commit file was written but the writer cannot tell (the PutIfAbsent reported an error
// and reading the file back fails too): the error must say the outcome is unknown, and the
// table has the commit exactly once.
TEST_P(FaultInjectionTest, CommitWrittenButUnconfirmedSaysOutcomeUnknown) {
  RestoreBaseline();
  const std::string commit = delta::LogFileName::Commit(version_ + 1);
  FaultedWrite("PutIfAbsent fails after its effect, then the read-back fails",
               [&commit](FaultInjectingFileSystem& fs) {
                 fs.FailNth(FsOp::kPutIfAbsent, 1, FaultTiming::kAfterEffect);
                 fs.FailNthOnPath(FsOp::kOpenForRead, 1, commit);
               });
  EXPECT_EQ(committed_despite_error_, 1);
}

// Orphans of failed writes survive every later write and are removed by VACUUM (forced, zero
// retention), after which the table reads the same rows.
TEST_P(FaultInjectionTest, VacuumRemovesOrphansOfFailedWrites) {
  RestoreBaseline();  // One table through all the writes below.
  for (int64_t n = 1; n <= 6; ++n) {
    FaultedWrite(StrCat("ShortAppendNth(", n, ", 1)"),
                 [n](FaultInjectingFileSystem& fs) { fs.ShortAppendNth(n, 1); });
    FaultedWrite(StrCat("FailNth(Close, ", n, ")"),
                 [n](FaultInjectingFileSystem& fs) { fs.FailNth(FsOp::kClose, n); });
    if (HasFatalFailure()) return;
  }
  ASSERT_FALSE(orphans_.empty()) << "no failed write left a data file behind";
  const std::set<std::string> orphans = orphans_;
  delta::VacuumOptions options;
  options.retention_hours = 0;
  options.force = true;
  options.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count() +
                   60'000;
  Result<delta::VacuumResult> vacuumed = delta::Vacuum::Run(base_, root_, options);
  ASSERT_TRUE(vacuumed.ok()) << vacuumed.status().ToString();
  const std::set<std::string> deleted(vacuumed->files.begin(), vacuumed->files.end());
  for (const std::string& o : orphans) EXPECT_EQ(deleted.count(o), 1u) << o;
  const LogAudit audit = LogAudit::Run(base_, root_);
  EXPECT_TRUE(audit.orphans().empty());
  EXPECT_TRUE(audit.missing().empty());
  Result<std::vector<RowKey>> rows = WorkerRows::ReadTable(base_, root_);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, ExpectedRows());
  std::printf("%zu orphans of %d failed writes removed by VACUUM\n", orphans.size(),
              failed_cleanly_);
}

INSTANTIATE_TEST_SUITE_P(
    Storage, FaultInjectionTest,
    ::testing::Values(FaultParam{"Memory", false, "100"},
                      FaultParam{"MemoryCheckpointEveryCommit", false, "1"},
                      // Checkpoints on a local disk are covered by the kill test; here their
                      // fsyncs would cost 30 s for what the memory run already checks.
                      FaultParam{"Local", true, "100"}),
    [](const ::testing::TestParamInfo<FaultParam>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace lakeml::reliability
