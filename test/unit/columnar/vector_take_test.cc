#include "columnar/vector_take.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
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

// Row j of `out` must equal row indices[j] of `v`; the reference is a one-row SliceVector.
void ExpectTaken(const Vector& v, const Vector& out, const std::vector<int64_t>& indices,
                 bool via_slices) {
  ASSERT_EQ(out.length(), static_cast<int64_t>(indices.size()));
  ASSERT_TRUE(out.type()->Equals(*v.type()));
  for (size_t j = 0; j < indices.size(); ++j) {
    if (via_slices) {
      VectorPtr one = SliceVector(v, indices[j], 1);
      ASSERT_TRUE(RowsEqual(out, j, *one, 0));
    } else {
      ASSERT_TRUE(SameTypeRowsEqual(out, j, v, indices[j]));
    }
  }
}

// Index patterns: random with repeats, reversed, identity, one row repeated, empty.
std::vector<std::vector<int64_t>> IndexPatterns(int64_t n, std::mt19937_64& rng) {
  std::vector<std::vector<int64_t>> out;
  out.emplace_back();
  if (n == 0) return out;
  std::vector<int64_t> random(n + n / 2 + 3);
  for (int64_t& i : random) i = static_cast<int64_t>(rng() % n);
  out.push_back(random);
  std::vector<int64_t> identity(n);
  std::iota(identity.begin(), identity.end(), 0);
  out.push_back(identity);
  out.emplace_back(identity.rbegin(), identity.rend());
  out.push_back(std::vector<int64_t>(70, n - 1));
  return out;
}

TEST(TakeVectorTest, EveryTypeAndIndexPattern) {
  std::mt19937_64 rng(17);
  for (const TypePtr& type : SelectionTestTypes()) {
    for (const int64_t n : {0, 1, 5, 64, 65, 300}) {
      for (const double nulls : {0.0, 0.3}) {
        SCOPED_TRACE(type->ToString() + " n=" + std::to_string(n) +
                     " nulls=" + std::to_string(nulls));
        RandomVectorOptions opt;
        opt.null_probability = nulls;
        VectorPtr v = RandomVector(type, n, rng, opt);
        for (const std::vector<int64_t>& indices : IndexPatterns(n, rng)) {
          auto out = TakeVector(*v, indices.data(), static_cast<int64_t>(indices.size()));
          ASSERT_TRUE(out.ok()) << out.status().ToString();
          ExpectWellFormed(**out);
          ExpectTaken(*v, **out, indices, /*via_slices=*/true);
        }
      }
    }
  }
}

TEST(TakeVectorTest, TakesFromSlices) {
  std::mt19937_64 rng(19);
  for (const TypePtr& type : SelectionTestTypes()) {
    SCOPED_TRACE(type->ToString());
    VectorPtr base = RandomVector(type, 400, rng);
    VectorPtr v = SliceVector(*base, 77, 250);
    std::vector<int64_t> indices(500);
    for (int64_t& i : indices) i = static_cast<int64_t>(rng() % 250);
    auto out = TakeVector(*v, indices.data(), static_cast<int64_t>(indices.size()));
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ExpectWellFormed(**out);
    for (size_t j = 0; j < indices.size(); ++j) {
      ASSERT_TRUE(RowsEqual(**out, j, *base, 77 + indices[j]));
    }
  }
}

TEST(TakeVectorTest, RejectsIndicesOutOfRange) {
  std::mt19937_64 rng(23);
  VectorPtr v = RandomVector(DataType::List({"element", DataType::String()}), 10, rng);
  const std::vector<int64_t> high = {0, 3, 10};
  auto r = TakeVector(*v, high.data(), 3);
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(r.status().message().find("index 10 at position 2"), std::string::npos)
      << r.status().ToString();
  const std::vector<int64_t> negative = {-1};
  EXPECT_EQ(TakeVector(*v, negative.data(), 1).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(TakeVector(*v, nullptr, 2).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TakeVector(*v, high.data(), -1).status().code(), StatusCode::kInvalidArgument);
  VectorPtr empty = RandomVector(DataType::String(), 0, rng);
  const std::vector<int64_t> zero = {0};
  EXPECT_EQ(TakeVector(*empty, zero.data(), 1).status().code(), StatusCode::kOutOfRange);
  auto none = TakeVector(*empty, nullptr, 0);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)->length(), 0);
  EXPECT_EQ((*none)->offsets()[0], 0);
  // A list whose offsets run past its child.
  auto bad = std::make_shared<Vector>(*v);
  bad->mutable_children()[0] = RandomVector(DataType::String(), 0, rng);
  const std::vector<int64_t> one = {1};
  if (v->offsets()[10] > 0) {
    EXPECT_EQ(TakeVector(*bad, one.data(), 1).status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(TakeBatchTest, TakesEveryColumn) {
  std::mt19937_64 rng(29);
  const std::vector<TypePtr> types = SelectionTestTypes();
  std::vector<Field> fields;
  std::vector<VectorPtr> columns;
  for (size_t i = 0; i < types.size(); ++i) {
    fields.push_back({StrCat("c", i), types[i]});
    columns.push_back(RandomVector(types[i], 200, rng));
  }
  auto schema = std::make_shared<Schema>(fields);
  Batch batch(schema, columns, 200);
  std::vector<int64_t> indices(333);
  for (int64_t& i : indices) i = static_cast<int64_t>(rng() % 200);
  auto out = TakeBatch(batch, indices.data(), static_cast<int64_t>(indices.size()));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->num_rows(), 333);
  for (size_t c = 0; c < types.size(); ++c) {
    SCOPED_TRACE(types[c]->ToString());
    ExpectWellFormed(*(*out)->column(c));
    ExpectTaken(*columns[c], *(*out)->column(c), indices, /*via_slices=*/false);
  }
  indices.push_back(200);
  EXPECT_EQ(TakeBatch(batch, indices.data(), static_cast<int64_t>(indices.size())).status().code(),
            StatusCode::kOutOfRange);
}

TEST(TakeVectorTest, MillionRows) {
  std::mt19937_64 rng(31);
  constexpr int64_t kRows = 1'000'000;
  const TypePtr types[] = {DataType::Primitive(TypeId::kInt64),
                           DataType::Primitive(TypeId::kBoolean), DataType::String(),
                           DataType::List({"element", DataType::Primitive(TypeId::kInt32)})};
  std::vector<int64_t> indices(kRows);
  std::iota(indices.begin(), indices.end(), 0);
  std::shuffle(indices.begin(), indices.end(), rng);
  for (const TypePtr& type : types) {
    SCOPED_TRACE(type->ToString());
    VectorPtr v = RandomVector(type, kRows, rng);
    auto out = TakeVector(*v, indices.data(), kRows);
    ASSERT_TRUE(out.ok()) << out.status().ToString();
    ExpectWellFormed(**out);
    ExpectTaken(*v, **out, indices, /*via_slices=*/false);
  }
}

}  // namespace
}  // namespace lakeml::columnar
