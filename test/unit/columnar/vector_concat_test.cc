#include "columnar/vector_concat.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "base/str_cat.h"
#include "columnar/vector_slice.h"
#include "unit/columnar/random_vector.h"
#include "unit/columnar/row_equality.h"

namespace lakeml::columnar {
namespace {

using testing::ExpectWellFormed;
using testing::RandomVector;
using testing::RandomVectorOptions;
using testing::RowsEqual;
using testing::SameTypeRowsEqual;
using testing::SelectionTestTypes;

// The rows of `out` must be those of parts[0], parts[1], ... in order.
void ExpectConcatenated(const std::vector<VectorPtr>& parts, const Vector& out) {
  int64_t row = 0;
  for (const VectorPtr& p : parts) {
    ASSERT_TRUE(out.type()->Equals(*p->type()));
    for (int64_t i = 0; i < p->length(); ++i, ++row) {
      ASSERT_LT(row, out.length());
      ASSERT_TRUE(SameTypeRowsEqual(out, row, *p, i));
    }
  }
  EXPECT_EQ(row, out.length());
}

TEST(ConcatVectorsTest, IndependentPartsOfEveryType) {
  std::mt19937_64 rng(37);
  for (const TypePtr& type : SelectionTestTypes()) {
    for (const double nulls : {0.0, 0.3}) {
      SCOPED_TRACE(type->ToString() + " nulls=" + std::to_string(nulls));
      std::vector<VectorPtr> parts;
      for (const int64_t n : {0, 1, 63, 7, 0, 64, 130, 5}) {
        RandomVectorOptions opt;
        // Mix parts with and without validity bitmaps.
        opt.null_probability = (n % 2) == 1 ? nulls : 0.0;
        parts.push_back(RandomVector(type, n, rng, opt));
      }
      auto out = ConcatVectors(parts);
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      ExpectWellFormed(**out);
      ExpectConcatenated(parts, **out);
    }
  }
}

TEST(ConcatVectorsTest, SlicesReassembleTheWhole) {
  std::mt19937_64 rng(41);
  for (const TypePtr& type : SelectionTestTypes()) {
    SCOPED_TRACE(type->ToString());
    VectorPtr whole = RandomVector(type, 1000, rng);
    std::vector<VectorPtr> parts;
    int64_t pos = 0;
    while (pos < 1000) {
      const int64_t len = std::min<int64_t>(1000 - pos, static_cast<int64_t>(rng() % 150));
      parts.push_back(SliceVector(*whole, pos, len));
      pos += len;
    }
    auto out = ConcatVectors(parts);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ExpectWellFormed(**out);
    ASSERT_EQ((*out)->length(), 1000);
    for (int64_t i = 0; i < 1000; ++i) ASSERT_TRUE(RowsEqual(**out, i, *whole, i));
  }
}

TEST(ConcatVectorsTest, SinglePartSharesBuffers) {
  std::mt19937_64 rng(43);
  VectorPtr v = RandomVector(DataType::String(), 50, rng);
  auto out = ConcatVectors({v});
  ASSERT_TRUE(out.ok());
  EXPECT_NE(out->get(), v.get());
  EXPECT_EQ((*out)->values(), v->values());
  EXPECT_EQ((*out)->data(), v->data());
  EXPECT_EQ((*out)->validity(), v->validity());
}

TEST(ConcatVectorsTest, RejectsBadParts) {
  std::mt19937_64 rng(47);
  EXPECT_EQ(ConcatVectors({}).status().code(), StatusCode::kInvalidArgument);
  VectorPtr a = RandomVector(DataType::Primitive(TypeId::kInt32), 5, rng);
  VectorPtr b = RandomVector(DataType::Primitive(TypeId::kInt64), 5, rng);
  auto r = ConcatVectors({a, b});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("part 1: bigint"), std::string::npos)
      << r.status().ToString();
  EXPECT_EQ(ConcatVectors({a, nullptr}).status().code(), StatusCode::kInvalidArgument);
  // Field names count: struct<x:int> and struct<y:int> do not concatenate.
  auto sx = DataType::Struct({{"x", DataType::Primitive(TypeId::kInt32)}});
  auto sy = DataType::Struct({{"y", DataType::Primitive(TypeId::kInt32)}});
  EXPECT_EQ(ConcatVectors({RandomVector(sx, 3, rng), RandomVector(sy, 3, rng)}).status().code(),
            StatusCode::kInvalidArgument);
  // A malformed part: validity shorter than the length.
  auto bad = std::make_shared<Vector>(*a);
  bad->set_length(100);
  EXPECT_EQ(ConcatVectors({a, bad}).status().code(), StatusCode::kInvalidArgument);
}

TEST(ConcatBatchesTest, ConcatenatesEveryColumn) {
  std::mt19937_64 rng(53);
  const std::vector<TypePtr> types = SelectionTestTypes();
  std::vector<Field> fields;
  for (size_t i = 0; i < types.size(); ++i) fields.push_back({StrCat("c", i), types[i]});
  auto schema = std::make_shared<Schema>(fields);
  std::vector<BatchPtr> batches;
  for (const int64_t rows : {10, 0, 77, 64}) {
    std::vector<VectorPtr> columns;
    for (const TypePtr& t : types) columns.push_back(RandomVector(t, rows, rng));
    batches.push_back(std::make_shared<Batch>(schema, columns, rows));
  }
  auto out = ConcatBatches(batches);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->num_rows(), 151);
  EXPECT_EQ((*out)->schema(), schema);
  for (size_t c = 0; c < types.size(); ++c) {
    SCOPED_TRACE(types[c]->ToString());
    std::vector<VectorPtr> parts;
    for (const BatchPtr& b : batches) parts.push_back(b->column(c));
    ExpectWellFormed(*(*out)->column(c));
    ExpectConcatenated(parts, *(*out)->column(c));
  }
  EXPECT_EQ(ConcatBatches({}).status().code(), StatusCode::kInvalidArgument);
  auto narrow = std::make_shared<Batch>(std::make_shared<Schema>(std::vector<Field>{fields[0]}),
                                        std::vector<VectorPtr>{RandomVector(types[0], 3, rng)}, 3);
  EXPECT_EQ(ConcatBatches({batches[0], narrow}).status().code(), StatusCode::kInvalidArgument);
}

TEST(ConcatVectorsTest, MillionRows) {
  std::mt19937_64 rng(59);
  const TypePtr types[] = {DataType::Primitive(TypeId::kInt64),
                           DataType::Primitive(TypeId::kBoolean), DataType::String(),
                           DataType::List({"element", DataType::Primitive(TypeId::kInt32)})};
  for (const TypePtr& type : types) {
    SCOPED_TRACE(type->ToString());
    std::vector<VectorPtr> parts;
    for (const int64_t n : {400'001, 1, 599'998}) parts.push_back(RandomVector(type, n, rng));
    auto out = ConcatVectors(parts);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ExpectWellFormed(**out);
    ExpectConcatenated(parts, **out);
  }
}

}  // namespace
}  // namespace lakeml::columnar
