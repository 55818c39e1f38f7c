#include "delta/schema/file_schema_adapter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "delta/schema/partition_path.h"
#include "delta/schema/schema_json.h"
#include "format/value_text/value_formatter.h"
#include "unit/delta/schema/table_files.h"

namespace lakeml::delta {
namespace {

using columnar::Batch;
using columnar::BatchPtr;
using columnar::DataType;
using columnar::Field;
using columnar::Schema;
using columnar::SchemaPtr;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

TypePtr T(std::string_view delta_name) {
  auto t = ParseDeltaType(StrCat("\"", delta_name, "\""));
  EXPECT_TRUE(t.ok()) << delta_name;
  return *t;
}

// The live data files of a (single-version or append-only) test table, decoded from add.path.
std::vector<std::string> DataFiles(const std::string& table_dir) {
  std::vector<std::string> out;
  for (const auto& add : testing::ReadTableLog(table_dir).adds) {
    const std::string path = table_dir + "/" + *UriDecodePath(add.path);
    if (std::filesystem::exists(path)) out.push_back(path);
  }
  return out;
}

SchemaPtr TableSchema(const std::string& table_dir) {
  auto schema = ParseSchemaString(testing::ReadTableLog(table_dir).schema_string);
  EXPECT_TRUE(schema.ok()) << table_dir << ": " << schema.status().ToString();
  return schema.ok() ? *schema : nullptr;
}

// `schema` restricted to the named fields, in that order.
Schema Project(const Schema& schema, const std::vector<std::string>& names) {
  std::vector<Field> fields;
  for (const auto& n : names) {
    const int i = schema.FieldIndex(n);
    EXPECT_GE(i, 0) << n;
    if (i >= 0) fields.push_back(schema.field(i));
  }
  return Schema(std::move(fields));
}

// Reads every row group of `path` through an adapter; the batches must have `logical`'s types.
std::vector<BatchPtr> ReadAdapted(const std::string& path, const Schema& logical,
                                  ColumnMappingMode mode) {
  std::vector<BatchPtr> out;
  auto reader = parquet::FileReader::Open(io::LocalFs(), path);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return out;
  auto adapter = FileSchemaAdapter::Make(logical, mode, *(*reader)->schema(), path);
  EXPECT_TRUE(adapter.ok()) << adapter.status().ToString();
  if (!adapter.ok()) return out;
  for (int rg = 0; rg < (*reader)->num_row_groups(); ++rg) {
    auto file_batch = (*reader)->ReadRowGroup(rg, adapter->file_columns());
    EXPECT_TRUE(file_batch.ok()) << file_batch.status().ToString();
    if (!file_batch.ok()) return out;
    auto batch = adapter->Adapt(**file_batch);
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    if (!batch.ok()) return out;
    EXPECT_EQ((*batch)->num_columns(), logical.num_fields());
    for (size_t c = 0; c < logical.num_fields(); ++c) {
      EXPECT_TRUE((*batch)->column(c)->type()->Equals(*logical.field(c).type))
          << logical.field(c).name << ": " << (*batch)->column(c)->type()->ToString() << " vs "
          << logical.field(c).type->ToString();
      EXPECT_EQ((*batch)->column(c)->length(), (*batch)->num_rows());
    }
    out.push_back(*batch);
  }
  return out;
}

// One JSON-ish text per row, sorted: a multiset to compare ignoring row order.
std::vector<std::string> RowTexts(const std::vector<BatchPtr>& batches) {
  std::vector<std::string> rows;
  for (const auto& b : batches) {
    for (int64_t r = 0; r < b->num_rows(); ++r) {
      std::string row;
      for (size_t c = 0; c < b->num_columns(); ++c) {
        if (c > 0) row += " | ";
        format::ValueFormatter::AppendJson(*b->column(c), r, &row);
      }
      rows.push_back(std::move(row));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<std::string> TableRows(const std::string& table_dir, const Schema& logical,
                                   ColumnMappingMode mode) {
  std::vector<BatchPtr> all;
  for (const auto& f : DataFiles(table_dir)) {
    auto batches = ReadAdapted(f, logical, mode);
    all.insert(all.end(), batches.begin(), batches.end());
  }
  return RowTexts(all);
}

// Spark's dump of the table (expected/, logical names), read through the same logical types.
std::vector<std::string> ExpectedRows(const std::string& table_root, const Schema& logical) {
  std::vector<BatchPtr> all;
  for (const auto& f : testing::ParquetFiles(table_root + "/expected")) {
    auto batches = ReadAdapted(f, logical, ColumnMappingMode::kNone);
    all.insert(all.end(), batches.begin(), batches.end());
  }
  return RowTexts(all);
}

std::string GoldenRoot(const std::string& name) {
  return testing::SharedDir() + "/conformance/delta/delta-golden/" + name;
}

TEST(FileSchemaAdapterTest, ColumnMappingTablesMatchSparkDump) {
  for (const char* name :
       {"table-with-columnmapping-mode-name", "table-with-columnmapping-mode-id"}) {
    const std::string root = GoldenRoot(name);
    SchemaPtr schema = TableSchema(root + "/delta");
    ASSERT_NE(schema, nullptr);
    const ColumnMappingMode mode =
        std::string(name).ends_with("-id") ? ColumnMappingMode::kId : ColumnMappingMode::kName;
    const auto got = TableRows(root + "/delta", *schema, mode);
    const auto want = ExpectedRows(root, *schema);
    ASSERT_FALSE(want.empty());
    EXPECT_EQ(got, want) << name;
  }
}

TEST(FileSchemaAdapterTest, IdModeMatchesByFieldId) {
  const std::string dir = testing::TableDir("delta/column-mapping-id");
  SchemaPtr schema = TableSchema(dir);
  ASSERT_NE(schema, nullptr);
  ASSERT_EQ(schema->field(0).field_id, 1);
  const auto by_id = TableRows(dir, *schema, ColumnMappingMode::kId);
  ASSERT_FALSE(by_id.empty());
  EXPECT_NE(std::find(by_id.begin(), by_id.end(), "7"), by_id.end());

  // A wrong physical name does not matter in id mode, but makes the column missing (null) in
  // name mode.
  Field renamed = schema->field(0);
  for (auto& [k, v] : renamed.metadata) {
    if (k == "delta.columnMapping.physicalName") v = "\"col-wrong\"";
  }
  Schema wrong_name({renamed});
  EXPECT_EQ(TableRows(dir, wrong_name, ColumnMappingMode::kId), by_id);
  for (const auto& row : TableRows(dir, wrong_name, ColumnMappingMode::kName)) {
    EXPECT_EQ(row, "null");
  }
  // A wrong id makes it missing in id mode.
  Field wrong_id = schema->field(0);
  wrong_id.field_id = 99;
  for (const auto& row : TableRows(dir, Schema({wrong_id}), ColumnMappingMode::kId)) {
    EXPECT_EQ(row, "null");
  }
}

TEST(FileSchemaAdapterTest, IdModeFallsBackToNamesWithoutFileIds) {
  // The type-widening files carry no field ids: id mode resolves physical names instead.
  const std::string dir = GoldenRoot("type-widening-nested") + "/delta";
  SchemaPtr schema = TableSchema(dir);
  ASSERT_NE(schema, nullptr);
  std::vector<Field> fields = schema->fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    fields[i].field_id = static_cast<int32_t>(100 + i);
    fields[i].metadata.emplace_back("delta.columnMapping.physicalName",
                                    StrCat("\"", fields[i].name, "\""));
  }
  EXPECT_EQ(TableRows(dir, Schema(fields), ColumnMappingMode::kId),
            TableRows(dir, *schema, ColumnMappingMode::kNone));
}

TEST(FileSchemaAdapterTest, TypeWideningFlat) {
  const std::string dir = testing::TableDir("delta-kernel-rs/type-widening");
  SchemaPtr schema = TableSchema(dir);
  ASSERT_NE(schema, nullptr);
  // The rows of delta-kernel-rs's expected scan (kernel/tests/integration/read/mod.rs).
  const auto rows =
      TableRows(dir,
                Project(*schema, {"byte_long", "int_long", "float_double", "byte_double",
                                  "short_double", "int_double", "date_timestamp_ntz"}),
                ColumnMappingMode::kNone);
  EXPECT_EQ(rows, (std::vector<std::string>{
                      R"(1 | 2 | 3.4000000953674316 | 5.0 | 6.0 | 7.0 | "2024-09-09T00:00:00.000000")",
                      R"(9223372036854775807 | 9223372036854775807 | 1.234567890123 | )"
                      R"(1.234567890123 | 1.234567890123 | 1.234567890123 | )"
                      R"("2024-09-09T12:34:56.123456")"}));
  const auto decimals =
      TableRows(dir,
                Project(*schema, {"decimal_decimal_same_scale", "decimal_decimal_greater_scale",
                                  "byte_decimal", "short_decimal", "int_decimal", "long_decimal"}),
                ColumnMappingMode::kNone);
  EXPECT_EQ(decimals, (std::vector<std::string>{
                          R"("123.45" | "67.89000" | "1.0" | "2.0" | "3.0" | "4.0")",
                          R"("12345678901234.56" | "12345678901.23456" | "123.4" | "12345.6" | )"
                          R"("1234567890.1" | "123456789012345678.9")"}));
}

TEST(FileSchemaAdapterTest, TypeWideningNested) {
  const std::string dir = GoldenRoot("type-widening-nested") + "/delta";
  SchemaPtr schema = TableSchema(dir);
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(TableRows(dir, *schema, ColumnMappingMode::kNone),
            (std::vector<std::string>{
                R"({"a":1} | [{"key":2,"value":3}] | [4,5])",
                R"({"a":9223372036854775807} | [{"key":9223372036854775807,)"
                R"("value":9223372036854775807}] | [9223372036854775807,-9223372036854775808])"}));
}

TEST(FileSchemaAdapterTest, TimestampUnitsAgree) {
  // The same rows stored as INT96, TIMESTAMP_MILLIS and TIMESTAMP_MICROS read identically, and
  // as Spark's dump of each table says.
  std::vector<std::vector<std::string>> all;
  for (const char* name : {"kernel-timestamp-int96", "kernel-timestamp-timestamp_millis",
                           "kernel-timestamp-timestamp_micros"}) {
    const std::string root = GoldenRoot(name);
    SchemaPtr schema = TableSchema(root + "/delta");
    ASSERT_NE(schema, nullptr);
    const Schema data = Project(*schema, {"id", "time"});
    const auto rows = TableRows(root + "/delta", data, ColumnMappingMode::kNone);
    EXPECT_EQ(rows, ExpectedRows(root, data)) << name;
    all.push_back(rows);
  }
  EXPECT_EQ(all[0], all[1]);
  EXPECT_EQ(all[1], all[2]);
  // id 0 was written at 2020-02-01T08:09:10Z (its add stats say so).
  EXPECT_NE(std::find(all[0].begin(), all[0].end(), R"(0 | "2020-02-01T08:09:10.000000Z")"),
            all[0].end());
}

TEST(FileSchemaAdapterTest, UnshreddedVariant) {
  const std::string dir = testing::TableDir("delta-kernel-rs/unshredded-variant");
  SchemaPtr schema = TableSchema(dir);
  ASSERT_NE(schema, nullptr);
  ASSERT_TRUE(schema->field(schema->FieldIndex("v")).type->is_variant());
  int rows = 0;
  for (const auto& path : DataFiles(dir)) {
    auto file = testing::ReadFile(path);
    ASSERT_NE(file.batch, nullptr);
    const auto adapted = ReadAdapted(path, *schema, ColumnMappingMode::kNone);
    ASSERT_EQ(adapted.size(), 1u);
    // The file stores {value, metadata}; the variant column is {metadata, value}.
    const VectorPtr& want = file.batch->column(file.batch->schema()->FieldIndex("v"));
    const VectorPtr& got = adapted[0]->column(schema->FieldIndex("v"));
    ASSERT_TRUE(got->type()->is_variant());
    ASSERT_EQ(want->type()->children()[0].name, "value");
    for (int64_t r = 0; r < got->length(); ++r) {
      ASSERT_EQ(got->IsNull(r), want->IsNull(r));
      if (got->IsNull(r)) continue;
      EXPECT_EQ(got->child(0)->GetView(r), want->child(1)->GetView(r));
      EXPECT_EQ(got->child(1)->GetView(r), want->child(0)->GetView(r));
      ++rows;
    }
  }
  EXPECT_GT(rows, 0);
}

TEST(FileSchemaAdapterTest, MissingColumnsAndFieldsReadAsNull) {
  const std::string dir = GoldenRoot("type-widening-nested") + "/delta";
  auto logical = ParseSchemaString(
      R"({"type":"struct","fields":[)"
      R"({"name":"nope","type":"string","nullable":true,"metadata":{}},)"
      R"({"name":"array","type":{"type":"array","elementType":"long","containsNull":true},)"
      R"("nullable":true,"metadata":{}},)"
      R"({"name":"STRUCT","type":{"type":"struct","fields":[)"
      R"({"name":"b","type":"string","nullable":true,"metadata":{}},)"
      R"({"name":"a","type":"long","nullable":true,"metadata":{}}]},"nullable":true,)"
      R"("metadata":{}},{"name":"gone","type":"void","nullable":true,"metadata":{}}]})");
  ASSERT_TRUE(logical.ok());
  const auto files = DataFiles(dir);
  ASSERT_FALSE(files.empty());
  auto reader = parquet::FileReader::Open(io::LocalFs(), files[0]);
  ASSERT_TRUE(reader.ok());
  auto adapter =
      FileSchemaAdapter::Make(**logical, ColumnMappingMode::kNone, *(*reader)->schema(), files[0]);
  ASSERT_TRUE(adapter.ok()) << adapter.status().ToString();
  // Only "array" and "struct" (matched ignoring case) are read, in request order.
  EXPECT_EQ(adapter->file_columns(), (std::vector<int>{2, 0}));
  EXPECT_EQ(TableRows(dir, **logical, ColumnMappingMode::kNone),
            (std::vector<std::string>{R"(null | [4,5] | {"b":null,"a":1} | null)",
                                      R"(null | [9223372036854775807,-9223372036854775808] | )"
                                      R"({"b":null,"a":9223372036854775807} | null)"}));
  // A batch of the wrong shape is refused.
  auto file_batch = (*reader)->ReadRowGroup(0, {0});
  ASSERT_TRUE(file_batch.ok());
  EXPECT_FALSE(adapter->Adapt(**file_batch).ok());
}

TEST(FileSchemaAdapterTest, IncompatibleTypesNameFileAndColumn) {
  const std::string dir = GoldenRoot("type-widening-nested") + "/delta";
  const auto files = DataFiles(dir);
  ASSERT_FALSE(files.empty());
  auto reader = parquet::FileReader::Open(io::LocalFs(), files[0]);
  ASSERT_TRUE(reader.ok());
  const SchemaPtr& file_schema = (*reader)->schema();
  auto check = [&](std::string_view schema_json, std::string_view message) {
    auto logical = ParseSchemaString(schema_json);
    ASSERT_TRUE(logical.ok());
    auto adapter =
        FileSchemaAdapter::Make(**logical, ColumnMappingMode::kNone, *file_schema, "f.parquet");
    ASSERT_FALSE(adapter.ok());
    EXPECT_EQ(adapter.status().message(), message);
  };
  const std::string a_type = file_schema->field(0).type->children()[0].type->ToString();
  {
    // Without a path the message just leaves the file out.
    auto logical = ParseSchemaString(
        R"({"type":"struct","fields":[{"name":"array","type":"long","nullable":true,)"
        R"("metadata":{}}]})");
    ASSERT_TRUE(logical.ok());
    auto adapter = FileSchemaAdapter::Make(**logical, ColumnMappingMode::kNone, *file_schema);
    ASSERT_FALSE(adapter.ok());
    EXPECT_EQ(adapter.status().message(), StrCat("Incompatible column type: column array is ",
                                                 file_schema->field(2).type->ToString(),
                                                 " in the file but bigint in the table"));
  }
  check(R"({"type":"struct","fields":[{"name":"struct","type":{"type":"struct","fields":[)"
        R"({"name":"a","type":"string","nullable":true,"metadata":{}}]},"nullable":true,)"
        R"("metadata":{}}]})",
        StrCat("Incompatible column type in data file f.parquet: column struct.a is ", a_type,
               " in the file but string in the table"));
  check(R"({"type":"struct","fields":[{"name":"array","type":"long","nullable":true,)"
        R"("metadata":{}}]})",
        StrCat("Incompatible column type in data file f.parquet: column array is ",
               file_schema->field(2).type->ToString(), " in the file but bigint in the table"));
  check(R"({"type":"struct","fields":[{"name":"map","type":{"type":"map","keyType":"boolean",)"
        R"("valueType":"long","valueContainsNull":true},"nullable":true,"metadata":{}}]})",
        StrCat("Incompatible column type in data file f.parquet: column map.key is ",
               file_schema->field(1).type->map_key().type->ToString(),
               " in the file but boolean in the table"));
}

// Storage variants other writers produce, on hand-made batches.
VectorPtr Int32Vector(const std::vector<int32_t>& values) {
  auto v = Vector::Make(DataType::Primitive(TypeId::kInt32), values.size());
  std::memcpy(v->mutable_values()->mutable_data(), values.data(), values.size() * 4);
  return v;
}

TEST(FileSchemaAdapterTest, StorageVariants) {
  // byte stored as plain INT32; string stored as unannotated binary; a 3-byte fixed binary read
  // as binary; milliseconds read as microseconds (floor for negatives).
  auto bin = Vector::Make(DataType::Binary(), 2);
  bin->mutable_values()->mutable_as<int64_t>()[0] = 0;
  bin->mutable_values()->mutable_as<int64_t>()[1] = 2;
  bin->mutable_values()->mutable_as<int64_t>()[2] = 5;
  bin->mutable_data()->Append("hiyou", 5);
  auto fixed = Vector::Make(DataType::FixedSizeBinary(3), 2);
  std::memcpy(fixed->mutable_values()->mutable_data(), "abcdef", 6);
  auto millis = Vector::Make(DataType::Timestamp(TimeUnit::kMilli, true), 2);
  millis->mutable_values()->mutable_as<int64_t>()[0] = 1500;
  millis->mutable_values()->mutable_as<int64_t>()[1] = -1;
  auto nanos = Vector::Make(DataType::Timestamp(TimeUnit::kNano, false), 2);
  nanos->mutable_values()->mutable_as<int64_t>()[0] = 1999;
  nanos->mutable_values()->mutable_as<int64_t>()[1] = -1;
  Schema file({Field{"b", DataType::Primitive(TypeId::kInt32)}, Field{"s", DataType::Binary()},
               Field{"f", DataType::FixedSizeBinary(3)},
               Field{"t", DataType::Timestamp(TimeUnit::kMilli, true)},
               Field{"n", DataType::Timestamp(TimeUnit::kNano, false)}});
  Batch batch(std::make_shared<Schema>(file), {Int32Vector({-5, 100}), bin, fixed, millis, nanos},
              2);
  Schema logical({Field{"b", T("byte")}, Field{"s", T("string")}, Field{"f", T("binary")},
                  Field{"t", T("timestamp")}, Field{"n", T("timestamp")}});
  auto adapter = FileSchemaAdapter::Make(logical, ColumnMappingMode::kNone, file);
  ASSERT_TRUE(adapter.ok()) << adapter.status().ToString();
  EXPECT_EQ(adapter->file_columns(), (std::vector<int>{0, 1, 2, 3, 4}));
  auto out = adapter->Adapt(batch);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Batch& b = **out;
  EXPECT_EQ(b.column(0)->values_as<int8_t>()[0], -5);
  EXPECT_EQ(b.column(0)->values_as<int8_t>()[1], 100);
  EXPECT_EQ(b.column(1)->GetView(1), "you");
  EXPECT_EQ(b.column(1)->values(), bin->values());  // Relabelled, not copied.
  EXPECT_EQ(b.column(2)->GetView(0), "abc");
  EXPECT_EQ(b.column(2)->GetView(1), "def");
  EXPECT_EQ(b.column(3)->values_as<int64_t>()[0], 1500000);
  EXPECT_EQ(b.column(3)->values_as<int64_t>()[1], -1000);
  EXPECT_EQ(b.column(4)->values_as<int64_t>()[0], 1);
  EXPECT_EQ(b.column(4)->values_as<int64_t>()[1], -1);
  for (size_t c = 0; c < logical.num_fields(); ++c) {
    EXPECT_TRUE(b.column(c)->type()->Equals(*logical.field(c).type)) << c;
  }
}

TEST(FileSchemaAdapterTest, UnchangedColumnsAreShared) {
  auto v = Int32Vector({1, 2, 3});
  Schema file({Field{"x", v->type()}});
  Batch batch(std::make_shared<Schema>(file), {v}, 3);
  auto adapter =
      FileSchemaAdapter::Make(Schema({Field{"x", T("integer")}}), ColumnMappingMode::kNone, file);
  ASSERT_TRUE(adapter.ok());
  auto out = adapter->Adapt(batch);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)->column(0), v);
}

}  // namespace
}  // namespace lakeml::delta
