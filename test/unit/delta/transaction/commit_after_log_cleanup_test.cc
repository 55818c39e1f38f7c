// Transaction::Commit against log cleanup (decision 0007): after a put succeeded, a commit
// whose version - 1 is gone and that lies below a newer checkpoint was made possible by a log
// cleanup and is withdrawn (Conflict); every other shape of the log keeps the commit.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "delta/log_cleaner.h"
#include "delta/transaction.h"
#include "io/fault_injecting_file_system.h"
#include "io/memory_file_system.h"
#include "unit/delta/transaction/table_fixture.h"

namespace lakeml::delta {
namespace {

using txn_testing::Append;
using txn_testing::CommitFile;
using txn_testing::CreateTable;
using txn_testing::FilePaths;
using txn_testing::MakeAdd;

constexpr char kRoot[] = "/tables/c";
constexpr int64_t kDay = int64_t{24} * 3600 * 1000;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Forwards to `base`; runs `after_put(path)` after every successful PutIfAbsent.
class AfterPutFileSystem : public io::FileSystem {
 public:
  explicit AfterPutFileSystem(io::FileSystem* base) : base_(base) {}
  std::function<void(const std::string&)> after_put;

  Result<std::unique_ptr<io::RandomAccessFile>> OpenForRead(const std::string& path) override {
    return base_->OpenForRead(path);
  }
  Result<std::unique_ptr<io::WritableFile>> OpenForWrite(const std::string& path) override {
    return base_->OpenForWrite(path);
  }
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    Status s = base_->PutIfAbsent(path, data);
    if (s.ok() && after_put) after_put(path);
    return s;
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
};

class CommitAfterLogCleanupTest : public ::testing::Test {
 protected:
  // Versions 0..3, checkpoints every 3 versions.
  void SetUp() override {
    SnapshotPtr s = CreateTable(&fs_, kRoot, false, {{"delta.checkpointInterval", "3"}});
    ASSERT_NE(s, nullptr);
    for (int i = 1; i <= 3; ++i) {
      Result<CommitResult> r = Append(s, {MakeAdd("f" + std::to_string(i) + ".parquet")});
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      s = Load();
    }
  }

  SnapshotPtr Load(io::FileSystem* fs = nullptr) {
    Result<SnapshotPtr> s = Snapshot::Load(fs ? fs : &fs_, kRoot);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : nullptr;
  }
  bool Exists(const std::string& path) { return fs_.Exists(path).ValueOr(false); }
  std::string Checkpoint(int64_t v) {
    return std::string(kRoot) + "/_delta_log/" + LogFileName::ClassicCheckpoint(v);
  }

  io::MemoryFileSystem fs_;
};

TEST_F(CommitAfterLogCleanupTest, ACommitBelowTheCleanupsCheckpointIsWithdrawn) {
  SnapshotPtr late = Load();  // Version 3.
  SnapshotPtr s = late;
  for (int i = 4; i <= 6; ++i) {  // Checkpoint at 6.
    ASSERT_TRUE(Append(s, {MakeAdd("g" + std::to_string(i) + ".parquet")}).ok());
    s = Load();
  }
  Result<LogCleanupResult> cleaned = LogCleaner::Clean(fs_, kRoot, kDay, NowMs() + 10 * kDay);
  ASSERT_TRUE(cleaned.ok()) << cleaned.status().ToString();
  ASSERT_EQ(cleaned->cutoff_checkpoint_version, 6);
  ASSERT_FALSE(Exists(CommitFile(kRoot, 4)));

  Result<CommitResult> r = Append(late, {MakeAdd("late.parquet")});
  ASSERT_FALSE(r.ok()) << "committed at version " << r->version;
  EXPECT_EQ(r.status().code(), StatusCode::kConflict) << r.status().ToString();
  EXPECT_NE(r.status().message().find("read version 3 of /tables/c, but the versions after it "
                                      "were deleted below the checkpoint at version 6, so its "
                                      "commit written at version 4 is not part of the table "
                                      "and was withdrawn"),
            std::string::npos)
      << r.status().ToString();
  EXPECT_FALSE(Exists(CommitFile(kRoot, 4)));
  SnapshotPtr after = Load();
  EXPECT_EQ(after->version(), 6);
  EXPECT_EQ(FilePaths(*after).count("late.parquet"), 0u);
}

// A table whose log starts at a checkpoint without its commit file (another engine's cleanup,
// a copied table): version - 1 exists only as a checkpoint, and the commit is kept.
TEST_F(CommitAfterLogCleanupTest, APredecessorThatIsOnlyACheckpointContinuesTheLog) {
  ASSERT_TRUE(Exists(Checkpoint(3)));
  for (int v = 0; v <= 3; ++v) ASSERT_TRUE(fs_.Delete(CommitFile(kRoot, v)).ok());
  SnapshotPtr s = Load();
  ASSERT_NE(s, nullptr);
  ASSERT_EQ(s->version(), 3);
  Result<CommitResult> r = Append(s, {MakeAdd("next.parquet")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 4);
  EXPECT_EQ(FilePaths(*Load()).count("next.parquet"), 1u);
}

// Version - 1 deleted after the put, but a checkpoint of the commit's own version exists: it
// was written after the put (a cleanup deletes a version's checkpoint before its commit), by
// a reader of this commit. The commit stands.
TEST_F(CommitAfterLogCleanupTest, ACheckpointOfTheCommitItselfKeepsIt) {
  AfterPutFileSystem fs(&fs_);
  SnapshotPtr s = Load(&fs);
  fs.after_put = [&](const std::string& path) {
    if (path != CommitFile(kRoot, 4)) return;
    ASSERT_TRUE(fs_.PutIfAbsent(Checkpoint(4), "placeholder").ok());
    ASSERT_TRUE(fs_.Delete(CommitFile(kRoot, 3)).ok());
  };
  Result<CommitResult> r = Append(s, {MakeAdd("next.parquet")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 4);
  EXPECT_TRUE(Exists(CommitFile(kRoot, 4)));
}

// Version - 1 deleted after the put with no checkpoint above the commit: no log cleanup made
// that gap (a cleanup only deletes below a checkpoint), so the commit stands.
TEST_F(CommitAfterLogCleanupTest, AGapWithoutACheckpointAboveIsNotACleanup) {
  AfterPutFileSystem fs(&fs_);
  SnapshotPtr s = Load(&fs);
  fs.after_put = [&](const std::string& path) {
    if (path == CommitFile(kRoot, 4)) ASSERT_TRUE(fs_.Delete(CommitFile(kRoot, 3)).ok());
  };
  Result<CommitResult> r = Append(s, {MakeAdd("next.parquet")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 4);
  EXPECT_TRUE(Exists(CommitFile(kRoot, 4)));
}

// The commit file is there, but whether version - 1 still exists cannot be read: the outcome
// is unknown, and the error says so.
TEST_F(CommitAfterLogCleanupTest, AnUncheckableCommitIsOutcomeUnknown) {
  io::FaultInjectingFileSystem faulty(&fs_);
  SnapshotPtr s = Load(&faulty);
  faulty.FailNthOnPath(io::FsOp::kGetFileInfo, 1, LogFileName::Commit(3));
  Result<CommitResult> r = Append(s, {MakeAdd("next.parquet")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError) << r.status().ToString();
  EXPECT_NE(r.status().message().find("Commit outcome unknown: version 4 of /tables/c"),
            std::string::npos)
      << r.status().ToString();
  EXPECT_TRUE(Exists(CommitFile(kRoot, 4)));
  EXPECT_EQ(FilePaths(*Load()).count("next.parquet"), 1u);
}

// After an ordinary cleanup (commits below checkpoint 6 gone) a fresh transaction commits.
TEST_F(CommitAfterLogCleanupTest, ACommitAfterAnOrdinaryCleanupSucceeds) {
  SnapshotPtr s = Load();
  for (int i = 4; i <= 7; ++i) {
    ASSERT_TRUE(Append(s, {MakeAdd("g" + std::to_string(i) + ".parquet")}).ok());
    s = Load();
  }
  Result<LogCleanupResult> cleaned = LogCleaner::Clean(fs_, kRoot, kDay, NowMs() + 10 * kDay);
  ASSERT_TRUE(cleaned.ok());
  ASSERT_EQ(cleaned->cutoff_checkpoint_version, 6);
  s = Load();
  Result<CommitResult> r = Append(s, {MakeAdd("next.parquet")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 8);
}

}  // namespace
}  // namespace lakeml::delta
