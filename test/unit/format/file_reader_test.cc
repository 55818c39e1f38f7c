#include "format/parquet/file_reader.h"

#include <gtest/gtest.h>

#include "format/value_text/value_formatter.h"
#include "io/local_file_system.h"

namespace lakeml::parquet {
namespace {

std::string DataFile(const std::string& name) {
  return std::string(LAKEML_SHARED_DIR) + "/conformance/parquet/data/" + name;
}

std::unique_ptr<FileReader> OpenOrDie(const std::string& name) {
  auto r = FileReader::Open(io::LocalFs(), DataFile(name));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(*r) : nullptr;
}

// JSON text of row `row` of column `col` across the file's row groups.
std::string Cell(const FileReader& reader, const std::string& column, int64_t row) {
  auto idx = reader.ResolveColumns({column});
  EXPECT_TRUE(idx.ok()) << idx.status().ToString();
  for (int g = 0; g < reader.num_row_groups(); ++g) {
    auto batch = reader.ReadRowGroup(g, *idx);
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    if (row < (*batch)->num_rows()) {
      std::string out;
      format::ValueFormatter::AppendJson(*(*batch)->column(0), row, &out);
      return out;
    }
    row -= (*batch)->num_rows();
  }
  return "<no such row>";
}

TEST(FileReaderTest, LegacyTwoLevelListsFollowBackwardCompatibilityRules) {
  auto r = OpenOrDie("old_list_structure.parquet");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->schema()->field(0).type->ToString(), "array<array<int>>");
  EXPECT_EQ(Cell(*r, "a", 0), "[[1,2],[3,4]]");  // data/old_list_structure.md
}

TEST(FileReaderTest, EmptyListOfUnknownType) {
  auto r = OpenOrDie("null_list.parquet");
  ASSERT_TRUE(r);
  EXPECT_EQ(Cell(*r, "emptylist", 0), "[]");  // data/README.md: {"emptylist": []}
}

TEST(FileReaderTest, NestedNullsAtEveryLevel) {
  auto r = OpenOrDie("nullable.impala.parquet");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->num_rows(), 7);
  EXPECT_EQ(Cell(*r, "int_array", 1), "[null,1,2,null,3,null]");
  EXPECT_EQ(Cell(*r, "int_array_Array", 1), "[[null,1,2,null],[3,null,4],[],null]");
  EXPECT_EQ(Cell(*r, "int_map", 1), "{\"k1\":2,\"k2\":null}");
}

TEST(FileReaderTest, RepeatedFieldsWithoutListAnnotation) {
  auto r = OpenOrDie("repeated_no_annotation.parquet");
  ASSERT_TRUE(r);
  // The footer says 0 rows; the row group holds 6 (README: trust the row groups).
  EXPECT_EQ(r->num_rows(), 6);
  auto batch = r->ReadRowGroup(0, {0, 1});
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
}

TEST(FileReaderTest, UnknownLogicalTypeIsIgnored) {
  auto r = OpenOrDie("unknown-logical-type.parquet");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->schema()->num_fields(), 2u);
  auto batch = r->ReadRowGroup(0, {0, 1});
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ((*batch)->num_rows(), 3);
}

TEST(FileReaderTest, ProjectionReadsOnlyNamedColumns) {
  auto r = OpenOrDie("alltypes_plain.parquet");
  ASSERT_TRUE(r);
  ScanOptions scan;
  scan.columns = {"string_col", "ID"};  // Names match case-insensitively when not exact.
  auto stream = r->Scan(scan);
  ASSERT_TRUE(stream.ok()) << stream.status().ToString();
  auto batch = (*stream)->Next();
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ((*batch)->num_columns(), 2u);
  EXPECT_EQ((*batch)->schema()->field(1).name, "id");
  auto missing = r->ResolveColumns({"nope"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("Column not found: nope"), std::string::npos);
}

TEST(FileReaderTest, RowGroupSkippingByStatistics) {
  auto r = OpenOrDie("alltypes_tiny_pages_plain.parquet");
  ASSERT_TRUE(r);
  auto pred = ColumnPredicate::Parse("id > 100000");
  ASSERT_TRUE(pred.ok());
  auto may = r->RowGroupMayMatch(0, {*pred});
  ASSERT_TRUE(may.ok()) << may.status().ToString();
  EXPECT_FALSE(*may);  // ids are 0..7299.
  auto hit = r->RowGroupMayMatch(0, {*ColumnPredicate::Parse("id = 7000")});
  ASSERT_TRUE(hit.ok());
  EXPECT_TRUE(*hit);
}

TEST(FileReaderTest, PageIndexIsReadable) {
  auto r = OpenOrDie("alltypes_tiny_pages.parquet");
  ASSERT_TRUE(r);
  auto ci = r->ReadColumnIndex(0, 0);
  ASSERT_TRUE(ci.ok()) << ci.status().ToString();
  auto oi = r->ReadOffsetIndex(0, 0);
  ASSERT_TRUE(oi.ok()) << oi.status().ToString();
  EXPECT_GT(oi->page_locations.size(), 1u);
  EXPECT_EQ(ci->min_values.size(), oi->page_locations.size());
}

TEST(FileReaderTest, CorruptChecksumIsReported) {
  auto r = OpenOrDie("rle-dict-uncompressed-corrupt-checksum.parquet");
  ASSERT_TRUE(r);
  std::vector<int> all;
  for (size_t i = 0; i < r->schema()->num_fields(); ++i) all.push_back(static_cast<int>(i));
  auto batch = r->ReadRowGroup(0, all);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("CRC mismatch"), std::string::npos)
      << batch.status().message();
  EXPECT_NE(batch.status().message().find("row group 0"), std::string::npos);
}

}  // namespace
}  // namespace lakeml::parquet
