// Commits under storage faults: whatever fails, the table opens at a committed version with
// exactly that version's files, and a commit reported as done is in the table.
#include <gtest/gtest.h>

#include <set>

#include "delta/transaction.h"
#include "io/fault_injecting_file_system.h"
#include "io/memory_file_system.h"
#include "unit/delta/transaction/table_fixture.h"

namespace lakeml::delta {
namespace {

using io::FaultTiming;
using io::FsOp;
using txn_testing::CreateTable;
using txn_testing::FilePaths;
using txn_testing::MakeAdd;

constexpr char kRoot[] = "/tables/f";

class CommitFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SnapshotPtr v0 = CreateTable(&base_, kRoot, false, {{"delta.checkpointInterval", "2"}});
    ASSERT_NE(v0, nullptr);
    ASSERT_TRUE(txn_testing::Append(v0, {MakeAdd("one.parquet")}).ok());
  }

  // The table as a fresh reader sees it, through the healthy file system.
  SnapshotPtr Reload() {
    Result<SnapshotPtr> s = Snapshot::Load(&base_, kRoot);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? *s : nullptr;
  }

  // Begins a transaction on the latest version, reading through `faulty_`.
  std::unique_ptr<Transaction> BeginFaulty(const std::string& file) {
    Result<SnapshotPtr> s = Snapshot::Load(&faulty_, kRoot);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    auto txn = Transaction::Begin(*s);
    txn->AddFile(MakeAdd(file));
    return txn;
  }

  io::MemoryFileSystem base_;
  io::FaultInjectingFileSystem faulty_{&base_};
};

TEST_F(CommitFaultTest, APutThatNeverHappenedCommitsNothing) {
  auto txn = BeginFaulty("two.parquet");
  faulty_.FailNth(FsOp::kPutIfAbsent, 1, FaultTiming::kBeforeEffect);
  Result<CommitResult> r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find("nothing was committed"), std::string::npos)
      << r.status().message();
  SnapshotPtr s = Reload();
  EXPECT_EQ(s->version(), 1);
  EXPECT_EQ(FilePaths(*s), std::set<std::string>{"one.parquet"});
}

TEST_F(CommitFaultTest, APutThatHappenedDespiteTheErrorIsACommit) {
  auto txn = BeginFaulty("two.parquet");
  faulty_.FailNth(FsOp::kPutIfAbsent, 1, FaultTiming::kAfterEffect);
  Result<CommitResult> r = txn->Commit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(r->attempts, 1);
  SnapshotPtr s = Reload();
  EXPECT_EQ(s->version(), 2);
  EXPECT_EQ(FilePaths(*s), (std::set<std::string>{"one.parquet", "two.parquet"}));
}

TEST_F(CommitFaultTest, AnUnreadableOutcomeIsReportedAsUnknown) {
  auto txn = BeginFaulty("two.parquet");
  faulty_.FailNth(FsOp::kPutIfAbsent, 1, FaultTiming::kAfterEffect);
  faulty_.FailNthOnPath(FsOp::kOpenForRead, 1, LogFileName::Commit(2));
  Result<CommitResult> r = txn->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find("outcome unknown"), std::string::npos)
      << r.status().message();
}

TEST_F(CommitFaultTest, AnotherWritersFileBehindAnErrorMeansRebase) {
  auto txn = BeginFaulty("mine.parquet");
  // Another writer takes version 2; our put then fails without effect.
  ASSERT_TRUE(txn_testing::Append(Reload(), {MakeAdd("theirs.parquet")}).ok());
  faulty_.FailNth(FsOp::kPutIfAbsent, 1, FaultTiming::kBeforeEffect);
  Result<CommitResult> r = txn->Commit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 3);
  EXPECT_EQ(r->attempts, 2);
  EXPECT_EQ(FilePaths(*Reload()),
            (std::set<std::string>{"one.parquet", "theirs.parquet", "mine.parquet"}));
}

TEST_F(CommitFaultTest, CrashesAtEveryPointLeaveACommittedVersion) {
  // Version 2 triggers a checkpoint and a log cleanup, so the crash points cover the commit
  // file, the checkpoint, _last_checkpoint and the cleanup.
  for (int64_t crash_after = 0; crash_after < 60; ++crash_after) {
    SCOPED_TRACE(crash_after);
    io::MemoryFileSystem base;
    SnapshotPtr v0 = CreateTable(&base, kRoot, false, {{"delta.checkpointInterval", "2"}});
    ASSERT_TRUE(txn_testing::Append(v0, {MakeAdd("one.parquet")}).ok());
    io::FaultInjectingFileSystem faulty(&base);
    Result<SnapshotPtr> v1 = Snapshot::Load(&faulty, kRoot);
    ASSERT_TRUE(v1.ok());
    auto txn = Transaction::Begin(*v1);
    txn->AddFile(MakeAdd("two.parquet"));
    faulty.CrashAfter(crash_after);
    Result<CommitResult> r = txn->Commit();
    faulty.Reset();

    Result<SnapshotPtr> after = Snapshot::Load(&base, kRoot);
    ASSERT_TRUE(after.ok()) << after.status().ToString();
    if (r.ok()) {
      EXPECT_EQ((*after)->version(), 2);
    } else if (r.status().message().find("nothing was committed") != std::string::npos) {
      EXPECT_EQ((*after)->version(), 1);
    }
    if ((*after)->version() == 2) {
      EXPECT_EQ(FilePaths(**after), (std::set<std::string>{"one.parquet", "two.parquet"}));
    } else {
      EXPECT_EQ((*after)->version(), 1);
      EXPECT_EQ(FilePaths(**after), std::set<std::string>{"one.parquet"});
    }
    // The table stays writable.
    Result<CommitResult> next = txn_testing::Append(*after, {MakeAdd("three.parquet")});
    ASSERT_TRUE(next.ok()) << next.status().ToString();
  }
}

TEST_F(CommitFaultTest, RandomFaultsNeverLoseOrInventACommit) {
  std::set<std::string> committed = {"one.parquet"};
  std::set<std::string> maybe;
  for (int i = 0; i < 200; ++i) {
    Result<SnapshotPtr> s = Snapshot::Load(&faulty_, kRoot);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    const std::string file = StrCat("r", i, ".parquet");
    auto txn = Transaction::Begin(*s);
    txn->AddFile(MakeAdd(file));
    faulty_.SetRandomFaults(1234 + i, 0.15);
    Result<CommitResult> r = txn->Commit();
    faulty_.SetRandomFaults(0, 0);
    if (r.ok()) {
      committed.insert(file);
    } else if (r.status().message().find("nothing was committed") == std::string::npos) {
      maybe.insert(file);
    }
    SnapshotPtr now = Reload();
    ASSERT_NE(now, nullptr);
    for (const std::string& f : committed) EXPECT_EQ(FilePaths(*now).count(f), 1u) << f;
    for (const std::string& f : FilePaths(*now)) {
      EXPECT_TRUE(committed.count(f) > 0 || maybe.count(f) > 0) << f;
    }
  }
  EXPECT_GT(committed.size(), 50u);
}

}  // namespace
}  // namespace lakeml::delta
