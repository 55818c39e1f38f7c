#include "delta/table_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/str_cat.h"
#include "delta/table_changes.h"
#include "format/value_text/json_lines_batch_writer.h"
#include "unit/delta/maintenance/maintenance_fixture.h"
#include "unit/delta/stats/test_vectors.h"

namespace lakeml::delta {
namespace {

using testing::ActionsOf;
using testing::CommitActions;
using testing::CommitExists;
using testing::Int64s;
using testing::MaintenanceDir;
using testing::MakeBatch;
using testing::MustLoad;
using testing::MustWrite;
using testing::PartitionedBy;
using testing::Rows;
using testing::RowSchema;
using testing::TableRows;
using testing::WriteBatch;

// The JSON line TableRows prints for a row of RowSchema().
std::string Row(int64_t id, const std::string& part, const std::optional<std::string>& value) {
  return StrCat("{\"id\":", id, ",\"part\":\"", part, "\",\"value\":",
                value ? "\"" + *value + "\"" : std::string("null"), "}");
}

std::vector<std::string> Sorted(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Rows with explicit values (nullopt = null value).
columnar::BatchPtr RowsOf(const std::vector<int64_t>& ids, const std::string& part,
                          const std::vector<std::optional<std::string>>& values) {
  std::vector<std::optional<std::string>> parts(ids.size(), part);
  return MakeBatch(RowSchema(), {Int64s(ids), stats_testing::Strings(parts),
                                 stats_testing::Strings(values)});
}

WriteOptions ReplaceWhere(const std::string& predicate) {
  WriteOptions o;
  o.mode = WriteOptions::Mode::kOverwrite;
  o.replace_where = predicate;
  return o;
}

WriteOptions WithProperties(StringMap properties) {
  WriteOptions o;
  o.properties = std::move(properties);
  return o;
}

// The table as rows, computed from `before` (JSON lines of RowSchema rows): rows with
// `drop(id)` removed, `added` appended.
template <typename Drop>
std::vector<std::string> Expected(const std::vector<std::string>& before, Drop drop,
                                  std::vector<std::string> added) {
  std::vector<std::string> out;
  for (const std::string& line : before) {
    const int64_t id = nlohmann::json::parse(line)["id"].get<int64_t>();
    if (!drop(id)) out.push_back(line);
  }
  out.insert(out.end(), added.begin(), added.end());
  return Sorted(std::move(out));
}

std::set<std::string> PathsOf(const std::vector<nlohmann::json>& actions) {
  std::set<std::string> out;
  for (const nlohmann::json& a : actions) out.insert(a["path"].get<std::string>());
  return out;
}

// The path of the only add in commit `version`.
std::string AddedPath(const std::string& root, int64_t version) {
  const auto adds = ActionsOf(CommitActions(root, version), "add");
  EXPECT_EQ(adds.size(), 1u);
  return adds.empty() ? std::string() : adds[0]["path"].get<std::string>();
}

nlohmann::json CommitInfo(const std::string& root, int64_t version) {
  const auto info = ActionsOf(CommitActions(root, version), "commitInfo");
  EXPECT_EQ(info.size(), 1u);
  return info.empty() ? nlohmann::json() : info[0];
}

// Three files: ids 0-9 (v0), 10-19 (v1), 20-29 (v2), part "a", value "v<id>".
void WriteThreeFiles(const std::string& root, StringMap properties = {}) {
  MustWrite(root, Rows(0, 10), WithProperties(std::move(properties)));
  MustWrite(root, Rows(10, 10));
  MustWrite(root, Rows(20, 10));
}

TEST(TableWriterReplaceWhereTest, DataColumnPredicateReplacesExactlyTheMatchingRows) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteThreeFiles(root);
  const std::string file_a = AddedPath(root, 0), file_b = AddedPath(root, 1),
                    file_c = AddedPath(root, 2);
  const std::vector<std::string> before = TableRows(root);
  ASSERT_EQ(before.size(), 30u);

  Result<WriteResult> r =
      WriteBatch(root, RowsOf({15, 17, 24}, "a", {"new15", "new17", "new24"}),
                 ReplaceWhere("id >= 15 and id < 25"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->version, 3);
  EXPECT_EQ(r->rows_written, 3);
  EXPECT_EQ(r->rows_deleted, 10);
  EXPECT_EQ(r->files_removed, 2);
  EXPECT_EQ(r->files_added, 3);  // The new rows, and B and C rewritten.

  EXPECT_EQ(TableRows(root),
            Expected(
                before, [](int64_t id) { return id >= 15 && id < 25; },
                {Row(15, "a", "new15"), Row(17, "a", "new17"), Row(24, "a", "new24")}));

  const auto actions = CommitActions(root, 3);
  // File A holds no matching row (its stats say so): untouched. B and C are rewritten.
  EXPECT_EQ(PathsOf(ActionsOf(actions, "remove")), (std::set<std::string>{file_b, file_c}));
  const auto adds = ActionsOf(actions, "add");
  EXPECT_EQ(adds.size(), 3u);
  for (const auto& add : adds) {
    EXPECT_FALSE(add.contains("deletionVector") && !add["deletionVector"].is_null());
    EXPECT_TRUE(add["dataChange"].get<bool>());
  }
  EXPECT_EQ(PathsOf(adds).count(file_a), 0u);
  EXPECT_TRUE(ActionsOf(actions, "cdc").empty());

  const nlohmann::json info = CommitInfo(root, 3);
  EXPECT_EQ(info["operation"], "WRITE");
  EXPECT_EQ(info["operationParameters"]["mode"], "Overwrite");
  EXPECT_EQ(info["operationParameters"]["partitionBy"], "[]");
  EXPECT_EQ(info["operationParameters"]["predicate"], "[\"(id >= 15 AND id < 25)\"]");
  const nlohmann::json& m = info["operationMetrics"];
  EXPECT_EQ(m["numFiles"], "1");
  EXPECT_EQ(m["numOutputRows"], "3");
  EXPECT_EQ(m["numAddedFiles"], "3");
  EXPECT_EQ(m["numRemovedFiles"], "2");
  EXPECT_EQ(m["numDeletedRows"], "10");
  EXPECT_EQ(m["numCopiedRows"], "10");
  EXPECT_EQ(m["numAddedChangeFiles"], "0");
  EXPECT_NE(m["numRemovedBytes"], "0");
}

TEST(TableWriterReplaceWhereTest, FilesWhoseStatsProveAFullMatchAreRemovedWithoutReading) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteThreeFiles(root);
  const std::string file_b = AddedPath(root, 1);
  const std::vector<std::string> before = TableRows(root);
  // Delete B's data file: the write must not need to read it.
  ASSERT_TRUE(std::filesystem::remove(root + "/" + file_b));

  Result<WriteResult> r =
      WriteBatch(root, RowsOf({12}, "a", {"new"}), ReplaceWhere("id between 10 and 19"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto actions = CommitActions(root, 3);
  EXPECT_EQ(PathsOf(ActionsOf(actions, "remove")), std::set<std::string>{file_b});
  EXPECT_EQ(ActionsOf(actions, "add").size(), 1u);  // Only the new rows: nothing rewritten.
  const nlohmann::json m = CommitInfo(root, 3)["operationMetrics"];
  EXPECT_EQ(m["numDeletedRows"], "10");
  EXPECT_EQ(m["numCopiedRows"], "0");
  EXPECT_EQ(m["numRemovedFiles"], "1");
  EXPECT_EQ(TableRows(root),
            Expected(
                before, [](int64_t id) { return id >= 10 && id <= 19; }, {Row(12, "a", "new")}));
}

TEST(TableWriterReplaceWhereTest, DeletionVectorsInsteadOfRewrites) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteThreeFiles(root, {{"delta.enableDeletionVectors", "true"}});
  const std::string file_b = AddedPath(root, 1);
  const std::vector<std::string> before = TableRows(root);

  Result<WriteResult> r = WriteBatch(root, RowsOf({13}, "a", {"new13"}),
                                     ReplaceWhere("id > 12 and id < 15"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto actions = CommitActions(root, 3);
  EXPECT_EQ(PathsOf(ActionsOf(actions, "remove")), std::set<std::string>{file_b});
  const auto adds = ActionsOf(actions, "add");
  ASSERT_EQ(adds.size(), 2u);
  int with_dv = 0;
  for (const auto& add : adds) {
    if (add["path"] == file_b) {
      ++with_dv;
      ASSERT_TRUE(add.contains("deletionVector"));
      EXPECT_EQ(add["deletionVector"]["cardinality"], 2);
    }
  }
  EXPECT_EQ(with_dv, 1);
  nlohmann::json m = CommitInfo(root, 3)["operationMetrics"];
  EXPECT_EQ(m["numDeletedRows"], "2");
  EXPECT_EQ(m["numCopiedRows"], "0");
  EXPECT_EQ(m["numDeletionVectorsAdded"], "1");
  const std::vector<std::string> after_v3 = Expected(
      before, [](int64_t id) { return id == 13 || id == 14; }, {Row(13, "a", "new13")});
  EXPECT_EQ(TableRows(root), after_v3);

  // Again, overlapping the rows the DV already deletes: they are not counted twice, and the
  // DV is merged.
  r = WriteBatch(root, RowsOf({11}, "a", {"new11"}), ReplaceWhere("id >= 11 and id <= 14"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  actions = CommitActions(root, 4);
  m = CommitInfo(root, 4)["operationMetrics"];
  // 11 and 12 from B (13 and 14 were already gone), 13 from the previous write's file.
  EXPECT_EQ(m["numDeletedRows"], "3");
  for (const auto& add : ActionsOf(actions, "add")) {
    if (add["path"] == file_b) {
      EXPECT_EQ(add["deletionVector"]["cardinality"], 4);
    }
  }
  EXPECT_EQ(TableRows(root),
            Expected(
                after_v3, [](int64_t id) { return id >= 11 && id <= 14; },
                {Row(11, "a", "new11")}));
}

TEST(TableWriterReplaceWhereTest, ViolatingRowsAreRefusedAndTheTableIsUnchanged) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteThreeFiles(root);
  const std::vector<std::string> before = TableRows(root);

  Result<WriteResult> r = WriteBatch(root, RowsOf({7, 9, 2, 8}, "a", {"x", "y", "z", "w"}),
                                     ReplaceWhere("id > 5"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "Written data does not match replaceWhere \"id > 5\": input row 3 has id = 2");
  EXPECT_FALSE(CommitExists(root, 3));
  EXPECT_EQ(TableRows(root), before);
}

TEST(TableWriterReplaceWhereTest, NullsAreNotMatchesOnEitherSide) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, RowsOf({1, 2, 3, 4}, "a", {"x", std::nullopt, "y", std::nullopt}));
  const std::vector<std::string> before = TableRows(root);

  // Existing rows where value is null make "value <> 'y'" NULL: they stay.
  Result<WriteResult> r =
      WriteBatch(root, RowsOf({10}, "a", {"z"}), ReplaceWhere("value <> 'y'"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_deleted, 1);
  EXPECT_EQ(TableRows(root), Sorted({Row(2, "a", std::nullopt), Row(3, "a", "y"),
                                     Row(4, "a", std::nullopt), Row(10, "a", "z")}));

  // A new row for which the predicate is NULL violates it.
  r = WriteBatch(root, RowsOf({11, 12}, "a", {"q", std::nullopt}), ReplaceWhere("value <> 'y'"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Written data does not match replaceWhere \"value <> 'y'\": input row 2 has "
            "value = NULL (the condition is NULL, not TRUE)");
  EXPECT_FALSE(CommitExists(root, 2));

  // IS NULL matches exactly the null rows, and accepts null rows.
  r = WriteBatch(root, RowsOf({20}, "a", {std::nullopt}), ReplaceWhere("value is null"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_deleted, 2);
  EXPECT_EQ(TableRows(root),
            Sorted({Row(3, "a", "y"), Row(10, "a", "z"), Row(20, "a", std::nullopt)}));
  EXPECT_EQ(TableRows(root, 0), before);
}

// The change rows of versions [from, to] as JSON lines, sorted.
std::vector<std::string> ChangeRows(const std::string& root, int64_t from, int64_t to) {
  ChangesOptions options;
  options.start_version = from;
  options.end_version = to;
  auto stream = TableChanges::Read(io::LocalFs(), root, options);
  if (!stream.ok()) return {stream.status().ToString()};
  std::ostringstream text;
  format::JsonLinesBatchWriter writer(&text);
  while (true) {
    auto batch = (*stream)->Next();
    if (!batch.ok()) return {batch.status().ToString()};
    if (!*batch) break;
    if (Status s = writer.Write(**batch); !s.ok()) return {s.ToString()};
  }
  if (Status s = writer.Finish(); !s.ok()) return {s.ToString()};
  std::vector<std::string> lines;
  std::istringstream in(text.str());
  for (std::string line; std::getline(in, line);) {
    // Keep id, value and the change type; drop the commit columns.
    const nlohmann::json j = nlohmann::json::parse(line);
    lines.push_back(StrCat(j["_change_type"].get<std::string>(), " ", j["id"].get<int64_t>(),
                           " ", j["value"].is_null() ? "NULL" : j["value"].get<std::string>()));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(TableWriterReplaceWhereTest, ChangeDataFeedHasTheDeletedAndInsertedRows) {
  for (const bool dvs : {false, true}) {
    SCOPED_TRACE(dvs ? "deletion vectors" : "copy-on-write");
    MaintenanceDir dir;
    const std::string root = dir.table();
    StringMap properties = {{"delta.enableChangeDataFeed", "true"}};
    if (dvs) properties["delta.enableDeletionVectors"] = "true";
    WriteThreeFiles(root, properties);
    // 8, 9 from A (partial), all of B (whole by stats, but read for its change data).
    Result<WriteResult> r = WriteBatch(root, RowsOf({8, 19}, "a", {"n8", "n19"}),
                                       ReplaceWhere("id >= 8 and id < 20"));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->rows_deleted, 12);
    std::vector<std::string> expected = {"insert 19 n19", "insert 8 n8"};
    for (int id = 8; id < 20; ++id) expected.push_back(StrCat("delete ", id, " v", id));
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(ChangeRows(root, 3, 3), expected);
    const auto actions = CommitActions(root, 3);
    EXPECT_FALSE(ActionsOf(actions, "cdc").empty());
    const nlohmann::json m = CommitInfo(root, 3)["operationMetrics"];
    EXPECT_EQ(m["numAddedChangeFiles"], std::to_string(ActionsOf(actions, "cdc").size()));
  }
}

TEST(TableWriterReplaceWhereTest, ChangeDataFeedWithoutMatchesHasOnlyInserts) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteThreeFiles(root, {{"delta.enableChangeDataFeed", "true"}});
  Result<WriteResult> r =
      WriteBatch(root, RowsOf({100}, "a", {"n"}), ReplaceWhere("id >= 100"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(ActionsOf(CommitActions(root, 3), "cdc").empty());
  EXPECT_TRUE(ActionsOf(CommitActions(root, 3), "remove").empty());
  EXPECT_EQ(ChangeRows(root, 3, 3), std::vector<std::string>{"insert 100 n"});
}

TEST(TableWriterReplaceWhereTest, MixedPartitionAndDataColumnPredicate) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  // Parts a and b alternate: ids 0..19, one file per partition.
  MustWrite(root, Rows(0, 20, {"a", "b"}), PartitionedBy("part"));
  const std::vector<std::string> before = TableRows(root);
  std::string file_b;
  for (const auto& add : ActionsOf(CommitActions(root, 0), "add")) {
    if (add["partitionValues"]["part"] == "b") file_b = add["path"];
  }
  ASSERT_FALSE(file_b.empty());

  Result<WriteResult> r = WriteBatch(root, RowsOf({12, 30}, "a", {"n12", "n30"}),
                                     ReplaceWhere("part = 'a' and id > 9"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_deleted, 5);  // 10, 12, 14, 16, 18.
  EXPECT_EQ(TableRows(root),
            Expected(
                before, [](int64_t id) { return id > 9 && id % 2 == 0; },
                {Row(12, "a", "n12"), Row(30, "a", "n30")}));
  const auto actions = CommitActions(root, 1);
  EXPECT_EQ(PathsOf(ActionsOf(actions, "remove")).count(file_b), 0u);  // Pruned by partition.
  EXPECT_EQ(ActionsOf(actions, "remove").size(), 1u);
  EXPECT_EQ(CommitInfo(root, 1)["operationParameters"]["partitionBy"], "[\"part\"]");

  // A new row in partition b violates the partition part of the predicate.
  r = WriteBatch(root, RowsOf({40}, "b", {"x"}), ReplaceWhere("part = 'a' and id > 9"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("input row 1 has part = \"b\", id = 40"),
            std::string::npos)
      << r.status().ToString();
}

TEST(TableWriterReplaceWhereTest, PartitionOnlyPredicateStillRemovesWholePartitions) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  MustWrite(root, Rows(0, 20, {"a", "b"}), PartitionedBy("part"));
  Result<WriteResult> r =
      WriteBatch(root, RowsOf({1}, "a", {"new"}), ReplaceWhere("part = 'a'"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->files_removed, 1);
  EXPECT_EQ(r->rows_deleted, 0);  // Not counted: the partition path removes whole files.
  const nlohmann::json info = CommitInfo(root, 1);
  EXPECT_EQ(info["operationParameters"]["predicate"], "[\"part = 'a'\"]");
  EXPECT_FALSE(info["operationMetrics"].contains("numDeletedRows"));
  std::vector<std::string> rows = TableRows(root);
  EXPECT_EQ(rows.size(), 11u);
  EXPECT_NE(std::find(rows.begin(), rows.end(), Row(1, "a", "new")), rows.end());

  r = WriteBatch(root, RowsOf({2}, "b", {"x"}), ReplaceWhere("part = 'a'"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Written data does not match replaceWhere \"part = 'a'\": input row 1 has "
            "part = \"b\"");
}

TEST(TableWriterReplaceWhereTest, RowCountsAcrossBatchesAndNoMatches) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteThreeFiles(root);
  const std::vector<std::string> before = TableRows(root);
  // Nothing matches: no remove, the new rows are appended.
  Result<WriteResult> r = WriteBatch(root, RowsOf({500}, "a", {"n"}), ReplaceWhere("id > 99"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_deleted, 0);
  EXPECT_TRUE(ActionsOf(CommitActions(root, 3), "remove").empty());
  EXPECT_EQ(TableRows(root).size(), 31u);

  // The offending row is numbered across batches.
  int calls = 0;
  Result<WriteResult> bad = TableWriter::Write(
      io::LocalFs(), root, RowSchema(),
      [&]() -> Result<columnar::BatchPtr> {
        ++calls;
        if (calls == 1) return RowsOf({200, 201}, "a", {"p", "q"});
        if (calls == 2) return RowsOf({202, 3}, "a", {"r", "s"});
        return columnar::BatchPtr();
      },
      ReplaceWhere("id > 99"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("input row 4 has id = 3"), std::string::npos)
      << bad.status().ToString();
  EXPECT_FALSE(CommitExists(root, 4));
}

TEST(TableWriterReplaceWhereTest, BadRequests) {
  MaintenanceDir dir;
  const std::string root = dir.table();
  WriteOptions no_table = ReplaceWhere("id > 1");
  Result<WriteResult> r = WriteBatch(root, RowsOf({2}, "a", {"x"}), no_table);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  WriteThreeFiles(root);
  WriteOptions append = ReplaceWhere("id > 1");
  append.mode = WriteOptions::Mode::kAppend;
  r = WriteBatch(root, RowsOf({2}, "a", {"x"}), append);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  r = WriteBatch(root, RowsOf({2}, "a", {"x"}), ReplaceWhere("nope > 1"));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("nope"), std::string::npos);
  EXPECT_FALSE(CommitExists(root, 3));
  EXPECT_EQ(MustLoad(root)->version(), 2);
}

}  // namespace
}  // namespace lakeml::delta
