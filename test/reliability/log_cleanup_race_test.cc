// A transaction that lives across a log cleanup: while it runs, other writers commit past a
// checkpoint and the log cleanup (delta.logRetentionDuration) deletes the commits below that
// checkpoint — including the version this transaction is about to write, or the winning
// commit it must check after losing a race. Its commit must then fail (or land above the
// newest version); it must never be written below the checkpoint, where no reader sees it.
//
// Transaction::Commit notices the commit that lands below the checkpoint (version - 1 is gone
// after the put, and a checkpoint lies above it), withdraws it and fails with Conflict; a
// winning commit deleted before it was read is a Conflict too (decision 0007).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "delta/log_cleaner.h"
#include "delta/log_segment.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "delta/transaction.h"
#include "io/memory_file_system.h"
#include "reliability/log_audit.h"
#include "reliability/worker_rows.h"

namespace lakeml::reliability {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Forwards to `base`; runs `hook(path)` once before the first call that matches `trigger`.
class HookFileSystem : public io::FileSystem {
 public:
  enum class Trigger { kCommitPut, kCommitRead };
  HookFileSystem(io::FileSystem* base, Trigger trigger, std::string name,
                 std::function<void()> hook)
      : base_(base), trigger_(trigger), name_(std::move(name)), hook_(std::move(hook)) {}

  Result<std::unique_ptr<io::RandomAccessFile>> OpenForRead(const std::string& path) override {
    Maybe(Trigger::kCommitRead, path);
    return base_->OpenForRead(path);
  }
  Result<std::unique_ptr<io::WritableFile>> OpenForWrite(const std::string& path) override {
    return base_->OpenForWrite(path);
  }
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    Maybe(Trigger::kCommitPut, path);
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

  bool fired() const { return fired_; }

 private:
  void Maybe(Trigger t, const std::string& path) {
    if (fired_ || t != trigger_) return;
    if (path.size() < name_.size() ||
        path.compare(path.size() - name_.size(), name_.size(), name_) != 0) {
      return;
    }
    fired_ = true;
    hook_();
  }

  io::FileSystem* base_;
  Trigger trigger_;
  std::string name_;
  std::function<void()> hook_;
  bool fired_ = false;
};

class LogCleanupRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    delta::WriteOptions options;
    options.properties["delta.checkpointInterval"] = "10";
    ASSERT_TRUE(delta::TableWriter::Create(&fs_, root_, *WorkerRows::Schema(), options).ok());
    for (int64_t seq = 0; seq < 5; ++seq) {  // Versions 1..5.
      ASSERT_TRUE(Write(&fs_, 1, seq).ok());
    }
  }

  Result<delta::WriteResult> Write(io::FileSystem* fs, int64_t worker, int64_t seq) {
    bool given = false;
    Result<delta::WriteResult> r =
        delta::TableWriter::Write(fs, root_, WorkerRows::Schema(),
                                  [&]() -> Result<columnar::BatchPtr> {
                                    if (given) return columnar::BatchPtr();
                                    given = true;
                                    return WorkerRows::Make(worker, seq, 1);
                                  },
                                  {});
    return r;
  }

  // Other writers commit versions 6..10 (10 is checkpointed), then a log cleanup run ten days
  // from now with one day of retention deletes the commits below the checkpoint.
  void OthersCommitAndCleanUp() {
    for (int64_t seq = 5; seq < 10; ++seq) {
      Result<delta::WriteResult> r = Write(&fs_, 1, seq);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
    ASSERT_TRUE(fs_.Exists(root_ + "/_delta_log/" + delta::LogFileName::ClassicCheckpoint(10))
                    .ValueOr(false));
    Result<delta::LogCleanupResult> cleaned =
        delta::LogCleaner::Clean(fs_, root_, kDayMs, NowMs() + 10 * kDayMs);
    ASSERT_TRUE(cleaned.ok()) << cleaned.status().ToString();
    ASSERT_EQ(cleaned->cutoff_checkpoint_version, 10);
  }

  // The transaction's write must have failed, or be visible in the latest version.
  void ExpectWriteFailedOrVisible(const Result<delta::WriteResult>& r) {
    Result<std::vector<RowKey>> rows = WorkerRows::ReadTable(&fs_, root_);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    bool visible = false;
    for (const RowKey& k : *rows) visible |= k.worker == 2;
    if (r.ok()) {
      EXPECT_TRUE(visible) << "Write returned OK at version " << r->version
                           << " but its row is not in the latest version ("
                           << LogAudit::Run(&fs_, root_).latest_version()
                           << "): the commit was written below the checkpoint";
      EXPECT_GT(r->version, 10);
    } else {
      EXPECT_FALSE(visible);
    }
  }

  // The write failed with the Conflict that names the cleanup, and the log holds no commit of
  // the failed write below the checkpoint.
  void ExpectCleanupConflict(const Result<delta::WriteResult>& r) {
    ExpectWriteFailedOrVisible(r);
    ASSERT_FALSE(r.ok());
    if (std::getenv("LAKEML_RELIABILITY_VERBOSE") != nullptr) {
      std::printf("expected error: %s\n", r.status().ToString().c_str());
    }
    EXPECT_EQ(r.status().code(), StatusCode::kConflict) << r.status().ToString();
    EXPECT_NE(r.status().message().find("the log was cleaned up while the transaction ran"),
              std::string::npos)
        << r.status().ToString();
    EXPECT_NE(r.status().message().find("retry from a fresh snapshot"), std::string::npos)
        << r.status().ToString();
    for (int64_t v = 6; v < 10; ++v) {
      EXPECT_FALSE(fs_.Exists(root_ + "/_delta_log/" + delta::LogFileName::Commit(v)).ValueOr(true))
          << "commit " << v << " is in the log below the checkpoint";
    }
    // The table still takes writes, above the checkpoint.
    Result<delta::WriteResult> next = Write(&fs_, 3, 0);
    ASSERT_TRUE(next.ok()) << next.status().ToString();
    EXPECT_EQ(next->version, 11);
  }

  io::MemoryFileSystem fs_;
  std::string root_ = "/lake/table";
};

// The transaction read version 5 and puts version 6 after 6..10 were committed and 0..9
// cleaned up: 6 is absent again, so a plain PutIfAbsent succeeds below the checkpoint.
TEST_F(LogCleanupRaceTest, FirstAttemptAfterCleanupDoesNotLandBelowCheckpoint) {
  HookFileSystem hook(&fs_, HookFileSystem::Trigger::kCommitPut, delta::LogFileName::Commit(6),
                      [this] { OthersCommitAndCleanUp(); });
  Result<delta::WriteResult> r = Write(&hook, 2, 0);
  ASSERT_TRUE(hook.fired());
  ExpectCleanupConflict(r);
  EXPECT_NE(r.status().message().find("checkpoint at version 10"), std::string::npos)
      << r.status().ToString();
  EXPECT_NE(r.status().message().find("written at version 6"), std::string::npos)
      << r.status().ToString();
}

// Two transactions that both read version 5 commit after the cleanup: the first one's commit
// at 6 must not pass for the second one's winner (it would then land at 7, below the
// checkpoint too).
TEST_F(LogCleanupRaceTest, TwoLateTransactionsFromOneReadVersionBothFail) {
  Result<std::shared_ptr<const delta::Snapshot>> read = delta::Snapshot::Load(&fs_, root_);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ((*read)->version(), 5);
  OthersCommitAndCleanUp();
  for (int64_t file = 0; file < 2; ++file) {
    std::unique_ptr<delta::Transaction> txn = delta::Transaction::Begin(*read);
    delta::AddFile add;
    add.path = StrCat("late-", file, ".parquet");
    add.size = 1;
    add.data_change = true;
    txn->AddFile(add);
    Result<delta::CommitResult> r = txn->Commit();
    ASSERT_FALSE(r.ok()) << "late transaction " << file << " committed at version " << r->version;
    EXPECT_EQ(r.status().code(), StatusCode::kConflict) << r.status().ToString();
  }
  EXPECT_FALSE(fs_.Exists(root_ + "/_delta_log/" + delta::LogFileName::Commit(6)).ValueOr(true));
  EXPECT_FALSE(fs_.Exists(root_ + "/_delta_log/" + delta::LogFileName::Commit(7)).ValueOr(true));
}

// The transaction lost version 6 (AlreadyExists), then the winners were cleaned up before it
// read them: reading winner 6 finds nothing, which must not be taken for "no more winners".
TEST_F(LogCleanupRaceTest, RebaseAfterWinnersWereCleanedUpDoesNotLandBelowCheckpoint) {
  bool cleaned = false;
  HookFileSystem put_hook(&fs_, HookFileSystem::Trigger::kCommitPut, delta::LogFileName::Commit(6),
                          [this] {
                            for (int64_t seq = 5; seq < 10; ++seq) {
                              ASSERT_TRUE(Write(&fs_, 1, seq).ok());
                            }
                          });
  HookFileSystem read_hook(
      &put_hook, HookFileSystem::Trigger::kCommitRead, delta::LogFileName::Commit(6), [&] {
        cleaned = true;
        Result<delta::LogCleanupResult> c =
            delta::LogCleaner::Clean(fs_, root_, kDayMs, NowMs() + 10 * kDayMs);
        ASSERT_TRUE(c.ok()) << c.status().ToString();
        ASSERT_EQ(c->cutoff_checkpoint_version, 10);
      });
  Result<delta::WriteResult> r = Write(&read_hook, 2, 0);
  ASSERT_TRUE(put_hook.fired());
  ASSERT_TRUE(cleaned);
  ExpectCleanupConflict(r);
  EXPECT_NE(r.status().message().find("lost version 6"), std::string::npos)
      << r.status().ToString();
  EXPECT_NE(r.status().message().find("newest checkpoint 10"), std::string::npos)
      << r.status().ToString();
}

// The transaction lost version 6 and read winners 6 and 7; the cleanup ran before it read 8,
// so 8 is absent and looks like "no more winners": the put at 8 lands below the checkpoint.
TEST_F(LogCleanupRaceTest, RebaseThatRunsIntoTheCleanupMidwayDoesNotLandBelowCheckpoint) {
  HookFileSystem put_hook(&fs_, HookFileSystem::Trigger::kCommitPut, delta::LogFileName::Commit(6),
                          [this] {
                            for (int64_t seq = 5; seq < 10; ++seq) {
                              ASSERT_TRUE(Write(&fs_, 1, seq).ok());
                            }
                          });
  HookFileSystem read_hook(
      &put_hook, HookFileSystem::Trigger::kCommitRead, delta::LogFileName::Commit(8), [&] {
        Result<delta::LogCleanupResult> c =
            delta::LogCleaner::Clean(fs_, root_, kDayMs, NowMs() + 10 * kDayMs);
        ASSERT_TRUE(c.ok()) << c.status().ToString();
        ASSERT_EQ(c->cutoff_checkpoint_version, 10);
      });
  Result<delta::WriteResult> r = Write(&read_hook, 2, 0);
  ASSERT_TRUE(put_hook.fired());
  ASSERT_TRUE(read_hook.fired());
  ExpectCleanupConflict(r);
  EXPECT_NE(r.status().message().find("written at version 8"), std::string::npos)
      << r.status().ToString();
}

}  // namespace
}  // namespace lakeml::reliability
