#include "delta/checkpoint/vector_builder.h"

#include <gtest/gtest.h>

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::TypeId;
using columnar::VectorPtr;

TEST(VectorBuilderTest, BuildsPrimitivesWithNulls) {
  VectorBuilder ints(DataType::Primitive(TypeId::kInt64));
  ints.AppendFixed<int64_t>(5);
  ints.AppendNull();
  ints.AppendFixed<int64_t>(-7);
  VectorPtr v = ints.Finish();
  ASSERT_EQ(v->length(), 3);
  EXPECT_EQ(v->null_count(), 1);
  EXPECT_EQ(v->values_as<int64_t>()[0], 5);
  EXPECT_TRUE(v->IsNull(1));
  EXPECT_EQ(v->values_as<int64_t>()[2], -7);
  EXPECT_EQ(ints.length(), 0);  // Reusable after Finish().

  VectorBuilder bools(DataType::Primitive(TypeId::kBoolean));
  for (int i = 0; i < 20; ++i) {
    if (i % 3 == 0) {
      bools.AppendNull();
    } else {
      bools.AppendBool(i % 2 == 0);
    }
  }
  v = bools.Finish();
  EXPECT_EQ(v->null_count(), 7);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(v->IsNull(i), i % 3 == 0);
    if (i % 3 != 0) {
      EXPECT_EQ(v->GetBool(i), i % 2 == 0) << i;
    }
  }

  VectorBuilder strings(DataType::String());
  strings.AppendString("ab");
  strings.AppendNull();
  strings.AppendString("");
  strings.AppendString("xyz");
  v = strings.Finish();
  EXPECT_EQ(v->GetView(0), "ab");
  EXPECT_TRUE(v->IsNull(1));
  EXPECT_EQ(v->GetView(2), "");
  EXPECT_EQ(v->GetView(3), "xyz");
  EXPECT_EQ(v->null_count(), 1);
}

TEST(VectorBuilderTest, AllValidHasNoBitmap) {
  VectorBuilder b(DataType::Primitive(TypeId::kInt32));
  b.AppendFixed<int32_t>(1);
  VectorPtr v = b.Finish();
  EXPECT_EQ(v->validity(), nullptr);
  EXPECT_EQ(v->null_count(), 0);
}

TEST(VectorBuilderTest, BuildsNestedTypes) {
  auto map = DataType::Map(Field{"key", DataType::String(), false},
                           Field{"value", DataType::String(), true});
  auto list = DataType::List(Field{"element", DataType::String(), true});
  auto type = DataType::Struct({Field{"m", map, true}, Field{"l", list, true}});
  VectorBuilder b(type);
  // Row 0: {m: {a: 1, b: null}, l: [x]}
  b.child(0).child(0).AppendString("a");
  b.child(0).child(1).AppendString("1");
  b.child(0).child(0).AppendString("b");
  b.child(0).child(1).AppendNull();
  b.child(0).AppendList();
  b.child(1).child(0).AppendString("x");
  b.child(1).AppendList();
  b.AppendStruct();
  // Row 1: null
  b.AppendNull();
  // Row 2: {m: null, l: []}
  b.child(0).AppendNull();
  b.child(1).AppendList();
  b.AppendStruct();
  VectorPtr v = b.Finish();
  ASSERT_EQ(v->length(), 3);
  EXPECT_TRUE(v->IsNull(1));
  const columnar::Vector& m = *v->child(0);
  ASSERT_EQ(m.length(), 3);
  EXPECT_EQ(m.offsets()[0], 0);
  EXPECT_EQ(m.offsets()[1], 2);
  EXPECT_EQ(m.offsets()[2], 2);
  EXPECT_EQ(m.offsets()[3], 2);
  EXPECT_TRUE(m.IsNull(1));
  EXPECT_TRUE(m.IsNull(2));
  EXPECT_EQ(m.child(0)->GetView(1), "b");
  EXPECT_TRUE(m.child(1)->IsNull(1));
  const columnar::Vector& l = *v->child(1);
  EXPECT_EQ(l.offsets()[3], 1);
  EXPECT_TRUE(l.IsValid(2));
  EXPECT_TRUE(l.IsNull(1));
}

TEST(VectorBuilderTest, AppendsScalars) {
  VectorBuilder dec(DataType::Decimal(20, 2));
  dec.AppendScalar(columnar::Scalar::Decimal(DataType::Decimal(20, 2), -12345));
  dec.AppendScalar(columnar::Scalar::Null(DataType::Decimal(20, 2)));
  VectorPtr v = dec.Finish();
  __int128 x;
  std::memcpy(&x, v->values()->data(), 16);
  EXPECT_TRUE(x == -12345);
  EXPECT_TRUE(v->IsNull(1));
}

}  // namespace
}  // namespace lakeml::delta
