#include "format/value_text/value_formatter.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

#include "base/half_float.h"
#include "columnar/vector.h"

namespace lakeml::format {
namespace {

using columnar::Buffer;
using columnar::DataType;
using columnar::Field;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

void SetNulls(Vector* v, const std::vector<bool>& valid) {
  Buffer* b = v->EnsureValidity();
  for (size_t i = 0; i < valid.size(); ++i) bit_util::SetBitTo(b->mutable_data(), i, valid[i]);
  v->FinishValidity();
}

template <typename T>
VectorPtr Fixed(TypePtr type, const std::vector<std::optional<T>>& values) {
  auto v = Vector::Make(type, values.size());
  std::vector<bool> valid;
  for (size_t i = 0; i < values.size(); ++i) {
    T x = values[i].value_or(T{});
    std::memcpy(v->mutable_values()->mutable_data() + i * sizeof(T), &x, sizeof(T));
    valid.push_back(values[i].has_value());
  }
  SetNulls(v.get(), valid);
  return v;
}

VectorPtr Strings(TypePtr type, const std::vector<std::optional<std::string>>& values) {
  auto v = Vector::Make(type, values.size());
  int64_t* o = v->mutable_values()->mutable_as<int64_t>();
  o[0] = 0;
  std::vector<bool> valid;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) v->mutable_data()->Append(values[i]->data(), values[i]->size());
    o[i + 1] = v->data()->size();
    valid.push_back(values[i].has_value());
  }
  SetNulls(v.get(), valid);
  return v;
}

VectorPtr Str(const std::vector<std::optional<std::string>>& values) {
  return Strings(DataType::String(), values);
}

// A list or map vector over children, with offsets and validity.
VectorPtr Offsets(TypePtr type, const std::vector<int64_t>& offsets,
                  std::vector<VectorPtr> children, const std::vector<bool>& valid = {}) {
  auto v = Vector::Make(type, offsets.size() - 1);
  std::memcpy(v->mutable_values()->mutable_data(), offsets.data(), offsets.size() * 8);
  v->mutable_children() = std::move(children);
  if (!valid.empty()) SetNulls(v.get(), valid);
  return v;
}

std::string Json(const Vector& v, int64_t row) {
  std::string s;
  ValueFormatter::AppendJson(v, row, &s);
  return s;
}
std::string Text(const Vector& v, int64_t row) {
  std::string s;
  ValueFormatter::AppendText(v, row, &s);
  return s;
}

TEST(ValueFormatterTest, Integers) {
  auto i64 = Fixed<int64_t>(DataType::Primitive(TypeId::kInt64),
                            {INT64_MIN, -1, 0, INT64_MAX, std::nullopt});
  EXPECT_EQ(Json(*i64, 0), "-9223372036854775808");
  EXPECT_EQ(Json(*i64, 3), "9223372036854775807");
  EXPECT_EQ(Json(*i64, 4), "null");
  EXPECT_EQ(Text(*i64, 4), "");
  auto u64 = Fixed<uint64_t>(DataType::Primitive(TypeId::kUInt64), {UINT64_MAX});
  EXPECT_EQ(Json(*u64, 0), "18446744073709551615");
  auto i8 = Fixed<int8_t>(DataType::Primitive(TypeId::kInt8), {-128});
  EXPECT_EQ(Json(*i8, 0), "-128");
  auto u8 = Fixed<uint8_t>(DataType::Primitive(TypeId::kUInt8), {255});
  EXPECT_EQ(Json(*u8, 0), "255");
  auto i16 = Fixed<int16_t>(DataType::Primitive(TypeId::kInt16), {-300});
  EXPECT_EQ(Json(*i16, 0), "-300");
  auto u32 = Fixed<uint32_t>(DataType::Primitive(TypeId::kUInt32), {4000000000u});
  EXPECT_EQ(Text(*u32, 0), "4000000000");
}

TEST(ValueFormatterTest, Booleans) {
  auto v = Vector::Make(DataType::Primitive(TypeId::kBoolean), 10);
  for (int i = 0; i < 10; ++i)
    bit_util::SetBitTo(v->mutable_values()->mutable_data(), i, i % 3 == 0);
  SetNulls(v.get(), {true, true, true, true, true, true, true, true, true, false});
  EXPECT_EQ(Json(*v, 0), "true");
  EXPECT_EQ(Json(*v, 1), "false");
  EXPECT_EQ(Json(*v, 6), "true");
  EXPECT_EQ(Json(*v, 8), "false");
  EXPECT_EQ(Json(*v, 9), "null");
}

TEST(ValueFormatterTest, FloatsAreShortestRoundTrip) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto d = Fixed<double>(DataType::Primitive(TypeId::kFloat64),
                         {0.1, 1e300, -0.0, nan, inf, -inf, 100.0});
  EXPECT_EQ(Json(*d, 0), "0.1");
  EXPECT_EQ(Json(*d, 1), "1e+300");
  EXPECT_EQ(Json(*d, 2), "-0.0");  // whole doubles print as Spark does: 2.0
  EXPECT_EQ(Json(*d, 3), "\"NaN\"");
  EXPECT_EQ(Json(*d, 4), "\"Infinity\"");
  EXPECT_EQ(Json(*d, 5), "\"-Infinity\"");
  EXPECT_EQ(Json(*d, 6), "100.0");
  EXPECT_EQ(Text(*d, 3), "NaN");
  EXPECT_EQ(Text(*d, 5), "-Infinity");
  auto f = Fixed<float>(DataType::Primitive(TypeId::kFloat32), {0.1f, 3.4028235e38f});
  EXPECT_EQ(Json(*f, 0), "0.1");
  EXPECT_EQ(Json(*f, 1), "3.4028235e+38");

  std::mt19937_64 rng(3);
  std::vector<std::optional<double>> vals;
  for (int i = 0; i < 2000; ++i) {
    uint64_t bits = rng();
    double x;
    std::memcpy(&x, &bits, 8);
    if (std::isfinite(x)) vals.push_back(x);
  }
  auto r = Fixed<double>(DataType::Primitive(TypeId::kFloat64), vals);
  for (size_t i = 0; i < vals.size(); ++i) {
    std::string s = Json(*r, i);
    double back;
    ASSERT_EQ(std::from_chars(s.data(), s.data() + s.size(), back).ec, std::errc());
    ASSERT_EQ(std::memcmp(&back, &*vals[i], 8), 0) << s;
    ASSERT_TRUE(nlohmann::json::parse(s).is_number()) << s;
  }
}

TEST(ValueFormatterTest, Float16WidensToFloat) {
  EXPECT_EQ(HalfToFloat(0x3C00), 1.0f);
  EXPECT_EQ(HalfToFloat(0xC000), -2.0f);
  EXPECT_EQ(HalfToFloat(0x7BFF), 65504.0f);
  EXPECT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(HalfToFloat(0x8000), 0.0f);
  EXPECT_TRUE(std::signbit(HalfToFloat(0x8000)));
  EXPECT_TRUE(std::isinf(HalfToFloat(0x7C00)));
  EXPECT_TRUE(std::isnan(HalfToFloat(0x7E00)));
  auto h = Fixed<uint16_t>(DataType::Primitive(TypeId::kFloat16), {0x3555, 0x7C00});
  EXPECT_EQ(Json(*h, 0), "0.33325195");
  EXPECT_EQ(Json(*h, 1), "\"Infinity\"");
}

TEST(ValueFormatterTest, DecimalsAreExactStrings) {
  auto d = Fixed<__int128>(DataType::Decimal(10, 2), {12345, -1, std::nullopt});
  EXPECT_EQ(Json(*d, 0), "\"123.45\"");
  EXPECT_EQ(Json(*d, 1), "\"-0.01\"");
  EXPECT_EQ(Json(*d, 2), "null");
  EXPECT_EQ(Text(*d, 0), "123.45");
  auto d0 = Fixed<__int128>(DataType::Decimal(5, 0), {12});
  EXPECT_EQ(Json(*d0, 0), "\"12\"");
}

TEST(ValueFormatterTest, Temporal) {
  auto date = Fixed<int32_t>(DataType::Primitive(TypeId::kDate32), {19724, -1});
  EXPECT_EQ(Json(*date, 0), "\"2024-01-02\"");
  EXPECT_EQ(Text(*date, 1), "1969-12-31");
  auto ts = Fixed<int64_t>(DataType::Timestamp(TimeUnit::kMicro, true), {1704164645123456});
  EXPECT_EQ(Json(*ts, 0), "\"2024-01-02T03:04:05.123456Z\"");
  EXPECT_EQ(Text(*ts, 0), "2024-01-02T03:04:05.123456Z");
  auto ntz = Fixed<int64_t>(DataType::Timestamp(TimeUnit::kNano, false), {INT64_MIN});
  EXPECT_EQ(Json(*ntz, 0), "\"1677-09-21T00:12:43.145224\"");
  auto t = Fixed<int64_t>(DataType::Time(TimeUnit::kMilli), {45296789});
  EXPECT_EQ(Json(*t, 0), "\"12:34:56.789000\"");
  struct Iv {
    int32_t months, days;
    int64_t nanos;
  };
  static_assert(sizeof(Iv) == 16);
  auto iv = Fixed<Iv>(DataType::Primitive(TypeId::kInterval), {Iv{14, 3, 1500000000}});
  EXPECT_EQ(Json(*iv, 0), "\"P1Y2M3DT1.5S\"");
}

TEST(ValueFormatterTest, StringsBinaryAndUuid) {
  auto s = Str({"he said \"hi\"\n", "bad\xff", std::nullopt, ""});
  EXPECT_EQ(Json(*s, 0), "\"he said \\\"hi\\\"\\n\"");
  EXPECT_EQ(Json(*s, 1), "\"bad\xEF\xBF\xBD\"");
  EXPECT_EQ(Json(*s, 2), "null");
  EXPECT_EQ(Json(*s, 3), "\"\"");
  EXPECT_EQ(Text(*s, 0), "he said \"hi\"\n");
  auto b = Strings(DataType::Binary(), {"foobar"});
  EXPECT_EQ(Json(*b, 0), "\"Zm9vYmFy\"");
  EXPECT_EQ(Text(*b, 0), "Zm9vYmFy");

  auto uuid = Vector::Make(DataType::FixedSizeBinary(16, "uuid"), 1);
  const uint8_t bytes[16] = {0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3,
                             0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00};
  std::memcpy(uuid->mutable_values()->mutable_data(), bytes, 16);
  EXPECT_EQ(Json(*uuid, 0), "\"123e4567-e89b-12d3-a456-426614174000\"");
  auto fixed = Vector::Make(DataType::FixedSizeBinary(3), 1);
  std::memcpy(fixed->mutable_values()->mutable_data(), "foo", 3);
  EXPECT_EQ(Json(*fixed, 0), "\"Zm9v\"");
}

TEST(ValueFormatterTest, ListsWithNullsAndEmpties) {
  auto elements = Fixed<int32_t>(DataType::Primitive(TypeId::kInt32), {1, std::nullopt, 3, 4});
  auto list = Offsets(DataType::List(Field{"element", elements->type()}), {0, 3, 3, 3, 4},
                      {elements}, {true, true, false, true});
  EXPECT_EQ(Json(*list, 0), "[1,null,3]");
  EXPECT_EQ(Json(*list, 1), "[]");
  EXPECT_EQ(Json(*list, 2), "null");
  EXPECT_EQ(Json(*list, 3), "[4]");
  EXPECT_EQ(Text(*list, 0), "[1,null,3]");
  EXPECT_EQ(Text(*list, 2), "");
}

TEST(ValueFormatterTest, StructsAndNestedLists) {
  auto a = Fixed<int64_t>(DataType::Primitive(TypeId::kInt64), {1, 2});
  auto inner = Str({"x", "y", "z"});
  auto b = Offsets(DataType::List(Field{"element", inner->type()}), {0, 2, 3}, {inner});
  auto type = DataType::Struct({Field{"a", a->type()}, Field{"b \"q\"", b->type()}});
  auto st = Vector::Make(type, 2);
  st->mutable_children() = {a, b};
  SetNulls(st.get(), {true, false});
  EXPECT_EQ(Json(*st, 0), "{\"a\":1,\"b \\\"q\\\"\":[\"x\",\"y\"]}");
  EXPECT_EQ(Json(*st, 1), "null");
  EXPECT_TRUE(nlohmann::json::parse(Json(*st, 0)).is_object());
}

TEST(ValueFormatterTest, MapsWithStringKeysAreObjects) {
  auto keys = Str({"k1", "k2", "k3"});
  auto values = Fixed<double>(DataType::Primitive(TypeId::kFloat64), {1.5, std::nullopt, 2});
  auto type = DataType::Map(Field{"key", keys->type()}, Field{"value", values->type()});
  auto map = Offsets(type, {0, 2, 2, 3}, {keys, values}, {true, true, false});
  EXPECT_EQ(Json(*map, 0), "{\"k1\":1.5,\"k2\":null}");
  EXPECT_EQ(Json(*map, 1), "{}");
  EXPECT_EQ(Json(*map, 2), "null");
}

TEST(ValueFormatterTest, MapsWithOtherKeysAreArraysOfEntries) {
  auto keys = Fixed<int32_t>(DataType::Primitive(TypeId::kInt32), {7, 8});
  auto values = Str({"seven", std::nullopt});
  auto type = DataType::Map(Field{"key", keys->type()}, Field{"value", values->type()});
  auto map = Offsets(type, {0, 2}, {keys, values});
  EXPECT_EQ(Json(*map, 0), "[{\"key\":7,\"value\":\"seven\"},{\"key\":8,\"value\":null}]");
}

}  // namespace
}  // namespace lakeml::format
