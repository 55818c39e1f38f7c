#include "delta/log_cleaner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "delta/log_segment.h"
#include "io/file_system.h"
#include "unit/delta/transaction/table_fixture.h"

namespace lakeml::delta {
namespace {

constexpr int64_t kHour = int64_t{3600} * 1000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kJan1 = int64_t{1704067200000};  // 2024-01-01T00:00:00Z

// A _delta_log of placeholder files with chosen modification times (the cleaner only looks at
// names and times).
class LogCleanerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    root_ = dir_.path() + "/t";
    log_ = root_ + "/_delta_log";
    ASSERT_TRUE(io::LocalFs()->CreateDirs(log_).ok());
  }

  void Put(const std::string& name, int64_t mtime_ms) {
    const std::string path = log_ + "/" + name;
    ASSERT_TRUE(io::LocalFs()->PutIfAbsent(path, "x").ok());
    struct timespec times[2];
    for (auto& t : times) {
      t.tv_sec = mtime_ms / 1000;
      t.tv_nsec = (mtime_ms % 1000) * 1000000;
    }
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  }

  // Commits 0..n-1, one a day at 01:00 from 2024-01-01, each with a .crc.
  void Commits(int n) {
    for (int v = 0; v < n; ++v) {
      Put(LogFileName::Commit(v), kJan1 + v * kDay + kHour);
      Put(LogFileName::Commit(v).substr(0, 20) + ".crc", kJan1 + v * kDay + kHour);
    }
  }
  void Checkpoint(int v) { Put(LogFileName::ClassicCheckpoint(v), kJan1 + v * kDay + 2 * kHour); }

  std::set<std::string> Names() {
    std::set<std::string> out;
    Result<std::vector<io::FileInfo>> listing = io::LocalFs()->List(log_);
    EXPECT_TRUE(listing.ok());
    for (const io::FileInfo& f : listing.ValueOr({})) {
      out.insert(f.path.substr(f.path.rfind('/') + 1));
    }
    return out;
  }
  std::set<int64_t> Versions(LogFileName::Kind kind) {
    std::set<int64_t> out;
    for (const std::string& n : Names()) {
      LogFileName p = LogFileName::Parse(n);
      if (p.kind == kind) out.insert(p.version);
    }
    return out;
  }
  int64_t CrcCount() {
    int64_t n = 0;
    for (const std::string& name : Names()) n += name.size() > 4 && name.substr(20) == ".crc";
    return n;
  }

  txn_testing::ScratchDir dir_;
  std::string root_, log_;
};

TEST_F(LogCleanerTest, KeepsTheNewestCheckpointOlderThanTheRetention) {
  Commits(10);
  Checkpoint(3);
  Checkpoint(6);
  // now - 2 days = Jan 8 02:00 -> cut-off midnight Jan 8: commits 0..6 are older.
  Result<LogCleanupResult> r =
      LogCleaner::Clean(*io::LocalFs(), root_, 2 * kDay, kJan1 + 9 * kDay + 2 * kHour);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->cutoff_checkpoint_version, 6);
  EXPECT_EQ(r->files_deleted, 6 + 6 + 1);  // commits 0-5, their .crc, checkpoint 3
  EXPECT_EQ(Versions(LogFileName::Kind::kCommit), (std::set<int64_t>{6, 7, 8, 9}));
  EXPECT_EQ(Versions(LogFileName::Kind::kClassicCheckpoint), std::set<int64_t>{6});
  EXPECT_EQ(CrcCount(), 4);
}

TEST_F(LogCleanerTest, TruncatesTheCutOffToMidnightUtc) {
  Commits(10);
  Checkpoint(3);
  Checkpoint(6);
  // now - 2 days = Jan 7 00:30 -> cut-off midnight Jan 7: commit 6 (Jan 7 01:00) is newer, so
  // the cut-off checkpoint is 3.
  Result<LogCleanupResult> r =
      LogCleaner::Clean(*io::LocalFs(), root_, 2 * kDay, kJan1 + 8 * kDay + 30 * 60 * 1000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cutoff_checkpoint_version, 3);
  EXPECT_EQ(Versions(LogFileName::Kind::kCommit), (std::set<int64_t>{3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(Versions(LogFileName::Kind::kClassicCheckpoint), (std::set<int64_t>{3, 6}));
}

TEST_F(LogCleanerTest, DeletesNothingWithoutAnExpiredCheckpoint) {
  Commits(10);
  Result<LogCleanupResult> r = LogCleaner::Clean(*io::LocalFs(), root_, kDay, kJan1 + 100 * kDay);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->files_deleted, 0);
  EXPECT_EQ(r->cutoff_checkpoint_version, -1);
  EXPECT_EQ(Versions(LogFileName::Kind::kCommit).size(), 10u);

  // A checkpoint newer than the cut-off does not help either.
  Checkpoint(8);
  r = LogCleaner::Clean(*io::LocalFs(), root_, 3 * kDay, kJan1 + 9 * kDay + 2 * kHour);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->files_deleted, 0);
}

TEST_F(LogCleanerTest, IgnoresIncompleteMultiPartCheckpoints) {
  Commits(10);
  Checkpoint(2);
  Put(LogFileName::Commit(5).substr(0, 20) + ".checkpoint.0000000001.0000000002.parquet",
      kJan1 + 5 * kDay + 2 * kHour);
  Result<LogCleanupResult> r = LogCleaner::Clean(*io::LocalFs(), root_, kDay, kJan1 + 30 * kDay);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cutoff_checkpoint_version, 2);
  // The complete one counts.
  Put(LogFileName::Commit(5).substr(0, 20) + ".checkpoint.0000000002.0000000002.parquet",
      kJan1 + 5 * kDay + 2 * kHour);
  r = LogCleaner::Clean(*io::LocalFs(), root_, kDay, kJan1 + 30 * kDay);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cutoff_checkpoint_version, 5);
  EXPECT_EQ(*Versions(LogFileName::Kind::kCommit).begin(), 5);
  EXPECT_EQ(Versions(LogFileName::Kind::kMultiPartCheckpoint), std::set<int64_t>{5});
}

TEST_F(LogCleanerTest, CommitTimesAreMadeMonotonic) {
  Commits(6);
  Checkpoint(3);
  // Commit 3's file claims to be 100 days old, but a commit is never older than its
  // predecessor: with the cut-off at midnight Jan 2 only commit 0 has expired, and no
  // checkpoint is at or below it.
  ASSERT_TRUE(io::LocalFs()->Delete(log_ + "/" + LogFileName::Commit(3)).ok());
  Put(LogFileName::Commit(3), kJan1 - 100 * kDay);
  Result<LogCleanupResult> r =
      LogCleaner::Clean(*io::LocalFs(), root_, kDay, kJan1 + 2 * kDay + kHour);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->files_deleted, 0);
  EXPECT_EQ(r->cutoff_checkpoint_version, -1);
}

TEST_F(LogCleanerTest, DeletesCompactionsStartingAtOrBeforeTheCheckpoint) {
  Commits(8);
  Checkpoint(4);
  Put(LogFileName::Commit(2).substr(0, 20) + "." + LogFileName::Commit(4).substr(0, 20) +
          ".compacted.json",
      kJan1);
  Put(LogFileName::Commit(4).substr(0, 20) + "." + LogFileName::Commit(6).substr(0, 20) +
          ".compacted.json",
      kJan1);
  Put(LogFileName::Commit(5).substr(0, 20) + "." + LogFileName::Commit(6).substr(0, 20) +
          ".compacted.json",
      kJan1);
  Put("_last_checkpoint", kJan1);
  Result<LogCleanupResult> r = LogCleaner::Clean(*io::LocalFs(), root_, kDay, kJan1 + 30 * kDay);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cutoff_checkpoint_version, 4);
  std::set<std::string> names = Names();
  EXPECT_EQ(names.count("_last_checkpoint"), 1u);
  int compactions = 0;
  for (const std::string& n : names) compactions += n.find("compacted") != std::string::npos;
  EXPECT_EQ(compactions, 1);
}

// Forwards to LocalFs and records every Delete; `fail_at` (a path suffix) fails that delete.
class DeleteRecordingFileSystem : public io::FileSystem {
 public:
  std::vector<std::string> deleted;
  std::string fail_at;

  Result<std::unique_ptr<io::RandomAccessFile>> OpenForRead(const std::string& path) override {
    return base_->OpenForRead(path);
  }
  Result<std::unique_ptr<io::WritableFile>> OpenForWrite(const std::string& path) override {
    return base_->OpenForWrite(path);
  }
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    return base_->PutIfAbsent(path, data);
  }
  Result<std::vector<io::FileInfo>> List(const std::string& dir) override {
    return base_->List(dir);
  }
  Result<io::FileInfo> GetFileInfo(const std::string& path) override {
    return base_->GetFileInfo(path);
  }
  Status Delete(const std::string& path) override {
    if (!fail_at.empty() && path.size() >= fail_at.size() &&
        path.compare(path.size() - fail_at.size(), fail_at.size(), fail_at) == 0) {
      return Status::IOError("injected delete failure: ", path);
    }
    deleted.push_back(path.substr(path.rfind('/') + 1));
    return base_->Delete(path);
  }
  Status CreateDirs(const std::string& path) override { return base_->CreateDirs(path); }

 private:
  io::FileSystem* base_ = io::LocalFs();
};

// Writers rely on the order (decision 0007): once commit v is gone, every file below v and
// every checkpoint of v is gone.
TEST_F(LogCleanerTest, DeletesOldestFirstAndEachCommitAfterItsCheckpoint) {
  Commits(10);
  Checkpoint(3);
  Checkpoint(6);
  Checkpoint(8);
  DeleteRecordingFileSystem fs;
  Result<LogCleanupResult> r = LogCleaner::Clean(fs, root_, kDay, kJan1 + 30 * kDay);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->cutoff_checkpoint_version, 8);
  ASSERT_EQ(fs.deleted.size(), 8u + 8u + 2u);  // Commits 0-7, their .crc, checkpoints 3, 6.
  int64_t previous = -1;
  bool commit_seen = false;
  for (const std::string& name : fs.deleted) {
    const int64_t version = std::stoll(name.substr(0, 20));
    ASSERT_GE(version, previous) << name;
    if (version != previous) commit_seen = false;
    EXPECT_FALSE(commit_seen) << name << " deleted after the commit of its version";
    commit_seen = LogFileName::Parse(name).kind == LogFileName::Kind::kCommit;
    previous = version;
  }
  // The checkpoint's commit and everything after it stay.
  EXPECT_EQ(Versions(LogFileName::Kind::kCommit), (std::set<int64_t>{8, 9}));
}

TEST_F(LogCleanerTest, StopsAtTheFirstFailedDelete) {
  Commits(10);
  Checkpoint(6);
  DeleteRecordingFileSystem fs;
  fs.fail_at = LogFileName::Commit(2);
  Result<LogCleanupResult> r = LogCleaner::Clean(fs, root_, kDay, kJan1 + 30 * kDay);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("injected delete failure"), std::string::npos);
  // Commits 0 and 1 (and the .crc of 2) are gone; 2 and everything after it stay.
  EXPECT_EQ(Versions(LogFileName::Kind::kCommit), (std::set<int64_t>{2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(CrcCount(), 7);
}

}  // namespace
}  // namespace lakeml::delta
