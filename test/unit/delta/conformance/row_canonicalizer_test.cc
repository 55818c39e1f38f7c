#include "conformance/delta/row_canonicalizer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "base/bit_util.h"

namespace lakeml::conformance {
namespace {

using columnar::Batch;
using columnar::Buffer;
using columnar::DataType;
using columnar::Field;
using columnar::Schema;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

void SetNulls(Vector* v, const std::vector<bool>& nulls) {
  bool any = false;
  for (bool n : nulls) any |= n;
  if (!any) return;
  uint8_t* bits = v->EnsureValidity()->mutable_data();
  for (size_t i = 0; i < nulls.size(); ++i) {
    if (nulls[i]) bit_util::ClearBit(bits, static_cast<int64_t>(i));
  }
  v->FinishValidity();
}

// A fixed-width vector of `values` (T is the slot type), nulls where given.
template <typename T>
VectorPtr Fixed(TypePtr type, const std::vector<T>& values, std::vector<bool> nulls = {}) {
  auto v = Vector::Make(std::move(type), static_cast<int64_t>(values.size()));
  std::memcpy(v->mutable_values()->mutable_data(), values.data(), values.size() * sizeof(T));
  nulls.resize(values.size(), false);
  SetNulls(v.get(), nulls);
  return v;
}

VectorPtr Decimals(int precision, int scale, const std::vector<__int128>& unscaled) {
  return Fixed<__int128>(DataType::Decimal(precision, scale), unscaled);
}

VectorPtr Strings(TypePtr type, const std::vector<std::optional<std::string>>& values) {
  auto v = Vector::Make(std::move(type), static_cast<int64_t>(values.size()));
  int64_t* offsets = v->mutable_values()->mutable_as<int64_t>();
  offsets[0] = 0;
  std::vector<bool> nulls;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) v->mutable_data()->Append(values[i]->data(), values[i]->size());
    offsets[i + 1] = v->data()->size();
    nulls.push_back(!values[i]);
  }
  SetNulls(v.get(), nulls);
  return v;
}

// A list<int32> vector: one list per entry of `lists` (nullopt = null list, element nullopt =
// null element).
VectorPtr IntLists(const std::vector<std::optional<std::vector<std::optional<int32_t>>>>& lists) {
  std::vector<int32_t> values;
  std::vector<bool> element_nulls;
  std::vector<int64_t> offsets = {0};
  std::vector<bool> nulls;
  for (const auto& list : lists) {
    if (list) {
      for (const auto& e : *list) {
        values.push_back(e.value_or(0));
        element_nulls.push_back(!e);
      }
    }
    offsets.push_back(static_cast<int64_t>(values.size()));
    nulls.push_back(!list);
  }
  auto type = DataType::List(Field{"element", DataType::Primitive(TypeId::kInt32)});
  auto v = Vector::Make(type, static_cast<int64_t>(lists.size()));
  std::memcpy(v->mutable_values()->mutable_data(), offsets.data(), offsets.size() * 8);
  v->mutable_children()[0] =
      Fixed<int32_t>(DataType::Primitive(TypeId::kInt32), values, element_nulls);
  SetNulls(v.get(), nulls);
  return v;
}

std::string Cell(const VectorPtr& v, int64_t row, ValueStyle style) {
  std::string out;
  RowCanonicalizer::AppendCell(*v, row, style, &out);
  return out;
}

std::string Typed(const VectorPtr& v, int64_t row) { return Cell(v, row, ValueStyle::kTyped); }
std::string Text(const VectorPtr& v, int64_t row) { return Cell(v, row, ValueStyle::kArrowText); }

TEST(RowCanonicalizerTest, TypedIntegersAndDecimalsCompareByValue) {
  auto ints = Fixed<int32_t>(DataType::Primitive(TypeId::kInt32), {5, -12, 0});
  auto longs = Fixed<int64_t>(DataType::Primitive(TypeId::kInt64), {5, -12, 0});
  auto decimals = Decimals(10, 2, {500, -1200, 0});
  for (int64_t r = 0; r < 3; ++r) {
    EXPECT_EQ(Typed(ints, r), Typed(longs, r));
    EXPECT_EQ(Typed(ints, r), Typed(decimals, r));
  }
  EXPECT_EQ(Typed(Decimals(10, 3, {12340}), 0), "12.34");
  EXPECT_EQ(Typed(Decimals(10, 3, {-5}), 0), "-0.005");
  EXPECT_NE(Typed(Decimals(10, 2, {501}), 0), Typed(ints, 0));
}

TEST(RowCanonicalizerTest, TypedFloatsNeverEqualIntegers) {
  auto doubles = Fixed<double>(DataType::Primitive(TypeId::kFloat64), {5.0, -0.0, 0.1});
  auto floats = Fixed<float>(DataType::Primitive(TypeId::kFloat32), {5.0f, 0.0f, 0.1f});
  EXPECT_EQ(Typed(doubles, 0), "f5");
  EXPECT_EQ(Typed(doubles, 1), Typed(floats, 1));  // -0 == 0 by value.
  EXPECT_EQ(Typed(doubles, 0), Typed(floats, 0));
  // float 0.1 is not double 0.1: different values.
  EXPECT_NE(Typed(doubles, 2), Typed(floats, 2));
}

TEST(RowCanonicalizerTest, TypedTimestampsNormalizeTheUnit) {
  const int64_t micros = 1609459200123456;  // 2021-01-01T00:00:00.123456Z
  auto in_micros = Fixed<int64_t>(DataType::Timestamp(TimeUnit::kMicro, true), {micros});
  auto in_nanos = Fixed<int64_t>(DataType::Timestamp(TimeUnit::kNano, true), {micros * 1000 + 789});
  auto in_millis = Fixed<int64_t>(DataType::Timestamp(TimeUnit::kMilli, true), {micros / 1000});
  auto ntz = Fixed<int64_t>(DataType::Timestamp(TimeUnit::kMicro, false), {micros});
  EXPECT_EQ(Typed(in_micros, 0), "2021-01-01T00:00:00.123456Z");
  EXPECT_EQ(Typed(in_nanos, 0), Typed(in_micros, 0));
  EXPECT_EQ(Typed(in_millis, 0), "2021-01-01T00:00:00.123000Z");
  // timestamp_ntz and timestamp are different types even with the same instant.
  EXPECT_EQ(Typed(ntz, 0), "2021-01-01T00:00:00.123456");
}

TEST(RowCanonicalizerTest, TypedStringsBinaryAndNulls) {
  auto strings =
      Strings(DataType::Primitive(TypeId::kString),
              {std::string("a\"b"), std::nullopt, std::string("null"), std::string("x\x1fy")});
  EXPECT_EQ(Typed(strings, 0), "\"a\\\"b\"");
  EXPECT_EQ(Typed(strings, 1), "null");
  EXPECT_NE(Typed(strings, 1), Typed(strings, 2));  // The string "null" is not null.
  EXPECT_EQ(Typed(strings, 3).find(kCellSeparator), std::string::npos);
  auto binary = Strings(DataType::Primitive(TypeId::kBinary), {std::string("\x01\xff", 2)});
  EXPECT_EQ(Typed(binary, 0), "0x01ff");
  auto dates = Fixed<int32_t>(DataType::Primitive(TypeId::kDate32), {18628});
  EXPECT_EQ(Typed(dates, 0), "2021-01-01");
}

TEST(RowCanonicalizerTest, NestedValues) {
  auto lists = IntLists({std::vector<std::optional<int32_t>>{1, std::nullopt, 3}, std::nullopt,
                         std::vector<std::optional<int32_t>>{}});
  EXPECT_EQ(Typed(lists, 0), "[1, null, 3]");
  EXPECT_EQ(Typed(lists, 1), "null");
  EXPECT_EQ(Typed(lists, 2), "[]");
  EXPECT_EQ(Text(lists, 0), "[1, , 3]");
  EXPECT_EQ(Text(lists, 1), "");

  // Struct fields compare by name in the typed style: {b, a} equals {a, b}.
  auto b_first = DataType::Struct({Field{"b", DataType::Primitive(TypeId::kInt32)},
                                   Field{"a", DataType::Primitive(TypeId::kString)}});
  auto s = Vector::Make(b_first, 1);
  s->mutable_children()[0] = Fixed<int32_t>(DataType::Primitive(TypeId::kInt32), {7});
  s->mutable_children()[1] = Strings(DataType::Primitive(TypeId::kString), {std::nullopt});
  EXPECT_EQ(Typed(s, 0), "{a: null, b: 7}");
  EXPECT_EQ(Text(s, 0), "{b: 7, a: }");

  // Maps: typed entries sorted by key; Arrow text in stored order.
  auto map_type = DataType::Map(Field{"key", DataType::Primitive(TypeId::kString), false},
                                Field{"value", DataType::Primitive(TypeId::kInt32)});
  auto m = Vector::Make(map_type, 1);
  const int64_t offsets[] = {0, 2};
  std::memcpy(m->mutable_values()->mutable_data(), offsets, sizeof(offsets));
  m->mutable_children()[0] =
      Strings(DataType::Primitive(TypeId::kString), {std::string("z"), std::string("a")});
  m->mutable_children()[1] =
      Fixed<int32_t>(DataType::Primitive(TypeId::kInt32), {1, 2}, {false, true});
  EXPECT_EQ(Typed(m, 0), "{\"a\" => null, \"z\" => 1}");
  EXPECT_EQ(Text(m, 0), "{z: 1, a: }");
}

TEST(RowCanonicalizerTest, ArrowTextMatchesPrettyPrint) {
  auto doubles = Fixed<double>(DataType::Primitive(TypeId::kFloat64),
                               {5.0, 250.0, 0.7918174793484931, 3.4000000953674316, 1e20, 1.5e-7});
  EXPECT_EQ(Text(doubles, 0), "5.0");
  EXPECT_EQ(Text(doubles, 1), "250.0");
  EXPECT_EQ(Text(doubles, 2), "0.7918174793484931");
  EXPECT_EQ(Text(doubles, 3), "3.4000000953674316");
  EXPECT_EQ(Text(doubles, 4), "1.0e20");
  EXPECT_EQ(Text(doubles, 5), "1.5e-7");
  auto floats = Fixed<float>(DataType::Primitive(TypeId::kFloat32), {3.4f, 3.14f});
  EXPECT_EQ(Text(floats, 0), "3.4");
  EXPECT_EQ(Text(floats, 1), "3.14");

  // Decimals keep exactly `scale` digits.
  EXPECT_EQ(Text(Decimals(10, 5, {6789000}), 0), "67.89000");
  EXPECT_EQ(Text(Decimals(10, 1, {10}), 0), "1.0");

  // UTC timestamps: RFC 3339 with Z and 0, 3 or 6 fraction digits; ntz without zone.
  auto utc = Fixed<int64_t>(DataType::Timestamp(TimeUnit::kMicro, true),
                            {49000000000000, 1685559513633000, 1685559513633001});
  EXPECT_EQ(Text(utc, 0), "1971-07-22T03:06:40Z");
  EXPECT_EQ(Text(utc, 1), "2023-05-31T18:58:33.633Z");
  EXPECT_EQ(Text(utc, 2), "2023-05-31T18:58:33.633001Z");
  auto ntz = Fixed<int64_t>(DataType::Timestamp(TimeUnit::kMicro, false),
                            {1725840000000000, 1725885296123456});
  EXPECT_EQ(Text(ntz, 0), "2024-09-09T00:00:00");
  EXPECT_EQ(Text(ntz, 1), "2024-09-09T12:34:56.123456");

  auto binary = Strings(DataType::Primitive(TypeId::kBinary), {std::string("\x01\x01\x00", 3)});
  EXPECT_EQ(Text(binary, 0), "010100");
  auto strings = Strings(DataType::Primitive(TypeId::kString), {std::string("  padded  ")});
  EXPECT_EQ(Text(strings, 0), "padded");  // Pretty-print padding is not comparable.
}

TEST(RowCanonicalizerTest, TypeSignatureIgnoresUnitsAndFieldOrder) {
  using T = RowCanonicalizer;
  EXPECT_EQ(T::TypeSignature(*DataType::Timestamp(TimeUnit::kNano, true)), "timestamp");
  EXPECT_EQ(T::TypeSignature(*DataType::Timestamp(TimeUnit::kMilli, false)), "timestamp_ntz");
  EXPECT_EQ(T::TypeSignature(*DataType::Decimal(10, 2)), "decimal(10,2)");
  EXPECT_EQ(T::TypeSignature(*DataType::String("json")), "string");
  EXPECT_NE(T::TypeSignature(*DataType::Primitive(TypeId::kInt32)),
            T::TypeSignature(*DataType::Primitive(TypeId::kInt64)));
  auto ba = DataType::Struct({Field{"b", DataType::Primitive(TypeId::kInt64)},
                              Field{"a", DataType::List(Field{"element", DataType::String()})}});
  EXPECT_EQ(T::TypeSignature(*ba), "struct<a:array<string>,b:bigint>");
  auto map = DataType::Map(Field{"key", DataType::Primitive(TypeId::kInt32), false},
                           Field{"value", DataType::Timestamp(TimeUnit::kMicro, true)});
  EXPECT_EQ(T::TypeSignature(*map), "map<int,timestamp>");
}

TEST(RowCanonicalizerTest, AppendRowsByColumnName) {
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{Field{"id", DataType::Primitive(TypeId::kInt64)},
                         Field{"name", DataType::Primitive(TypeId::kString)}});
  Batch batch(schema,
              {Fixed<int64_t>(DataType::Primitive(TypeId::kInt64), {1, 2}),
               Strings(DataType::Primitive(TypeId::kString), {std::string("x"), std::nullopt})},
              2);
  // Columns in the order asked for, not the batch's.
  RowCanonicalizer canon({"name", "id"}, ValueStyle::kArrowText);
  std::vector<std::string> rows;
  ASSERT_TRUE(canon.AppendRows(batch, &rows).ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], std::string("x") + kCellSeparator + "1");
  EXPECT_EQ(rows[1], std::string("") + kCellSeparator + "2");
  const auto cells = RowCanonicalizer::SplitRow(rows[1]);
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[0], "");
  EXPECT_EQ(cells[1], "2");

  RowCanonicalizer missing({"id", "nope"}, ValueStyle::kTyped);
  Status st = missing.AppendRows(batch, &rows);
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_NE(st.message().find("'nope'"), std::string::npos) << st.ToString();
}

}  // namespace
}  // namespace lakeml::conformance
