#include "delta/restore.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <set>

#include "delta/dv/roaring_bitmap_array.h"
#include "delta/row_remover.h"
#include "delta/table_features.h"
#include "delta/table_scan_stream.h"
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

Result<RestoreResult> RestoreVersion(const std::string& root, int64_t version) {
  RestoreOptions options;
  options.version = version;
  return Restore::Run(io::LocalFs(), root, options);
}

WriteOptions Overwrite() {
  WriteOptions o;
  o.mode = WriteOptions::Mode::kOverwrite;
  return o;
}

std::set<std::string> LivePaths(const std::string& root, std::optional<int64_t> version = {}) {
  std::set<std::string> out;
  const SnapshotPtr snap = MustLoad(root, version);
  for (const AddFile& a : snap->files()) out.insert(a.path);
  return out;
}

TEST(RestoreTest, RestoresTheFilesOfAnEarlierVersion) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 10));                // v0
  MustWrite(root, Rows(10, 10));               // v1
  MustWrite(root, Rows(100, 5), Overwrite());  // v2
  const std::vector<std::string> at_v1 = TableRows(root, 1);
  ASSERT_EQ(at_v1.size(), 20u);
  ASSERT_EQ(TableRows(root).size(), 5u);
  const std::set<std::string> v1_files = LivePaths(root, 1);
  const std::set<std::string> v2_files = LivePaths(root, 2);

  Result<RestoreResult> r = RestoreVersion(root, 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 3);
  EXPECT_EQ(r->restored_version, 1);
  EXPECT_EQ(r->files_restored, 2);
  EXPECT_EQ(r->files_removed, 1);
  EXPECT_EQ(r->num_files_after, 2);
  EXPECT_EQ(TableRows(root), at_v1);
  EXPECT_EQ(LivePaths(root), v1_files);

  const auto actions = CommitActions(root, 3);
  const auto info = ActionsOf(actions, "commitInfo");
  ASSERT_EQ(info.size(), 1u);
  EXPECT_EQ(info[0]["operation"], "RESTORE");
  EXPECT_EQ(info[0]["operationParameters"]["version"], 1);
  EXPECT_TRUE(info[0]["operationParameters"]["timestamp"].is_null());
  const auto& m = info[0]["operationMetrics"];
  EXPECT_EQ(m["numRestoredFiles"], "2");
  EXPECT_EQ(m["numRemovedFiles"], "1");
  EXPECT_EQ(m["numOfFilesAfterRestore"], "2");
  EXPECT_EQ(m["restoredFilesSize"], std::to_string(r->bytes_restored));
  EXPECT_EQ(m["removedFilesSize"], std::to_string(r->bytes_removed));
  EXPECT_EQ(m["tableSizeAfterRestore"], std::to_string(r->table_bytes_after));
  EXPECT_EQ(r->bytes_restored, r->table_bytes_after);  // Nothing of v1 was live at v2.
  // As Spark: the metadata is always restored.
  EXPECT_EQ(ActionsOf(actions, "metaData").size(), 1u);
  for (const auto& add : ActionsOf(actions, "add")) {
    EXPECT_EQ(add["dataChange"], true);
    EXPECT_EQ(v1_files.count(add["path"].get<std::string>()), 1u);
    EXPECT_TRUE(add.contains("stats"));
  }
  const auto removes = ActionsOf(actions, "remove");
  ASSERT_EQ(removes.size(), 1u);
  EXPECT_EQ(removes[0]["dataChange"], true);
  EXPECT_EQ(v2_files.count(removes[0]["path"].get<std::string>()), 1u);

  // The restore itself can be restored away.
  r = RestoreVersion(root, 2);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(TableRows(root).size(), 5u);
}

TEST(RestoreTest, KeepsFilesLiveInBothVersions) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 10, {"a", "b"}), PartitionedBy("part"));  // v0
  MustWrite(root, Rows(10, 10, {"a", "b"}));                        // v1
  WriteOptions replace = Overwrite();
  replace.replace_where = "part = 'a'";
  MustWrite(root, Rows(100, 3, {"a"}), replace);  // v2: replaces partition a
  Result<RestoreResult> r = RestoreVersion(root, 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files_restored, 2);  // The two files of partition a.
  EXPECT_EQ(r->files_removed, 1);
  EXPECT_EQ(TableRows(root), TableRows(root, 1));
}

TEST(RestoreTest, ByTimestamp) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 10));   // v0
  MustWrite(root, Rows(10, 10));  // v1
  MustWrite(root, Rows(20, 10));  // v2
  // Commit times 2024-01-01 00:00, 01:00, 02:00 (UTC).
  const int64_t base_ms = 1704067200000;
  for (int v = 0; v <= 2; ++v) {
    const auto path = std::filesystem::path(root) / "_delta_log" / LogFileName::Commit(v);
    const auto when =
        std::chrono::file_clock::from_sys(std::chrono::sys_time<std::chrono::milliseconds>(
            std::chrono::milliseconds(base_ms + v * 3600000LL)));
    std::filesystem::last_write_time(path, when);
  }
  RestoreOptions options;
  options.timestamp_ms = base_ms + 3600000 + 1800000;  // 01:30 -> version 1.
  Result<RestoreResult> r = Restore::Run(io::LocalFs(), root, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->restored_version, 1);
  EXPECT_EQ(TableRows(root).size(), 20u);
  const auto info = ActionsOf(CommitActions(root, r->version), "commitInfo");
  EXPECT_TRUE(info[0]["operationParameters"]["version"].is_null());
  EXPECT_EQ(info[0]["operationParameters"]["timestamp"].get<std::string>().rfind("2024-01-01", 0),
            0u)
      << info[0].dump();

  options.timestamp_ms = base_ms - 1;  // Before the first commit.
  r = Restore::Run(io::LocalFs(), root, options);
  EXPECT_FALSE(r.ok());
}

TEST(RestoreTest, RestoresTheSchema) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 4));  // v0
  // v1 adds a column.
  auto schema = std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
      {"id", columnar::DataType::Primitive(columnar::TypeId::kInt64), true},
      {"extra", columnar::DataType::String(), true}});
  auto batch = testing::MakeBatch(schema, {testing::Int64s({100}), testing::Strings({"x"})});
  WriteOptions merge;
  merge.merge_schema = true;
  MustWrite(root, batch, merge);
  ASSERT_GE(MustLoad(root)->schema()->FieldIndex("extra"), 0);

  Result<RestoreResult> r = RestoreVersion(root, 0);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  SnapshotPtr after = MustLoad(root);
  EXPECT_LT(after->schema()->FieldIndex("extra"), 0);
  EXPECT_EQ(after->metadata().schema_string, MustLoad(root, 0)->metadata().schema_string);
  EXPECT_EQ(TableRows(root), TableRows(root, 0));
}

TEST(RestoreTest, NeverDowngradesTheProtocol) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 4));  // v0: legacy (1, 2)
  const Protocol v0_protocol = MustLoad(root)->protocol();
  // v1: enable the change data feed (a protocol upgrade).
  {
    SnapshotPtr snap = MustLoad(root);
    std::unique_ptr<Transaction> txn = Transaction::Begin(snap);
    Metadata m = snap->metadata();
    m.configuration["delta.enableChangeDataFeed"] = "true";
    txn->SetOperation("SET TBLPROPERTIES", "{}");
    txn->UpdateMetadata(m);
    ASSERT_TRUE(txn->Commit().ok());
  }
  const Protocol v1_protocol = MustLoad(root)->protocol();
  ASSERT_NE(v1_protocol, v0_protocol);
  ASSERT_TRUE(TableFeatures::IsEnabled(v1_protocol, kFeatureChangeDataFeed));

  Result<RestoreResult> r = RestoreVersion(root, 0);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  SnapshotPtr after = MustLoad(root);
  EXPECT_EQ(after->protocol(), v1_protocol);
  EXPECT_EQ(after->metadata().configuration.count("delta.enableChangeDataFeed"), 0u);
  EXPECT_EQ(ActionsOf(CommitActions(root, r->version), "protocol").size(), 0u);
}

TEST(RestoreTest, ColumnMappingMaxIdNeverDecreases) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteOptions create;
  create.properties = {{"delta.columnMapping.mode", "name"}};
  MustWrite(root, Rows(0, 4), create);  // v0: ids 1..3
  auto schema = std::make_shared<columnar::Schema>(std::vector<columnar::Field>{
      {"id", columnar::DataType::Primitive(columnar::TypeId::kInt64), true},
      {"extra", columnar::DataType::String(), true}});
  auto batch = testing::MakeBatch(schema, {testing::Int64s({100}), testing::Strings({"x"})});
  WriteOptions merge;
  merge.merge_schema = true;
  MustWrite(root, batch, merge);  // v1: extra gets id 4
  const std::string max_id = MustLoad(root)->Property("delta.columnMapping.maxColumnId");
  ASSERT_EQ(max_id, "4");
  ASSERT_EQ(MustLoad(root, 0)->Property("delta.columnMapping.maxColumnId"), "3");

  ASSERT_TRUE(RestoreVersion(root, 0).ok());
  SnapshotPtr after = MustLoad(root);
  EXPECT_EQ(after->Property("delta.columnMapping.maxColumnId"), "4");
  EXPECT_LT(after->schema()->FieldIndex("extra"), 0);
  EXPECT_EQ(TableRows(root), TableRows(root, 0));
}

TEST(RestoreTest, RefusesWhenAFileWasVacuumed) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 4));                // v0
  MustWrite(root, Rows(10, 4), Overwrite());  // v1
  const std::string gone = *LivePaths(root, 0).begin();
  Result<std::string> path = TableScanStream::DataFilePath(root, gone);
  ASSERT_TRUE(path.ok());
  ASSERT_TRUE(io::LocalFs()->Delete(*path).ok());

  Result<RestoreResult> r = RestoreVersion(root, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(gone), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().message().find("VACUUM"), std::string::npos);
  EXPECT_FALSE(CommitExists(root, 2));
}

TEST(RestoreTest, AppendOnlyTableRefusesToLoseFiles) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteOptions create;
  create.properties = {{"delta.appendOnly", "true"}};
  MustWrite(root, Rows(0, 4), create);  // v0
  MustWrite(root, Rows(4, 4));          // v1
  Result<RestoreResult> r = RestoreVersion(root, 0);  // Would remove v1's file.
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("append-only"), std::string::npos) << r.status().ToString();
  EXPECT_FALSE(CommitExists(root, 2));
}

TEST(RestoreTest, BadOptions) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 4));
  MustWrite(root, Rows(4, 4));
  Result<RestoreResult> r = Restore::Run(io::LocalFs(), root, RestoreOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  RestoreOptions both;
  both.version = 0;
  both.timestamp_ms = 0;
  r = Restore::Run(io::LocalFs(), root, both);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  r = RestoreVersion(root, 7);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("7"), std::string::npos);
  r = RestoreVersion(root, -1);
  ASSERT_FALSE(r.ok());
  r = RestoreVersion(dir.path() + "/no_table", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(CommitExists(root, 2));
}

TEST(RestoreTest, FileWithChangedDeletionVectorIsSwapped) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteOptions create;
  create.properties = {{"delta.enableDeletionVectors", "true"}};
  MustWrite(root, Rows(0, 10), create);  // v0
  {
    SnapshotPtr snap = MustLoad(root);
    std::unique_ptr<Transaction> txn = Transaction::Begin(snap);
    txn->SetOperation("DELETE", "{}");
    RowRemover remover(txn.get());
    RoaringBitmapArray rows;
    rows.Add(3);
    ASSERT_TRUE(remover.RemoveRows(snap->files()[0], rows).ok());
    ASSERT_TRUE(remover.Finish().ok());
    ASSERT_TRUE(txn->Commit().ok());  // v1: same path, with a DV
  }
  ASSERT_EQ(TableRows(root).size(), 9u);
  Result<RestoreResult> r = RestoreVersion(root, 0);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files_restored, 1);
  EXPECT_EQ(r->files_removed, 1);
  EXPECT_EQ(TableRows(root).size(), 10u);
  const auto actions = CommitActions(root, r->version);
  const auto removes = ActionsOf(actions, "remove");
  const auto adds = ActionsOf(actions, "add");
  ASSERT_EQ(removes.size(), 1u);
  ASSERT_EQ(adds.size(), 1u);
  EXPECT_EQ(removes[0]["path"], adds[0]["path"]);
  EXPECT_TRUE(removes[0].contains("deletionVector"));
  EXPECT_FALSE(adds[0].contains("deletionVector"));

  // And forward again: the DV comes back.
  r = RestoreVersion(root, 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(TableRows(root).size(), 9u);
}

TEST(RestoreTest, ConcurrentOverwriteConflicts) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 4));
  MustWrite(root, Rows(4, 4));
  testing::RacingFileSystem fs;
  fs.before_commit = [&] { MustWrite(root, Rows(100, 1), Overwrite()); };
  RestoreOptions options;
  options.version = 0;
  Result<RestoreResult> r = Restore::Run(&fs, root, options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict) << r.status().ToString();
  EXPECT_FALSE(CommitExists(root, 3));
}

TEST(RestoreTest, ConcurrentBlindAppendIsKept) {
  // Under WriteSerializable a blind append commutes with the restore: RESTORE, then APPEND.
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 4));
  MustWrite(root, Rows(4, 4));
  testing::RacingFileSystem fs;
  fs.before_commit = [&] { MustWrite(root, Rows(100, 1)); };
  RestoreOptions options;
  options.version = 0;
  Result<RestoreResult> r = Restore::Run(&fs, root, options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 3);
  EXPECT_EQ(TableRows(root).size(), 5u);
}

}  // namespace
}  // namespace lakeml::delta
