#include "delta/conflict_checker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "delta/log_replay.h"
#include "delta/stats/skipping_predicate.h"
#include "delta/transaction.h"
#include "io/memory_file_system.h"
#include "unit/delta/transaction/table_fixture.h"

namespace lakeml::delta {
namespace {

using txn_testing::Append;
using txn_testing::CreateTable;
using txn_testing::FilePaths;
using txn_testing::MakeAdd;
using txn_testing::MakeMetadata;
using txn_testing::MakeRemove;

constexpr char kRoot[] = "/tables/c";

// Two transactions start from the same snapshot; the "winner" commits first, then the
// "loser" tries.
class ConflictTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SnapshotPtr v0 = CreateTable(&fs_, kRoot, /*partitioned=*/true);
    ASSERT_NE(v0, nullptr);
    ASSERT_TRUE(Append(v0, {a_, b_}).ok());
    base_ = *Snapshot::Load(&fs_, kRoot);
    ASSERT_EQ(base_->version(), 1);
  }

  Predicate Parse(const std::string& text) {
    Result<Predicate> p = Predicate::Parse(text, *base_->schema());
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? *p : Predicate();
  }

  void Win(const std::function<void(Transaction*)>& fill) {
    auto winner = Transaction::Begin(base_);
    fill(winner.get());
    Result<CommitResult> r = winner->Commit();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->version, 2);
  }

  // Expects the loser to fail with `kind` in the message.
  void ExpectConflict(Transaction* loser, const std::string& kind) {
    Result<CommitResult> r = loser->Commit();
    ASSERT_FALSE(r.ok()) << "expected " << kind;
    EXPECT_EQ(r.status().code(), StatusCode::kConflict) << r.status().ToString();
    EXPECT_NE(r.status().message().find(StrCat("Concurrent modification: ", kind, ": ")),
              std::string::npos)
        << r.status().message();
    EXPECT_NE(r.status().message().find("by version 2"), std::string::npos);
    EXPECT_NE(r.status().message().find("after this transaction read version 1"),
              std::string::npos);
    // Nothing of the loser is visible.
    EXPECT_EQ((*Snapshot::Load(&fs_, kRoot))->version(), 2);
  }

  io::MemoryFileSystem fs_;
  AddFile a_ = MakeAdd("date=2024-01-01/a.parquet", "2024-01-01", 10, 0, 9);
  AddFile b_ = MakeAdd("date=2024-01-02/b.parquet", "2024-01-02", 10, 10, 19);
  SnapshotPtr base_;
};

TEST_F(ConflictTest, TwoBlindAppendsBothCommit) {
  auto loser = Transaction::Begin(base_);
  loser->AddFile(MakeAdd("date=2024-01-01/l.parquet", "2024-01-01"));
  Win([](Transaction* t) { t->AddFile(MakeAdd("date=2024-01-01/w.parquet", "2024-01-01")); });
  Result<CommitResult> r = loser->Commit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 3);
  EXPECT_EQ(r->attempts, 2);
  SnapshotPtr s = *Snapshot::Load(&fs_, kRoot);
  EXPECT_EQ(s->files().size(), 4u);
}

TEST_F(ConflictTest, ProtocolChanged) {
  auto loser = Transaction::Begin(base_);
  loser->AddFile(MakeAdd("date=2024-01-01/l.parquet", "2024-01-01"));
  Win([](Transaction* t) { t->UpdateProtocol(Protocol{1, 3, std::nullopt, std::nullopt}); });
  ExpectConflict(loser.get(), "ProtocolChanged");
}

TEST_F(ConflictTest, MetadataChanged) {
  auto loser = Transaction::Begin(base_);
  loser->AddFile(MakeAdd("date=2024-01-01/l.parquet", "2024-01-01"));
  Win([](Transaction* t) { t->UpdateMetadata(MakeMetadata(true, {{"k", "v"}})); });
  ExpectConflict(loser.get(), "MetadataChanged");
}

TEST_F(ConflictTest, ConcurrentAppendIntoTheReadPartition) {
  auto loser = Transaction::Begin(base_);
  loser->ReadPredicate(Parse("date = '2024-01-01'"));
  loser->ReadFiles({a_});
  loser->RemoveFile(MakeRemove(a_));
  Win([](Transaction* t) {
    t->ReadWholeTable();  // Not a blind append.
    t->AddFile(MakeAdd("date=2024-01-01/w.parquet", "2024-01-01"));
  });
  Result<CommitResult> r = loser->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Concurrent modification: ConcurrentAppend: files were added to partition "
            "[date=2024-01-01] by version 2 (WRITE) after this transaction read version 1");
}

TEST_F(ConflictTest, AppendsElsewhereDoNotConflict) {
  auto loser = Transaction::Begin(base_);
  loser->ReadPredicate(Parse("date = '2024-01-01'"));
  loser->ReadFiles({a_});
  loser->RemoveFile(MakeRemove(a_));
  Win([](Transaction* t) {
    t->ReadWholeTable();
    t->AddFile(MakeAdd("date=2024-01-03/w.parquet", "2024-01-03"));
  });
  Result<CommitResult> r = loser->Commit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 3);
}

TEST_F(ConflictTest, StatisticsRuleOutAConcurrentAppend) {
  auto loser = Transaction::Begin(base_);
  loser->ReadPredicate(Parse("id = 5"));
  loser->ReadFiles({a_});
  loser->RemoveFile(MakeRemove(a_));
  Win([](Transaction* t) {
    t->ReadWholeTable();
    t->AddFile(MakeAdd("date=2024-01-01/w.parquet", "2024-01-01", 10, 100, 200));
  });
  EXPECT_TRUE(loser->Commit().ok());
}

TEST_F(ConflictTest, BlindAppendsDoNotConflictUnderWriteSerializable) {
  auto loser = Transaction::Begin(base_);
  loser->ReadWholeTable();
  loser->RemoveFile(MakeRemove(a_));
  Win([](Transaction* t) { t->AddFile(MakeAdd("date=2024-01-01/w.parquet", "2024-01-01")); });
  EXPECT_TRUE(loser->Commit().ok());
}

TEST_F(ConflictTest, BlindAppendsConflictUnderSerializable) {
  auto t = Transaction::Begin(base_);
  t->UpdateMetadata(MakeMetadata(true, {{"delta.isolationLevel", "Serializable"}}));
  ASSERT_TRUE(t->Commit().ok());
  base_ = *Snapshot::Load(&fs_, kRoot);
  auto loser = Transaction::Begin(base_);
  loser->ReadWholeTable();
  loser->RemoveFile(MakeRemove(a_));
  auto winner = Transaction::Begin(base_);
  winner->AddFile(MakeAdd("date=2024-01-01/w.parquet", "2024-01-01"));
  ASSERT_TRUE(winner->Commit().ok());
  Result<CommitResult> r = loser->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("ConcurrentAppend"), std::string::npos);
}

TEST_F(ConflictTest, ConcurrentDeleteRead) {
  auto loser = Transaction::Begin(base_);
  loser->ReadFiles({a_});
  loser->AddFile(MakeAdd("date=2024-01-01/l.parquet", "2024-01-01"));
  Win([&](Transaction* t) {
    t->SetOperation("DELETE");
    t->RemoveFile(MakeRemove(a_));
  });
  ExpectConflict(loser.get(), "ConcurrentDeleteRead");
}

TEST_F(ConflictTest, ConcurrentDeleteDelete) {
  auto loser = Transaction::Begin(base_);
  loser->RemoveFile(MakeRemove(a_));
  Win([&](Transaction* t) {
    t->SetOperation("DELETE");
    t->RemoveFile(MakeRemove(a_));
  });
  ExpectConflict(loser.get(), "ConcurrentDeleteDelete");
}

TEST_F(ConflictTest, ConcurrentTransaction) {
  auto loser = Transaction::Begin(base_);
  loser->SetAppTransaction("stream", 2);
  loser->AddFile(MakeAdd("date=2024-01-01/l.parquet", "2024-01-01"));
  Win([](Transaction* t) {
    t->SetAppTransaction("stream", 1);
    t->AddFile(MakeAdd("date=2024-01-01/w.parquet", "2024-01-01"));
  });
  ExpectConflict(loser.get(), "ConcurrentTransaction");
}

TEST_F(ConflictTest, ConcurrentDomainMetadata) {
  // Give the table the domainMetadata feature first.
  auto t = Transaction::Begin(base_);
  t->SetDomainMetadata(DomainMetadata{"other", "{}", false});
  ASSERT_TRUE(t->Commit().ok());
  base_ = *Snapshot::Load(&fs_, kRoot);
  auto loser = Transaction::Begin(base_);
  loser->SetDomainMetadata(DomainMetadata{"lakeml.x", "1", false});
  auto winner = Transaction::Begin(base_);
  winner->SetDomainMetadata(DomainMetadata{"lakeml.x", "2", false});
  ASSERT_TRUE(winner->Commit().ok());
  Result<CommitResult> r = loser->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("ConcurrentDomainMetadata: domain lakeml.x"),
            std::string::npos)
      << r.status().message();
}

TEST_F(ConflictTest, CreatingATableTwiceFailsWithAlreadyExists) {
  auto first = Transaction::BeginCreate(&fs_, "/tables/new");
  auto second = Transaction::BeginCreate(&fs_, "/tables/new");
  for (auto* t : {first.get(), second.get()}) {
    t->UpdateMetadata(MakeMetadata(false));
    t->UpdateProtocol(txn_testing::LegacyProtocol());
  }
  ASSERT_TRUE(first->Commit().ok());
  EXPECT_EQ(second->Commit().status().code(), StatusCode::kAlreadyExists);
}

TEST_F(ConflictTest, GivesUpAfterMaxRetries) {
  auto loser = Transaction::Begin(base_);
  loser->set_max_retries(0);
  loser->AddFile(MakeAdd("date=2024-01-01/l.parquet", "2024-01-01"));
  Win([](Transaction* t) { t->AddFile(MakeAdd("date=2024-01-01/w.parquet", "2024-01-01")); });
  Result<CommitResult> r = loser->Commit();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_NE(r.status().message().find("gave up"), std::string::npos);
}

// 8 threads x 25 blind appends, each transaction starting from the stale version 0 so that
// every race rebases; exactly 200 new versions with every file.
void RunEightWriters(io::FileSystem* fs, const std::string& root, StringMap config,
                     Protocol protocol) {
  SnapshotPtr v0 = CreateTable(fs, root, false, std::move(config), protocol);
  ASSERT_NE(v0, nullptr);
  constexpr int kThreads = 8, kCommits = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCommits; ++i) {
        auto txn = Transaction::Begin(v0);
        txn->set_max_retries(1000);
        txn->AddFile(MakeAdd(StrCat("t", t, "-", i, ".parquet")));
        Result<CommitResult> r = txn->Commit();
        if (!r.ok() || !r->checkpoint_error.empty()) {
          ++failures;
          ADD_FAILURE() << r.status().ToString() << (r.ok() ? r->checkpoint_error : "");
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  Result<SnapshotPtr> s = Snapshot::Load(fs, root);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->version(), kThreads * kCommits);
  std::set<std::string> expected;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kCommits; ++i) expected.insert(StrCat("t", t, "-", i, ".parquet"));
  }
  EXPECT_EQ(FilePaths(**s), expected);
}

TEST(ConcurrentCommitTest, EightWritersInMemory) {
  io::MemoryFileSystem fs;
  RunEightWriters(&fs, kRoot, {{"delta.checkpointInterval", "1000"}},
                  txn_testing::LegacyProtocol());
}

TEST(ConcurrentCommitTest, EightWritersOnDiskWithCheckpointsAndInCommitTimestamps) {
  txn_testing::ScratchDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string root = dir.path() + "/t";
  RunEightWriters(io::LocalFs(), root, {{"delta.enableInCommitTimestamps", "true"}},
                  Protocol{1, 7, std::nullopt, std::vector<std::string>{"inCommitTimestamp"}});
  // Checkpoints at 100 and 200 (the default interval), written while others committed.
  SnapshotPtr s = *Snapshot::Load(io::LocalFs(), root);
  EXPECT_EQ(s->log_segment().checkpoint_version, 200);
  // In-commit timestamps increase strictly across all 201 versions.
  int64_t previous = -1;
  for (int64_t v = 0; v <= 200; ++v) {
    Result<int64_t> ts = LogReplay::CommitTimestamp(
        *io::LocalFs(), LogFile{txn_testing::CommitFile(root, v), v, 0, 0},
        /*use_ict=*/true);
    ASSERT_TRUE(ts.ok()) << ts.status().ToString();
    EXPECT_GT(*ts, previous) << "version " << v;
    previous = *ts;
  }
}

}  // namespace
}  // namespace lakeml::delta
