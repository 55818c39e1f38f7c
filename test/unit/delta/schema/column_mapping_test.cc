#include "delta/schema/column_mapping.h"

#include <gtest/gtest.h>

#include <set>

#include "delta/schema/schema_json.h"
#include "format/parquet/file_reader.h"
#include "io/file_system.h"
#include "unit/delta/schema/table_files.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;

columnar::SchemaPtr LatestSchema(const std::string& table_dir) {
  const auto samples = testing::CollectSchemaStrings(table_dir);
  EXPECT_FALSE(samples.empty()) << table_dir;
  if (samples.empty()) return nullptr;
  auto r = ParseSchemaString(samples.back().schema_string);  // The newest commit's.
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

columnar::SchemaPtr FirstParquetSchema(const std::string& table_dir) {
  const auto files = testing::ParquetFiles(table_dir);
  EXPECT_FALSE(files.empty()) << table_dir;
  if (files.empty()) return nullptr;
  auto reader = parquet::FileReader::Open(io::LocalFs(), files[0]);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  return reader.ok() ? (*reader)->schema() : nullptr;
}

// Names (and, if `ids`, field ids) of the physical schema must equal the Parquet file's.
void ExpectSameNames(const Field& delta, const Field& file, bool ids, const std::string& path) {
  EXPECT_EQ(delta.name, file.name) << path;
  if (ids) {
    EXPECT_EQ(delta.field_id, file.field_id) << path;
  }
  if (delta.type->is_variant()) return;
  const auto& dc = delta.type->children();
  const auto& fc = file.type->children();
  ASSERT_EQ(dc.size(), fc.size()) << path;
  for (size_t i = 0; i < dc.size(); ++i)
    ExpectSameNames(dc[i], fc[i], ids, path + "." + dc[i].name);
}

TEST(ColumnMappingTest, ModeOf) {
  EXPECT_EQ(*ColumnMappingModeOf({}), ColumnMappingMode::kNone);
  EXPECT_EQ(*ColumnMappingModeOf({{"delta.columnMapping.mode", "none"}}), ColumnMappingMode::kNone);
  EXPECT_EQ(*ColumnMappingModeOf({{"delta.columnMapping.mode", "id"}}), ColumnMappingMode::kId);
  EXPECT_EQ(*ColumnMappingModeOf({{"delta.columnMapping.mode", "Name"}}), ColumnMappingMode::kName);
  auto bad = ColumnMappingModeOf({{"delta.columnMapping.mode", "position"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "Invalid table property delta.columnMapping.mode: expected none, id or name, got "
            "'position'");
}

TEST(ColumnMappingTest, PhysicalName) {
  Field f{"display", DataType::Primitive(TypeId::kInt32)};
  f.metadata = {{"delta.columnMapping.id", "3"},
                {"delta.columnMapping.physicalName", "\"col-abc\""}};
  EXPECT_EQ(PhysicalName(f, ColumnMappingMode::kNone), "display");
  EXPECT_EQ(PhysicalName(f, ColumnMappingMode::kName), "col-abc");
  EXPECT_EQ(PhysicalName(f, ColumnMappingMode::kId), "col-abc");
  f.metadata[1].second = R"("we\"ird\u00e9")";
  EXPECT_EQ(PhysicalName(f, ColumnMappingMode::kName), "we\"ird\xc3\xa9");
  Field plain{"plain", DataType::Primitive(TypeId::kInt32)};
  EXPECT_EQ(PhysicalName(plain, ColumnMappingMode::kName), "plain");
}

// The golden table's data files were written with the physical schema: every name and field id
// at every depth (struct fields inside lists and maps too) must match.
TEST(ColumnMappingTest, PhysicalSchemaMatchesDataFilesNameMode) {
  for (const char* table : {"delta-golden/table-with-columnmapping-mode-name",
                            "delta-golden/table-with-columnmapping-mode-id"}) {
    const std::string dir = testing::TableDir(table);
    auto logical = LatestSchema(dir);
    auto file = FirstParquetSchema(dir);
    ASSERT_NE(logical, nullptr);
    ASSERT_NE(file, nullptr);
    auto mode = std::string(table).find("-id") != std::string::npos ? ColumnMappingMode::kId
                                                                    : ColumnMappingMode::kName;
    auto physical = PhysicalSchema(*logical, mode);
    ASSERT_TRUE(physical.ok()) << physical.status().ToString();
    ASSERT_EQ((*physical)->num_fields(), file->num_fields());
    for (size_t i = 0; i < file->num_fields(); ++i) {
      ExpectSameNames((*physical)->field(i), file->field(i), /*ids=*/true,
                      (*physical)->field(i).name);
      EXPECT_NE((*physical)->field(i).name, logical->field(i).name);
    }
  }
}

TEST(ColumnMappingTest, PhysicalSchemaNoneModeIsUnchanged) {
  auto logical = LatestSchema(testing::TableDir("delta-golden/table-with-columnmapping-mode-name"));
  ASSERT_NE(logical, nullptr);
  auto same = PhysicalSchema(*logical, ColumnMappingMode::kNone);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(testing::DiffSchemas(**same, *logical), "");
}

TEST(ColumnMappingTest, PhysicalSchemaErrorsNameTheColumn) {
  auto schema = ParseSchemaString(
      R"({"type":"struct","fields":[{"name":"a","type":{"type":"array","elementType":)"
      R"({"type":"struct","fields":[{"name":"b","type":"long","nullable":true,"metadata":{}}]},)"
      R"("containsNull":true},"nullable":true,"metadata":{"delta.columnMapping.id":1,)"
      R"("delta.columnMapping.physicalName":"col-a"}}]})");
  ASSERT_TRUE(schema.ok());
  auto r = PhysicalSchema(**schema, ColumnMappingMode::kName);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Column mapping mode name: missing or invalid delta.columnMapping.physicalName for "
            "column a.element.b");

  auto no_id = ParseSchemaString(
      R"({"type":"struct","fields":[{"name":"a","type":"long","nullable":true,"metadata":{)"
      R"("delta.columnMapping.physicalName":"col-a"}}]})");
  ASSERT_TRUE(no_id.ok());
  EXPECT_TRUE(PhysicalSchema(**no_id, ColumnMappingMode::kName).ok());
  auto id_error = PhysicalSchema(**no_id, ColumnMappingMode::kId);
  ASSERT_FALSE(id_error.ok());
  EXPECT_EQ(id_error.status().message(),
            "Column mapping mode id: missing or invalid delta.columnMapping.id for column a");
}

void CollectStructFields(const columnar::TypePtr& type, std::vector<const Field*>* out);

void CollectField(const Field& f, std::vector<const Field*>* out) {
  out->push_back(&f);
  CollectStructFields(f.type, out);
}

// Every struct field below `type`, through lists and maps, in pre-order.
void CollectStructFields(const columnar::TypePtr& type, std::vector<const Field*>* out) {
  if (type->is_variant()) return;
  for (const Field& c : type->children()) {
    if (type->id() == TypeId::kStruct) {
      CollectField(c, out);
    } else {
      CollectStructFields(c.type, out);  // List element, map key and value: not struct fields.
    }
  }
}

TEST(ColumnMappingTest, AssignColumnMapping) {
  auto schema = ParseSchemaString(
      R"({"type":"struct","fields":[)"
      R"({"name":"a","type":"long","nullable":true,"metadata":{}},)"
      R"({"name":"s","type":{"type":"struct","fields":[)"
      R"({"name":"x","type":"integer","nullable":true,"metadata":{}},)"
      R"({"name":"y","type":"integer","nullable":true,"metadata":{"delta.columnMapping.id":9,)"
      R"("delta.columnMapping.physicalName":"keep-me"}}]},"nullable":true,"metadata":{}},)"
      R"({"name":"l","type":{"type":"array","elementType":{"type":"struct","fields":[)"
      R"({"name":"z","type":"string","nullable":true,"metadata":{}}]},"containsNull":true},)"
      R"("nullable":true,"metadata":{}},{"name":"v","type":"variant","nullable":true,)"
      R"("metadata":{}}]})");
  ASSERT_TRUE(schema.ok());
  int64_t max_id = 2;
  auto assigned = AssignColumnMapping(**schema, &max_id);
  ASSERT_TRUE(assigned.ok()) << assigned.status().ToString();
  const auto& fields = (*assigned)->fields();
  // Pre-order from max(2, largest existing id 9) + 1.
  EXPECT_EQ(fields[0].field_id, 10);                      // a
  EXPECT_EQ(fields[1].field_id, 11);                      // s
  EXPECT_EQ(fields[1].type->children()[0].field_id, 12);  // s.x
  EXPECT_EQ(fields[1].type->children()[1].field_id, 9);   // s.y kept
  EXPECT_EQ(*fields[1].type->children()[1].FindMetadata("delta.columnMapping.physicalName"),
            "\"keep-me\"");
  EXPECT_EQ(fields[2].field_id, 13);                                           // l
  EXPECT_EQ(fields[2].type->list_element().type->children()[0].field_id, 14);  // l.element.z
  EXPECT_EQ(fields[3].field_id, 15);                                           // v
  EXPECT_EQ(max_id, 15);
  std::vector<const Field*> all;
  for (const Field& f : fields) CollectField(f, &all);
  ASSERT_EQ(all.size(), 7u);
  std::set<int32_t> ids;
  std::set<std::string> names;
  for (const Field* f : all) {
    const std::string* id = f->FindMetadata("delta.columnMapping.id");
    const std::string* name = f->FindMetadata("delta.columnMapping.physicalName");
    ASSERT_NE(id, nullptr) << f->name;
    ASSERT_NE(name, nullptr) << f->name;
    EXPECT_EQ(*id, std::to_string(f->field_id));
    ids.insert(f->field_id);
    names.insert(*name);
  }
  EXPECT_EQ(ids.size(), 7u);
  EXPECT_EQ(names.size(), 7u);
  const std::string& a_name = *fields[0].FindMetadata("delta.columnMapping.physicalName");
  EXPECT_EQ(a_name.size(), 2 + 4 + 36u);
  EXPECT_EQ(a_name.substr(0, 5), "\"col-");

  // The result serializes to a schemaString that parses back to the same ids and names, and
  // assigning again changes nothing.
  auto reparsed = ParseSchemaString(SerializeSchema(**assigned));
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(testing::DiffSchemas(**reparsed, **assigned), "");
  int64_t again_max = 0;
  auto again = AssignColumnMapping(**reparsed, &again_max);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(testing::DiffSchemas(**again, **assigned), "");
  EXPECT_EQ(again_max, 15);
  auto physical = PhysicalSchema(**again, ColumnMappingMode::kId);
  ASSERT_TRUE(physical.ok()) << physical.status().ToString();
  EXPECT_EQ((*physical)->field(0).name, a_name.substr(1, a_name.size() - 2));
}

TEST(ColumnMappingTest, AssignRejectsBadIds) {
  auto schema = ParseSchemaString(
      R"({"type":"struct","fields":[{"name":"a","type":"long","nullable":true,"metadata":{)"
      R"("delta.columnMapping.id":-1}}]})");
  ASSERT_FALSE(schema.ok());  // The parser already refuses it.
  columnar::Schema manual({Field{
      "a", DataType::Primitive(TypeId::kInt64), true, -1, {{"delta.columnMapping.id", "\"x\""}}}});
  int64_t max_id = 0;
  EXPECT_FALSE(AssignColumnMapping(manual, &max_id).ok());
}

}  // namespace
}  // namespace lakeml::delta
