#include "format/csv/csv_value_parser.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <ctime>
#include <random>

namespace lakeml::csv {
namespace {

using columnar::TimeUnit;

TEST(CsvValueParserTest, Integers) {
  int64_t v;
  EXPECT_TRUE(ParseInt64("0", &v) && v == 0);
  EXPECT_TRUE(ParseInt64("-42", &v) && v == -42);
  EXPECT_TRUE(ParseInt64("+42", &v) && v == 42);
  EXPECT_TRUE(ParseInt64("9223372036854775807", &v) && v == INT64_MAX);
  EXPECT_TRUE(ParseInt64("-9223372036854775808", &v) && v == INT64_MIN);
  EXPECT_TRUE(ParseInt64("000000000000000000000001", &v) && v == 1);
  EXPECT_FALSE(ParseInt64("9223372036854775808", &v));
  EXPECT_FALSE(ParseInt64("-9223372036854775809", &v));
  EXPECT_FALSE(ParseInt64("99999999999999999999", &v));
  EXPECT_FALSE(ParseInt64("", &v));
  EXPECT_FALSE(ParseInt64("-", &v));
  EXPECT_FALSE(ParseInt64("1.0", &v));
  EXPECT_FALSE(ParseInt64("1e3", &v));
  EXPECT_FALSE(ParseInt64(" 1", &v));
  EXPECT_FALSE(ParseInt64("12a", &v));
  uint64_t u;
  EXPECT_TRUE(ParseUInt64("18446744073709551615", &u) && u == UINT64_MAX);
  EXPECT_FALSE(ParseUInt64("18446744073709551616", &u));
  EXPECT_FALSE(ParseUInt64("-1", &u));
}

TEST(CsvValueParserTest, Doubles) {
  double d;
  EXPECT_TRUE(ParseDouble("1.5", &d) && d == 1.5);
  EXPECT_TRUE(ParseDouble("-0.001", &d) && d == -0.001);
  EXPECT_TRUE(ParseDouble("+3", &d) && d == 3);
  EXPECT_TRUE(ParseDouble(".5", &d) && d == 0.5);
  EXPECT_TRUE(ParseDouble("5.", &d) && d == 5);
  EXPECT_TRUE(ParseDouble("1e-3", &d) && d == 1e-3);
  EXPECT_TRUE(ParseDouble("0.1", &d) && d == 0.1);
  EXPECT_TRUE(ParseDouble("NaN", &d) && std::isnan(d));
  EXPECT_TRUE(ParseDouble("-Infinity", &d) && std::isinf(d) && d < 0);
  EXPECT_FALSE(ParseDouble("1,5", &d));
  EXPECT_FALSE(ParseDouble("abc", &d));
  EXPECT_FALSE(ParseDouble("+-1", &d));
  EXPECT_FALSE(ParseDouble("", &d));
  EXPECT_FALSE(ParseDouble("1e400", &d));
  EXPECT_TRUE(IsSpecialFloat("nan"));
  EXPECT_TRUE(IsSpecialFloat("-inf"));
  EXPECT_FALSE(IsSpecialFloat("1.0"));
  float f;
  EXPECT_TRUE(ParseFloat("0.1", &f) && f == 0.1f);
}

TEST(CsvValueParserTest, DoublesMatchStrtodExactly) {
  std::mt19937_64 rng(9);
  char buf[64];
  for (int i = 0; i < 200000; ++i) {
    const int kind = static_cast<int>(rng() % 4);
    if (kind == 0) {
      std::snprintf(buf, sizeof(buf), "%.*f", static_cast<int>(rng() % 12),
                    (static_cast<double>(rng() % 2000000) - 1000000) / (1 + rng() % 1000));
    } else if (kind == 1) {
      std::snprintf(buf, sizeof(buf), "%llu.%0*llu",
                    static_cast<unsigned long long>(rng() % 100000000),
                    static_cast<int>(1 + rng() % 15),
                    static_cast<unsigned long long>(rng() % 1000000000000000ull));
    } else if (kind == 2) {
      std::snprintf(buf, sizeof(buf), "%.17g", static_cast<double>(rng()) / 3.0);
    } else {
      std::snprintf(buf, sizeof(buf), "-0.%018llu",
                    static_cast<unsigned long long>(rng() % 1000000000000000000ull));
    }
    double expected = std::strtod(buf, nullptr);
    double got;
    ASSERT_TRUE(ParseDouble(buf, &got)) << buf;
    ASSERT_EQ(std::memcmp(&got, &expected, 8), 0) << buf;
  }
  double d;
  EXPECT_TRUE(ParseDouble("-0", &d) && d == 0 && std::signbit(d));
  EXPECT_TRUE(ParseDouble("9007199254740993", &d) && d == 9007199254740992.0);
}

TEST(CsvValueParserTest, Booleans) {
  bool b;
  EXPECT_TRUE(ParseBool("true", &b) && b);
  EXPECT_TRUE(ParseBool("FALSE", &b) && !b);
  EXPECT_TRUE(ParseBool("True", &b) && b);
  EXPECT_FALSE(ParseBool("yes", &b));
  EXPECT_FALSE(ParseBool("1", &b));
}

TEST(CsvValueParserTest, Decimals) {
  __int128 v;
  EXPECT_TRUE(ParseDecimal("123.45", 10, 2, &v) && v == 12345);
  EXPECT_TRUE(ParseDecimal("-0.01", 10, 2, &v) && v == -1);
  EXPECT_TRUE(ParseDecimal("7", 10, 2, &v) && v == 700);
  EXPECT_TRUE(ParseDecimal("7.5", 10, 2, &v) && v == 750);
  EXPECT_TRUE(ParseDecimal("99999999.99", 10, 2, &v) && v == 9999999999);
  EXPECT_FALSE(ParseDecimal("100000000.00", 10, 2, &v));  // 11 digits.
  EXPECT_FALSE(ParseDecimal("1.234", 10, 2, &v));         // Too many fraction digits.
  EXPECT_FALSE(ParseDecimal("1.2.3", 10, 2, &v));
  EXPECT_FALSE(ParseDecimal("", 10, 2, &v));
  EXPECT_FALSE(ParseDecimal(".", 10, 2, &v));
  EXPECT_TRUE(ParseDecimal("99999999999999999999999999999999999999", 38, 0, &v));
  EXPECT_FALSE(ParseDecimal("999999999999999999999999999999999999999", 38, 0, &v));
  EXPECT_FALSE(ParseDecimal("1", 38, 38, &v));
  EXPECT_TRUE(ParseDecimal("0.5", 38, 38, &v));
}

int64_t TimegmDays(int y, int m, int d) {
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  return static_cast<int64_t>(timegm(&tm)) / 86400;
}

TEST(CsvValueParserTest, Dates) {
  int32_t d;
  EXPECT_TRUE(ParseDate("1970-01-01", &d) && d == 0);
  EXPECT_TRUE(ParseDate("2024-02-29", &d) && d == TimegmDays(2024, 2, 29));
  EXPECT_TRUE(ParseDate("1900-03-01", &d) && d == TimegmDays(1900, 3, 1));
  EXPECT_TRUE(ParseDate("0999-12-31", &d) && d == TimegmDays(999, 12, 31));
  EXPECT_FALSE(ParseDate("2023-02-29", &d));
  EXPECT_FALSE(ParseDate("1900-02-29", &d));
  EXPECT_FALSE(ParseDate("2024-13-01", &d));
  EXPECT_FALSE(ParseDate("2024-00-10", &d));
  EXPECT_FALSE(ParseDate("2024-1-10", &d));
  EXPECT_FALSE(ParseDate("2024/01/10", &d));
  EXPECT_FALSE(ParseDate("2024-01-10x", &d));
}

TEST(CsvValueParserTest, Timestamps) {
  int64_t v;
  bool zone;
  const int64_t base = TimegmDays(2024, 1, 2) * 86400 + 3 * 3600 + 4 * 60 + 5;
  EXPECT_TRUE(ParseTimestamp("2024-01-02 03:04:05", TimeUnit::kMicro, &v, &zone));
  EXPECT_EQ(v, base * 1000000);
  EXPECT_FALSE(zone);
  EXPECT_TRUE(ParseTimestamp("2024-01-02T03:04:05.123456", TimeUnit::kMicro, &v, &zone));
  EXPECT_EQ(v, base * 1000000 + 123456);
  EXPECT_TRUE(ParseTimestamp("2024-01-02T03:04:05.1234567Z", TimeUnit::kMicro, &v, &zone));
  EXPECT_EQ(v, base * 1000000 + 123456);
  EXPECT_TRUE(zone);
  EXPECT_TRUE(ParseTimestamp("2024-01-02T03:04:05.5+01:30", TimeUnit::kMilli, &v, &zone));
  EXPECT_EQ(v, (base - 5400) * 1000 + 500);
  EXPECT_TRUE(ParseTimestamp("2024-01-02T03:04:05-0800", TimeUnit::kSecond, &v, &zone));
  EXPECT_EQ(v, base + 8 * 3600);
  EXPECT_TRUE(ParseTimestamp("2024-01-02T03:04:05+02", TimeUnit::kSecond, &v, &zone));
  EXPECT_EQ(v, base - 2 * 3600);
  EXPECT_TRUE(ParseTimestamp("2024-01-02T03:04:05.123456789", TimeUnit::kNano, &v, &zone));
  EXPECT_EQ(v, base * 1000000000 + 123456789);
  EXPECT_TRUE(ParseTimestamp("2024-01-02", TimeUnit::kMicro, &v, &zone));
  EXPECT_EQ(v, TimegmDays(2024, 1, 2) * 86400 * 1000000);
  EXPECT_TRUE(ParseTimestamp("1969-12-31 23:59:59.999999", TimeUnit::kMicro, &v, &zone));
  EXPECT_EQ(v, -1);
  // Out of the nanosecond range.
  EXPECT_FALSE(ParseTimestamp("2300-01-01 00:00:00", TimeUnit::kNano, &v, &zone));
  EXPECT_FALSE(ParseTimestamp("2024-01-02 24:00:00", TimeUnit::kMicro, &v, &zone));
  EXPECT_FALSE(ParseTimestamp("2024-01-02 03:04", TimeUnit::kMicro, &v, &zone));
  EXPECT_FALSE(ParseTimestamp("2024-01-02 03:04:05.", TimeUnit::kMicro, &v, &zone));
  EXPECT_FALSE(ParseTimestamp("2024-01-02 03:04:05 UTC", TimeUnit::kMicro, &v, &zone));
  EXPECT_FALSE(ParseTimestamp("2024-01-02x03:04:05", TimeUnit::kMicro, &v, &zone));
}

TEST(CsvValueParserTest, Times) {
  int64_t v;
  EXPECT_TRUE(ParseTime("12:34:56.789", TimeUnit::kMicro, &v));
  EXPECT_EQ(v, 45296789000);
  EXPECT_TRUE(ParseTime("00:00:00", TimeUnit::kNano, &v));
  EXPECT_EQ(v, 0);
  EXPECT_FALSE(ParseTime("25:00:00", TimeUnit::kMicro, &v));
}

TEST(CsvValueParserTest, TrimBlanks) {
  EXPECT_EQ(TrimBlanks("  a b\t "), "a b");
  EXPECT_EQ(TrimBlanks("   "), "");
}

}  // namespace
}  // namespace lakeml::csv
