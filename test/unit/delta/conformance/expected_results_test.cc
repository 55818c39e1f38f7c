// Tests of the expected-result loaders and of the comparison, on the real conformance data:
// Spark's expected dumps must equal the rows of the tables' own data files where a table is a
// single append (so the canonical form is exact across writers, encodings and INT96), and a
// perturbed read (a row dropped, a value changed) must be reported.
#include "conformance/delta/expected_results.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lakeml::conformance {
namespace {

namespace fs = std::filesystem;

const std::string kRoot = std::string(LAKEML_SHARED_DIR) + "/conformance/delta";

// Every data file of a table (not under _delta_log), sorted.
std::vector<std::string> DataFiles(const std::string& table_root) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(table_root)) {
    const std::string p = e.path().string();
    if (e.is_regular_file() && e.path().extension() == ".parquet" &&
        p.find("/_delta_log/") == std::string::npos) {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The rows of Parquet files as `columns` (in that order) in `style`.
RowSet ReadRows(const std::vector<std::string>& files, const std::vector<std::string>& columns,
                ValueStyle style) {
  auto read = ExpectedResultsLoader::ReadParquetRows(files, style);
  EXPECT_TRUE(read.ok()) << read.status().ToString();
  if (!read.ok()) return RowSet{};
  std::vector<size_t> order;
  for (const std::string& c : columns) {
    auto it = std::find(read->columns.begin(), read->columns.end(), c);
    EXPECT_NE(it, read->columns.end()) << "no column " << c;
    if (it == read->columns.end()) return RowSet{};
    order.push_back(it - read->columns.begin());
  }
  RowSet set;
  set.style = style;
  set.columns = columns;
  for (const std::string& row : read->rows) {
    const auto cells = RowCanonicalizer::SplitRow(row);
    std::string key;
    for (size_t i = 0; i < order.size(); ++i) {
      if (i > 0) key.push_back(kCellSeparator);
      key.append(cells[order[i]]);
    }
    set.rows.push_back(std::move(key));
  }
  return set;
}

TEST(ExpectedResultsTest, LoadsDatVersionsAndMetadata) {
  auto expected = ExpectedResultsLoader::Load(kRoot + "/dat/basic_append");
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  EXPECT_EQ(expected->format, "dat");
  ASSERT_EQ(expected->scans.size(), 3u);  // latest, v0, v1
  std::set<std::string> labels;
  for (const auto& s : expected->scans) {
    labels.insert(s.label);
    EXPECT_EQ(s.rows.style, ValueStyle::kTyped);
    EXPECT_FALSE(s.rows.rows.empty());
    EXPECT_EQ(s.version.has_value(), s.label != "latest");
  }
  EXPECT_EQ(labels, (std::set<std::string>{"latest", "v0", "v1"}));
  ASSERT_EQ(expected->version_metadata.size(), 3u);
  for (const auto& m : expected->version_metadata) {
    EXPECT_EQ(m.min_reader_version, 1);
    EXPECT_EQ(m.min_writer_version, 2);
    if (m.version) {
      EXPECT_EQ(m.expected_version, *m.version);
    }
  }
}

TEST(ExpectedResultsTest, EveryExpectedDirectoryLoads) {
  int loaded = 0;
  for (const auto& source : fs::directory_iterator(kRoot)) {
    if (!source.is_directory()) continue;
    for (const auto& table : fs::directory_iterator(source.path())) {
      if (!fs::is_directory(table.path() / "expected")) continue;
      // The 1,000,000-row dump is covered by the runner; keep this test quick.
      if (table.path().filename() == "parquet-decimal-dictionaries") continue;
      auto expected = ExpectedResultsLoader::Load(table.path().string());
      EXPECT_TRUE(expected.ok()) << table.path() << ": " << expected.status().ToString();
      if (!expected.ok()) continue;
      EXPECT_FALSE(expected->empty()) << table.path();
      for (const auto& scan : expected->scans) {
        EXPECT_FALSE(scan.rows.columns.empty()) << table.path() << " " << scan.label;
        for (const auto& row : scan.rows.rows) {
          ASSERT_EQ(RowCanonicalizer::SplitRow(row).size(), scan.rows.columns.size())
              << table.path() << " " << scan.label;
        }
      }
      ++loaded;
    }
  }
  EXPECT_EQ(loaded, 3 + 57 - 1 + 34);  // DAT, golden dumps (less one), expected.json
}

TEST(ExpectedResultsTest, ParquetDumpsCarryColumnTypes) {
  auto primitives = ExpectedResultsLoader::Load(kRoot + "/delta-golden/data-reader-primitives");
  ASSERT_TRUE(primitives.ok()) << primitives.status().ToString();
  EXPECT_EQ(primitives->scans[0].rows.types,
            (std::vector<std::string>{"int", "bigint", "tinyint", "smallint", "boolean", "float",
                                      "double", "string", "binary", "decimal(1,0)"}));
  // Spark's TimestampType stored as INT96 is a UTC timestamp; timestamp_ntz stays local.
  auto all_types = ExpectedResultsLoader::Load(kRoot + "/delta-golden/parquet-all-types");
  ASSERT_TRUE(all_types.ok()) << all_types.status().ToString();
  const RowSet& rows = all_types->scans[0].rows;
  ASSERT_EQ(rows.types.size(), rows.columns.size());
  std::map<std::string, std::string> by_name;
  for (size_t i = 0; i < rows.columns.size(); ++i) by_name[rows.columns[i]] = rows.types[i];
  EXPECT_EQ(by_name["TimestampType"], "timestamp");
  EXPECT_EQ(by_name["TimestampNTZType"], "timestamp_ntz");
  // Arrow text has no types.
  auto text = ExpectedResultsLoader::Load(kRoot + "/delta-kernel-rs/with-short-dv");
  ASSERT_TRUE(text.ok());
  EXPECT_TRUE(text->scans[0].rows.types.empty());
}

TEST(ExpectedResultsTest, ParsesEveryExpectedJsonKind) {
  auto simple = ExpectedResultsLoader::Load(kRoot + "/delta-kernel-rs/cdf-table-simple");
  ASSERT_TRUE(simple.ok()) << simple.status().ToString();
  ASSERT_EQ(simple->changes.size(), 4u);
  EXPECT_EQ(simple->changes[3].start_version, 0);
  EXPECT_EQ(simple->changes[3].end_version, 2);
  EXPECT_EQ(simple->changes[0].rows.columns,
            (std::vector<std::string>{"id", "_change_type", "_commit_version"}));
  ASSERT_EQ(simple->change_errors.size(), 2u);
  EXPECT_EQ(simple->change_errors[0].start_version, 1);
  EXPECT_EQ(simple->change_errors[0].end_version, 0);

  auto unbounded = ExpectedResultsLoader::Load(kRoot + "/delta-kernel-rs/cdf-table");
  ASSERT_TRUE(unbounded.ok());
  ASSERT_EQ(unbounded->changes.size(), 1u);
  EXPECT_FALSE(unbounded->changes[0].end_version.has_value());

  auto widening = ExpectedResultsLoader::Load(kRoot + "/delta-kernel-rs/type-widening");
  ASSERT_TRUE(widening.ok());
  ASSERT_EQ(widening->scans.size(), 2u);
  EXPECT_EQ(widening->scans[0].projection.size(), 7u);
  EXPECT_EQ(widening->scans[0].projection, widening->scans[0].rows.columns);

  auto by_version = ExpectedResultsLoader::Load(kRoot + "/delta/table-with-dv-large");
  ASSERT_TRUE(by_version.ok());
  ASSERT_EQ(by_version->scans.size(), 5u);
  const size_t counts[] = {2000, 1995, 1997, 1991, 1993};
  for (size_t v = 0; v < 5; ++v) {
    EXPECT_EQ(by_version->scans[v].version, static_cast<int64_t>(v));
    EXPECT_FALSE(by_version->scans[v].all_columns);
    EXPECT_EQ(by_version->scans[v].rows.rows.size(), counts[v]);
  }

  auto open = ExpectedResultsLoader::Load(kRoot + "/delta-rs/err-logs-table_c");
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->open_should_error, true);

  EXPECT_FALSE(ExpectedResultsLoader::ParseExpectedJson("{\"kind\": \"weird\"}", "x").ok());
  EXPECT_FALSE(ExpectedResultsLoader::ParseExpectedJson("{not json", "x").ok());
  EXPECT_FALSE(ExpectedResultsLoader::ParseExpectedJson("{\"kind\": \"cdf\"}", "x").ok());
  auto no_dir = ExpectedResultsLoader::Load(kRoot + "/delta-rs/simple_table");
  ASSERT_TRUE(no_dir.ok());
  EXPECT_TRUE(no_dir->empty());
}

// Single-append, unpartitioned golden tables: the Spark dump holds exactly the data files' rows.
TEST(ExpectedResultsTest, GoldenDumpsEqualTheDataFilesOfSingleAppendTables) {
  for (const char* name :
       {"snapshot-data0", "data-reader-primitives", "data-reader-array-primitives",
        "data-reader-array-complex-objects", "data-reader-map", "data-reader-nested-struct",
        "data-reader-nullable-field-invalid-schema-key", "decimal-various-scale-precision",
        "124-decimal-decode-bug", "data-reader-date-types-utc", "data-reader-date-types-America",
        "parquet-all-types"}) {
    SCOPED_TRACE(name);
    const std::string dir = kRoot + "/delta-golden/" + name;
    auto expected = ExpectedResultsLoader::Load(dir);
    ASSERT_TRUE(expected.ok()) << expected.status().ToString();
    ASSERT_EQ(expected->scans.size(), 1u);
    RowSet& want = expected->scans[0].rows;
    RowSet got = ReadRows(DataFiles(dir + "/delta"), want.columns, ValueStyle::kTyped);
    EXPECT_EQ(CompareRowSets(&want, &got), "");
  }
}

// The Arrow text of a real read equals the transcribed pretty-print: with-short-dv's files
// minus the three rows its deletion vector removes (ids 0, 1, 2).
TEST(ExpectedResultsTest, ArrowTextOfDataFileMatchesTranscribedTable) {
  const std::string dir = kRoot + "/delta-kernel-rs/with-short-dv";
  auto expected = ExpectedResultsLoader::Load(dir);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  RowSet& want = expected->scans[0].rows;
  RowSet all;
  for (const std::string& file : DataFiles(dir + "/delta")) {
    RowSet part = ReadRows({file}, want.columns, ValueStyle::kArrowText);
    for (auto& r : part.rows) {
      const std::string_view id = RowCanonicalizer::SplitRow(r)[0];
      if (id != "0" && id != "1" && id != "2") all.rows.push_back(r);
    }
  }
  all.style = ValueStyle::kArrowText;
  all.columns = want.columns;
  EXPECT_EQ(CompareRowSets(&want, &all), "");
}

TEST(ExpectedResultsTest, PerturbedReadsAreReported) {
  const std::string dir = kRoot + "/delta-golden/data-reader-primitives";
  auto expected = ExpectedResultsLoader::Load(dir);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  const RowSet want = expected->scans[0].rows;
  const RowSet read = ReadRows(DataFiles(dir + "/delta"), want.columns, ValueStyle::kTyped);
  ASSERT_GE(read.rows.size(), 3u);

  {  // One row fewer.
    RowSet e = want, a = read;
    a.rows.pop_back();
    const std::string diff = CompareRowSets(&e, &a);
    EXPECT_NE(diff.find("expected " + std::to_string(want.rows.size()) + " rows, got " +
                        std::to_string(want.rows.size() - 1)),
              std::string::npos)
        << diff;
    EXPECT_NE(diff.find("1 expected rows missing, 0 unexpected"), std::string::npos) << diff;
  }
  {  // One row twice: a multiset, not a set.
    RowSet e = want, a = read;
    a.rows.back() = a.rows.front();
    EXPECT_NE(CompareRowSets(&e, &a), "");
  }
  {  // One value changed: as_int of some row plus one.
    RowSet e = want, a = read;
    std::string& row = a.rows[1];
    const size_t end = row.find(kCellSeparator);
    const std::string cell = row.substr(0, end);
    ASSERT_NE(cell, "null");
    row.replace(0, end, std::to_string(std::stoll(cell) + 1));
    const std::string diff = CompareRowSets(&e, &a);
    EXPECT_NE(diff.find("1 expected rows missing, 1 unexpected rows"), std::string::npos) << diff;
    EXPECT_NE(diff.find("as_int="), std::string::npos) << diff;
  }
  {  // Unchanged: equal.
    RowSet e = want, a = read;
    EXPECT_EQ(CompareRowSets(&e, &a), "");
  }
}

}  // namespace
}  // namespace lakeml::conformance
