#include "delta/checkpointer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "delta/log_segment.h"
#include "delta/transaction.h"
#include "io/fault_injecting_file_system.h"
#include "io/memory_file_system.h"
#include "unit/delta/transaction/table_fixture.h"

namespace lakeml::delta {
namespace {

using txn_testing::Append;
using txn_testing::CreateTable;
using txn_testing::FilePaths;
using txn_testing::MakeAdd;
using txn_testing::MakeRemove;

constexpr char kRoot[] = "/tables/cp";
constexpr int64_t kDay = int64_t{24} * 3600 * 1000;

std::vector<AddFile> SortedFiles(const Snapshot& s) {
  std::vector<AddFile> files = s.files();
  for (AddFile& f : files) f.data_change = true;  // Checkpoints store state, not changes.
  std::sort(files.begin(), files.end(),
            [](const AddFile& a, const AddFile& b) { return a.path < b.path; });
  return files;
}

// Copies the commit files (only) of `root` on `from` to `to`.
void CopyCommits(io::MemoryFileSystem& from, const std::string& root, io::MemoryFileSystem& to) {
  Result<std::vector<io::FileInfo>> listing = from.List(root + "/_delta_log");
  EXPECT_TRUE(listing.ok());
  for (const io::FileInfo& f : listing.ValueOr({})) {
    const std::string name = f.path.substr(f.path.rfind('/') + 1);
    if (LogFileName::Parse(name).kind != LogFileName::Kind::kCommit) continue;
    ASSERT_TRUE(to.WriteWhole(f.path, *from.ReadFile(f.path)).ok());
  }
}

class CheckpointerTest : public ::testing::Test {
 protected:
  io::MemoryFileSystem fs_;
};

TEST_F(CheckpointerTest, CheckpointsEveryIntervalAndLoadsLikeTheJsonReplay) {
  SnapshotPtr s =
      CreateTable(&fs_, kRoot, /*partitioned=*/true, {{"delta.checkpointInterval", "10"}});
  ASSERT_NE(s, nullptr);
  for (int v = 1; v <= 100; ++v) {
    auto txn = Transaction::Begin(s);
    txn->AddFile(MakeAdd(StrCat("date=2024-01-0", v % 3 + 1, "/f", v, ".parquet"),
                         StrCat("2024-01-0", v % 3 + 1), v, v, v + 100));
    if (v % 7 == 0) {
      // Retire an earlier file.
      txn->RemoveFile(
          MakeRemove(MakeAdd(StrCat("date=2024-01-0", (v - 5) % 3 + 1, "/f", v - 5, ".parquet"),
                             StrCat("2024-01-0", (v - 5) % 3 + 1))));
    }
    if (v % 20 == 0) txn->SetAppTransaction("stream", v);
    if (v == 50) txn->SetDomainMetadata(DomainMetadata{"lakeml.test", R"({"v":50})", false});
    Result<CommitResult> r = txn->Commit();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->version, v);
    EXPECT_EQ(r->checkpointed, v % 10 == 0) << "version " << v << ": " << r->checkpoint_error;
    EXPECT_EQ(r->checkpoint_error, "");
    s = *r->LoadSnapshot();
  }
  EXPECT_TRUE(fs_.Exists(StrCat(kRoot, "/_delta_log/", LogFileName::ClassicCheckpoint(100)))
                  .ValueOr(false));

  Result<SnapshotPtr> from_checkpoint = Snapshot::Load(&fs_, kRoot);
  ASSERT_TRUE(from_checkpoint.ok()) << from_checkpoint.status().ToString();
  const Snapshot& cp = **from_checkpoint;
  EXPECT_EQ(cp.log_segment().checkpoint_version, 100);
  EXPECT_TRUE(cp.log_segment().commits.empty());

  io::MemoryFileSystem json_only;
  CopyCommits(fs_, kRoot, json_only);
  Result<SnapshotPtr> from_json = Snapshot::Load(&json_only, kRoot);
  ASSERT_TRUE(from_json.ok()) << from_json.status().ToString();
  const Snapshot& js = **from_json;
  EXPECT_EQ(js.log_segment().checkpoint_version, -1);

  EXPECT_EQ(cp.version(), js.version());
  EXPECT_EQ(cp.protocol(), js.protocol());
  EXPECT_EQ(cp.metadata(), js.metadata());
  EXPECT_EQ(cp.files().size(), 100u - 14u);
  EXPECT_EQ(SortedFiles(cp), SortedFiles(js));
  EXPECT_EQ(cp.AppTransactionVersion("stream"), 100);
  EXPECT_EQ(cp.app_transactions(), js.app_transactions());
  EXPECT_EQ(cp.domain_metadata(), js.domain_metadata());

  // _last_checkpoint points at it.
  Result<std::string> last = fs_.ReadFile(StrCat(kRoot, "/_delta_log/_last_checkpoint"));
  ASSERT_TRUE(last.ok());
  nlohmann::json j = nlohmann::json::parse(*last);
  EXPECT_EQ(j["version"], 100);
  EXPECT_EQ(j["numOfAddFiles"], 86);
  // protocol + metaData + txn + domainMetadata + adds + unexpired tombstones
  EXPECT_EQ(j["size"], 1 + 1 + 1 + 1 + 86 + 14);
  EXPECT_GT(j["sizeInBytes"].get<int64_t>(), 0);
}

TEST_F(CheckpointerTest, DropsExpiredTombstonesAndTransactions) {
  const int64_t now = NowMillis();
  SnapshotPtr s = CreateTable(&fs_, kRoot, false,
                              {{"delta.setTransactionRetentionDuration", "interval 2 days"}});
  std::vector<AddFile> files;
  for (int i = 0; i < 4; ++i) files.push_back(MakeAdd(StrCat("f", i, ".parquet")));
  ASSERT_TRUE(Append(s, files).ok());
  s = *Snapshot::Load(&fs_, kRoot);
  // Tombstones 8 days old (expired under the default week), 6 days old and fresh.
  auto txn = Transaction::Begin(s);
  txn->RemoveFile(MakeRemove(files[0], now - 8 * kDay));
  txn->RemoveFile(MakeRemove(files[1], now - 6 * kDay));
  txn->RemoveFile(MakeRemove(files[2]));
  ASSERT_TRUE(txn->Commit().ok());
  // An app transaction last updated 3 days ago, and a fresh one.
  txn = Transaction::Begin(*Snapshot::Load(&fs_, kRoot));
  txn->set_clock([&] { return now - 3 * kDay; });
  txn->SetAppTransaction("old-app", 1);
  ASSERT_TRUE(txn->Commit().ok());
  txn = Transaction::Begin(*Snapshot::Load(&fs_, kRoot));
  txn->SetAppTransaction("new-app", 1);
  ASSERT_TRUE(txn->Commit().ok());

  SnapshotOptions with_tombstones;
  with_tombstones.keep_tombstones = true;
  SnapshotPtr full = *Snapshot::Load(&fs_, kRoot, with_tombstones);
  ASSERT_EQ(full->tombstones().size(), 3u);
  Result<CheckpointInfo> info = Checkpointer::Write(*full, now);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->version, 4);
  EXPECT_FALSE(info->v2);

  SnapshotPtr reloaded = *Snapshot::Load(&fs_, kRoot, with_tombstones);
  EXPECT_EQ(reloaded->log_segment().checkpoint_version, 4);
  std::set<std::string> tombstones;
  for (const RemoveFile& r : reloaded->tombstones()) tombstones.insert(r.path);
  EXPECT_EQ(tombstones, (std::set<std::string>{"f1.parquet", "f2.parquet"}));
  EXPECT_FALSE(reloaded->AppTransactionVersion("old-app").has_value());
  EXPECT_EQ(reloaded->AppTransactionVersion("new-app"), 1);
  EXPECT_EQ(FilePaths(*reloaded), std::set<std::string>{"f3.parquet"});
}

TEST_F(CheckpointerTest, WritesUuidNamedV2CheckpointsWhenTheFeatureIsOn) {
  Protocol p{3, 7, std::vector<std::string>{"v2Checkpoint"},
             std::vector<std::string>{"v2Checkpoint"}};
  SnapshotPtr s = CreateTable(
      &fs_, kRoot, false, {{"delta.checkpointInterval", "2"}, {"delta.checkpointPolicy", "v2"}}, p);
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(Append(s, {MakeAdd("a.parquet")}).ok());
  Result<CommitResult> r = Append(*Snapshot::Load(&fs_, kRoot), {MakeAdd("b.parquet")});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->checkpointed) << r->checkpoint_error;
  int v2_files = 0;
  Result<std::vector<io::FileInfo>> listing = fs_.List(StrCat(kRoot, "/_delta_log"));
  EXPECT_TRUE(listing.ok());
  for (const io::FileInfo& f : listing.ValueOr({})) {
    LogFileName name = LogFileName::Parse(f.path.substr(f.path.rfind('/') + 1));
    if (name.kind == LogFileName::Kind::kV2Checkpoint) {
      ++v2_files;
      EXPECT_EQ(name.version, 2);
      EXPECT_FALSE(name.json);
    }
    EXPECT_NE(name.kind, LogFileName::Kind::kClassicCheckpoint);
  }
  EXPECT_EQ(v2_files, 1);
  SnapshotPtr loaded = *Snapshot::Load(&fs_, kRoot);
  EXPECT_EQ(loaded->log_segment().checkpoint_kind, CheckpointKind::kV2);
  EXPECT_EQ(FilePaths(*loaded), (std::set<std::string>{"a.parquet", "b.parquet"}));
}

TEST_F(CheckpointerTest, CheckpointsAnyVersionOnRequest) {
  SnapshotPtr s = CreateTable(&fs_, kRoot, false);
  ASSERT_TRUE(Append(s, {MakeAdd("a.parquet")}).ok());
  ASSERT_TRUE(Append(*Snapshot::Load(&fs_, kRoot), {MakeAdd("b.parquet")}).ok());
  SnapshotOptions at1;
  at1.version = 1;
  ASSERT_TRUE(Checkpointer::Checkpoint(**Snapshot::Load(&fs_, kRoot, at1)).ok());
  ASSERT_TRUE(Checkpointer::Checkpoint(**Snapshot::Load(&fs_, kRoot)).ok());
  // Twice is fine: the existing checkpoint is kept.
  ASSERT_TRUE(Checkpointer::Checkpoint(**Snapshot::Load(&fs_, kRoot)).ok());
  SnapshotPtr loaded = *Snapshot::Load(&fs_, kRoot);
  EXPECT_EQ(loaded->log_segment().checkpoint_version, 2);
  EXPECT_EQ(FilePaths(*loaded), (std::set<std::string>{"a.parquet", "b.parquet"}));

  // _last_checkpoint never goes back.
  ASSERT_TRUE(Checkpointer::Checkpoint(**Snapshot::Load(&fs_, kRoot, at1)).ok());
  nlohmann::json j =
      nlohmann::json::parse(*fs_.ReadFile(StrCat(kRoot, "/_delta_log/_last_checkpoint")));
  EXPECT_EQ(j["version"], 2);
}

TEST_F(CheckpointerTest, AFailedCheckpointDoesNotFailTheCommit) {
  SnapshotPtr s = CreateTable(&fs_, kRoot, false, {{"delta.checkpointInterval", "1"}});
  io::FaultInjectingFileSystem faulty(&fs_);
  faulty.FailNthOnPath(io::FsOp::kPutIfAbsent, 1, ".checkpoint.parquet");
  auto txn = Transaction::Begin(*Snapshot::Load(&faulty, kRoot));
  txn->AddFile(MakeAdd("a.parquet"));
  Result<CommitResult> r = txn->Commit();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->checkpointed);
  EXPECT_NE(r->checkpoint_error.find("Injected fault"), std::string::npos) << r->checkpoint_error;
  SnapshotPtr loaded = *Snapshot::Load(&fs_, kRoot);
  EXPECT_EQ(loaded->version(), 1);
  EXPECT_EQ(loaded->log_segment().checkpoint_version, -1);
  EXPECT_EQ(FilePaths(*loaded), std::set<std::string>{"a.parquet"});
}

TEST_F(CheckpointerTest, RefusesTablePropertiesItCannotHonour) {
  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"delta.checkpointInterval", "0"},
           {"delta.checkpointInterval", "10x"},
           {"delta.deletedFileRetentionDuration", "interval 1 month"},
           {"delta.logRetentionDuration", "soon"},
           {"delta.appendOnly", "yes"},
           {"delta.isolationLevel", "SnapshotIsolation"}}) {
    auto txn = Transaction::BeginCreate(&fs_, StrCat("/tables/props-", key, value));
    txn->UpdateMetadata(txn_testing::MakeMetadata(false, {{key, value}}));
    txn->UpdateProtocol(txn_testing::LegacyProtocol());
    Result<CommitResult> r = txn->Commit();
    ASSERT_FALSE(r.ok()) << key << "=" << value;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(key), std::string::npos) << r.status().message();
  }
}

TEST_F(CheckpointerTest, CommitsCleanUpExpiredLogs) {
  // All files are fresh, but the transactions' clock says ten days have passed.
  SnapshotPtr s = CreateTable(
      &fs_, kRoot, false,
      {{"delta.checkpointInterval", "5"}, {"delta.logRetentionDuration", "interval 1 day"}});
  ASSERT_NE(s, nullptr);
  const int64_t later = NowMillis() + 10 * kDay;
  int64_t deleted = 0;
  for (int v = 1; v <= 12; ++v) {
    auto txn = Transaction::Begin(s);
    txn->set_clock([&] { return later; });
    txn->AddFile(MakeAdd(StrCat("f", v, ".parquet")));
    Result<CommitResult> r = txn->Commit();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->cleanup_error, "");
    deleted += r->log_files_deleted;
    s = *r->LoadSnapshot();
  }
  // Commits 0-9 and checkpoint 5 are gone; checkpoint 10 and commits 10-12 stay.
  EXPECT_EQ(deleted, 11);
  std::vector<int64_t> commits;
  Result<std::vector<io::FileInfo>> listing = fs_.List(StrCat(kRoot, "/_delta_log"));
  EXPECT_TRUE(listing.ok());
  for (const io::FileInfo& f : listing.ValueOr({})) {
    LogFileName name = LogFileName::Parse(f.path.substr(f.path.rfind('/') + 1));
    if (name.kind == LogFileName::Kind::kCommit) commits.push_back(name.version);
  }
  EXPECT_EQ(commits, (std::vector<int64_t>{10, 11, 12}));
  SnapshotPtr loaded = *Snapshot::Load(&fs_, kRoot);
  EXPECT_EQ(loaded->version(), 12);
  EXPECT_EQ(loaded->files().size(), 12u);
  SnapshotOptions at9;
  at9.version = 9;
  EXPECT_FALSE(Snapshot::Load(&fs_, kRoot, at9).ok());

  // With delta.enableExpiredLogCleanup=false nothing more is deleted.
  auto txn = Transaction::Begin(loaded);
  txn->set_clock([&] { return later; });
  txn->UpdateMetadata([&] {
    Metadata m = loaded->metadata();
    m.configuration["delta.enableExpiredLogCleanup"] = "false";
    return m;
  }());
  ASSERT_TRUE(txn->Commit().ok());
  s = *Snapshot::Load(&fs_, kRoot);
  for (int v = 14; v <= 15; ++v) {
    txn = Transaction::Begin(s);
    txn->set_clock([&] { return later; });
    txn->AddFile(MakeAdd(StrCat("f", v, ".parquet")));
    Result<CommitResult> r = txn->Commit();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->checkpointed, v == 15);
    EXPECT_EQ(r->log_files_deleted, 0);
    s = *r->LoadSnapshot();
  }
}

}  // namespace
}  // namespace lakeml::delta
