#include "delta/stats/predicate_evaluator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "columnar/scalar.h"
#include "unit/delta/stats/test_vectors.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;
using stats_testing::Fixed;
using stats_testing::MakeBatch;
using stats_testing::SetNulls;
using stats_testing::Strings;
using stats_testing::Struct;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TypePtr T(TypeId id) { return DataType::Primitive(id); }

// Booleans with every value bit written (Vector::Make leaves the values uninitialized).
columnar::VectorPtr Booleans(const std::vector<std::optional<bool>>& values) {
  const int64_t n = static_cast<int64_t>(values.size());
  columnar::VectorPtr v = columnar::Vector::Make(T(TypeId::kBoolean), n);
  std::vector<bool> nulls(values.size());
  for (int64_t i = 0; i < n; ++i) {
    bit_util::SetBitTo(v->mutable_values()->mutable_data(), i, values[i].value_or(false));
    nulls[i] = !values[i];
  }
  SetNulls(v.get(), nulls);
  return v;
}

columnar::BatchPtr OneColumn(const std::string& name, columnar::VectorPtr v) {
  auto schema = std::make_shared<columnar::Schema>(std::vector<Field>{{name, v->type(), true}});
  return MakeBatch(schema, {std::move(v)});
}

// One letter per row: T(rue), F(alse) or N(ull).
std::string Letters(const RowTruth& r) {
  std::string out;
  for (int64_t i = 0; i < r.num_rows; ++i) {
    EXPECT_FALSE(r.IsTrue(i) && r.IsFalse(i)) << "row " << i;
    out.push_back(r.IsTrue(i) ? 'T' : (r.IsFalse(i) ? 'F' : 'N'));
  }
  return out;
}

std::string EvalPredicate(const Predicate& p, const columnar::Batch& batch) {
  Result<PredicateEvaluator> e = PredicateEvaluator::Make(p, *batch.schema());
  if (!e.ok()) return e.status().ToString();
  RowTruth r;
  Status s = e->Evaluate(batch, &r);
  if (!s.ok()) return s.ToString();
  return Letters(r);
}

std::string Eval(const std::string& text, const columnar::Batch& batch) {
  Result<Predicate> p = Predicate::Parse(text, *batch.schema());
  if (!p.ok()) return p.status().ToString();
  return EvalPredicate(*p, batch);
}

TEST(PredicateEvaluatorTest, IntegerComparisonsWithNulls) {
  auto b = OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), {1, 5, std::nullopt, 7, -3}));
  EXPECT_EQ(Eval("x > 4", *b), "FTNTF");
  EXPECT_EQ(Eval("x >= 5", *b), "FTNTF");
  EXPECT_EQ(Eval("x < 5", *b), "TFNFT");
  EXPECT_EQ(Eval("x <= 5", *b), "TTNFT");
  EXPECT_EQ(Eval("x = 5", *b), "FTNFF");
  EXPECT_EQ(Eval("x <> 5", *b), "TFNTT");
  EXPECT_EQ(Eval("x != 5", *b), "TFNTT");
  EXPECT_EQ(Eval("5 < x", *b), "FFNTF");  // Literal first: the operator flips.
  EXPECT_EQ(Eval("x between 1 and 5", *b), "TTNFF");
  EXPECT_EQ(Eval("x not between 1 and 5", *b), "FFNTT");
}

TEST(PredicateEvaluatorTest, NullLiteralIsNeverTrueOrFalse) {
  auto b = OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), {1, std::nullopt}));
  EXPECT_EQ(Eval("x = null", *b), "NN");
  EXPECT_EQ(Eval("x <> null", *b), "NN");
  EXPECT_EQ(Eval("not x = null", *b), "NN");
}

TEST(PredicateEvaluatorTest, EveryIntegerWidthDateAndTimestamp) {
  EXPECT_EQ(Eval("x > -2", *OneColumn("x", Fixed<int8_t>(T(TypeId::kInt8), {-128, 127, -2}))),
            "FTF");
  EXPECT_EQ(Eval("x = -32768",
                 *OneColumn("x", Fixed<int16_t>(T(TypeId::kInt16), {-32768, 32767, 0}))),
            "TFF");
  EXPECT_EQ(Eval("x < 0", *OneColumn("x", Fixed<int32_t>(T(TypeId::kInt32),
                                                         {INT32_MIN, INT32_MAX, 0}))),
            "TFF");
  EXPECT_EQ(Eval("x = 200", *OneColumn("x", Fixed<uint8_t>(T(TypeId::kUInt8), {200, 1}))), "TF");
  EXPECT_EQ(Eval("x > 9223372036854775807",
                 *OneColumn("x", Fixed<uint64_t>(T(TypeId::kUInt64),
                                                 {UINT64_MAX, 9223372036854775807ULL, 0}))),
            "TFF");
  EXPECT_EQ(Eval("x in (7, 65535)",
                 *OneColumn("x", Fixed<uint16_t>(T(TypeId::kUInt16), {65535, 7, 8}))),
            "TTF");
  EXPECT_EQ(Eval("x <= 4000000000",
                 *OneColumn("x", Fixed<uint32_t>(T(TypeId::kUInt32), {4000000000U, UINT32_MAX}))),
            "TF");
  // 2024-01-31 is day 19753.
  auto dates = OneColumn("d", Fixed<int32_t>(T(TypeId::kDate32), {19752, 19753, 19754}));
  EXPECT_EQ(Eval("d >= '2024-01-31'", *dates), "FTT");
  EXPECT_EQ(Eval("d = date '2024-01-31'", *dates), "FTF");
  // 2024-01-01 00:00:00 UTC is 1704067200 s.
  const int64_t t0 = 1704067200LL * 1000000;
  auto utc = OneColumn(
      "t", Fixed<int64_t>(DataType::Timestamp(columnar::TimeUnit::kMicro, true),
                          {t0 - 1, t0, t0 + 1000000, std::nullopt}));
  EXPECT_EQ(Eval("t < '2024-01-01 00:00:00'", *utc), "TFFN");
  EXPECT_EQ(Eval("t >= timestamp '2024-01-01 00:00:01'", *utc), "FFTN");
  EXPECT_EQ(Eval("t = '2024-01-01 01:00:00+01:00'", *utc), "FTFN");
  auto ntz = OneColumn("t", Fixed<int64_t>(DataType::Timestamp(columnar::TimeUnit::kMicro, false),
                                           {t0, t0 + 1}));
  EXPECT_EQ(Eval("t = timestamp_ntz '2024-01-01 00:00:00'", *ntz), "TF");
  EXPECT_EQ(Eval("t > '2024-01-01'", *ntz), "FT");
}

TEST(PredicateEvaluatorTest, FloatsOrderNaNLastAndNegativeZeroEqualsZero) {
  auto b = OneColumn("d", Fixed<double>(T(TypeId::kFloat64),
                                        {1.0, kNaN, -0.0, kInf, -kInf, std::nullopt}));
  EXPECT_EQ(Eval("d > 100", *b), "FTFTFN");
  EXPECT_EQ(Eval("d = 'NaN'", *b), "FTFFFN");
  EXPECT_EQ(Eval("d < 'NaN'", *b), "TFTTTN");
  EXPECT_EQ(Eval("d >= 'NaN'", *b), "FTFFFN");
  EXPECT_EQ(Eval("d <> 'NaN'", *b), "TFTTTN");
  EXPECT_EQ(Eval("d = 0", *b), "FFTFFN");
  EXPECT_EQ(Eval("d = 'Infinity'", *b), "FFFTFN");
  EXPECT_EQ(Eval("d < '-Infinity'", *b), "FFFFFN");
  EXPECT_EQ(Eval("d in ('NaN', 1)", *b), "TTFFFN");
  EXPECT_EQ(Eval("d not in ('NaN', 1)", *b), "FFTTTN");
  auto f = OneColumn("f", Fixed<float>(T(TypeId::kFloat32),
                                       {1.5f, std::numeric_limits<float>::quiet_NaN(), -2.0f}));
  EXPECT_EQ(Eval("f > 1.4", *f), "TTF");
  EXPECT_EQ(Eval("f = 1.5", *f), "TFF");
  EXPECT_EQ(Eval("f = 'NaN'", *f), "FTF");
  // Half floats: 0x3C00 = 1.0, 0x7E00 = NaN, 0xC000 = -2.0, 0x8000 = -0.0.
  auto h = OneColumn("h", Fixed<uint16_t>(T(TypeId::kFloat16), {0x3C00, 0x7E00, 0xC000, 0x8000}));
  EXPECT_EQ(Eval("h >= 1", *h), "TTFF");
  EXPECT_EQ(Eval("h = 0", *h), "FFFT");
  EXPECT_EQ(Eval("h < -1.5", *h), "FFTF");
}

TEST(PredicateEvaluatorTest, Decimals) {
  auto b = OneColumn("d", Fixed<__int128>(DataType::Decimal(10, 2),
                                          {123, -500, std::nullopt, 120}));
  EXPECT_EQ(Eval("d > 1.2", *b), "TFNF");
  EXPECT_EQ(Eval("d = 1.23", *b), "TFNF");
  EXPECT_EQ(Eval("d <= -5", *b), "FTNF");
  EXPECT_EQ(Eval("d in (1.2, -5.00)", *b), "FTNT");
  // A literal of another scale converts exactly: 1.230 (decimal(10,3)) = 1.23.
  EXPECT_EQ(EvalPredicate(Predicate::Compare({"d"}, Predicate::Op::kEq,
                                             Scalar::Decimal(DataType::Decimal(10, 3), 1230)),
                          *b),
            "TFNF");
  // Wide values beyond 64 bits.
  const __int128 big = static_cast<__int128>(1) << 100;
  auto wide = OneColumn("w", Fixed<__int128>(DataType::Decimal(38, 0), {big, -big}));
  EXPECT_EQ(EvalPredicate(Predicate::Compare({"w"}, Predicate::Op::kGt,
                                             Scalar::Decimal(DataType::Decimal(38, 0), 0)),
                          *wide),
            "TF");
}

TEST(PredicateEvaluatorTest, StringsCompareAsUnsignedBytes) {
  auto b = OneColumn("s", Strings({"a", "b", "\xC3\xA9", "", std::nullopt, "ab"}));
  EXPECT_EQ(Eval("s > 'z'", *b), "FFTFNF");  // U+00E9 is above every ASCII byte.
  EXPECT_EQ(Eval("s = ''", *b), "FFFTNF");
  EXPECT_EQ(Eval("s < 'ab'", *b), "TFFTNF");
  EXPECT_EQ(Eval("s in ('a', '\xC3\xA9', 'zz')", *b), "TFTFNF");
  EXPECT_EQ(Eval("s = 'it''s'", *b), "FFFFNF");
  auto bin = OneColumn("b", Strings({"\x01", "\xFF"}, DataType::Binary()));
  EXPECT_EQ(Eval("b > '\x7F'", *bin), "FT");
}

TEST(PredicateEvaluatorTest, FixedSizeBinary) {
  const TypePtr type = DataType::FixedSizeBinary(2);
  columnar::VectorPtr v = columnar::Vector::Make(type, 3);
  std::memcpy(v->mutable_values()->mutable_data(), "aabbzz", 6);
  auto b = OneColumn("f", v);
  EXPECT_EQ(Eval("f >= 'bb'", *b), "FTT");
  EXPECT_EQ(Eval("f in ('aa', 'zz')", *b), "TFT");
}

TEST(PredicateEvaluatorTest, Booleans) {
  auto b = OneColumn("b", Booleans({true, false, std::nullopt}));
  EXPECT_EQ(Eval("b = true", *b), "TFN");
  EXPECT_EQ(Eval("b = false", *b), "FTN");
  EXPECT_EQ(Eval("b > false", *b), "TFN");
  EXPECT_EQ(Eval("b <> true", *b), "FTN");
  EXPECT_EQ(Eval("b in (true)", *b), "TFN");
}

// Columns a and b hold every pair of TRUE (1), FALSE (0) and NULL.
columnar::BatchPtr TruthPairs() {
  std::vector<std::optional<int64_t>> a, b;
  const std::optional<int64_t> values[] = {1, 0, std::nullopt};
  for (const auto& x : values) {
    for (const auto& y : values) {
      a.push_back(x);
      b.push_back(y);
    }
  }
  auto schema = std::make_shared<columnar::Schema>(
      std::vector<Field>{{"a", T(TypeId::kInt64), true}, {"b", T(TypeId::kInt64), true}});
  return MakeBatch(schema, {Fixed<int64_t>(T(TypeId::kInt64), a),
                            Fixed<int64_t>(T(TypeId::kInt64), b)});
}

TEST(PredicateEvaluatorTest, ThreeValuedAndOrNot) {
  auto b = TruthPairs();
  // Rows: (T,T) (T,F) (T,N) (F,T) (F,F) (F,N) (N,T) (N,F) (N,N).
  EXPECT_EQ(Eval("a = 1", *b), "TTTFFFNNN");
  EXPECT_EQ(Eval("a = 1 and b = 1", *b), "TFNFFFNFN");
  EXPECT_EQ(Eval("a = 1 or b = 1", *b), "TTTTFNTNN");
  EXPECT_EQ(Eval("not a = 1", *b), "FFFTTTNNN");
  EXPECT_EQ(Eval("not (a = 1 and b = 1)", *b), "FTNTTTNTN");
  EXPECT_EQ(Eval("not (a = 1 or b = 1)", *b), "FFFFTNFNN");
  EXPECT_EQ(Eval("not not a = 1", *b), "TTTFFFNNN");
  // Longer chains are flattened; the result is the same as nesting.
  EXPECT_EQ(Eval("a = 1 and b = 1 and a is not null", *b), "TFNFFFFFF");
  EXPECT_EQ(Eval("a = 1 or b = 1 or a is null", *b), "TTTTFNTTT");
  EXPECT_EQ(Eval("true", *b), "TTTTTTTTT");
  EXPECT_EQ(Eval("false", *b), "FFFFFFFFF");
  EXPECT_EQ(Eval("a = 1 and true", *b), "TTTFFFNNN");
  EXPECT_EQ(Eval("a = 1 or false", *b), "TTTFFFNNN");
}

TEST(PredicateEvaluatorTest, IsNullAndInWithNulls) {
  auto b = OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), {1, 2, std::nullopt}));
  EXPECT_EQ(Eval("x is null", *b), "FFT");
  EXPECT_EQ(Eval("x is not null", *b), "TTF");
  EXPECT_EQ(Eval("not (x is null)", *b), "TTF");
  EXPECT_EQ(Eval("x in (1, 3)", *b), "TFN");
  EXPECT_EQ(Eval("x not in (1, 3)", *b), "FTN");
  // x IN (1, NULL): TRUE for 1, NULL otherwise (never FALSE); NOT IN: FALSE for 1, else NULL.
  EXPECT_EQ(Eval("x in (1, null)", *b), "TNN");
  EXPECT_EQ(Eval("x not in (1, null)", *b), "FNN");
  EXPECT_EQ(Eval("x in (null)", *b), "NNN");
  EXPECT_EQ(Eval("x in (2, 2, 1, 2)", *b), "TTN");  // Duplicates.
  // An empty list (only buildable in code) is FALSE, even for a null value.
  EXPECT_EQ(EvalPredicate(Predicate::In({"x"}, {}), *b), "FFF");
}

columnar::BatchPtr Nested() {
  // s: struct<x: int, t: struct<y: string>>; s is null in row 2, s.x null in row 1, s.t null in
  // row 3.
  const TypePtr inner = DataType::Struct({{"y", DataType::String(), true}});
  const TypePtr outer =
      DataType::Struct({{"x", T(TypeId::kInt32), true}, {"t", inner, true}});
  auto t = Struct(inner, {Strings({"a", "b", "c", "d"})}, {false, false, false, true});
  auto s = Struct(outer, {Fixed<int32_t>(T(TypeId::kInt32), {1, std::nullopt, 5, 7}), t},
                  {false, false, true, false});
  auto schema = std::make_shared<columnar::Schema>(
      std::vector<Field>{{"id", T(TypeId::kInt64), true}, {"s", outer, true}});
  return MakeBatch(schema, {Fixed<int64_t>(T(TypeId::kInt64), {0, 1, 2, 3}), s});
}

TEST(PredicateEvaluatorTest, NestedColumnsAreNullWhereAParentIsNull) {
  auto b = Nested();
  EXPECT_EQ(Eval("s.x > 0", *b), "TNNT");  // Row 2 holds 5 under a null struct.
  EXPECT_EQ(Eval("s.x is null", *b), "FTTF");
  EXPECT_EQ(Eval("s is null", *b), "FFTF");
  EXPECT_EQ(Eval("s.t.y = 'd'", *b), "FFNN");
  EXPECT_EQ(Eval("s.t.y in ('a', 'c')", *b), "TFNN");
  EXPECT_EQ(Eval("S.T.Y = 'a'", *b), "TFNN");  // Case-insensitive names.
  EXPECT_EQ(Eval("`s`.`x` = 7 or id = 0", *b), "TNNT");
}

TEST(PredicateEvaluatorTest, ManyRowsAcrossWordBoundaries) {
  std::vector<std::optional<int64_t>> values;
  std::string expected_gt, expected_null;
  for (int i = 0; i < 200; ++i) {
    if (i % 7 == 3) {
      values.push_back(std::nullopt);
      expected_gt.push_back('N');
      expected_null.push_back('T');
    } else {
      values.push_back(i);
      expected_gt.push_back(i > 100 ? 'T' : 'F');
      expected_null.push_back('F');
    }
  }
  auto b = OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), values));
  EXPECT_EQ(Eval("x > 100", *b), expected_gt);
  EXPECT_EQ(Eval("x is null", *b), expected_null);
  Result<Predicate> p = Predicate::Parse("x > 100", *b->schema());
  ASSERT_TRUE(p.ok());
  Result<PredicateEvaluator> e = PredicateEvaluator::Make(*p, *b->schema());
  ASSERT_TRUE(e.ok());
  RowTruth r;
  ASSERT_TRUE(e->Evaluate(*b, &r).ok());
  EXPECT_EQ(r.FirstNotTrue(), 0);
  int64_t count = 0;
  for (char c : expected_gt) count += c == 'T';
  EXPECT_EQ(r.CountTrue(), count);
  ASSERT_TRUE(e->Evaluate(*OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), {})), &r).ok());
  EXPECT_EQ(r.num_rows, 0);
  EXPECT_EQ(r.FirstNotTrue(), -1);
}

TEST(PredicateEvaluatorTest, FirstNotTrue) {
  std::vector<std::optional<int64_t>> values(130, 1);
  values[129] = std::nullopt;
  auto b = OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), values));
  Result<PredicateEvaluator> e =
      PredicateEvaluator::Make(*Predicate::Parse("x = 1", *b->schema()), *b->schema());
  ASSERT_TRUE(e.ok());
  RowTruth r;
  ASSERT_TRUE(e->Evaluate(*b, &r).ok());
  EXPECT_EQ(r.FirstNotTrue(), 129);
  EXPECT_EQ(r.CountTrue(), 129);
  values[129] = 1;
  ASSERT_TRUE(e->Evaluate(*OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), values)), &r).ok());
  EXPECT_EQ(r.FirstNotTrue(), -1);
}

TEST(PredicateEvaluatorTest, LongConjunctionsDoNotRecurseDeeply) {
  auto b = OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), {1, 2, std::nullopt}));
  std::string text = "x > 0";
  for (int i = 0; i < 3000; ++i) text += " and x < 100";
  EXPECT_EQ(Eval(text, *b), "TTN");
  text += " or x = 2";
  EXPECT_EQ(Eval(text, *b), "TTN");
}

TEST(PredicateEvaluatorTest, ResolutionErrors) {
  auto b = OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), {1}));
  const columnar::Schema& schema = *b->schema();
  Result<PredicateEvaluator> unknown = PredicateEvaluator::Make(
      Predicate::Compare({"nope"}, Predicate::Op::kEq, Scalar::Int(T(TypeId::kInt64), 1)),
      schema);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("nope"), std::string::npos);
  // 3.5 does not fit a bigint exactly.
  Result<PredicateEvaluator> inexact = PredicateEvaluator::Make(
      Predicate::Compare({"x"}, Predicate::Op::kEq, Scalar::Double(T(TypeId::kFloat64), 3.5)),
      schema);
  ASSERT_FALSE(inexact.ok());
  EXPECT_NE(inexact.status().message().find("column x"), std::string::npos);
  // A path into a non-struct.
  EXPECT_FALSE(PredicateEvaluator::Make(Predicate::IsNull({"x", "y"}), schema).ok());
  // A literal of a narrower type converts: int32 5 on a bigint column.
  EXPECT_EQ(EvalPredicate(Predicate::Compare({"x"}, Predicate::Op::kLt,
                                             Scalar::Int(T(TypeId::kInt32), 5)),
                          *b),
            "T");
}

TEST(PredicateEvaluatorTest, BatchOfAnotherTypeIsAnErrorNotACrash) {
  auto ints = OneColumn("x", Fixed<int64_t>(T(TypeId::kInt64), {1}));
  Result<PredicateEvaluator> e =
      PredicateEvaluator::Make(*Predicate::Parse("x = 1", *ints->schema()), *ints->schema());
  ASSERT_TRUE(e.ok());
  RowTruth r;
  Status s = e->Evaluate(*OneColumn("x", Strings({"1"})), &r);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  auto empty = std::make_shared<columnar::Schema>(std::vector<Field>{});
  s = e->Evaluate(columnar::Batch(empty, {}, 1), &r);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
}

TEST(PredicateEvaluatorTest, DescribeRow) {
  auto b = Nested();
  Result<Predicate> p = Predicate::Parse("s.t.y = 'a' and id > 0 or s.x = 1", *b->schema());
  ASSERT_TRUE(p.ok());
  Result<PredicateEvaluator> e = PredicateEvaluator::Make(*p, *b->schema());
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->DescribeRow(*b, 0), "s.t.y = \"a\", id = 0, s.x = 1");
  EXPECT_EQ(e->DescribeRow(*b, 2), "s.t.y = NULL, id = 2, s.x = NULL");
  EXPECT_EQ(e->predicate().ToString(), p->ToString());
}

// --- Randomized: the evaluator agrees with a row-at-a-time evaluation through Scalar --------

std::optional<bool> Reference(const Predicate& p, const columnar::Batch& batch, int64_t row) {
  switch (p.kind()) {
    case Predicate::Kind::kAlwaysTrue:
      return true;
    case Predicate::Kind::kAnd: {
      auto l = Reference(p.left(), batch, row), r = Reference(p.right(), batch, row);
      if (l == false || r == false) return false;
      if (!l || !r) return std::nullopt;
      return true;
    }
    case Predicate::Kind::kOr: {
      auto l = Reference(p.left(), batch, row), r = Reference(p.right(), batch, row);
      if (l == true || r == true) return true;
      if (!l || !r) return std::nullopt;
      return false;
    }
    case Predicate::Kind::kNot: {
      auto l = Reference(p.left(), batch, row);
      if (!l) return std::nullopt;
      return !*l;
    }
    default:
      break;
  }
  const int c = batch.schema()->FieldIndex(p.column()[0]);
  const columnar::Vector& v = *batch.column(static_cast<size_t>(c));
  const bool null = v.IsNull(row);
  if (p.kind() == Predicate::Kind::kIn && p.values().empty()) return false;
  if (p.kind() == Predicate::Kind::kIsNull) return null;
  if (p.kind() == Predicate::Kind::kIsNotNull) return !null;
  if (null) return std::nullopt;
  const Scalar value = Scalar::FromVector(v, row);
  if (p.kind() == Predicate::Kind::kIn) {
    bool saw_null = false;
    for (const Scalar& lit : p.values()) {
      if (lit.is_null) {
        saw_null = true;
      } else if (value.Compare(lit) == 0) {
        return true;
      }
    }
    if (saw_null) return std::nullopt;
    return false;
  }
  if (p.value().is_null) return std::nullopt;
  const int cmp = value.Compare(p.value());
  switch (p.op()) {
    case Predicate::Op::kEq:
      return cmp == 0;
    case Predicate::Op::kNe:
      return cmp != 0;
    case Predicate::Op::kLt:
      return cmp < 0;
    case Predicate::Op::kLe:
      return cmp <= 0;
    case Predicate::Op::kGt:
      return cmp > 0;
    case Predicate::Op::kGe:
      return cmp >= 0;
  }
  return std::nullopt;
}

TEST(PredicateEvaluatorTest, RandomPredicatesMatchARowAtATimeReference) {
  std::mt19937_64 rng(42);
  const int64_t n = 300;
  std::vector<std::optional<int64_t>> ints;
  std::vector<std::optional<double>> doubles;
  std::vector<std::optional<std::string>> strings;
  const double double_pool[] = {-1.5, 0.0, -0.0, 2.0, kNaN, kInf};
  const char* string_pool[] = {"", "a", "ab", "b", "\xC3\xA9"};
  for (int64_t i = 0; i < n; ++i) {
    const bool null = rng() % 5 == 0;
    ints.push_back(null ? std::nullopt : std::optional<int64_t>(rng() % 7));
    doubles.push_back(rng() % 6 == 0 ? std::nullopt
                                     : std::optional<double>(double_pool[rng() % 6]));
    strings.push_back(rng() % 4 == 0 ? std::nullopt
                                     : std::optional<std::string>(string_pool[rng() % 5]));
  }
  auto schema = std::make_shared<columnar::Schema>(
      std::vector<Field>{{"i", T(TypeId::kInt64), true},
                         {"d", T(TypeId::kFloat64), true},
                         {"s", DataType::String(), true}});
  auto batch = MakeBatch(schema, {Fixed<int64_t>(T(TypeId::kInt64), ints),
                                  Fixed<double>(T(TypeId::kFloat64), doubles), Strings(strings)});
  auto literal = [&](int column, bool allow_null) -> Scalar {
    if (allow_null && rng() % 8 == 0) return Scalar::Null(schema->field(column).type);
    switch (column) {
      case 0:
        return Scalar::Int(T(TypeId::kInt64), static_cast<int64_t>(rng() % 7));
      case 1:
        return Scalar::Double(T(TypeId::kFloat64), double_pool[rng() % 6]);
      default:
        return Scalar::Bytes(DataType::String(), string_pool[rng() % 5]);
    }
  };
  std::function<Predicate(int)> random_predicate = [&](int depth) -> Predicate {
    const int choice = static_cast<int>(rng() % (depth > 0 ? 7 : 4));
    const int column = static_cast<int>(rng() % 3);
    const std::string name = schema->field(column).name;
    switch (choice) {
      case 0:
      case 1:
        return Predicate::Compare({name}, static_cast<Predicate::Op>(rng() % 6),
                                  literal(column, true));
      case 2: {
        std::vector<Scalar> values;
        const int k = static_cast<int>(rng() % 4);
        for (int j = 0; j < k; ++j) values.push_back(literal(column, true));
        return Predicate::In({name}, std::move(values));
      }
      case 3:
        return rng() % 2 ? Predicate::IsNull({name}) : Predicate::IsNotNull({name});
      case 4:
        return Predicate::And(random_predicate(depth - 1), random_predicate(depth - 1));
      case 5:
        return Predicate::Or(random_predicate(depth - 1), random_predicate(depth - 1));
      default:
        return Predicate::Not(random_predicate(depth - 1));
    }
  };
  for (int round = 0; round < 400; ++round) {
    const Predicate p = random_predicate(3);
    Result<PredicateEvaluator> e = PredicateEvaluator::Make(p, *schema);
    ASSERT_TRUE(e.ok()) << e.status().ToString() << " for " << p.ToString();
    RowTruth r;
    ASSERT_TRUE(e->Evaluate(*batch, &r).ok());
    for (int64_t row = 0; row < n; ++row) {
      std::optional<bool> want = Reference(p, *batch, row);
      const char got = r.IsTrue(row) ? 'T' : (r.IsFalse(row) ? 'F' : 'N');
      const char expected = !want ? 'N' : (*want ? 'T' : 'F');
      ASSERT_EQ(got, expected) << p.ToString() << " row " << row << ": "
                               << e->DescribeRow(*batch, row);
    }
  }
}

}  // namespace
}  // namespace lakeml::delta
