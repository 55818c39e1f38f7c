#include "delta/optimize.h"

#include <gtest/gtest.h>

#include <set>

#include "delta/dv/roaring_bitmap_array.h"
#include "delta/row_remover.h"
#include "delta/transaction.h"
#include "unit/delta/maintenance/maintenance_fixture.h"

namespace lakeml::delta {
namespace {

using testing::ActionsOf;
using testing::CommitActions;
using testing::CommitExists;
using testing::MaintenanceDir;
using testing::MustLoad;
using testing::MustWrite;
using testing::PartitionedBy;
using testing::Rows;
using testing::TableRows;

Result<OptimizeResult> RunOptimize(const std::string& root, OptimizeOptions options = {}) {
  return Optimize::Run(io::LocalFs(), root, options);
}

std::set<std::string> LivePaths(const std::string& root) {
  std::set<std::string> out;
  const SnapshotPtr snap = MustLoad(root);
  for (const AddFile& a : snap->files()) out.insert(a.path);
  return out;
}

TEST(OptimizeTest, CompactsSmallFilesIntoOneWithoutChangingRows) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  for (int i = 0; i < 5; ++i) MustWrite(root, Rows(i * 10, 10));
  const std::vector<std::string> before = TableRows(root);
  ASSERT_EQ(before.size(), 50u);
  const std::set<std::string> old_files = LivePaths(root);
  ASSERT_EQ(old_files.size(), 5u);
  int64_t old_bytes = 0;
  const SnapshotPtr snap = MustLoad(root);
  for (const AddFile& a : snap->files()) old_bytes += a.size;

  Result<OptimizeResult> r = RunOptimize(root);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 5);
  EXPECT_EQ(r->files_removed, 5);
  EXPECT_EQ(r->files_added, 1);
  EXPECT_EQ(r->bytes_removed, old_bytes);
  EXPECT_EQ(r->partitions_optimized, 1);
  EXPECT_EQ(r->rows_written, 50);
  EXPECT_EQ(TableRows(root), before);
  const std::set<std::string> new_files = LivePaths(root);
  ASSERT_EQ(new_files.size(), 1u);
  EXPECT_EQ(old_files.count(*new_files.begin()), 0u);

  const auto actions = CommitActions(root, 5);
  const auto info = ActionsOf(actions, "commitInfo");
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0]["operation"], "OPTIMIZE");
  EXPECT_EQ(info[0]["operationParameters"]["predicate"], "[]");
  EXPECT_EQ(info[0]["operationParameters"]["zOrderBy"], "[]");
  EXPECT_EQ(info[0]["isBlindAppend"], false);
  const auto& metrics = info[0]["operationMetrics"];
  EXPECT_EQ(metrics["numRemovedFiles"], "5");
  EXPECT_EQ(metrics["numAddedFiles"], "1");
  EXPECT_EQ(metrics["numRemovedBytes"], std::to_string(old_bytes));
  EXPECT_EQ(metrics["numAddedBytes"], std::to_string(r->bytes_added));
  EXPECT_EQ(metrics["minFileSize"], std::to_string(r->bytes_added));
  EXPECT_EQ(metrics["maxFileSize"], std::to_string(r->bytes_added));
  EXPECT_EQ(ActionsOf(actions, "metaData").size(), 0u);
  EXPECT_EQ(ActionsOf(actions, "protocol").size(), 0u);
  const auto removes = ActionsOf(actions, "remove");
  const auto adds = ActionsOf(actions, "add");
  ASSERT_EQ(removes.size(), 5u);
  ASSERT_EQ(adds.size(), 1u);
  for (const auto& rm : removes) {
    EXPECT_EQ(rm["dataChange"], false);
    EXPECT_EQ(old_files.count(rm["path"].get<std::string>()), 1u) << rm.dump();
    EXPECT_TRUE(rm.contains("deletionTimestamp"));
    EXPECT_TRUE(rm.contains("size"));
  }
  EXPECT_EQ(adds[0]["dataChange"], false);
  ASSERT_TRUE(adds[0].contains("stats"));
  const auto stats = nlohmann::json::parse(adds[0]["stats"].get<std::string>());
  EXPECT_EQ(stats["numRecords"], 50);
  EXPECT_EQ(stats["minValues"]["id"], 0);
  EXPECT_EQ(stats["maxValues"]["id"], 49);
}

TEST(OptimizeTest, NothingToDoCommitsNothing) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 10));  // One file: a one-file bin is skipped.
  Result<OptimizeResult> r = RunOptimize(root);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, -1);
  EXPECT_EQ(r->files_removed, 0);
  EXPECT_FALSE(CommitExists(root, 1));

  MustWrite(root, Rows(10, 10));
  ASSERT_TRUE(RunOptimize(root).ok());
  EXPECT_TRUE(CommitExists(root, 2));
  // Already compacted: a second OPTIMIZE finds nothing.
  r = RunOptimize(root);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, -1);
  EXPECT_FALSE(CommitExists(root, 3));
}

TEST(OptimizeTest, FilesAtLeastMinSizeAreLeftAlone) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  for (int i = 0; i < 3; ++i) MustWrite(root, Rows(i * 10, 10));
  OptimizeOptions options;
  options.min_file_bytes = 1;  // Every file is "large enough".
  Result<OptimizeResult> r = RunOptimize(root, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, -1);
  EXPECT_EQ(LivePaths(root).size(), 3u);
}

TEST(OptimizeTest, BinsRespectTheTargetSize) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  for (int i = 0; i < 6; ++i) MustWrite(root, Rows(i * 100, 100));
  const std::vector<std::string> before = TableRows(root);
  int64_t max_size = 0;
  const SnapshotPtr snap = MustLoad(root);
  for (const AddFile& a : snap->files()) max_size = std::max(max_size, a.size);
  // Two files fit in a bin, three do not: 6 files -> 3 bins.
  OptimizeOptions options;
  options.target_file_bytes = 2 * max_size + max_size / 2;
  options.min_file_bytes = max_size + 1;
  options.num_threads = 3;
  Result<OptimizeResult> r = RunOptimize(root, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files_removed, 6);
  EXPECT_EQ(r->files_added, 3);
  EXPECT_EQ(LivePaths(root).size(), 3u);
  EXPECT_EQ(TableRows(root), before);
}

TEST(OptimizeTest, PartitionsAreCompactedSeparatelyAndPredicateSelectsThem) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  for (int i = 0; i < 3; ++i)
    MustWrite(root, Rows(i * 10, 10, {"a", "b", "c"}), PartitionedBy("part"));
  const std::vector<std::string> before = TableRows(root);
  ASSERT_EQ(before.size(), 30u);
  ASSERT_EQ(LivePaths(root).size(), 9u);

  OptimizeOptions options;
  options.predicate = "part = 'a' OR part = 'b'";
  Result<OptimizeResult> r = RunOptimize(root, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->partitions_optimized, 2);
  EXPECT_EQ(r->files_removed, 6);
  EXPECT_EQ(r->files_added, 2);
  EXPECT_EQ(TableRows(root), before);
  std::map<std::string, int> per_partition;
  const SnapshotPtr snap = MustLoad(root);
  for (const AddFile& a : snap->files()) {
    ++per_partition[a.partition_values.at("part").value_or("<null>")];
  }
  EXPECT_EQ(per_partition, (std::map<std::string, int>{{"a", 1}, {"b", 1}, {"c", 3}}));
  const auto info = ActionsOf(CommitActions(root, r->version), "commitInfo");
  ASSERT_EQ(info.size(), 1u);
  const auto predicates =
      nlohmann::json::parse(info[0]["operationParameters"]["predicate"].get<std::string>());
  ASSERT_EQ(predicates.size(), 1u);
  EXPECT_NE(predicates[0].get<std::string>().find("part"), std::string::npos);
  // Every new file stays in its partition directory.
  for (const auto& add : ActionsOf(CommitActions(root, r->version), "add")) {
    const std::string part = add["partitionValues"]["part"];
    EXPECT_EQ(add["path"].get<std::string>().rfind("part=" + part + "/", 0), 0u) << add.dump();
  }

  // The rest.
  r = RunOptimize(root);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->partitions_optimized, 1);
  EXPECT_EQ(LivePaths(root).size(), 3u);
  EXPECT_EQ(TableRows(root), before);
}

TEST(OptimizeTest, PredicateColumnsAreCaseInsensitive) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  for (int i = 0; i < 2; ++i) MustWrite(root, Rows(i * 10, 10, {"a", "b"}), PartitionedBy("part"));
  OptimizeOptions options;
  options.predicate = "PART IN ('b')";
  Result<OptimizeResult> r = RunOptimize(root, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->partitions_optimized, 1);
  EXPECT_EQ(r->files_removed, 2);
}

TEST(OptimizeTest, PredicateMustReferencePartitionColumnsOnly) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 10, {"a", "b"}), PartitionedBy("part"));
  OptimizeOptions options;
  options.predicate = "id > 5";
  Result<OptimizeResult> r = RunOptimize(root, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("partition columns"), std::string::npos)
      << r.status().ToString();
  EXPECT_NE(r.status().message().find("id"), std::string::npos);

  options.predicate = "nope = 1";
  r = RunOptimize(root, options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nope"), std::string::npos) << r.status().ToString();
}

TEST(OptimizeTest, BadOptionsAndMissingTable) {
  MaintenanceDir dir;
  Result<OptimizeResult> r = RunOptimize(dir.table());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);

  MustWrite(dir.table(), Rows(0, 10));
  OptimizeOptions options;
  options.target_file_bytes = 0;
  r = RunOptimize(dir.table(), options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(OptimizeTest, TargetSizeComesFromTableProperty) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteOptions create;
  create.properties = {{"delta.targetFileSize", "1"}};  // Every file is over the target.
  MustWrite(root, Rows(0, 10), create);
  MustWrite(root, Rows(10, 10));
  Result<OptimizeResult> r = RunOptimize(root);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, -1);  // Each file alone in its bin.

  OptimizeOptions options;
  options.target_file_bytes = 1 << 30;
  r = RunOptimize(root, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files_removed, 2);
  EXPECT_EQ(r->files_added, 1);
}

TEST(OptimizeTest, AllowedOnAppendOnlyTables) {
  // dataChange = false removes do not "change or remove data" of an append-only table.
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteOptions create;
  create.properties = {{"delta.appendOnly", "true"}};
  MustWrite(root, Rows(0, 10), create);
  MustWrite(root, Rows(10, 10));
  const std::vector<std::string> before = TableRows(root);
  Result<OptimizeResult> r = RunOptimize(root);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files_removed, 2);
  EXPECT_EQ(TableRows(root), before);
}

// Deletes `rows` (row indexes) of the table's only file through RowRemover.
void DeleteRows(const std::string& root, const std::vector<uint64_t>& rows) {
  SnapshotPtr snap = MustLoad(root);
  ASSERT_EQ(snap->files().size(), 1u);
  std::unique_ptr<Transaction> txn = Transaction::Begin(snap);
  txn->SetOperation("DELETE", "{}");
  RowRemover remover(txn.get());
  ASSERT_TRUE(remover.uses_deletion_vectors());
  RoaringBitmapArray bitmap;
  for (uint64_t r : rows) bitmap.Add(r);
  ASSERT_TRUE(remover.RemoveRows(snap->files()[0], bitmap).ok());
  ASSERT_TRUE(remover.Finish().ok());
  Result<CommitResult> c = txn->Commit();
  ASSERT_TRUE(c.ok()) << c.status().ToString();
}

TEST(OptimizeTest, PurgesDeletionVectorsEvenFromALoneFile) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteOptions create;
  create.properties = {{"delta.enableDeletionVectors", "true"}};
  MustWrite(root, Rows(0, 10), create);
  DeleteRows(root, {2, 5});
  ASSERT_TRUE(MustLoad(root)->files()[0].deletion_vector.has_value());
  const std::vector<std::string> before = TableRows(root);
  ASSERT_EQ(before.size(), 8u);

  Result<OptimizeResult> r = RunOptimize(root);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files_removed, 1);
  EXPECT_EQ(r->files_added, 1);
  EXPECT_EQ(r->deletion_vectors_removed, 1);
  EXPECT_EQ(r->rows_written, 8);
  SnapshotPtr after = MustLoad(root);
  ASSERT_EQ(after->files().size(), 1u);
  EXPECT_FALSE(after->files()[0].deletion_vector.has_value());
  EXPECT_EQ(TableRows(root), before);

  const auto actions = CommitActions(root, r->version);
  const auto removes = ActionsOf(actions, "remove");
  ASSERT_EQ(removes.size(), 1u);
  // The remove names the file with its DV: the replay key is (path, DV id).
  EXPECT_TRUE(removes[0].contains("deletionVector")) << removes[0].dump();
  EXPECT_EQ(removes[0]["dataChange"], false);
  const auto info = ActionsOf(actions, "commitInfo");
  EXPECT_EQ(info[0]["operationMetrics"]["numDeletionVectorsRemoved"], "1");

  // Now DV-free and alone: nothing more to do.
  r = RunOptimize(root);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, -1);
}

TEST(OptimizeTest, FileWhoseRowsAreAllDeletedIsJustRemoved) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteOptions create;
  create.properties = {{"delta.enableDeletionVectors", "true"}};
  MustWrite(root, Rows(0, 3), create);
  DeleteRows(root, {0, 1});
  Result<OptimizeResult> r = RunOptimize(root);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files_added, 1);
  EXPECT_EQ(TableRows(root), std::vector<std::string>{R"({"id":2,"part":"a","value":"v2"})"});
}

TEST(OptimizeTest, ConcurrentDeleteOfACompactedFileConflicts) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteOptions create;
  create.properties = {{"delta.enableDeletionVectors", "true"}};
  MustWrite(root, Rows(0, 10), create);
  MustWrite(root, Rows(10, 10));
  const std::vector<std::string> before = TableRows(root);

  testing::RacingFileSystem fs;
  fs.before_commit = [&] {
    // A DELETE of one of the files being compacted wins version 2.
    SnapshotPtr snap = MustLoad(root);
    std::unique_ptr<Transaction> txn = Transaction::Begin(snap);
    txn->SetOperation("DELETE", "{}");
    RowRemover remover(txn.get());
    RoaringBitmapArray rows;
    rows.Add(0);
    ASSERT_TRUE(remover.RemoveRows(snap->files()[0], rows).ok());
    ASSERT_TRUE(remover.Finish().ok());
    ASSERT_TRUE(txn->Commit().ok());
  };
  Result<OptimizeResult> r = Optimize::Run(&fs, root, OptimizeOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict) << r.status().ToString();
  EXPECT_FALSE(CommitExists(root, 3));
  EXPECT_EQ(TableRows(root).size(), before.size() - 1);
}

TEST(OptimizeTest, ConcurrentAppendDoesNotConflict) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 10));
  MustWrite(root, Rows(10, 10));

  testing::RacingFileSystem fs;
  fs.before_commit = [&] { MustWrite(root, Rows(20, 5)); };
  Result<OptimizeResult> r = Optimize::Run(&fs, root, OptimizeOptions{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 3);  // Rebased after the append at version 2.
  EXPECT_EQ(TableRows(root).size(), 25u);
  EXPECT_EQ(LivePaths(root).size(), 2u);  // The compacted file and the appended one.
}

}  // namespace
}  // namespace lakeml::delta
