// Tests of the scalar text pieces: dates, times, timestamps, intervals, decimals, binary.
#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <cstring>
#include <random>

#include "format/value_text/binary_text.h"
#include "format/value_text/civil_date.h"
#include "format/value_text/decimal_text.h"
#include "format/value_text/temporal_text.h"

namespace lakeml::format {
namespace {

using columnar::TimeUnit;

std::string Date(int64_t d) {
  std::string s;
  AppendDate(d, &s);
  return s;
}
std::string Ts(int64_t v, TimeUnit u, bool utc = false) {
  std::string s;
  AppendTimestamp(v, u, utc, &s);
  return s;
}
std::string Time(int64_t v, TimeUnit u) {
  std::string s;
  AppendTime(v, u, &s);
  return s;
}
std::string Interval(int32_t m, int32_t d, int64_t n) {
  std::string s;
  AppendInterval(m, d, n, &s);
  return s;
}
std::string Dec(__int128 v, int scale) {
  std::string s;
  AppendDecimal(v, scale, &s);
  return s;
}

// Oracle: std::chrono's calendar (a separate implementation).
std::string ChronoDate(int64_t days) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  char buf[32];
  const int y = static_cast<int>(ymd.year());
  std::snprintf(buf, sizeof(buf), "%s%04d-%02u-%02u", y < 0 ? "-" : "", y < 0 ? -y : y,
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

TEST(TemporalTextTest, DatesMatchChronoAroundTheEpochAndFarAway) {
  EXPECT_EQ(Date(0), "1970-01-01");
  EXPECT_EQ(Date(-1), "1969-12-31");
  EXPECT_EQ(Date(19724), "2024-01-02");
  EXPECT_EQ(Date(-719162), "0001-01-01");
  EXPECT_EQ(Date(-719162 - 366), "0000-01-01");
  EXPECT_EQ(Date(-719162 - 367), "-0001-12-31");
  EXPECT_EQ(Date(2932896), "9999-12-31");
  EXPECT_EQ(Date(2932897), "+10000-01-01");
  EXPECT_EQ(Date(INT32_MIN), "-5877641-06-23");
  EXPECT_EQ(Date(INT32_MAX), "+5881580-07-11");
  std::mt19937_64 rng(1);
  for (int i = 0; i < 20000; ++i) {
    int64_t d = static_cast<int64_t>(rng() % 3652059) - 719162;  // Years 1..9999.
    ASSERT_EQ(Date(d), ChronoDate(d)) << d;
  }
  for (int64_t d = -800000; d < -600000; d += 37) ASSERT_EQ(Date(d), ChronoDate(d)) << d;
}

TEST(TemporalTextTest, CivilRoundTrip) {
  for (int64_t d = -1000000; d < 1000000; d += 13) {
    CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
    ASSERT_LE(c.day, DaysInMonth(c.year, c.month));
  }
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
}

TEST(TemporalTextTest, TimestampsInEveryUnit) {
  EXPECT_EQ(Ts(0, TimeUnit::kMicro), "1970-01-01T00:00:00.000000");
  EXPECT_EQ(Ts(1704164645123456, TimeUnit::kMicro), "2024-01-02T03:04:05.123456");
  EXPECT_EQ(Ts(1704164645123456, TimeUnit::kMicro, true), "2024-01-02T03:04:05.123456Z");
  EXPECT_EQ(Ts(1704164645123, TimeUnit::kMilli), "2024-01-02T03:04:05.123000");
  EXPECT_EQ(Ts(1704164645, TimeUnit::kSecond), "2024-01-02T03:04:05.000000");
  EXPECT_EQ(Ts(1704164645123456789, TimeUnit::kNano), "2024-01-02T03:04:05.123456");
  EXPECT_EQ(Ts(-1, TimeUnit::kMicro), "1969-12-31T23:59:59.999999");
  // Nanoseconds truncate toward negative infinity.
  EXPECT_EQ(Ts(-1, TimeUnit::kNano), "1969-12-31T23:59:59.999999");
  EXPECT_EQ(Ts(-1000, TimeUnit::kNano), "1969-12-31T23:59:59.999999");
  EXPECT_EQ(Ts(-1001, TimeUnit::kNano), "1969-12-31T23:59:59.999998");
  // The int64 nanosecond range.
  EXPECT_EQ(Ts(INT64_MIN, TimeUnit::kNano), "1677-09-21T00:12:43.145224");
  EXPECT_EQ(Ts(INT64_MAX, TimeUnit::kNano), "2262-04-11T23:47:16.854775");
  // INT96 Impala timestamps as nanoseconds: 2009-01-01T00:00:00.
  EXPECT_EQ(Ts(1230768000LL * 1000000000LL, TimeUnit::kNano), "2009-01-01T00:00:00.000000");
  // Extremes of other units do not overflow.
  EXPECT_EQ(Ts(INT64_MIN, TimeUnit::kMicro), "-290308-12-21T19:59:05.224192");
  EXPECT_EQ(Ts(INT64_MAX, TimeUnit::kMicro), "+294247-01-10T04:00:54.775807");
  EXPECT_FALSE(Ts(INT64_MIN, TimeUnit::kSecond).empty());
  EXPECT_FALSE(Ts(INT64_MAX, TimeUnit::kMilli).empty());
}

TEST(TemporalTextTest, TimestampsMatchChrono) {
  using namespace std::chrono;
  std::mt19937_64 rng(2);
  for (int i = 0; i < 20000; ++i) {
    const int64_t ns = static_cast<int64_t>(rng());
    sys_time<microseconds> t = floor<microseconds>(sys_time<nanoseconds>(nanoseconds(ns)));
    sys_days day = floor<days>(t);
    hh_mm_ss<microseconds> hms(t - day);
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%sT%02d:%02d:%02d.%06d",
                  ChronoDate(day.time_since_epoch().count()).c_str(),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()),
                  static_cast<int>(hms.subseconds().count()));
    ASSERT_EQ(Ts(ns, TimeUnit::kNano), buf) << ns;
  }
}

TEST(TemporalTextTest, Times) {
  EXPECT_EQ(Time(0, TimeUnit::kMicro), "00:00:00.000000");
  EXPECT_EQ(Time(45296789012, TimeUnit::kMicro), "12:34:56.789012");
  EXPECT_EQ(Time(45296789, TimeUnit::kMilli), "12:34:56.789000");
  EXPECT_EQ(Time(45296789012345, TimeUnit::kNano), "12:34:56.789012");
  EXPECT_EQ(Time(86399, TimeUnit::kSecond), "23:59:59.000000");
  // Out of a day (corrupt data) still prints something sensible.
  EXPECT_EQ(Time(86400, TimeUnit::kSecond), "24:00:00.000000");
  EXPECT_EQ(Time(-1, TimeUnit::kSecond), "-00:00:01.000000");
  EXPECT_FALSE(Time(INT64_MIN, TimeUnit::kSecond).empty());
}

TEST(TemporalTextTest, IntervalsAsIsoDurations) {
  EXPECT_EQ(Interval(0, 0, 0), "PT0S");
  EXPECT_EQ(Interval(14, 3, 0), "P1Y2M3D");
  EXPECT_EQ(Interval(0, 0, 14706789000000), "PT4H5M6.789S");
  EXPECT_EQ(Interval(14, 3, 14706789000000), "P1Y2M3DT4H5M6.789S");
  EXPECT_EQ(Interval(-1, 0, 0), "P-1M");
  EXPECT_EQ(Interval(-13, 2, 0), "P-1Y-1M2D");
  EXPECT_EQ(Interval(0, 0, -500000000), "PT-0.5S");
  EXPECT_EQ(Interval(0, 0, 1), "PT0.000000001S");
  EXPECT_EQ(Interval(0, 0, 3600000000000), "PT1H");
  EXPECT_EQ(Interval(0, 1, 0), "P1D");
  EXPECT_FALSE(Interval(INT32_MIN, INT32_MIN, INT64_MIN).empty());
}

TEST(DecimalTextTest, ExactText) {
  EXPECT_EQ(Dec(12345, 2), "123.45");
  EXPECT_EQ(Dec(-1, 2), "-0.01");
  EXPECT_EQ(Dec(12, 0), "12");
  EXPECT_EQ(Dec(0, 0), "0");
  EXPECT_EQ(Dec(0, 3), "0.000");
  EXPECT_EQ(Dec(-5, 1), "-0.5");
  EXPECT_EQ(Dec(100, 2), "1.00");
  EXPECT_EQ(Dec(5, -2), "500");
  EXPECT_EQ(Dec(0, -2), "0");
  // 38 nines with scale 10.
  __int128 nines = 0;
  for (int i = 0; i < 38; ++i) nines = nines * 10 + 9;
  EXPECT_EQ(Dec(nines, 10), std::string(28, '9') + "." + std::string(10, '9'));
  EXPECT_EQ(Dec(-nines, 38), "-0." + std::string(38, '9'));
  const __int128 max = static_cast<__int128>((~static_cast<unsigned __int128>(0)) >> 1);
  EXPECT_EQ(Dec(max, 0), "170141183460469231731687303715884105727");
  EXPECT_EQ(Dec(-max - 1, 0), "-170141183460469231731687303715884105728");
  EXPECT_EQ(Dec(static_cast<__int128>(1) << 64, 0), "18446744073709551616");
  EXPECT_EQ(Dec(INT64_MIN, 3), "-9223372036854775.808");
}

TEST(DecimalTextTest, LittleEndianSlot) {
  uint8_t slot[16];
  __int128 v = -12345;
  std::memcpy(slot, &v, 16);
  std::string s;
  AppendDecimal128LE(slot, 3, &s);
  EXPECT_EQ(s, "-12.345");
}

TEST(BinaryTextTest, Base64Rfc4648Vectors) {
  auto b64 = [](std::string_view s) {
    std::string out;
    AppendBase64(s, &out);
    return out;
  };
  EXPECT_EQ(b64(""), "");
  EXPECT_EQ(b64("f"), "Zg==");
  EXPECT_EQ(b64("fo"), "Zm8=");
  EXPECT_EQ(b64("foo"), "Zm9v");
  EXPECT_EQ(b64("foob"), "Zm9vYg==");
  EXPECT_EQ(b64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(b64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(b64(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(BinaryTextTest, Uuid) {
  const uint8_t bytes[16] = {0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3,
                             0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00};
  std::string s;
  AppendUuid(std::string_view(reinterpret_cast<const char*>(bytes), 16), &s);
  EXPECT_EQ(s, "123e4567-e89b-12d3-a456-426614174000");
}

}  // namespace
}  // namespace lakeml::format
