#include "delta/stats/file_stats.h"

#include <gtest/gtest.h>
#include <time.h>

#include <cmath>
#include <string>

#include "delta/stats/file_stats_parser.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;

TypePtr Int32() { return DataType::Primitive(TypeId::kInt32); }
TypePtr Int64() { return DataType::Primitive(TypeId::kInt64); }
TypePtr Float64() { return DataType::Primitive(TypeId::kFloat64); }
TypePtr Float32() { return DataType::Primitive(TypeId::kFloat32); }
TypePtr TimestampUtc() { return DataType::Timestamp(TimeUnit::kMicro, true); }

// The add.stats Spark 3.5.8 / Delta 3.3.2 wrote in delta-kernel-rs/stats-writing-all-types
// (column mapping by name), cut to a few columns.
constexpr std::string_view kSparkStats =
    R"({"numRecords":4,"minValues":{"col-042f":1,"col-e057":1000,"col-ab1a":1.5,)"
    R"("col-2e98":"2023-01-15","col-caa4":"2023-06-15T12:30:00.000Z",)"
    R"("col-5a3c":"2023-06-15T12:30:00.000","col-5006":"alpha","col-970d":123.45,)"
    R"("col-481c":{"col-7f2f":10,"col-26fc":"nested_a","col-92dc":1.1}},)"
    R"("maxValues":{"col-042f":5,"col-e057":5000,"col-ab1a":3.14,"col-2e98":"2024-06-15",)"
    R"("col-caa4":"2024-12-25T00:00:00.000Z","col-5a3c":"2024-12-25T00:00:00.000",)"
    R"("col-5006":"gamma","col-970d":999.99,)"
    R"("col-481c":{"col-7f2f":50,"col-26fc":"nested_c","col-92dc":5.5}},)"
    R"("nullCount":{"col-042f":1,"col-e057":1,"col-ab1a":1,"col-2e98":1,"col-caa4":1,)"
    R"("col-5a3c":1,"col-5006":1,"col-970d":1,"col-f700":1,"col-cbe1":1,"col-5761":1,)"
    R"("col-6471":1,"col-481c":{"col-7f2f":1,"col-26fc":2,"col-92dc":1}}})";

TEST(FileStatsTest, DecodesSparkStats) {
  std::vector<StatsColumn> cols = {
      {{"col-042f"}, DataType::Primitive(TypeId::kInt8)},
      {{"col-ab1a"}, Float32()},
      {{"col-2e98"}, DataType::Primitive(TypeId::kDate32)},
      {{"col-caa4"}, TimestampUtc()},
      {{"col-5a3c"}, DataType::Timestamp(TimeUnit::kMicro, false)},
      {{"col-5006"}, DataType::String()},
      {{"col-970d"}, DataType::Decimal(10, 2)},
      {{"col-481c", "col-26fc"}, DataType::String()},
      {{"col-481c", "col-92dc"}, Float64()},
      {{"col-f700"}, DataType::Primitive(TypeId::kBoolean)},
      {{"col-5761"}, DataType::List({"element", Int32()})},
      {{"missing"}, Int64()},
  };
  Result<FileStats> r = FileStats::Parse(kSparkStats, cols);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const FileStats& s = *r;
  EXPECT_EQ(s.num_records(), 4);
  EXPECT_TRUE(s.tight_bounds());
  ASSERT_EQ(s.num_columns(), cols.size());
  EXPECT_EQ(s.column(0).min->i, 1);
  EXPECT_EQ(s.column(0).max->i, 5);
  EXPECT_EQ(s.column(0).null_count, 1);
  EXPECT_EQ(s.column(1).max->d, static_cast<double>(3.14f));  // Rounded to the float.
  EXPECT_EQ(s.column(2).min->i, 19372);
  EXPECT_EQ(s.column(3).min->i, 1686832200000000);
  EXPECT_EQ(s.column(4).min->i, 1686832200000000);  // Wall clock.
  EXPECT_EQ(s.column(5).min->bytes, "alpha");
  EXPECT_EQ(s.column(5).max->bytes, "gamma");
  EXPECT_EQ(s.column(6).min->dec, 12345);
  EXPECT_EQ(s.column(6).max->dec, 99999);
  EXPECT_EQ(s.column(7).max->bytes, "nested_c");
  EXPECT_EQ(s.column(7).null_count, 2);
  EXPECT_EQ(s.column(8).min->d, 1.1);
  // Booleans and arrays: null counts only.
  EXPECT_FALSE(s.column(9).min.has_value());
  EXPECT_EQ(s.column(9).null_count, 1);
  EXPECT_FALSE(s.column(10).max.has_value());
  EXPECT_EQ(s.column(10).null_count, 1);
  EXPECT_FALSE(s.column(11).min.has_value());
  EXPECT_FALSE(s.column(11).null_count.has_value());
}

TEST(FileStatsTest, SpecialValuesAndDroppedBounds) {
  std::vector<StatsColumn> cols = {
      {{"f"}, Float64()},
      {{"g"}, Float64()},
      {{"dec"}, DataType::Decimal(20, 10)},
      {{"i8"}, DataType::Primitive(TypeId::kInt8)},
      {{"ts"}, TimestampUtc()},
      {{"i"}, Int64()},
      {{"esc"}, DataType::String()},
      {{"ntz"}, DataType::Timestamp(TimeUnit::kMicro, false)},
  };
  std::string json =
      R"({"minValues":{"f":"-Infinity","g":-0.0,"dec":1E-10,"i8":-129,)"
      R"("ts":"2000-01-01T00:00:00.000-08:00","i":5.0,"esc":"a\"b\u00e9","ntz":"2023-01-15"},)"
      R"("maxValues":{"f":"NaN","g":1e308,"dec":"12.5","i8":127,"ts":"junk","i":5.5,)"
      R"("esc":null,"ntz":[1]},)"
      R"("nullCount":{"f":-1,"g":"3","i":7},"tightBounds":false,"numRecords":12})";
  Result<FileStats> r = FileStats::Parse(json, cols);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const FileStats& s = *r;
  EXPECT_EQ(s.num_records(), 12);
  EXPECT_FALSE(s.tight_bounds());
  EXPECT_TRUE(std::isinf(s.column(0).min->d) && s.column(0).min->d < 0);
  EXPECT_TRUE(std::isnan(s.column(0).max->d));
  EXPECT_FALSE(s.column(0).null_count.has_value());  // Negative: dropped.
  EXPECT_EQ(s.column(1).max->d, 1e308);
  EXPECT_FALSE(s.column(1).null_count.has_value());  // Not a number.
  EXPECT_EQ(s.column(2).min->dec, 1);
  EXPECT_EQ(s.column(2).max->dec, static_cast<__int128>(125000000000));
  EXPECT_FALSE(s.column(3).min.has_value());  // Out of the byte range.
  EXPECT_EQ(s.column(3).max->i, 127);
  EXPECT_EQ(s.column(4).min->i, 946713600000000);
  EXPECT_FALSE(s.column(4).max.has_value());
  EXPECT_EQ(s.column(5).min->i, 5);
  EXPECT_FALSE(s.column(5).max.has_value());  // 5.5 is no int64.
  EXPECT_EQ(s.column(5).null_count, 7);
  EXPECT_EQ(s.column(6).min->bytes, "a\"b\xc3\xa9");
  EXPECT_FALSE(s.column(6).max.has_value());
  // A date where a timestamp_ntz is expected (stats written before a date -> timestamp_ntz
  // type change) reads as midnight, which is exact.
  EXPECT_EQ(s.column(7).min->i, 19372LL * 86400 * 1000000);
  EXPECT_FALSE(s.column(7).max.has_value());
}

TEST(FileStatsTest, BoundsRoundOutward) {
  // Digits past the column's precision: the min rounds down and the max up.
  std::vector<StatsColumn> cols = {{{"d"}, DataType::Decimal(10, 2)},
                                   {{"t"}, DataType::Timestamp(TimeUnit::kMilli, true)}};
  Result<FileStats> r = FileStats::Parse(
      R"({"minValues":{"d":1.239,"t":"2020-01-01T00:00:00.0019Z"},)"
      R"("maxValues":{"d":1.231,"t":"2020-01-01T00:00:00.0011Z"}})",
      cols);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->column(0).min->dec, 123);
  EXPECT_EQ(r->column(0).max->dec, 124);
  EXPECT_EQ(r->column(1).min->i, 1577836800001);
  EXPECT_EQ(r->column(1).max->i, 1577836800002);
}

TEST(FileStatsTest, BadJsonIsAnErrorAndTheParserRecovers) {
  FileStatsParser parser({{{"a"}, Int64()}});
  FileStats stats;
  ASSERT_TRUE(parser.Parse(R"({"numRecords":3,"minValues":{"a":1}})", &stats).ok());
  EXPECT_EQ(stats.column(0).min->i, 1);
  for (std::string_view bad :
       {"", "{", "[1,2]", "nul", R"({"numRecords":3,"minValues":{"a":1})",
        R"({"numRecords":3,"minValues":{"a":1,}})", R"({"minValues":{"a":)",
        "{\"minValues\":{\"a\":1}} \xff\xfe", "\"just a string\""}) {
    Status st = parser.Parse(bad, &stats);
    // Either an error, or (for trailing garbage On-Demand does not look at) the values parsed.
    if (!st.ok()) {
      EXPECT_EQ(st.code(), StatusCode::kCorruption) << bad;
      EXPECT_EQ(st.message().rfind("Invalid stats JSON: ", 0), 0u) << st.message();
      EXPECT_FALSE(stats.num_records().has_value());
      EXPECT_FALSE(stats.column(0).min.has_value()) << bad;
    }
  }
  EXPECT_FALSE(parser.Parse("{", &stats).ok());
  ASSERT_TRUE(parser.Parse(R"({"numRecords":5,"maxValues":{"a":9}})", &stats).ok());
  EXPECT_EQ(stats.num_records(), 5);
  EXPECT_FALSE(stats.column(0).min.has_value());
  EXPECT_EQ(stats.column(0).max->i, 9);
}

TEST(FileStatsTest, DeepAndWideInputDoesNotHurt) {
  FileStatsParser parser({{{"a", "b"}, Int64()}});
  FileStats stats;
  std::string deep = R"({"minValues":{"a":)";
  for (int i = 0; i < 5000; ++i) deep += R"({"a":)";
  deep += "1";
  for (int i = 0; i < 5000; ++i) deep += "}";
  deep += "}}";
  Status st = parser.Parse(deep, &stats);  // Too deep for simdjson, or skipped: never a crash.
  EXPECT_FALSE(stats.column(0).min.has_value());
  std::string wide = R"({"minValues":{)";
  for (int i = 0; i < 10000; ++i) wide += "\"c" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  wide += R"("a":{"b":42}}})";
  ASSERT_TRUE(parser.Parse(wide, &stats).ok());
  EXPECT_EQ(stats.column(0).min->i, 42);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LAKEML_STATS_TEST_SANITIZED
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LAKEML_STATS_TEST_SANITIZED
#endif
#if defined(NDEBUG) && !defined(LAKEML_STATS_TEST_SANITIZED)
constexpr bool kOptimizedBuild = true;
#else
constexpr bool kOptimizedBuild = false;
#endif

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// 100,000 files' stats for a predicate on one or two columns. Reported, and checked against
// the budget (0.1 s) in optimized builds without sanitizers.
TEST(FileStatsTest, ParsesOneHundredThousandFilesQuickly) {
  const std::string small =
      R"({"numRecords":1000,"minValues":{"id":0,"ts":"2024-01-01T00:00:00.000Z","name":"a"},)"
      R"("maxValues":{"id":999,"ts":"2024-01-02T00:00:00.000Z","name":"zz"},)"
      R"("nullCount":{"id":0,"ts":5,"name":0}})";
  struct Case {
    const char* name;
    std::string json;
    std::vector<StatsColumn> columns;
  } cases[] = {
      {"3-column stats, 2 decoded", small,
       {{{"id"}, Int64()}, {{"ts"}, TimestampUtc()}}},
      {"13-column Spark stats with column mapping, 2 decoded", std::string(kSparkStats),
       {{{"col-e057"}, Int32()}, {{"col-481c", "col-26fc"}, DataType::String()}}},
  };
  for (const Case& c : cases) {
    FileStatsParser parser(c.columns);
    FileStats stats;
    constexpr int kFiles = 100000;
    int64_t sum = 0;
    const double start = ThreadCpuSeconds();
    for (int i = 0; i < kFiles; ++i) {
      Status st = parser.Parse(c.json, &stats);
      sum += st.ok() && stats.num_records() ? *stats.num_records() : 0;
    }
    const double seconds = ThreadCpuSeconds() - start;
    EXPECT_EQ(sum, static_cast<int64_t>(kFiles) * (c.json == small ? 1000 : 4));
    std::printf("[ perf     ] %s (%zu bytes): %d files in %.3f s CPU (%.2f us/file)\n", c.name,
                c.json.size(), kFiles, seconds, seconds * 1e6 / kFiles);
    if (kOptimizedBuild && c.json == small) EXPECT_LT(seconds, 0.1);
  }
}

}  // namespace
}  // namespace lakeml::delta
