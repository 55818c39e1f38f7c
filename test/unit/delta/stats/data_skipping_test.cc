#include "delta/stats/data_skipping.h"

#include <gtest/gtest.h>

#include <time.h>

#include <string>

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Field;
using columnar::Schema;
using columnar::TimeUnit;
using columnar::TypeId;

Schema TableSchema() {
  return Schema({
      Field{"p", DataType::Primitive(TypeId::kInt32)},
      Field{"ps", DataType::String()},
      Field{"pd", DataType::Primitive(TypeId::kDate32)},
      Field{"pts", DataType::Timestamp(TimeUnit::kMicro, true)},
      Field{"a", DataType::Primitive(TypeId::kInt64)},
      Field{"b", DataType::String()},
      Field{"ts", DataType::Timestamp(TimeUnit::kMicro, true)},
      Field{"f", DataType::Primitive(TypeId::kFloat64)},
      Field{"n", DataType::Struct({Field{"x", DataType::Primitive(TypeId::kInt32)}})},
      Field{"arr", DataType::List(Field{"element", DataType::Primitive(TypeId::kInt32)})},
      Field{"flag", DataType::Primitive(TypeId::kBoolean)},
  });
}

const std::vector<std::string> kPartitionColumns = {"p", "ps", "pd", "pts"};

AddFile File(std::optional<std::string> stats, PartitionValues partitions = {}) {
  AddFile add;
  add.path = "part-0.parquet";
  add.stats = std::move(stats);
  add.partition_values = std::move(partitions);
  return add;
}

// a in [10, 20] with 2 nulls of 10 rows; b in ["apple", "melon"]; ts in [1s, 2s] (stored).
const char kStats[] =
    R"({"numRecords":10,"minValues":{"a":10,"b":"apple","ts":"1970-01-01T00:00:01.000Z",)"
    R"("f":-1.5,"n":{"x":3}},"maxValues":{"a":20,"b":"melon","ts":"1970-01-01T00:00:02.000Z",)"
    R"("f":7.25,"n":{"x":9}},"nullCount":{"a":2,"b":0,"ts":0,"f":0,"n":{"x":0},"arr":10,)"
    R"("flag":3}})";

class DataSkippingTest : public ::testing::Test {
 protected:
  // Whether `predicate` keeps `add`.
  bool Keeps(std::string_view predicate, const AddFile& add) {
    Result<Predicate> p = Predicate::Parse(predicate, schema_);
    EXPECT_TRUE(p.ok()) << predicate << ": " << p.status().ToString();
    if (!p.ok()) return true;
    Result<DataSkipping> ds = DataSkipping::Make(*p, schema_, kPartitionColumns,
                                                 ColumnMappingMode::kNone);
    EXPECT_TRUE(ds.ok()) << ds.status().ToString();
    return !ds.ok() || ds->FileMayMatch(add);
  }

  Schema schema_ = TableSchema();
};

TEST_F(DataSkippingTest, EveryComparisonOperator) {
  const AddFile f = File(kStats);
  struct Case {
    const char* predicate;
    bool keep;
  } cases[] = {
      {"a = 15", true},    {"a = 10", true},    {"a = 20", true},   {"a = 9", false},
      {"a = 21", false},   {"a < 10", false},   {"a < 11", true},   {"a <= 10", true},
      {"a <= 9", false},   {"a > 20", false},   {"a > 19", true},   {"a >= 20", true},
      {"a >= 21", false},  {"a <> 15", true},   {"a <> 10", true},  {"10 > a", false},
      {"21 <= a", false},  {"a in (1, 2, 30)", false},             {"a in (1, 15)", true},
      {"a between 21 and 30", false},          {"a between 5 and 10", true},
      {"b = 'banana'", true},                  {"b = 'zebra'", false},
      {"b < 'apple'", false},                  {"b >= 'melon'", true},
      {"f > 7.25", false}, {"f >= 7.25", true}, {"f < -1.5", false}, {"f = 0", true},
      {"n.x = 10", false}, {"n.x = 9", true},
      // No min/max for booleans: never skipped on values.
      {"flag = true", true}, {"flag = false", true},
      // A null literal is NULL in every row.
      {"a = null", false}, {"a <> null", false}, {"a in (null)", false},
  };
  for (const Case& c : cases) EXPECT_EQ(Keeps(c.predicate, f), c.keep) << c.predicate;
}

TEST_F(DataSkippingTest, NotEqualNeedsAllValuesEqual) {
  const AddFile single = File(R"({"numRecords":3,"minValues":{"a":7},"maxValues":{"a":7},)"
                              R"("nullCount":{"a":1}})");
  EXPECT_FALSE(Keeps("a <> 7", single));
  EXPECT_FALSE(Keeps("not (a = 7)", single));
  EXPECT_FALSE(Keeps("a not in (7, 8)", single));
  EXPECT_TRUE(Keeps("a not in (8)", single));
  EXPECT_FALSE(Keeps("a not in (8, null)", single));  // Never TRUE with a NULL in the list.
  EXPECT_TRUE(Keeps("a <> 8", single));
  EXPECT_TRUE(Keeps("a is null", single));
  EXPECT_TRUE(Keeps("a <> 7 or a is null", single));
}

TEST_F(DataSkippingTest, NullSemantics) {
  const AddFile all_null = File(R"({"numRecords":4,"nullCount":{"a":4,"b":0}})");
  EXPECT_FALSE(Keeps("a = 1", all_null));
  EXPECT_FALSE(Keeps("a <> 1", all_null));
  EXPECT_FALSE(Keeps("not (a = 1)", all_null));  // NOT NULL is NULL.
  EXPECT_FALSE(Keeps("not (a < 1 or a >= 1)", all_null));
  EXPECT_FALSE(Keeps("a is not null", all_null));
  EXPECT_FALSE(Keeps("not (a is null)", all_null));
  EXPECT_TRUE(Keeps("a is null", all_null));
  EXPECT_TRUE(Keeps("not (a is not null)", all_null));
  EXPECT_FALSE(Keeps("b is null", all_null));  // nullCount 0.
  EXPECT_TRUE(Keeps("b is not null", all_null));
  // No nullCount for a column: nothing known about its nulls.
  const AddFile no_counts = File(R"({"numRecords":4,"minValues":{"a":1},"maxValues":{"a":2}})");
  EXPECT_TRUE(Keeps("a is null", no_counts));
  EXPECT_TRUE(Keeps("a is not null", no_counts));
  EXPECT_FALSE(Keeps("a = 3", no_counts));
  // Arrays: null counts only.
  EXPECT_FALSE(Keeps("arr is not null", File(kStats)));
  EXPECT_TRUE(Keeps("arr is null", File(kStats)));
  // An empty file holds no row at all.
  EXPECT_FALSE(Keeps("a is null or a is not null", File(R"({"numRecords":0})")));
}

TEST_F(DataSkippingTest, NotIsPushedDownWithThreeValuedLogic) {
  const AddFile f = File(kStats);  // a in [10, 20], with nulls.
  EXPECT_FALSE(Keeps("not (a > 5)", f));    // a <= 5: no such value; null rows are NULL.
  EXPECT_TRUE(Keeps("not (a > 15)", f));
  EXPECT_FALSE(Keeps("not (a >= 10)", f));
  EXPECT_FALSE(Keeps("not (a <= 20)", f));
  EXPECT_FALSE(Keeps("not (a between 10 and 20)", f));
  EXPECT_TRUE(Keeps("not (a between 11 and 20)", f));
  EXPECT_FALSE(Keeps("not (a > 5 and b >= 'apple')", f));  // a <= 5 or b < 'apple'.
  EXPECT_TRUE(Keeps("not (a > 5 and b > 'apple')", f));
  EXPECT_FALSE(Keeps("not (a < 5 or a <= 20)", f));
  EXPECT_TRUE(Keeps("not not (a = 12)", f));
  EXPECT_FALSE(Keeps("not not not (a <= 20)", f));
  EXPECT_FALSE(Keeps("not true", f));
  EXPECT_TRUE(Keeps("true", f));
  EXPECT_FALSE(Keeps("false", f));
}

TEST_F(DataSkippingTest, OrAndCombinations) {
  const AddFile f = File(kStats);
  EXPECT_FALSE(Keeps("a < 5 or a > 25", f));
  EXPECT_TRUE(Keeps("a < 5 or a > 15", f));
  EXPECT_TRUE(Keeps("a < 5 or a is null", f));
  EXPECT_FALSE(Keeps("a < 5 or b is null", f));
  EXPECT_FALSE(Keeps("a = 15 and b = 'zebra'", f));
  EXPECT_TRUE(Keeps("a = 15 and (b = 'zebra' or f > 0)", f));
  EXPECT_FALSE(Keeps("(a = 1 or a = 2) and a is not null", f));
  // A column without stats cannot skip, but its AND partner can.
  EXPECT_TRUE(Keeps("flag = true or a = 1", f));
  EXPECT_FALSE(Keeps("flag = true and a = 1", f));
}

TEST_F(DataSkippingTest, MissingOrBadStatsNeverSkip) {
  Result<Predicate> p = Predicate::Parse("a = 1", schema_);
  ASSERT_TRUE(p.ok());
  Result<DataSkipping> ds = DataSkipping::Make(*p, schema_, kPartitionColumns,
                                               ColumnMappingMode::kNone);
  ASSERT_TRUE(ds.ok());
  EXPECT_TRUE(ds->FileMayMatch(File(std::nullopt)));
  EXPECT_TRUE(ds->FileMayMatch(File(R"({"numRecords":3,"minValues":{"a":)")));
  EXPECT_TRUE(ds->FileMayMatch(File("not json")));
  EXPECT_TRUE(ds->FileMayMatch(File(R"({"numRecords":3})")));           // No a stats.
  EXPECT_TRUE(ds->FileMayMatch(File(R"({"minValues":{"a":"x"}})")));    // Wrong type.
  EXPECT_FALSE(ds->FileMayMatch(File(kStats)));
  EXPECT_EQ(ds->counters().files_considered, 6);
  EXPECT_EQ(ds->counters().files_without_stats, 1);
  EXPECT_EQ(ds->counters().files_with_bad_stats, 2);
  EXPECT_EQ(ds->counters().files_skipped_by_stats, 1);
  EXPECT_EQ(ds->counters().files_pruned_by_partition, 0);
  EXPECT_NE(ds->last_stats_error().message().find("Ignoring the statistics of part-0.parquet"),
            std::string::npos)
      << ds->last_stats_error().ToString();
  EXPECT_FALSE(ds->uses_partition_values());
  EXPECT_TRUE(ds->uses_stats());
}

TEST_F(DataSkippingTest, TruncatedTimestampMaxIsWidened) {
  // Stored max 2.000 s may stand for up to 2.000999 s.
  const AddFile f = File(kStats);
  EXPECT_TRUE(Keeps("ts > '1970-01-01 00:00:02.000500'", f));
  EXPECT_TRUE(Keeps("ts >= '1970-01-01 00:00:02.000999'", f));
  EXPECT_FALSE(Keeps("ts >= '1970-01-01 00:00:02.001'", f));
  EXPECT_TRUE(Keeps("ts = '1970-01-01 00:00:02.0005'", f));
  EXPECT_FALSE(Keeps("ts > '1970-01-01 00:00:03'", f));
  EXPECT_FALSE(Keeps("ts < '1970-01-01 00:00:00.999'", f));
  // min == max after truncation does not mean every value is equal.
  const AddFile same = File(R"({"numRecords":2,"minValues":{"ts":"1970-01-01T00:00:01.000Z"},)"
                            R"("maxValues":{"ts":"1970-01-01T00:00:01.000Z"},)"
                            R"("nullCount":{"ts":0}})");
  EXPECT_TRUE(Keeps("ts <> '1970-01-01 00:00:01'", same));
}

TEST_F(DataSkippingTest, TruncatedStringMaxBoundsByItsPrefix) {
  const std::string a32(32, 'a');
  auto with_max = [&](const std::string& max) {
    return File(R"({"numRecords":5,"minValues":{"b":"a"},"maxValues":{"b":")" + max +
                R"("},"nullCount":{"b":0}})");
  };
  // Spark's tie-breaker after a cut.
  AddFile cut = with_max(a32 + "\\ufffd");
  EXPECT_TRUE(Keeps("b = '" + a32 + "zzzz'", cut));
  EXPECT_TRUE(Keeps("b > '" + a32 + "\xEF\xBF\xBF'", cut));
  EXPECT_TRUE(Keeps("b = '" + a32 + "\xF0\x9F\x98\x80'", cut));  // Beyond U+FFFF.
  EXPECT_FALSE(Keeps("b = '" + std::string(31, 'a') + "b'", cut));
  EXPECT_FALSE(Keeps("b > 'b'", cut));
  // Spark cut inside a surrogate pair: the lone half became '?'.
  AddFile half = with_max("ab?\\ufffd");
  EXPECT_TRUE(Keeps("b = 'ab\xF0\x9F\x98\x80'", half));
  EXPECT_FALSE(Keeps("b > 'ac'", half));
  // 32 characters without a tie-breaker: maybe cut by a writer that adds none.
  AddFile bare = with_max(a32);
  EXPECT_TRUE(Keeps("b = '" + a32 + "b'", bare));
  EXPECT_FALSE(Keeps("b > '" + std::string(31, 'a') + "b'", bare));
  // Short maxima are exact.
  AddFile exact = with_max("melon");
  EXPECT_FALSE(Keeps("b = 'melonz'", exact));
  EXPECT_TRUE(Keeps("b = 'melon'", exact));
  // A cut min is still a lower bound.
  AddFile cut_min = File(R"({"numRecords":5,"minValues":{"b":")" + a32 +
                         R"("},"maxValues":{"b":"b"},"nullCount":{"b":0}})");
  EXPECT_TRUE(Keeps("b = '" + a32 + "a'", cut_min));
  EXPECT_FALSE(Keeps("b < '" + a32 + "'", cut_min));
}

TEST_F(DataSkippingTest, NaNOrdersAboveEveryNumber) {
  const AddFile with_nan = File(R"({"numRecords":3,"minValues":{"f":1.0},"maxValues":{"f":"NaN"},)"
                                R"("nullCount":{"f":0}})");
  EXPECT_TRUE(Keeps("f > 1e300", with_nan));
  EXPECT_TRUE(Keeps("f = 'NaN'", with_nan));
  EXPECT_FALSE(Keeps("f < 1", with_nan));
  const AddFile all_nan = File(R"({"numRecords":3,"minValues":{"f":"NaN"},)"
                               R"("maxValues":{"f":"NaN"},"nullCount":{"f":0}})");
  EXPECT_FALSE(Keeps("f < 0", all_nan));
  EXPECT_FALSE(Keeps("f <> 'NaN'", all_nan));
  EXPECT_TRUE(Keeps("f > 0", all_nan));
}

TEST_F(DataSkippingTest, PartitionValuesAreExact) {
  const AddFile one = File(std::nullopt, {{"p", "1"}, {"ps", "a b/%20"}, {"pd", "2024-01-31"},
                                          {"pts", "2024-01-01 10:00:00"}});
  const AddFile null_p = File(std::nullopt, {{"p", std::nullopt}, {"ps", ""}, {"pd", std::nullopt},
                                             {"pts", std::nullopt}});
  struct Case {
    const char* predicate;
    bool keep_one;
    bool keep_null;
  } cases[] = {
      {"p = 1", true, false},           {"p = 2", false, false},
      {"p <> 1", false, false},         {"p <> 2", true, false},
      {"not (p = 1)", false, false},    {"not (p = 2)", true, false},
      {"p is null", false, true},       {"p is not null", true, false},
      {"p in (1, null)", true, false},  {"p not in (2, null)", false, false},
      {"p not in (2)", true, false},    {"p > 0 and p < 2", true, false},
      {"ps = 'a b/%20'", true, false},  {"ps is null", false, true},  // "" is null.
      {"ps = ''", false, false},        {"pd = '2024-01-31'", true, false},
      {"pd > '2024-01-31'", false, false},
      {"pts = '2024-01-01T10:00:00Z'", true, false},
      {"pts > '2024-01-01 10:00:00.000001'", false, false},
      {"p = 1 or a = 5", true, true},  // a unknown without stats.
      {"p = 1 and a = 5", true, false},
      {"p is null or p = 1", true, true},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Keeps(c.predicate, one), c.keep_one) << c.predicate;
    EXPECT_EQ(Keeps(c.predicate, null_p), c.keep_null) << c.predicate << " (null partition)";
  }
  // The ISO spelling of a timestamp partition value.
  EXPECT_TRUE(Keeps("pts = '2024-01-01 10:00:00'",
                    File(std::nullopt, {{"pts", "2024-01-01T10:00:00.000000Z"}})));
  // Values that do not parse, and missing keys, are unknown: kept.
  EXPECT_TRUE(Keeps("p = 5", File(std::nullopt, {{"p", "__HIVE_DEFAULT_PARTITION__"}})));
  EXPECT_TRUE(Keeps("p = 5", File(std::nullopt, {})));
}

TEST_F(DataSkippingTest, CountersSplitPartitionAndStatsPruning) {
  Result<Predicate> p = Predicate::Parse("p = 1 and a > 15", schema_);
  ASSERT_TRUE(p.ok());
  Result<DataSkipping> ds = DataSkipping::Make(*p, schema_, kPartitionColumns,
                                               ColumnMappingMode::kNone);
  ASSERT_TRUE(ds.ok());
  EXPECT_FALSE(ds->FileMayMatch(File(kStats, {{"p", "2"}})));
  EXPECT_TRUE(ds->FileMayMatch(File(kStats, {{"p", "1"}})));
  EXPECT_FALSE(ds->FileMayMatch(File(R"({"numRecords":1,"maxValues":{"a":3}})", {{"p", "1"}})));
  EXPECT_EQ(ds->counters().files_considered, 3);
  EXPECT_EQ(ds->counters().files_pruned_by_partition, 1);
  EXPECT_EQ(ds->counters().files_skipped_by_stats, 1);
  EXPECT_EQ(ds->counters().files_without_stats, 0);  // Not needed for the first file.
}

TEST_F(DataSkippingTest, ColumnMappingUsesPhysicalNames) {
  auto mapped = [](std::string name, std::string physical, columnar::TypePtr type) {
    Field f{std::move(name), std::move(type)};
    f.metadata = {{"delta.columnMapping.id", "1"},
                  {"delta.columnMapping.physicalName", "\"" + physical + "\""}};
    return f;
  };
  Schema schema({mapped("part", "col-p", DataType::String()),
                 mapped("s", "col-s",
                        DataType::Struct({mapped("x", "col-x",
                                                 DataType::Primitive(TypeId::kInt32))}))});
  Result<Predicate> p = Predicate::Parse("part = 'k' and s.x > 5", schema);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  Result<DataSkipping> ds = DataSkipping::Make(*p, schema, {"part"}, ColumnMappingMode::kName);
  ASSERT_TRUE(ds.ok()) << ds.status().ToString();
  const std::string low = R"({"numRecords":1,"maxValues":{"col-s":{"col-x":5}}})";
  const std::string high = R"({"numRecords":1,"maxValues":{"col-s":{"col-x":6}}})";
  EXPECT_FALSE(ds->FileMayMatch(File(high, {{"col-p", "j"}})));
  EXPECT_TRUE(ds->FileMayMatch(File(high, {{"col-p", "k"}})));
  EXPECT_FALSE(ds->FileMayMatch(File(low, {{"col-p", "k"}})));
  // Logical names in stats mean nothing under column mapping.
  EXPECT_TRUE(ds->FileMayMatch(File(R"({"numRecords":1,"maxValues":{"s":{"x":1}}})",
                                    {{"col-p", "k"}})));
}

TEST_F(DataSkippingTest, FloatColumnWidenedToDouble) {
  Field f{"w", DataType::Primitive(TypeId::kFloat64)};
  f.metadata = {{"delta.typeChanges", R"([{"fromType":"float","toType":"double"}])"}};
  Schema schema({f});
  // Written as a float: 3.14f is 3.1400001049041748 as a double.
  const AddFile old = File(R"({"numRecords":1,"minValues":{"w":3.14},"maxValues":{"w":3.14}})");
  auto keeps = [&](std::string_view text) {
    Result<Predicate> p = Predicate::Parse(text, schema);
    EXPECT_TRUE(p.ok());
    Result<DataSkipping> ds = DataSkipping::Make(*p, schema, {}, ColumnMappingMode::kNone);
    EXPECT_TRUE(ds.ok());
    return ds->FileMayMatch(old);
  };
  EXPECT_TRUE(keeps("w = 3.1400001049041748"));
  EXPECT_TRUE(keeps("w > 3.14"));
  EXPECT_FALSE(keeps("w > 3.15"));
}

TEST_F(DataSkippingTest, MakeRejectsBadColumnsAndLiterals) {
  auto make = [&](Predicate p) {
    return DataSkipping::Make(p, schema_, kPartitionColumns, ColumnMappingMode::kNone).status();
  };
  using columnar::Scalar;
  Status st = make(Predicate::IsNull({"zz"}));
  EXPECT_NE(st.message().find("Cannot use predicate column zz: no such column"),
            std::string::npos)
      << st.ToString();
  st = make(Predicate::Compare({"a", "x"}, Predicate::Op::kEq,
                               Scalar::Int(DataType::Primitive(TypeId::kInt64), 1)));
  EXPECT_NE(st.message().find("not a struct"), std::string::npos) << st.ToString();
  st = make(Predicate::Compare({"a"}, Predicate::Op::kEq, Scalar::Bytes(DataType::String(), "x")));
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  st = make(Predicate::Compare({"n"}, Predicate::Op::kEq,
                               Scalar::Int(DataType::Primitive(TypeId::kInt64), 1)));
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << st.ToString();
  // Literals of another type convert when exact: an int32 for a bigint column, a string for a
  // date partition.
  EXPECT_TRUE(make(Predicate::Compare({"A"}, Predicate::Op::kEq,
                                      Scalar::Int(DataType::Primitive(TypeId::kInt32), 1)))
                  .ok());
  EXPECT_TRUE(make(Predicate::Compare({"pd"}, Predicate::Op::kEq,
                                      Scalar::Bytes(DataType::String(), "2024-01-01")))
                  .ok());
  // A predicate built deeper than the evaluator recurses is refused.
  Predicate deep = Predicate::IsNull({"a"});
  for (int i = 0; i < 3000; ++i) deep = Predicate::Not(deep);
  EXPECT_FALSE(make(deep).ok());
}

}  // namespace
}  // namespace lakeml::delta

namespace lakeml::delta {
namespace {

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Pruning 100,000 files on a partition column and two stats columns; reported.
TEST(DataSkippingPerfTest, OneHundredThousandFiles) {
  const Schema schema = TableSchema();
  std::vector<AddFile> files;
  for (int i = 0; i < 100000; ++i) {
    AddFile add;
    add.path = "part-" + std::to_string(i) + ".parquet";
    add.partition_values = {{"p", std::to_string(i % 100)}, {"ps", "x"}, {"pd", "2024-01-31"},
                            {"pts", std::nullopt}};
    add.stats = "{\"numRecords\":1000,\"minValues\":{\"a\":" + std::to_string(i * 10) +
                ",\"b\":\"k" + std::to_string(i % 7) + "\",\"ts\":\"2024-01-01T00:00:00.000Z\"}" +
                ",\"maxValues\":{\"a\":" + std::to_string(i * 10 + 9) + ",\"b\":\"z" +
                std::to_string(i % 7) + "\",\"ts\":\"2024-01-02T00:00:00.000Z\"}" +
                ",\"nullCount\":{\"a\":0,\"b\":3,\"ts\":0}}";
    files.push_back(std::move(add));
  }
  Result<Predicate> p = Predicate::Parse("p < 90 and a >= 500000 and b < 'l'", schema);
  ASSERT_TRUE(p.ok());
  Result<DataSkipping> ds =
      DataSkipping::Make(*p, schema, kPartitionColumns, ColumnMappingMode::kNone);
  ASSERT_TRUE(ds.ok());
  int64_t kept = 0;
  const double start = ThreadCpuSeconds();
  for (const AddFile& f : files) kept += ds->FileMayMatch(f);
  const double seconds = ThreadCpuSeconds() - start;
  EXPECT_EQ(ds->counters().files_pruned_by_partition, 10000);
  EXPECT_EQ(ds->counters().files_skipped_by_stats, 45000);
  std::printf("[ perf     ] 100000 files: %lld kept, %lld pruned by partition, %lld skipped by "
              "stats in %.3f s CPU (%.2f us/file)\n",
              static_cast<long long>(kept),
              static_cast<long long>(ds->counters().files_pruned_by_partition),
              static_cast<long long>(ds->counters().files_skipped_by_stats), seconds,
              seconds * 1e6 / files.size());
}

}  // namespace
}  // namespace lakeml::delta
