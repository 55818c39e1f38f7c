#include "delta/stats/stats_collector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <nlohmann/json.hpp>

#include "delta/stats/file_stats.h"
#include "test_vectors.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Schema;
using columnar::SchemaPtr;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;
using stats_testing::Fixed;
using stats_testing::MakeBatch;
using stats_testing::Strings;
using stats_testing::Struct;
using Json = nlohmann::json;

TypePtr Int32() { return DataType::Primitive(TypeId::kInt32); }
TypePtr Int64() { return DataType::Primitive(TypeId::kInt64); }
TypePtr Float64() { return DataType::Primitive(TypeId::kFloat64); }
TypePtr Float32() { return DataType::Primitive(TypeId::kFloat32); }

Json Collect(const SchemaPtr& schema, const std::vector<columnar::BatchPtr>& batches,
             StatsOptions options = {}) {
  StatsCollector c(*schema, options);
  for (const auto& b : batches) c.Update(*b);
  std::string text = c.ToJson();
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << text;
  return j;
}

TEST(StatsCollectorTest, NumbersNullsAndNesting) {
  TypePtr inner = DataType::Struct({Field{"x", Int32()}, Field{"s", DataType::String()}});
  auto schema = std::make_shared<Schema>(std::vector<Field>{
      Field{"id", Int64()}, Field{"n", inner}, Field{"flag", DataType::Primitive(TypeId::kBoolean)},
      Field{"arr", DataType::List(Field{"element", Int32()})}});
  // Row 2's struct is null, so its x (7, garbage under a null parent) must not count.
  auto n = Struct(inner,
                  {Fixed<int32_t>(Int32(), {5, std::nullopt, 7, -3}),
                   Strings({"b", "a", "zzz", std::nullopt})},
                  {false, false, true, false});
  auto arr = columnar::Vector::MakeNull(DataType::List(Field{"element", Int32()}), 4);
  auto b1 = MakeBatch(schema, {Fixed<int64_t>(Int64(), {10, std::nullopt, 30, -40}), n,
                               stats_testing::Bools({true, false, std::nullopt, true}), arr});
  auto b2 = MakeBatch(schema, {Fixed<int64_t>(Int64(), {99}),
                               Struct(inner, {Fixed<int32_t>(Int32(), {1}), Strings({"c"})},
                                      {false}),
                               stats_testing::Bools({false}),
                               columnar::Vector::MakeNull(arr->type(), 1)});
  Json j = Collect(schema, {b1, b2});
  EXPECT_EQ(j, Json::parse(R"({"numRecords":5,
      "minValues":{"id":-40,"n":{"x":-3,"s":"a"}},
      "maxValues":{"id":99,"n":{"x":5,"s":"c"}},
      "nullCount":{"id":1,"n":{"x":2,"s":2},"flag":1,"arr":5},
      "tightBounds":true})"))
      << j.dump();
}

TEST(StatsCollectorTest, TemporalDecimalAndFloatText) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{
      Field{"d", DataType::Primitive(TypeId::kDate32)},
      Field{"ts", DataType::Timestamp(TimeUnit::kMicro, true)},
      Field{"ntz", DataType::Timestamp(TimeUnit::kMicro, false)},
      Field{"dec", DataType::Decimal(10, 2)},
      Field{"f", Float32()},
      Field{"g", Float64()},
      Field{"h", Float64()},
      Field{"allnull", Int32()},
  });
  auto b = MakeBatch(
      schema,
      {Fixed<int32_t>(DataType::Primitive(TypeId::kDate32), {19753, -1}),
       // 1969-12-31T23:59:59.999999 truncates down to .999; 10:00:00.0005 to .000.
       Fixed<int64_t>(DataType::Timestamp(TimeUnit::kMicro, true), {-1, 1704103200000500}),
       Fixed<int64_t>(DataType::Timestamp(TimeUnit::kMicro, false), {0, 1500}),
       Fixed<__int128>(DataType::Decimal(10, 2), {-5, 12345}),
       Fixed<float>(Float32(), {3.14f, 2.0f}),
       Fixed<double>(Float64(), {std::numeric_limits<double>::quiet_NaN(), -0.5}),
       Fixed<double>(Float64(), {std::numeric_limits<double>::infinity(), 1e-300}),
       Fixed<int32_t>(Int32(), {std::nullopt, std::nullopt})});
  StatsCollector c(*schema);
  c.Update(*b);
  EXPECT_EQ(c.ToJson(),
            R"({"numRecords":2,"minValues":{"d":"1969-12-31","ts":"1969-12-31T23:59:59.999Z",)"
            R"("ntz":"1970-01-01T00:00:00.000","dec":-0.05,"f":2.0,"g":-0.5,"h":1e-300},)"
            R"("maxValues":{"d":"2024-01-31","ts":"2024-01-01T10:00:00.000Z",)"
            R"("ntz":"1970-01-01T00:00:00.001","dec":123.45,"f":3.14,"g":"NaN","h":"Infinity"},)"
            R"("nullCount":{"d":0,"ts":0,"ntz":0,"dec":0,"f":0,"g":0,"h":0,"allnull":2},)"
            R"("tightBounds":true})");
}

TEST(StatsCollectorTest, AllNaNColumnHasNaNBothWays) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{Field{"g", Float64()}});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  StatsCollector c(*schema);
  c.Update(*MakeBatch(schema, {Fixed<double>(Float64(), {nan, std::nullopt})}));
  EXPECT_EQ(c.ToJson(),
            R"({"numRecords":2,"minValues":{"g":"NaN"},"maxValues":{"g":"NaN"},)"
            R"("nullCount":{"g":1},"tightBounds":true})");
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(StatsCollectorTest, StringsAreCutLikeSpark) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{Field{"s", DataType::String()}});
  auto stats_of = [&](std::vector<std::optional<std::string>> values) {
    StatsCollector c(*schema);
    c.Update(*MakeBatch(schema, {Strings(values)}));
    Json j = Json::parse(c.ToJson());
    return std::make_pair(j["minValues"].value("s", std::string("<none>")),
                          j["maxValues"].value("s", std::string("<none>")));
  };
  const std::string a32 = Repeat("a", 32);
  // Short strings are kept whole.
  EXPECT_EQ(stats_of({"abc", "abd"}), std::make_pair(std::string("abc"), std::string("abd")));
  // 40 characters: min cut to 32, max cut and closed with U+FFFD.
  auto [mn, mx] = stats_of({a32 + "bbbbbbbb", a32 + "cccccccc"});
  EXPECT_EQ(mn, a32);
  EXPECT_EQ(mx, a32 + "\xEF\xBF\xBD");
  // Characters >= U+FFFD after the cut are kept before the tie-breaker: U+FFFF, then an emoji
  // (beyond U+FFFF: Spark's UTF-16 comparison would stop there, code points must not).
  std::tie(mn, mx) = stats_of({a32 + "\xEF\xBF\xBF\xF0\x9F\x98\x80x"});
  EXPECT_EQ(mx, a32 + "\xEF\xBF\xBF\xF0\x9F\x98\x80\xEF\xBF\xBD");
  // Counting is in code points, not bytes.
  const std::string e32 = Repeat("\xC3\xA9", 32);
  std::tie(mn, mx) = stats_of({e32 + "z"});
  EXPECT_EQ(mn, e32);
  EXPECT_EQ(mx, e32 + "\xEF\xBF\xBD");
  // Exactly 32 characters: no cut.
  std::tie(mn, mx) = stats_of({a32});
  EXPECT_EQ(mx, a32);
  // Invalid UTF-8: the min is cut before it, the max dropped.
  std::tie(mn, mx) = stats_of({"ab\xFF" "cd", "ab\xFF" "ce"});
  EXPECT_EQ(mn, "ab");
  EXPECT_EQ(mx, "<none>");
  // Escaping.
  std::tie(mn, mx) = stats_of({"q\"\\\n"});
  EXPECT_EQ(mn, "q\"\\\n");
}

TEST(StatsCollectorTest, ColumnSelection) {
  TypePtr inner = DataType::Struct({Field{"x", Int32()}, Field{"y", Int32()}});
  auto schema = std::make_shared<Schema>(std::vector<Field>{
      Field{"a", Int32()}, Field{"n", inner}, Field{"b", Int32()}, Field{"c", Int32()}});
  auto cols = [&](StatsOptions o) {
    std::vector<std::string> out;
    for (const ColumnPath& p : StatsCollector(*schema, o).CollectedColumns()) {
      std::string s;
      for (const std::string& part : p) s += (s.empty() ? "" : ".") + part;
      out.push_back(s);
    }
    return out;
  };
  using V = std::vector<std::string>;
  StatsOptions o;
  EXPECT_EQ(cols(o), (V{"a", "n.x", "n.y", "b", "c"}));
  o.num_indexed_cols = 2;
  EXPECT_EQ(cols(o), (V{"a", "n.x"}));
  o.num_indexed_cols = 0;
  EXPECT_EQ(cols(o), V{});
  o.num_indexed_cols = -1;
  EXPECT_EQ(cols(o), (V{"a", "n.x", "n.y", "b", "c"}));
  o.stats_columns = std::vector<ColumnPath>{{"C"}, {"n", "y"}, {"missing"}, {"a", "deeper"}};
  EXPECT_EQ(cols(o), (V{"n.y", "c"}));  // Schema order, case-insensitive.
  o.stats_columns = std::vector<ColumnPath>{{"n"}};
  EXPECT_EQ(cols(o), (V{"n.x", "n.y"}));
  // Logical names select; physical names are written.
  Schema logical({Field{"A", Int32()}, Field{"N", inner}, Field{"B", Int32()}, Field{"C", Int32()}});
  Schema physical({Field{"col-1", Int32()}, Field{"col-2", inner}, Field{"col-3", Int32()},
                   Field{"col-4", Int32()}});
  StatsOptions by_name;
  by_name.stats_columns = std::vector<ColumnPath>{{"b"}};
  StatsCollector mapped(physical, by_name, &logical);
  EXPECT_EQ(mapped.CollectedColumns(), std::vector<ColumnPath>{{"col-3"}});
  // No column at all: only numRecords.
  o.stats_columns = std::vector<ColumnPath>{};
  StatsCollector none(*schema, o);
  none.Update(*MakeBatch(schema, {Fixed<int32_t>(Int32(), {1}),
                                  Struct(inner, {Fixed<int32_t>(Int32(), {1}),
                                                 Fixed<int32_t>(Int32(), {1})},
                                         {false}),
                                  Fixed<int32_t>(Int32(), {1}), Fixed<int32_t>(Int32(), {1})}));
  EXPECT_EQ(none.ToJson(), R"({"numRecords":1,"tightBounds":true})");
}

TEST(StatsCollectorTest, OptionsFromConfiguration) {
  Result<StatsOptions> o = StatsOptions::FromConfiguration({});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->num_indexed_cols, 32);
  EXPECT_FALSE(o->stats_columns.has_value());
  o = StatsOptions::FromConfiguration({{"delta.dataSkippingNumIndexedCols", "-1"},
                                       {"delta.dataSkippingStatsColumns", "a, b.c ,`x.y`.`z``w`"}});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->num_indexed_cols, -1);
  ASSERT_TRUE(o->stats_columns.has_value());
  EXPECT_EQ(*o->stats_columns,
            (std::vector<ColumnPath>{{"a"}, {"b", "c"}, {"x.y", "z`w"}}));
  o = StatsOptions::FromConfiguration({{"delta.dataSkippingStatsColumns", "  "}});
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->stats_columns->empty());
  for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"delta.dataSkippingNumIndexedCols", "abc"},
           {"delta.dataSkippingNumIndexedCols", "-2"},
           {"delta.dataSkippingStatsColumns", "a,,b"},
           {"delta.dataSkippingStatsColumns", "`a"},
           {"delta.dataSkippingStatsColumns", "a b"}}) {
    o = StatsOptions::FromConfiguration({{key, value}});
    ASSERT_FALSE(o.ok()) << value;
    EXPECT_NE(o.status().message().find(key), std::string::npos) << o.status().message();
  }
}

// Collect, parse back with FileStats, compare with the true extremes.
TEST(StatsCollectorTest, RoundTripThroughFileStats) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{
      Field{"i", Int64()}, Field{"f", Float32()}, Field{"dec", DataType::Decimal(38, 10)},
      Field{"ts", DataType::Timestamp(TimeUnit::kMicro, true)}, Field{"s", DataType::String()},
      Field{"d", DataType::Primitive(TypeId::kDate32)}});
  std::mt19937_64 rng(7);
  StatsCollector c(*schema);
  int64_t imin = INT64_MAX, imax = INT64_MIN, tmin = INT64_MAX, tmax = INT64_MIN;
  int32_t dmin = INT32_MAX, dmax = INT32_MIN;
  float fmin = INFINITY, fmax = -INFINITY;
  __int128 cmin = 0, cmax = 0;
  bool first = true;
  std::string smin, smax;
  int64_t nulls = 0;
  for (int batch = 0; batch < 5; ++batch) {
    std::vector<std::optional<int64_t>> is, ts;
    std::vector<std::optional<float>> fs;
    std::vector<std::optional<__int128>> cs;
    std::vector<std::optional<std::string>> ss;
    std::vector<std::optional<int32_t>> ds;
    for (int r = 0; r < 100; ++r) {
      const int64_t i = static_cast<int64_t>(rng());
      const int64_t t = static_cast<int64_t>(rng() % 8000000000000000) - 4000000000000000;
      const float f = static_cast<float>(static_cast<int64_t>(rng() % 2000001) - 1000000) / 7;
      const __int128 dec = (static_cast<__int128>(static_cast<int64_t>(rng())) << 32) / 3;
      std::string s(rng() % 5, 'a');
      for (char& ch : s) ch = static_cast<char>('a' + rng() % 26);
      const int32_t d = static_cast<int32_t>(rng() % 200000) - 100000;
      const bool null = rng() % 10 == 0;
      nulls += null;
      is.push_back(null ? std::nullopt : std::optional(i));
      ts.push_back(t);
      fs.push_back(f);
      cs.push_back(dec);
      ss.push_back(s);
      ds.push_back(d);
      if (!null) imin = std::min(imin, i), imax = std::max(imax, i);
      tmin = std::min(tmin, t), tmax = std::max(tmax, t);
      fmin = std::min(fmin, f), fmax = std::max(fmax, f);
      dmin = std::min(dmin, d), dmax = std::max(dmax, d);
      if (first || dec < cmin) cmin = dec;
      if (first || dec > cmax) cmax = dec;
      if (first || s < smin) smin = s;
      if (first || s > smax) smax = s;
      first = false;
    }
    c.Update(*MakeBatch(schema, {Fixed<int64_t>(Int64(), is),
                                 Fixed<float>(Float32(), fs),
                                 Fixed<__int128>(DataType::Decimal(38, 10), cs),
                                 Fixed<int64_t>(schema->field(3).type, ts), Strings(ss),
                                 Fixed<int32_t>(schema->field(5).type, ds)}));
  }
  std::vector<StatsColumn> cols;
  for (const Field& f : schema->fields()) cols.push_back({{f.name}, f.type});
  Result<FileStats> st = FileStats::Parse(c.ToJson(), cols);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->num_records(), 500);
  EXPECT_EQ(st->column(0).null_count, nulls);
  EXPECT_EQ(st->column(0).min->i, imin);
  EXPECT_EQ(st->column(0).max->i, imax);
  EXPECT_EQ(st->column(1).min->d, fmin);
  EXPECT_EQ(st->column(1).max->d, fmax);
  EXPECT_TRUE(st->column(2).min->dec == cmin);
  EXPECT_TRUE(st->column(2).max->dec == cmax);
  auto floor_ms = [](int64_t us) { return (us >= 0 ? us / 1000 : (us - 999) / 1000) * 1000; };
  EXPECT_EQ(st->column(3).min->i, floor_ms(tmin));
  EXPECT_EQ(st->column(3).max->i, floor_ms(tmax));
  EXPECT_EQ(st->column(4).min->bytes, smin);
  EXPECT_EQ(st->column(4).max->bytes, smax);
  EXPECT_EQ(st->column(5).min->i, dmin);
  EXPECT_EQ(st->column(5).max->i, dmax);
}

TEST(StatsCollectorTest, VoidColumnsAreAllNull) {
  auto schema = std::make_shared<Schema>(
      std::vector<Field>{Field{"v", DataType::Primitive(TypeId::kNull)}, Field{"a", Int32()}});
  StatsCollector c(*schema);
  c.Update(*MakeBatch(schema, {columnar::Vector::Make(DataType::Primitive(TypeId::kNull), 3),
                               Fixed<int32_t>(Int32(), {1, 2, 3})}));
  EXPECT_EQ(c.ToJson(), R"({"numRecords":3,"minValues":{"a":1},"maxValues":{"a":3},)"
                        R"("nullCount":{"v":3,"a":0},"tightBounds":true})");
}

TEST(StatsCollectorTest, CollectStatsJsonChecksShapes) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{Field{"a", Int32()}});
  auto good = MakeBatch(schema, {Fixed<int32_t>(Int32(), {1, 2})});
  Result<std::string> r = CollectStatsJson({good, good}, *schema, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, R"({"numRecords":4,"minValues":{"a":1},"maxValues":{"a":2},"nullCount":{"a":0},)"
                R"("tightBounds":true})");
  auto bad = MakeBatch(schema, {Fixed<int64_t>(Int64(), {1})});
  r = CollectStatsJson({good, bad}, *schema, {});
  EXPECT_FALSE(r.ok());
  r = CollectStatsJson({}, *schema, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, R"({"numRecords":0,"minValues":{},"maxValues":{},"nullCount":{"a":0},)"
                R"("tightBounds":true})");
}

}  // namespace
}  // namespace lakeml::delta
