#include "format/parquet/writer/writer_schema.h"

#include <gtest/gtest.h>

namespace lakeml::parquet {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Schema;
using columnar::TypeId;

WriterSchema Make(std::vector<Field> fields) {
  auto ws = WriterSchema::Make(Schema(std::move(fields)));
  EXPECT_TRUE(ws.ok()) << ws.status().ToString();
  return std::move(ws).value();
}

TEST(WriterSchemaTest, PrimitiveMapping) {
  WriterSchema ws = Make({{"i8", DataType::Primitive(TypeId::kInt8), false},
                          {"u32", DataType::Primitive(TypeId::kUInt32)},
                          {"i32", DataType::Primitive(TypeId::kInt32)},
                          {"u64", DataType::Primitive(TypeId::kUInt64)},
                          {"ts", DataType::Timestamp(columnar::TimeUnit::kMicro, true)},
                          {"ts_ntz", DataType::Timestamp(columnar::TimeUnit::kNano, false)},
                          {"t", DataType::Time(columnar::TimeUnit::kMilli)},
                          {"j", DataType::String("json")},
                          {"e", DataType::String("enum")},
                          {"b", DataType::Binary("bson")},
                          {"u", DataType::FixedSizeBinary(16, "uuid")},
                          {"h", DataType::Primitive(TypeId::kFloat16)},
                          {"iv", DataType::Primitive(TypeId::kInterval)}});
  const auto& e = ws.elements();
  ASSERT_EQ(e.size(), 14u);
  EXPECT_EQ(e[0].num_children, 13);
  EXPECT_EQ(e[1].type, Type::kInt32);
  EXPECT_EQ(e[1].repetition_type, FieldRepetitionType::kRequired);
  EXPECT_EQ(e[1].converted_type, ConvertedType::kInt8);
  EXPECT_EQ(e[1].logical_type, LogicalType::Integer(8, true));
  EXPECT_EQ(e[2].repetition_type, FieldRepetitionType::kOptional);
  EXPECT_EQ(e[2].converted_type, ConvertedType::kUint32);
  EXPECT_EQ(e[2].logical_type, LogicalType::Integer(32, false));
  EXPECT_FALSE(e[3].logical_type.has_value());
  EXPECT_FALSE(e[3].converted_type.has_value());
  EXPECT_EQ(e[4].type, Type::kInt64);
  EXPECT_EQ(e[4].logical_type, LogicalType::Integer(64, false));
  EXPECT_EQ(e[5].logical_type, LogicalType::Timestamp(true, TimeUnit::kMicros));
  EXPECT_EQ(e[5].converted_type, ConvertedType::kTimestampMicros);
  EXPECT_EQ(e[6].logical_type, LogicalType::Timestamp(false, TimeUnit::kNanos));
  EXPECT_FALSE(e[6].converted_type.has_value());
  EXPECT_EQ(e[7].type, Type::kInt32);
  EXPECT_EQ(e[7].logical_type, LogicalType::Time(false, TimeUnit::kMillis));
  EXPECT_EQ(e[8].converted_type, ConvertedType::kJson);
  EXPECT_EQ(e[9].logical_type, LogicalType::Simple(LogicalType::Kind::kEnum));
  EXPECT_EQ(e[10].converted_type, ConvertedType::kBson);
  EXPECT_EQ(e[11].type, Type::kFixedLenByteArray);
  EXPECT_EQ(e[11].type_length, 16);
  EXPECT_EQ(e[11].logical_type, LogicalType::Simple(LogicalType::Kind::kUuid));
  EXPECT_EQ(e[12].type_length, 2);
  EXPECT_EQ(e[12].logical_type, LogicalType::Simple(LogicalType::Kind::kFloat16));
  EXPECT_EQ(e[13].type_length, 12);
  EXPECT_EQ(e[13].converted_type, ConvertedType::kInterval);
  EXPECT_EQ(ws.leaves()[12].stats_order, StatsOrder::kNone);
  EXPECT_EQ(ws.leaves()[1].stats_order, StatsOrder::kUInt32);
}

TEST(WriterSchemaTest, DecimalPhysicalTypes) {
  // Bytes for precisions 19..38 (the minimal two's complement width, as Arrow and Spark use).
  const int kBytes[] = {9,  9,  9,  10, 10, 11, 11, 11, 12, 12,
                        13, 13, 13, 14, 14, 15, 15, 16, 16, 16};
  for (int p = 1; p <= 38; ++p) {
    WriterSchema ws = Make({{"d", DataType::Decimal(p, p / 2)}});
    const SchemaElement& e = ws.elements()[1];
    EXPECT_EQ(e.precision, p);
    EXPECT_EQ(e.scale, p / 2);
    EXPECT_EQ(e.converted_type, ConvertedType::kDecimal);
    EXPECT_EQ(e.logical_type, LogicalType::Decimal(p / 2, p));
    if (p <= 9) {
      EXPECT_EQ(e.type, Type::kInt32);
    } else if (p <= 18) {
      EXPECT_EQ(e.type, Type::kInt64);
    } else {
      EXPECT_EQ(e.type, Type::kFixedLenByteArray);
      EXPECT_EQ(e.type_length, kBytes[p - 19]) << "precision " << p;
    }
  }
  EXPECT_FALSE(WriterSchema::Make(Schema({{"d", DataType::Decimal(39, 0)}})).ok());
}

TEST(WriterSchemaTest, NestedGroupsAndLevels) {
  Field elem{"item", DataType::Primitive(TypeId::kInt32), true, 3};
  Field list{"l", DataType::List(elem), false, 1};
  Field map{"m",
            DataType::Map({"k", DataType::String(), false},
                          {"v", DataType::Primitive(TypeId::kInt64), false}),
            true};
  Field st{"s", DataType::Struct({{"a", DataType::Primitive(TypeId::kBoolean), true}}), true};
  WriterSchema ws = Make({list, map, st});
  const auto& e = ws.elements();
  std::vector<std::string> names;
  for (const auto& x : e) names.push_back(x.name);
  EXPECT_EQ(names, (std::vector<std::string>{"schema", "l", "list", "element", "m", "key_value",
                                             "key", "value", "s", "a"}));
  EXPECT_EQ(e[1].converted_type, ConvertedType::kList);
  EXPECT_EQ(e[1].field_id, 1);
  EXPECT_EQ(e[1].repetition_type, FieldRepetitionType::kRequired);
  EXPECT_EQ(e[2].repetition_type, FieldRepetitionType::kRepeated);
  EXPECT_EQ(e[3].field_id, 3);
  EXPECT_EQ(e[3].repetition_type, FieldRepetitionType::kOptional);
  EXPECT_EQ(e[4].converted_type, ConvertedType::kMap);
  EXPECT_EQ(e[5].num_children, 2);
  EXPECT_EQ(e[6].repetition_type, FieldRepetitionType::kRequired);
  EXPECT_EQ(e[7].repetition_type, FieldRepetitionType::kRequired);
  EXPECT_EQ(e[8].num_children, 1);
  ASSERT_EQ(ws.leaves().size(), 4u);
  const WriterLeaf& l = ws.leaves()[0];
  EXPECT_EQ(l.path, (std::vector<std::string>{"l", "list", "element"}));
  EXPECT_EQ(l.max_def, 2);
  EXPECT_EQ(l.max_rep, 1);
  EXPECT_EQ(ws.leaves()[1].max_def, 2);  // m optional + key_value repeated.
  EXPECT_EQ(ws.leaves()[2].child_path, (std::vector<int>{1}));
  EXPECT_EQ(ws.leaves()[3].max_def, 2);
  EXPECT_EQ(ws.leaves()[3].max_rep, 0);
  EXPECT_EQ(ws.leaves()[3].column, 2);
}

TEST(WriterSchemaTest, Unsupported) {
  EXPECT_FALSE(WriterSchema::Make(Schema(std::vector<Field>{})).ok());
  EXPECT_FALSE(WriterSchema::Make(Schema({{"s", DataType::Struct({})}})).ok());
}

TEST(WriterSchemaTest, VoidColumnsAreInt32AnnotatedUnknown) {
  auto ws = WriterSchema::Make(Schema({{"v", DataType::Primitive(TypeId::kNull)}}));
  ASSERT_TRUE(ws.ok()) << ws.status().ToString();
  const SchemaElement& e = ws->elements().back();
  EXPECT_EQ(e.type, Type::kInt32);
  ASSERT_TRUE(e.logical_type.has_value());
  EXPECT_EQ(e.logical_type->kind, LogicalType::Kind::kUnknown);
}

}  // namespace
}  // namespace lakeml::parquet
