#include "columnar/vector_filter.h"

#include <gtest/gtest.h>

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

enum class Pattern { kNone, kAll, kSparse, kHalf, kDense, kRuns };
constexpr Pattern kPatterns[] = {Pattern::kNone, Pattern::kAll,   Pattern::kSparse,
                                 Pattern::kHalf, Pattern::kDense, Pattern::kRuns};

// A selection bitmap of exactly BytesForBits(n) bytes (so ASan sees any over-read), with the
// bits past n set, which the kernels must ignore.
std::vector<uint8_t> KeepBits(int64_t n, Pattern pattern, std::mt19937_64& rng,
                              std::vector<int64_t>* kept) {
  std::vector<uint8_t> bits(bit_util::BytesForBits(n), 0);
  double p = 0;
  switch (pattern) {
    case Pattern::kNone:
      p = 0;
      break;
    case Pattern::kAll:
      p = 1;
      break;
    case Pattern::kSparse:
      p = 0.02;
      break;
    case Pattern::kHalf:
      p = 0.5;
      break;
    case Pattern::kDense:
      p = 0.97;
      break;
    case Pattern::kRuns:
      break;
  }
  std::bernoulli_distribution coin(p);
  bool in_run = false;
  int64_t run_left = 0;
  for (int64_t i = 0; i < n; ++i) {
    bool keep;
    if (pattern == Pattern::kRuns) {
      if (run_left == 0) {
        in_run = !in_run;
        run_left = 1 + static_cast<int64_t>(rng() % 150);
      }
      --run_left;
      keep = in_run;
    } else {
      keep = coin(rng);
    }
    if (keep) {
      bit_util::SetBit(bits.data(), i);
      kept->push_back(i);
    }
  }
  for (int64_t i = n; i < static_cast<int64_t>(bits.size()) * 8; ++i) {
    bit_util::SetBit(bits.data(), i);
  }
  return bits;
}

// Row j of `out` must equal row kept[j] of `v`; the reference is a one-row SliceVector.
void ExpectFiltered(const Vector& v, const Vector& out, const std::vector<int64_t>& kept,
                    bool via_slices) {
  ASSERT_EQ(out.length(), static_cast<int64_t>(kept.size()));
  ASSERT_TRUE(out.type()->Equals(*v.type()));
  for (size_t j = 0; j < kept.size(); ++j) {
    if (via_slices) {
      VectorPtr one = SliceVector(v, kept[j], 1);
      ASSERT_TRUE(RowsEqual(out, j, *one, 0));
    } else {
      ASSERT_TRUE(SameTypeRowsEqual(out, j, v, kept[j]));
    }
  }
}

void ExpectSharesBuffers(const Vector& a, const Vector& b) {
  EXPECT_EQ(a.values(), b.values());
  EXPECT_EQ(a.validity(), b.validity());
  EXPECT_EQ(a.data(), b.data());
  EXPECT_EQ(a.children(), b.children());
}

TEST(FilterVectorTest, EveryTypeLengthAndDensity) {
  std::mt19937_64 rng(42);
  for (const TypePtr& type : SelectionTestTypes()) {
    for (const int64_t n : {0, 1, 7, 63, 64, 65, 130, 700}) {
      for (const double nulls : {0.0, 0.3}) {
        for (const Pattern pattern : kPatterns) {
          SCOPED_TRACE(type->ToString() + " n=" + std::to_string(n) +
                       " nulls=" + std::to_string(nulls) +
                       " pattern=" + std::to_string(static_cast<int>(pattern)));
          RandomVectorOptions opt;
          opt.null_probability = nulls;
          opt.shifted_offsets = (n % 2) == 1 || pattern == Pattern::kHalf;
          VectorPtr v = RandomVector(type, n, rng, opt);
          std::vector<int64_t> kept;
          std::vector<uint8_t> bits = KeepBits(n, pattern, rng, &kept);
          auto out = FilterVector(*v, bits.data(), static_cast<int64_t>(kept.size()));
          ASSERT_TRUE(out.ok()) << out.status().ToString();
          const bool all = static_cast<int64_t>(kept.size()) == n;
          ExpectWellFormed(**out, /*tight=*/!all);
          ExpectFiltered(*v, **out, kept, /*via_slices=*/true);
          if (all) ExpectSharesBuffers(**out, *v);
        }
      }
    }
  }
}

TEST(FilterVectorTest, FiltersSlicesOfLargerVectors) {
  std::mt19937_64 rng(7);
  for (const TypePtr& type : SelectionTestTypes()) {
    SCOPED_TRACE(type->ToString());
    VectorPtr base = RandomVector(type, 500, rng);
    for (const auto& [offset, length] :
         {std::pair<int64_t, int64_t>{1, 200}, {63, 301}, {64, 64}, {129, 371}, {499, 1}}) {
      VectorPtr v = SliceVector(*base, offset, length);
      std::vector<int64_t> kept;
      std::vector<uint8_t> bits = KeepBits(length, Pattern::kHalf, rng, &kept);
      auto out = FilterVector(*v, bits.data(), static_cast<int64_t>(kept.size()));
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      ExpectWellFormed(**out, kept.size() != static_cast<size_t>(length));
      for (size_t j = 0; j < kept.size(); ++j) {
        ASSERT_TRUE(RowsEqual(**out, j, *base, offset + kept[j]));
      }
    }
  }
}

TEST(FilterVectorTest, NoneKeptIsEmptyWithZeroOffset) {
  std::mt19937_64 rng(3);
  auto type = DataType::List({"element", DataType::String()});
  VectorPtr v = RandomVector(type, 100, rng);
  std::vector<uint8_t> bits(bit_util::BytesForBits(100), 0);
  auto out = FilterVector(*v, bits.data(), 0);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)->length(), 0);
  EXPECT_EQ((*out)->offsets()[0], 0);
  EXPECT_EQ((*out)->child(0)->length(), 0);
  EXPECT_EQ((*out)->child(0)->offsets()[0], 0);
  ExpectWellFormed(**out);
}

TEST(FilterVectorTest, NullCountRecomputedAndBitmapDroppedWhenNoNullKept) {
  auto v = Vector::Make(DataType::Primitive(TypeId::kInt32), 4);
  for (int i = 0; i < 4; ++i) v->mutable_values()->mutable_as<int32_t>()[i] = i * 10;
  bit_util::ClearBit(v->EnsureValidity()->mutable_data(), 1);
  v->FinishValidity();
  ASSERT_EQ(v->null_count(), 1);
  const uint8_t keep_valid = 0b1101;
  auto out = FilterVector(*v, &keep_valid, 3);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)->null_count(), 0);
  EXPECT_EQ((*out)->validity(), nullptr);
  EXPECT_EQ((*out)->values_as<int32_t>()[0], 0);
  EXPECT_EQ((*out)->values_as<int32_t>()[1], 20);
  EXPECT_EQ((*out)->values_as<int32_t>()[2], 30);
  const uint8_t keep_null = 0b0011;
  out = FilterVector(*v, &keep_null, 2);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)->null_count(), 1);
  EXPECT_TRUE((*out)->IsValid(0));
  EXPECT_TRUE((*out)->IsNull(1));
}

TEST(FilterVectorTest, RejectsWrongCountsAndMalformedVectors) {
  std::mt19937_64 rng(5);
  VectorPtr v = RandomVector(DataType::String(), 20, rng);
  std::vector<int64_t> kept;
  std::vector<uint8_t> bits = KeepBits(20, Pattern::kHalf, rng, &kept);
  const int64_t k = static_cast<int64_t>(kept.size());
  EXPECT_EQ(FilterVector(*v, bits.data(), k + 1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FilterVector(*v, bits.data(), -1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FilterVector(*v, nullptr, 0).status().code(), StatusCode::kInvalidArgument);
  // Offsets running past the data.
  auto bad = std::make_shared<Vector>(*v);
  bad->set_data(Buffer::Allocate(1));
  auto r = FilterVector(*bad, bits.data(), k);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("offsets"), std::string::npos) << r.status().ToString();
  // A struct child shorter than the struct.
  auto st = DataType::Struct({{"a", DataType::Primitive(TypeId::kInt64)}});
  auto s = std::make_shared<Vector>(st, 20);
  s->mutable_children().push_back(RandomVector(st->children()[0].type, 10, rng));
  EXPECT_EQ(FilterVector(*s, bits.data(), k).status().code(), StatusCode::kInvalidArgument);
  // Fixed-width values shorter than the length.
  auto i64 = std::make_shared<Vector>(DataType::Primitive(TypeId::kInt64), 20);
  i64->set_values(Buffer::Allocate(8 * 19));
  EXPECT_EQ(FilterVector(*i64, bits.data(), k).status().code(), StatusCode::kInvalidArgument);
  // A zero-length vector needs no bitmap.
  auto empty = RandomVector(DataType::String(), 0, rng);
  auto out = FilterVector(*empty, nullptr, 0);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)->length(), 0);
}

TEST(FilterBatchTest, FiltersEveryColumnWithOneBitmap) {
  std::mt19937_64 rng(11);
  const std::vector<TypePtr> types = SelectionTestTypes();
  std::vector<Field> fields;
  std::vector<VectorPtr> columns;
  for (size_t i = 0; i < types.size(); ++i) {
    fields.push_back({StrCat("c", i), types[i]});
    columns.push_back(RandomVector(types[i], 300, rng));
  }
  auto schema = std::make_shared<Schema>(fields);
  Batch batch(schema, columns, 300);
  std::vector<int64_t> kept;
  std::vector<uint8_t> bits = KeepBits(300, Pattern::kRuns, rng, &kept);
  auto out = FilterBatch(batch, bits.data(), static_cast<int64_t>(kept.size()));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->schema(), schema);
  EXPECT_EQ((*out)->num_rows(), static_cast<int64_t>(kept.size()));
  for (size_t c = 0; c < types.size(); ++c) {
    SCOPED_TRACE(types[c]->ToString());
    ExpectWellFormed(*(*out)->column(c));
    ExpectFiltered(*columns[c], *(*out)->column(c), kept, /*via_slices=*/false);
  }
  // A column of the wrong length is rejected, not read past its end.
  columns[1] = RandomVector(types[1], 299, rng);
  Batch bad(schema, columns, 300);
  EXPECT_EQ(FilterBatch(bad, bits.data(), static_cast<int64_t>(kept.size())).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(FilterVectorTest, MillionRows) {
  std::mt19937_64 rng(13);
  constexpr int64_t kRows = 1'000'000;
  const TypePtr types[] = {DataType::Primitive(TypeId::kInt64),
                           DataType::Primitive(TypeId::kBoolean), DataType::String(),
                           DataType::List({"element", DataType::Primitive(TypeId::kInt32)})};
  for (const TypePtr& type : types) {
    VectorPtr v = RandomVector(type, kRows, rng);
    for (const Pattern pattern : {Pattern::kSparse, Pattern::kHalf, Pattern::kDense}) {
      SCOPED_TRACE(type->ToString() + " pattern=" + std::to_string(static_cast<int>(pattern)));
      std::vector<int64_t> kept;
      std::vector<uint8_t> bits = KeepBits(kRows, pattern, rng, &kept);
      auto out = FilterVector(*v, bits.data(), static_cast<int64_t>(kept.size()));
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      ExpectWellFormed(**out);
      ExpectFiltered(*v, **out, kept, /*via_slices=*/false);
    }
  }
}

}  // namespace
}  // namespace lakeml::columnar
