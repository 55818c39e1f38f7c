#include "delta/stats/stats_value_text.h"

#include <gtest/gtest.h>

namespace lakeml::delta {
namespace {

using columnar::TimeUnit;

TEST(StatsValueTextTest, Dates) {
  int64_t d;
  ASSERT_TRUE(ParseDateText("1970-01-01", &d));
  EXPECT_EQ(d, 0);
  ASSERT_TRUE(ParseDateText("2024-02-29", &d));
  EXPECT_EQ(d, 19782);
  ASSERT_TRUE(ParseDateText("1969-12-31", &d));
  EXPECT_EQ(d, -1);
  ASSERT_TRUE(ParseDateText("2024-1-5", &d));
  EXPECT_EQ(d, 19727);
  ASSERT_TRUE(ParseDateText("+10000-01-01", &d));
  ASSERT_TRUE(ParseDateText("-0044-03-15", &d));
  EXPECT_FALSE(ParseDateText("2023-02-29", &d));
  EXPECT_FALSE(ParseDateText("2024-13-01", &d));
  EXPECT_FALSE(ParseDateText("2024-01-01x", &d));
  EXPECT_FALSE(ParseDateText("", &d));
  EXPECT_FALSE(ParseDateText("10000-01-01", &d));
}

TEST(StatsValueTextTest, Timestamps) {
  int64_t t;
  ASSERT_TRUE(ParseTimestampText("2023-06-15T12:30:00.000Z", TimeUnit::kMicro, Rounding::kExact,
                                 &t));
  EXPECT_EQ(t, 1686832200000000);
  // Spark's session offset.
  ASSERT_TRUE(ParseTimestampText("2000-01-01T00:00:00.000-08:00", TimeUnit::kMicro,
                                 Rounding::kExact, &t));
  EXPECT_EQ(t, 946684800000000 + 8 * 3600 * 1000000LL);
  ASSERT_TRUE(ParseTimestampText("2000-01-01 00:00:00+0100", TimeUnit::kMicro, Rounding::kExact,
                                 &t));
  EXPECT_EQ(t, 946684800000000 - 3600 * 1000000LL);
  ASSERT_TRUE(ParseTimestampText("1970-01-01", TimeUnit::kMicro, Rounding::kExact, &t));
  EXPECT_EQ(t, 0);
  ASSERT_TRUE(
      ParseTimestampText("1970-01-01 00:00:00.123456", TimeUnit::kMicro, Rounding::kExact, &t));
  EXPECT_EQ(t, 123456);
  ASSERT_TRUE(ParseTimestampText("1969-12-31T23:59:59.999Z", TimeUnit::kMicro, Rounding::kExact,
                                 &t));
  EXPECT_EQ(t, -1000);
  // Sub-unit digits: exact fails, floor/ceil round.
  EXPECT_FALSE(ParseTimestampText("1970-01-01T00:00:00.0000015", TimeUnit::kMicro,
                                  Rounding::kExact, &t));
  ASSERT_TRUE(ParseTimestampText("1970-01-01T00:00:00.0000015", TimeUnit::kMicro,
                                 Rounding::kFloor, &t));
  EXPECT_EQ(t, 1);
  ASSERT_TRUE(ParseTimestampText("1970-01-01T00:00:00.0000015", TimeUnit::kMicro,
                                 Rounding::kCeil, &t));
  EXPECT_EQ(t, 2);
  ASSERT_TRUE(ParseTimestampText("1969-12-31T23:59:59.9999995", TimeUnit::kMicro,
                                 Rounding::kFloor, &t));
  EXPECT_EQ(t, -1);
  ASSERT_TRUE(ParseTimestampText("2020-01-01T00:00:00.5Z", TimeUnit::kMilli, Rounding::kExact,
                                 &t));
  EXPECT_EQ(t, 1577836800500);
  EXPECT_FALSE(ParseTimestampText("2020-01-01T25:00:00", TimeUnit::kMicro, Rounding::kExact, &t));
  EXPECT_FALSE(ParseTimestampText("2020-01-01T10:00:00Zx", TimeUnit::kMicro, Rounding::kExact,
                                  &t));
  EXPECT_FALSE(ParseTimestampText("2020-01-01T10", TimeUnit::kMicro, Rounding::kExact, &t));
  // Out of the int64 nanosecond range.
  EXPECT_FALSE(ParseTimestampText("3000-01-01", TimeUnit::kNano, Rounding::kExact, &t));
}

TEST(StatsValueTextTest, Decimals) {
  __int128 v;
  ASSERT_TRUE(ParseDecimalText("123.45", 10, 2, Rounding::kExact, &v));
  EXPECT_EQ(v, 12345);
  ASSERT_TRUE(ParseDecimalText("-0.01", 10, 2, Rounding::kExact, &v));
  EXPECT_EQ(v, -1);
  ASSERT_TRUE(ParseDecimalText("5", 10, 2, Rounding::kExact, &v));
  EXPECT_EQ(v, 500);
  ASSERT_TRUE(ParseDecimalText("1E+3", 10, 2, Rounding::kExact, &v));
  EXPECT_EQ(v, 100000);
  ASSERT_TRUE(ParseDecimalText("1E-10", 20, 10, Rounding::kExact, &v));
  EXPECT_EQ(v, 1);
  ASSERT_TRUE(ParseDecimalText("0.000", 3, 2, Rounding::kExact, &v));
  EXPECT_EQ(v, 0);
  EXPECT_FALSE(ParseDecimalText("1.234", 10, 2, Rounding::kExact, &v));
  ASSERT_TRUE(ParseDecimalText("1.234", 10, 2, Rounding::kFloor, &v));
  EXPECT_EQ(v, 123);
  ASSERT_TRUE(ParseDecimalText("1.234", 10, 2, Rounding::kCeil, &v));
  EXPECT_EQ(v, 124);
  ASSERT_TRUE(ParseDecimalText("-1.234", 10, 2, Rounding::kFloor, &v));
  EXPECT_EQ(v, -124);
  ASSERT_TRUE(ParseDecimalText("-1.234", 10, 2, Rounding::kCeil, &v));
  EXPECT_EQ(v, -123);
  // Precision.
  EXPECT_FALSE(ParseDecimalText("100", 2, 0, Rounding::kExact, &v));
  ASSERT_TRUE(ParseDecimalText("99999999999999999999999999999999999999", 38, 0, Rounding::kExact,
                               &v));
  EXPECT_FALSE(ParseDecimalText("1e40", 38, 0, Rounding::kExact, &v));
  EXPECT_FALSE(ParseDecimalText("1e999999", 38, 0, Rounding::kExact, &v));
  EXPECT_FALSE(ParseDecimalText("", 10, 2, Rounding::kExact, &v));
  EXPECT_FALSE(ParseDecimalText("1.2.3", 10, 2, Rounding::kExact, &v));
  EXPECT_FALSE(ParseDecimalText("abc", 10, 2, Rounding::kExact, &v));
}

TEST(StatsValueTextTest, Integers) {
  int64_t v;
  ASSERT_TRUE(ParseInt64Text("-9223372036854775808", &v));
  EXPECT_EQ(v, INT64_MIN);
  ASSERT_TRUE(ParseInt64Text("9223372036854775807", &v));
  EXPECT_EQ(v, INT64_MAX);
  EXPECT_FALSE(ParseInt64Text("9223372036854775808", &v));
  EXPECT_FALSE(ParseInt64Text("1.0", &v));
  EXPECT_FALSE(ParseInt64Text("-", &v));
}

}  // namespace
}  // namespace lakeml::delta
