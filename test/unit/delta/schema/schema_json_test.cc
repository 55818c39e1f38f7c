#include "delta/schema/schema_json.h"

#include <gtest/gtest.h>

#include "unit/delta/schema/schema_matchers.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::TimeUnit;
using columnar::TypeId;

columnar::SchemaPtr MustParse(std::string_view json) {
  auto r = ParseSchemaString(json);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nullptr;
}

std::string OneField(std::string_view type_json) {
  return StrCat(R"({"type":"struct","fields":[{"name":"a","type":)", type_json,
                R"(,"nullable":true,"metadata":{}}]})");
}

TEST(SchemaJsonTest, PrimitiveTypes) {
  struct Case {
    const char* name;
    columnar::TypePtr type;
  } cases[] = {
      {"string", DataType::String()},
      {"long", DataType::Primitive(TypeId::kInt64)},
      {"integer", DataType::Primitive(TypeId::kInt32)},
      {"short", DataType::Primitive(TypeId::kInt16)},
      {"byte", DataType::Primitive(TypeId::kInt8)},
      {"float", DataType::Primitive(TypeId::kFloat32)},
      {"double", DataType::Primitive(TypeId::kFloat64)},
      {"boolean", DataType::Primitive(TypeId::kBoolean)},
      {"binary", DataType::Binary()},
      {"date", DataType::Primitive(TypeId::kDate32)},
      {"timestamp", DataType::Timestamp(TimeUnit::kMicro, true)},
      {"timestamp_ntz", DataType::Timestamp(TimeUnit::kMicro, false)},
      {"decimal(10,2)", DataType::Decimal(10, 2)},
      {"decimal(38,38)", DataType::Decimal(38, 38)},
      {"variant", DataType::Variant()},
      {"void", DataType::Primitive(TypeId::kNull)},
  };
  for (const Case& c : cases) {
    const std::string json = OneField(StrCat("\"", c.name, "\""));
    auto schema = MustParse(json);
    ASSERT_NE(schema, nullptr) << c.name;
    EXPECT_TRUE(schema->field(0).type->Equals(*c.type)) << c.name;
    EXPECT_EQ(SerializeSchema(*schema), json) << c.name;
  }
}

TEST(SchemaJsonTest, DecimalSpellings) {
  auto bare = MustParse(OneField("\"decimal\""));
  EXPECT_TRUE(bare->field(0).type->Equals(*DataType::Decimal(10, 0)));
  auto spaced = MustParse(OneField("\"decimal(10, 4)\""));
  EXPECT_TRUE(spaced->field(0).type->Equals(*DataType::Decimal(10, 4)));
  EXPECT_EQ(SerializeSchema(*spaced), OneField("\"decimal(10,4)\""));
  EXPECT_FALSE(ParseSchemaString(OneField("\"decimal(39,0)\"")).ok());
  EXPECT_FALSE(ParseSchemaString(OneField("\"decimal(5,6)\"")).ok());
  EXPECT_FALSE(ParseSchemaString(OneField("\"decimal(5)\"")).ok());
  EXPECT_FALSE(ParseSchemaString(OneField("\"decimal(a,b)\"")).ok());
}

TEST(SchemaJsonTest, NestedTypes) {
  const std::string json =
      R"({"type":"struct","fields":[{"name":"s","type":{"type":"struct","fields":[)"
      R"({"name":"x","type":"integer","nullable":false,"metadata":{}}]},"nullable":true,)"
      R"("metadata":{}},{"name":"arr","type":{"type":"array","elementType":"string",)"
      R"("containsNull":false},"nullable":true,"metadata":{}},{"name":"m","type":{"type":"map",)"
      R"("keyType":"string","valueType":{"type":"array","elementType":"variant",)"
      R"("containsNull":true},"valueContainsNull":true},"nullable":false,"metadata":{}}]})";
  auto schema = MustParse(json);
  ASSERT_NE(schema, nullptr);
  ASSERT_EQ(schema->num_fields(), 3u);
  const auto& s = *schema->field(0).type;
  ASSERT_EQ(s.id(), TypeId::kStruct);
  EXPECT_EQ(s.children()[0].name, "x");
  EXPECT_FALSE(s.children()[0].nullable);
  const auto& arr = *schema->field(1).type;
  ASSERT_EQ(arr.id(), TypeId::kList);
  EXPECT_EQ(arr.list_element().name, "element");
  EXPECT_FALSE(arr.list_element().nullable);
  const auto& m = *schema->field(2).type;
  ASSERT_EQ(m.id(), TypeId::kMap);
  EXPECT_FALSE(schema->field(2).nullable);
  EXPECT_TRUE(m.map_value().nullable);
  EXPECT_TRUE(m.map_value().type->list_element().type->is_variant());
  EXPECT_EQ(SerializeSchema(*schema), json);
}

TEST(SchemaJsonTest, VariantObjectFormAndDefaults) {
  // The protocol's example writes {"type":"variant"}; nested fields may omit nullable/metadata.
  auto schema =
      MustParse(R"({"type":"struct","fields":[{"name":"v","type":{"type":"array","elementType":)"
                R"({"type":"variant"}}}]})");
  ASSERT_NE(schema, nullptr);
  const auto& f = schema->field(0);
  EXPECT_TRUE(f.nullable);
  EXPECT_TRUE(f.metadata.empty());
  EXPECT_TRUE(f.type->list_element().nullable);
  EXPECT_TRUE(f.type->list_element().type->is_variant());
}

TEST(SchemaJsonTest, MetadataKeptInOrderAsCompactJson) {
  const std::string json =
      R"({"type":"struct","fields":[{"name":"a","type":"long","nullable":true,"metadata":{)"
      R"("delta.columnMapping.physicalName":"col-1","delta.columnMapping.id":7,)"
      R"("delta.typeChanges":[{"toType":"long","fromType":"integer"}],"comment":"x\"y\u0001",)"
      R"("flag":false,"nested":{"b":null,"a":1.5}}}]})";
  auto schema = MustParse(json);
  ASSERT_NE(schema, nullptr);
  const auto& md = schema->field(0).metadata;
  ASSERT_EQ(md.size(), 6u);
  EXPECT_EQ(md[0].first, "delta.columnMapping.physicalName");
  EXPECT_EQ(md[0].second, "\"col-1\"");
  EXPECT_EQ(md[1].second, "7");
  EXPECT_EQ(md[2].second, R"([{"toType":"long","fromType":"integer"}])");
  EXPECT_EQ(md[3].second, R"("x\"y\u0001")");
  EXPECT_EQ(md[4].second, "false");
  EXPECT_EQ(md[5].second, R"({"b":null,"a":1.5})");
  EXPECT_EQ(schema->field(0).field_id, 7);
  EXPECT_EQ(SerializeSchema(*schema), json);
}

TEST(SchemaJsonTest, PrettyInputSerializesCompact) {
  auto schema = MustParse(R"({
    "type" : "struct",
    "fields" : [ {
      "name" : "a", "type" : "integer", "nullable" : false,
      "metadata" : { "delta.columnMapping.id" : 1, "k" : [ 1, 2 ] }
    } ]
  })");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(SerializeSchema(*schema),
            R"({"type":"struct","fields":[{"name":"a","type":"integer","nullable":false,)"
            R"("metadata":{"delta.columnMapping.id":1,"k":[1,2]}}]})");
}

TEST(SchemaJsonTest, ErrorsNameTheColumn) {
  auto r = ParseSchemaString(
      R"({"type":"struct","fields":[{"name":"a","type":{"type":"struct","fields":[)"
      R"({"name":"b","type":"interval","nullable":true,"metadata":{}}]},"nullable":true,)"
      R"("metadata":{}}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Unsupported Delta type: \"interval\" at column a.b");

  auto elem = ParseSchemaString(OneField(R"j({"type":"array","elementType":"char(3)"})j"));
  ASSERT_FALSE(elem.ok());
  EXPECT_EQ(elem.status().message(), "Unsupported Delta type: \"char(3)\" at column a.element");

  auto map_value = ParseSchemaString(OneField(
      R"({"type":"map","keyType":"string","valueType":{"type":"udt"},"valueContainsNull":true})"));
  ASSERT_FALSE(map_value.ok());
  EXPECT_EQ(map_value.status().message(), "Unsupported Delta type: \"udt\" at column a.value");
}

TEST(SchemaJsonTest, MalformedInputIsAnError) {
  const char* bad[] = {
      "",
      "{",
      "[]",
      R"({"type":"array","elementType":"long"})",
      R"({"type":"struct"})",
      R"({"type":"struct","fields":{}})",
      R"({"type":"struct","fields":[1]})",
      R"({"type":"struct","fields":[{"type":"long"}]})",
      R"({"type":"struct","fields":[{"name":"a"}]})",
      R"({"type":"struct","fields":[{"name":"a","type":5}]})",
      R"({"type":"struct","fields":[{"name":"a","type":"long","nullable":"yes"}]})",
      R"({"type":"struct","fields":[{"name":"a","type":"long","metadata":[]}]})",
      R"({"type":"struct","fields":[{"name":"a","type":"long","metadata":)"
      R"({"delta.columnMapping.id":"x"}}]})",
      R"({"type":"struct","fields":[{"name":"a","type":"long","metadata":)"
      R"({"delta.columnMapping.id":4294967296}}]})",
      R"({"type":"struct","fields":[{"name":"a","type":{"type":"map","keyType":"long"}}]})",
      R"({"type":"struct","fields":[{"name":"a","type":{"type":"array"}}]})",
  };
  for (const char* json : bad) {
    auto r = ParseSchemaString(json);
    EXPECT_FALSE(r.ok()) << json;
  }
}

TEST(SchemaJsonTest, DeepNestingIsAnErrorNotACrash) {
  std::string json = R"({"type":"struct","fields":[{"name":"a","type":)";
  const int depth = 5000;
  for (int i = 0; i < depth; ++i) json += R"({"type":"array","elementType":)";
  json += "\"long\"";
  for (int i = 0; i < depth; ++i) json += "}";
  json += "}]}";
  EXPECT_FALSE(ParseSchemaString(json).ok());
}

TEST(SchemaJsonTest, ParseDeltaType) {
  auto t = ParseDeltaType("\"decimal(6, 2)\"");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE((*t)->Equals(*DataType::Decimal(6, 2)));
  auto arr = ParseDeltaType(R"({"type":"array","elementType":"integer","containsNull":true})");
  ASSERT_TRUE(arr.ok());
  EXPECT_EQ(SerializeDeltaType(**arr),
            R"({"type":"array","elementType":"integer","containsNull":true})");
  EXPECT_EQ(SerializeDeltaType(*DataType::Timestamp(TimeUnit::kMicro, false)), "timestamp_ntz");
}

// Every schemaString of the conformance tables: parse, serialize (byte-identical to what the
// writer stored: all of them are compact and in Delta's key order), reparse, compare deeply.
TEST(SchemaJsonTest, ConformanceTablesRoundTrip) {
  const auto samples = testing::CollectSchemaStrings(testing::SharedDir() + "/conformance/delta");
  ASSERT_GT(samples.size(), 200u);
  int parsed = 0;
  for (const auto& s : samples) {
    auto schema = ParseSchemaString(s.schema_string);
    if (s.file.find("table-with-geo") != std::string::npos) {
      // geometry/geography are not Delta protocol types (the geospatial feature is unknown).
      ASSERT_FALSE(schema.ok()) << s.file;
      EXPECT_EQ(schema.status().message(),
                "Unsupported Delta type: \"geometry(OGC:CRS84)\" at column geom");
      continue;
    }
    ASSERT_TRUE(schema.ok()) << s.file << ": " << schema.status().ToString();
    const std::string again = SerializeSchema(**schema);
    EXPECT_EQ(again, s.schema_string) << s.file;
    auto reparsed = ParseSchemaString(again);
    ASSERT_TRUE(reparsed.ok()) << s.file;
    EXPECT_EQ(testing::DiffSchemas(**schema, **reparsed), "") << s.file;
    ++parsed;
  }
  EXPECT_GT(parsed, 200);
}

TEST(SchemaJsonTest, ColumnMappingIdsBecomeFieldIds) {
  const auto samples = testing::CollectSchemaStrings(testing::SharedDir() +
                                                     "/conformance/delta/delta/column-mapping-id");
  ASSERT_FALSE(samples.empty());
  auto schema = ParseSchemaString(samples.back().schema_string);
  ASSERT_TRUE(schema.ok());
  for (const auto& f : (*schema)->fields()) {
    const std::string* id = f.FindMetadata("delta.columnMapping.id");
    ASSERT_NE(id, nullptr) << f.name;
    EXPECT_EQ(std::to_string(f.field_id), *id);
  }
}

}  // namespace
}  // namespace lakeml::delta
