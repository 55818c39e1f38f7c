// Void (always-null) and geospatial columns survive a write -> read round trip.
#include <gtest/gtest.h>

#include "format/parquet/file_reader.h"
#include "format/parquet/writer/file_writer.h"
#include "format/value_text/value_formatter.h"
#include "io/local_file_system.h"
#include "io/memory_file_system.h"

namespace lakeml::parquet {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::Vector;

TEST(WriterVoidAndGeoTest, VoidColumnsRoundTripAsNulls) {
  io::MemoryFileSystem fs;
  auto element = Field{"element", DataType::Primitive(TypeId::kNull), true};
  auto schema = std::make_shared<columnar::Schema>(std::vector<Field>{
      {"v", DataType::Primitive(TypeId::kNull), true},
      {"l", DataType::List(element), true},
  });
  auto v = Vector::MakeNull(DataType::Primitive(TypeId::kNull), 3);
  // A list column: [], [null, null], null.
  auto l = Vector::Make(schema->field(1).type, 3);
  int64_t* o = l->mutable_values()->mutable_as<int64_t>();
  o[0] = 0;
  o[1] = 0;
  o[2] = 2;
  o[3] = 2;
  l->mutable_children()[0] = Vector::MakeNull(DataType::Primitive(TypeId::kNull), 2);
  bit_util::ClearBit(l->EnsureValidity()->mutable_data(), 2);
  l->FinishValidity();
  columnar::Batch batch(schema, {v, l}, 3);
  auto writer = FileWriter::Open(&fs, "/void.parquet", schema, WriterOptions());
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Write(batch).ok());
  ASSERT_TRUE((*writer)->Close().ok());

  auto reader = FileReader::Open(&fs, "/void.parquet");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->schema()->field(0).type->id(), TypeId::kNull);
  auto read = (*reader)->ReadRowGroup(0, {0, 1});
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  std::string text;
  for (int64_t r = 0; r < 3; ++r) {
    for (int c = 0; c < 2; ++c) {
      format::ValueFormatter::AppendJson(*(*read)->column(c), r, &text);
      text += ";";
    }
  }
  EXPECT_EQ(text, "null;[];null;[null,null];null;null;");
}

TEST(WriterVoidAndGeoTest, GeometryAnnotationIsKept) {
  const std::string path =
      std::string(LAKEML_SHARED_DIR) + "/conformance/parquet/data/geospatial/geospatial.parquet";
  io::MemoryFileSystem out_fs;
  auto in = FileReader::Open(io::LocalFs(), path);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  const int geo = (*in)->schema()->FieldIndex("geometry");
  ASSERT_GE(geo, 0);
  EXPECT_EQ((*in)->schema()->field(geo).type->extension(), "geometry");
  auto writer = FileWriter::Open(&out_fs, "/g.parquet", (*in)->schema(), WriterOptions());
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  std::vector<int> all;
  for (size_t i = 0; i < (*in)->schema()->num_fields(); ++i) all.push_back(static_cast<int>(i));
  for (int g = 0; g < (*in)->num_row_groups(); ++g) {
    auto b = (*in)->ReadRowGroup(g, all);
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    ASSERT_TRUE((*writer)->Write(**b).ok());
  }
  ASSERT_TRUE((*writer)->Close().ok());
  auto back = FileReader::Open(&out_fs, "/g.parquet");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  bool found = false;
  for (const SchemaElement& e : (*back)->metadata().schema) {
    if (e.name == "geometry") {
      found = true;
      ASSERT_TRUE(e.logical_type.has_value());
      EXPECT_EQ(e.logical_type->kind, LogicalType::Kind::kGeometry);
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace lakeml::parquet
