#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "format/parquet/writer/statistics_accumulator.h"

namespace lakeml::parquet {
namespace {

template <typename T>
PhysicalValues Fixed(const std::vector<T>& v) {
  PhysicalValues p;
  p.count = static_cast<int64_t>(v.size());
  p.fixed = reinterpret_cast<const uint8_t*>(v.data());
  return p;
}

template <typename T>
T Decode(const std::string& s) {
  EXPECT_EQ(s.size(), sizeof(T));
  T v;
  std::memcpy(&v, s.data(), sizeof(T));
  return v;
}

TEST(WriterStatisticsAccumulatorTest, SignedAndUnsignedInt32) {
  std::vector<int32_t> v = {5, -3, 2000000000, static_cast<int32_t>(0xF0000000u)};
  StatisticsAccumulator s(StatsOrder::kInt32, Type::kInt32, 0);
  s.Update(Fixed(v));
  EXPECT_EQ(Decode<int32_t>(s.min()), static_cast<int32_t>(0xF0000000u));
  EXPECT_EQ(Decode<int32_t>(s.max()), 2000000000);
  StatisticsAccumulator u(StatsOrder::kUInt32, Type::kInt32, 0);
  u.Update(Fixed(v));
  EXPECT_EQ(Decode<uint32_t>(u.min()), 5u);
  EXPECT_EQ(Decode<uint32_t>(u.max()), 0xFFFFFFFDu);  // -3 as unsigned.
}

TEST(WriterStatisticsAccumulatorTest, UnsignedInt64AndMerge) {
  StatisticsAccumulator a(StatsOrder::kUInt64, Type::kInt64, 0);
  StatisticsAccumulator b(StatsOrder::kUInt64, Type::kInt64, 0);
  std::vector<uint64_t> x = {7, 9}, y = {~uint64_t{0}, 3};
  a.Update(Fixed(x));
  a.AddNulls(2);
  b.Update(Fixed(y));
  b.AddNulls(1);
  a.Merge(b);
  EXPECT_EQ(a.null_count(), 3);
  EXPECT_EQ(Decode<uint64_t>(a.min()), 3u);
  EXPECT_EQ(Decode<uint64_t>(a.max()), ~uint64_t{0});
}

TEST(WriterStatisticsAccumulatorTest, FloatsIgnoreNaNAndNormalizeZeros) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  StatisticsAccumulator s(StatsOrder::kFloat, Type::kFloat, 0);
  std::vector<float> v = {nan, 0.0f, 3.5f, nan};
  s.Update(Fixed(v));
  ASSERT_TRUE(s.has_min_max());
  EXPECT_TRUE(std::signbit(Decode<float>(s.min())));  // Zero minimum written as -0.0.
  EXPECT_EQ(Decode<float>(s.min()), 0.0f);
  EXPECT_EQ(Decode<float>(s.max()), 3.5f);

  StatisticsAccumulator z(StatsOrder::kDouble, Type::kDouble, 0);
  std::vector<double> zeros = {-0.0, -0.0};
  z.Update(Fixed(zeros));
  EXPECT_TRUE(std::signbit(Decode<double>(z.min())));
  EXPECT_FALSE(std::signbit(Decode<double>(z.max())));  // Zero maximum written as +0.0.

  StatisticsAccumulator all_nan(StatsOrder::kDouble, Type::kDouble, 0);
  std::vector<double> nans = {std::nan(""), std::nan("")};
  all_nan.Update(Fixed(nans));
  EXPECT_FALSE(all_nan.has_min_max());

  StatisticsAccumulator inf(StatsOrder::kDouble, Type::kDouble, 0);
  std::vector<double> infs = {std::numeric_limits<double>::infinity()};
  inf.Update(Fixed(infs));
  EXPECT_EQ(Decode<double>(inf.min()), std::numeric_limits<double>::infinity());
}

TEST(WriterStatisticsAccumulatorTest, Float16) {
  // 0x3C00 = 1.0, 0xC000 = -2.0, 0x7E00 = NaN, 0x0000 = +0.
  std::vector<uint16_t> v = {0x3C00, 0x7E00, 0xC000, 0x0000};
  StatisticsAccumulator s(StatsOrder::kFloat16, Type::kFixedLenByteArray, 2);
  s.Update(Fixed(v));
  EXPECT_EQ(Decode<uint16_t>(s.min()), 0xC000);
  EXPECT_EQ(Decode<uint16_t>(s.max()), 0x3C00);
  std::vector<uint16_t> zero = {0x0000};
  StatisticsAccumulator z(StatsOrder::kFloat16, Type::kFixedLenByteArray, 2);
  z.Update(Fixed(zero));
  EXPECT_EQ(Decode<uint16_t>(z.min()), 0x8000);
  EXPECT_EQ(Decode<uint16_t>(z.max()), 0x0000);
}

TEST(WriterStatisticsAccumulatorTest, ByteArraysCompareAsUnsignedBytes) {
  std::string data = std::string("b") + "\xC3\xA9" + "ab" + "" + "a";
  std::vector<int64_t> offsets = {0, 1, 3, 5, 5, 6};
  PhysicalValues p;
  p.count = 5;
  p.offsets = offsets.data();
  p.data = reinterpret_cast<const uint8_t*>(data.data());
  StatisticsAccumulator s(StatsOrder::kBytes, Type::kByteArray, 0);
  s.Update(p);
  EXPECT_EQ(s.min(), "");
  EXPECT_EQ(s.max(), "\xC3\xA9");
}

TEST(WriterStatisticsAccumulatorTest, DecimalBytesCompareSigned) {
  // Big-endian 2-byte two's complement: -1 (FF FF), 1 (00 01), -256 (FF 00), 300 (01 2C).
  const uint8_t v[] = {0xFF, 0xFF, 0x00, 0x01, 0xFF, 0x00, 0x01, 0x2C};
  PhysicalValues p;
  p.count = 4;
  p.fixed = v;
  StatisticsAccumulator s(StatsOrder::kDecimalBytes, Type::kFixedLenByteArray, 2);
  s.Update(p);
  EXPECT_EQ(s.min(), std::string("\xFF\x00", 2));
  EXPECT_EQ(s.max(), std::string("\x01\x2C", 2));
}

TEST(WriterStatisticsAccumulatorTest, Booleans) {
  const uint8_t bits[] = {0b00000110};
  PhysicalValues p;
  p.count = 2;
  p.bits = bits;
  p.bit_offset = 1;  // Bits 1 and 2: true, true.
  StatisticsAccumulator s(StatsOrder::kBoolean, Type::kBoolean, 0);
  s.Update(p);
  EXPECT_EQ(s.min(), std::string(1, '\1'));
  EXPECT_EQ(s.max(), std::string(1, '\1'));
  p.bit_offset = 0;
  p.count = 3;
  s.Update(p);
  EXPECT_EQ(s.min(), std::string(1, '\0'));
}

TEST(WriterStatisticsAccumulatorTest, UndefinedOrderKeepsOnlyNulls) {
  std::vector<uint8_t> v(24, 1);
  PhysicalValues p;
  p.count = 2;
  p.fixed = v.data();
  StatisticsAccumulator s(StatsOrder::kNone, Type::kFixedLenByteArray, 12);
  s.Update(p);
  s.AddNulls(4);
  EXPECT_FALSE(s.has_min_max());
  EXPECT_EQ(s.null_count(), 4);
}

TEST(WriterStatisticsAccumulatorTest, Truncation) {
  std::string out;
  EXPECT_FALSE(StatisticsAccumulator::TruncateMin("abc", 4, &out));
  EXPECT_EQ(out, "abc");
  EXPECT_TRUE(StatisticsAccumulator::TruncateMin("abcdef", 4, &out));
  EXPECT_EQ(out, "abcd");
  EXPECT_EQ(StatisticsAccumulator::TruncateMax("abcdef", 4), "abce");
  EXPECT_EQ(StatisticsAccumulator::TruncateMax("ab\xFF\xFFzz", 4), "ac");
  EXPECT_EQ(StatisticsAccumulator::TruncateMax("\xFF\xFF\xFF\xFFzz", 4), std::nullopt);
  EXPECT_EQ(StatisticsAccumulator::TruncateMax("abcd", 4), "abcd");
}

}  // namespace
}  // namespace lakeml::parquet
