#include "delta/checkpoint/spark_value_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace lakeml::delta {
namespace {

std::string Double(double v) {
  std::string s;
  AppendJavaDouble(v, &s);
  return s;
}

std::string Float(float v) {
  std::string s;
  AppendJavaFloat(v, &s);
  return s;
}

TEST(SparkValueTextTest, DoublesPrintAsJavaDoes) {
  EXPECT_EQ(Double(0.0), "0.0");
  EXPECT_EQ(Double(-0.0), "-0.0");
  EXPECT_EQ(Double(1.0), "1.0");
  EXPECT_EQ(Double(100.0), "100.0");
  EXPECT_EQ(Double(1.234), "1.234");
  EXPECT_EQ(Double(-5.5), "-5.5");
  EXPECT_EQ(Double(0.001), "0.001");
  EXPECT_EQ(Double(0.0001), "1.0E-4");
  EXPECT_EQ(Double(1.5e-7), "1.5E-7");
  EXPECT_EQ(Double(9999999.0), "9999999.0");
  EXPECT_EQ(Double(1e7), "1.0E7");
  EXPECT_EQ(Double(1.2345e10), "1.2345E10");
  EXPECT_EQ(Double(0.1), "0.1");
  EXPECT_EQ(Double(123456.789), "123456.789");
  EXPECT_EQ(Double(std::numeric_limits<double>::max()), "1.7976931348623157E308");
  // Java prints the smallest subnormal as "4.9E-324" (a quirk of its algorithm); the shortest
  // round-trip digits, which parse to the same double, are "5.0E-324".
  EXPECT_EQ(std::strtod(Double(std::numeric_limits<double>::denorm_min()).c_str(), nullptr),
            std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(Double(std::nan("")), "NaN");
  EXPECT_EQ(Double(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(SparkValueTextTest, FloatsUseFloatDigits) {
  EXPECT_EQ(Float(0.1f), "0.1");
  EXPECT_EQ(Float(1.5f), "1.5");
  EXPECT_EQ(Float(3.4028235e38f), "3.4028235E38");
  EXPECT_EQ(Float(std::numeric_limits<float>::infinity()), "Infinity");
}

TEST(SparkValueTextTest, StatsTimestampsTruncateToMilliseconds) {
  std::string s;
  AppendStatsTimestamp(1706695200123456, columnar::TimeUnit::kMicro, true, &s);
  EXPECT_EQ(s, "2024-01-31T10:00:00.123Z");
  s.clear();
  AppendStatsTimestamp(-1, columnar::TimeUnit::kMicro, false, &s);
  EXPECT_EQ(s, "1969-12-31T23:59:59.999");
  s.clear();
  AppendStatsTimestamp(1706695200123456789, columnar::TimeUnit::kNano, true, &s);
  EXPECT_EQ(s, "2024-01-31T10:00:00.123Z");
  s.clear();
  AppendStatsTimestamp(86400, columnar::TimeUnit::kSecond, true, &s);
  EXPECT_EQ(s, "1970-01-02T00:00:00.000Z");
}

TEST(SparkValueTextTest, ParsesDates) {
  EXPECT_EQ(ParseIsoDate("1970-01-01"), 0);
  EXPECT_EQ(ParseIsoDate("2024-02-29"), 19782);
  EXPECT_EQ(ParseIsoDate("2023-02-29"), std::nullopt);
  EXPECT_EQ(ParseIsoDate("2024-1-01"), std::nullopt);
  EXPECT_EQ(ParseIsoDate(""), std::nullopt);
}

TEST(SparkValueTextTest, ParsesTimestampsInEveryDeltaSpelling) {
  const int64_t t = 1706695200123456;  // 2024-01-31T10:00:00.123456Z
  EXPECT_EQ(ParseTimestampMicros("2024-01-31T10:00:00.123456Z"), t);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31 10:00:00.123456"), t);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31T10:00:00.123Z"), t - 456);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31T02:00:00.123456-08:00"), t);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31T11:30:00.123456+0130"), t);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31 10:00:00"), t - 123456);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31 10:00"), t - 123456);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31"), t - 123456 - 36000000000LL);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31T10:00:00.1234567Z"), t);  // Truncated.
  EXPECT_EQ(ParseTimestampMicros("2024-01-31T25:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31T10:00:00.Z"), std::nullopt);
  EXPECT_EQ(ParseTimestampMicros("2024-01-31X"), std::nullopt);
}

TEST(SparkValueTextTest, ParsesDecimalNumbersExactly) {
  EXPECT_EQ(ParseDecimalNumber("-5.67800", 8, 5), -567800);
  EXPECT_EQ(ParseDecimalNumber("12", 5, 2), 1200);
  EXPECT_EQ(ParseDecimalNumber("1.5E-3", 5, 4), 15);
  EXPECT_EQ(ParseDecimalNumber("1.5E+3", 6, 0), 1500);
  EXPECT_EQ(ParseDecimalNumber("0.10", 3, 1), 1);  // A zero past the scale is fine.
  EXPECT_EQ(ParseDecimalNumber("0.11", 3, 1), std::nullopt);
  EXPECT_EQ(ParseDecimalNumber("123.4", 3, 1), std::nullopt);  // Needs 4 digits.
  __int128 max38 = 0;
  for (int i = 0; i < 38; ++i) max38 = max38 * 10 + 9;
  EXPECT_EQ(ParseDecimalNumber("99999999999999999999999999999999999999", 38, 0), max38);
  EXPECT_EQ(ParseDecimalNumber("-9999999999999999999999999999999999999.9", 38, 1), -max38);
  EXPECT_EQ(ParseDecimalNumber("999999999999999999999999999999999999999", 38, 0), std::nullopt);
  EXPECT_EQ(ParseDecimalNumber("1e", 5, 0), std::nullopt);
  EXPECT_EQ(ParseDecimalNumber("", 5, 0), std::nullopt);
  EXPECT_EQ(ParseDecimalNumber("abc", 5, 0), std::nullopt);
}

}  // namespace
}  // namespace lakeml::delta
