// Durability order of a commit: "the commit is durable" must imply "everything it references
// is durable". PutIfAbsent makes the commit file durable (fsync of the file and of
// _delta_log); the data files it adds must have been synced (WritableFile::Sync) before it,
// or a power loss or OS crash after the commit can leave a committed table whose data files
// are empty or torn. A process kill (KillCrashTest) cannot show this: the page cache survives.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "delta/dv/roaring_bitmap_array.h"
#include "delta/row_remover.h"
#include "delta/snapshot.h"
#include "delta/table_changes.h"
#include "delta/table_writer.h"
#include "delta/transaction.h"
#include "io/file_system.h"
#include "io/memory_file_system.h"
#include "reliability/log_audit.h"
#include "reliability/worker_rows.h"

namespace lakeml::reliability {
namespace {

// Forwards to `base` and records, for every file written through it, whether bytes appended
// to it were not yet synced; at each PutIfAbsent of a commit file, the unsynced files.
class SyncTrackingFileSystem : public io::FileSystem {
 public:
  explicit SyncTrackingFileSystem(io::FileSystem* base) : base_(base) {}

  // Unsynced files at the moment each commit file was put, by commit path.
  const std::map<std::string, std::set<std::string>>& unsynced_at_commit() const {
    return unsynced_at_commit_;
  }

  Result<std::unique_ptr<io::RandomAccessFile>> OpenForRead(const std::string& path) override {
    return base_->OpenForRead(path);
  }
  Result<std::unique_ptr<io::WritableFile>> OpenForWrite(const std::string& path) override {
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<io::WritableFile> file, base_->OpenForWrite(path));
    unsynced_.insert(path);  // Created: the directory entry and size are not durable yet.
    return std::unique_ptr<io::WritableFile>(new TrackedFile(this, std::move(file)));
  }
  Status PutIfAbsent(const std::string& path, std::string_view data) override {
    if (path.find("/_delta_log/") != std::string::npos && path.size() > 5 &&
        path.compare(path.size() - 5, 5, ".json") == 0) {
      unsynced_at_commit_[path] = unsynced_;
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
  class TrackedFile : public io::WritableFile {
   public:
    TrackedFile(SyncTrackingFileSystem* fs, std::unique_ptr<io::WritableFile> base)
        : fs_(fs), base_(std::move(base)) {}
    const std::string& path() const override { return base_->path(); }
    Status Append(std::string_view data) override {
      fs_->unsynced_.insert(path());
      return base_->Append(data);
    }
    int64_t Tell() const override { return base_->Tell(); }
    Status Sync() override {
      Status s = base_->Sync();
      if (s.ok()) fs_->unsynced_.erase(path());
      return s;
    }
    Status Close() override { return base_->Close(); }

   private:
    SyncTrackingFileSystem* fs_;
    std::unique_ptr<io::WritableFile> base_;
  };

  io::FileSystem* base_;
  std::set<std::string> unsynced_;
  std::map<std::string, std::set<std::string>> unsynced_at_commit_;
};

TEST(DurabilityOrderTest, DataFilesAreSyncedBeforeTheirCommit) {
  io::MemoryFileSystem memory;
  SyncTrackingFileSystem fs(&memory);
  const std::string root = "/lake/table";
  ASSERT_TRUE(delta::TableWriter::Create(&fs, root, *WorkerRows::Schema(), {}).ok());
  bool given = false;
  Result<delta::WriteResult> r = delta::TableWriter::Write(&fs, root, WorkerRows::Schema(),
                                                           [&]() -> Result<columnar::BatchPtr> {
                                                             if (given) return columnar::BatchPtr();
                                                             given = true;
                                                             return WorkerRows::Make(0, 0, 10);
                                                           },
                                                           {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::string commit = root + "/_delta_log/00000000000000000001.json";
  ASSERT_EQ(fs.unsynced_at_commit().count(commit), 1u);
  const std::set<std::string>& unsynced = fs.unsynced_at_commit().at(commit);
  const LogAudit audit = LogAudit::Run(&memory, root);
  ASSERT_EQ(audit.commits().at(1).adds.size(), 1u);
  for (const AuditedAdd& add : audit.commits().at(1).adds) {
    EXPECT_EQ(unsynced.count(root + "/" + add.path), 0u)
        << add.path << " was not synced before " << commit << " was committed";
  }
}

// A DELETE of rows 0..2 through RowRemover on a table with `properties`; every file written
// before the commit (rewritten data file, change data file; deletion vector files are
// published with PutIfAbsent, durable by contract) must be synced when the commit is put.
void ExpectDeleteSyncsEveryFileBeforeItsCommit(const delta::StringMap& properties, bool expect_dv) {
  io::MemoryFileSystem memory;
  SyncTrackingFileSystem fs(&memory);
  const std::string root = "/lake/table";
  delta::WriteOptions options;
  options.properties = properties;
  ASSERT_TRUE(delta::TableWriter::Create(&fs, root, *WorkerRows::Schema(), options).ok());
  bool given = false;
  ASSERT_TRUE(delta::TableWriter::Write(&fs, root, WorkerRows::Schema(),
                                        [&]() -> Result<columnar::BatchPtr> {
                                          if (given) return columnar::BatchPtr();
                                          given = true;
                                          return WorkerRows::Make(0, 0, 10);
                                        },
                                        {})
                  .ok());
  Result<std::shared_ptr<const delta::Snapshot>> snap = delta::Snapshot::Load(&fs, root);
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  ASSERT_EQ((*snap)->files().size(), 1u);
  std::unique_ptr<delta::Transaction> txn = delta::Transaction::Begin(*snap);
  txn->SetOperation("DELETE", "{}");
  delta::RowRemover remover(txn.get());
  ASSERT_EQ(remover.uses_deletion_vectors(), expect_dv);
  delta::RoaringBitmapArray rows;
  for (uint64_t r = 0; r < 3; ++r) rows.Add(r);
  Status removed = remover.RemoveRows((*snap)->files()[0], rows);
  ASSERT_TRUE(removed.ok()) << removed.ToString();
  Result<delta::RowRemovalMetrics> metrics = remover.Finish();
  ASSERT_TRUE(metrics.ok()) << metrics.status().ToString();
  EXPECT_EQ(metrics->cdc_files_added, 1);
  EXPECT_EQ(metrics->deletion_vectors_added, expect_dv ? 1 : 0);
  Result<delta::CommitResult> commit = txn->Commit();
  ASSERT_TRUE(commit.ok()) << commit.status().ToString();
  ASSERT_EQ(commit->version, 2);

  const std::string path = root + "/_delta_log/00000000000000000002.json";
  ASSERT_EQ(fs.unsynced_at_commit().count(path), 1u);
  for (const std::string& unsynced : fs.unsynced_at_commit().at(path)) {
    ADD_FAILURE() << unsynced << " was not synced before " << path << " was committed";
  }
  Result<std::string> text = memory.ReadFile(path);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("\"cdc\":"), std::string::npos) << *text;
  EXPECT_EQ(text->find("\"deletionVector\":{") != std::string::npos, expect_dv) << *text;

  // The change data file reads back: exactly the three deleted rows.
  delta::ChangesOptions changes;
  changes.start_version = 2;
  Result<std::unique_ptr<delta::ScanBatchStream>> stream =
      delta::TableChanges::Read(&memory, root, changes);
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  std::multiset<std::string> deleted;
  for (;;) {
    Result<columnar::BatchPtr> batch = (*stream)->Next();
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    if (*batch == nullptr) break;
    for (int64_t i = 0; i < (*batch)->num_rows(); ++i) {
      deleted.insert(StrCat((*batch)->column(3)->GetView(i), " ", (*batch)->column(4)->GetView(i)));
    }
  }
  EXPECT_EQ(deleted,
            (std::multiset<std::string>{"w0-s0-r0 delete", "w0-s0-r1 delete", "w0-s0-r2 delete"}));
}

TEST(DurabilityOrderTest, RewrittenAndChangeDataFilesAreSyncedBeforeTheirCommit) {
  ExpectDeleteSyncsEveryFileBeforeItsCommit({{"delta.enableChangeDataFeed", "true"}}, false);
}

TEST(DurabilityOrderTest, ChangeDataFilesAreSyncedBeforeACommitWithDeletionVectors) {
  ExpectDeleteSyncsEveryFileBeforeItsCommit(
      {{"delta.enableChangeDataFeed", "true"}, {"delta.enableDeletionVectors", "true"}}, true);
}

}  // namespace
}  // namespace lakeml::reliability
