#include "delta/schema/partition_value.h"

#include <gtest/gtest.h>

#include <cmath>

#include "delta/schema/column_mapping.h"
#include "delta/schema/schema_json.h"
#include "unit/delta/schema/table_files.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Scalar;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;

TypePtr T(std::string_view delta_name) {
  auto t = ParseDeltaType(StrCat("\"", delta_name, "\""));
  EXPECT_TRUE(t.ok()) << delta_name;
  return *t;
}

Scalar Parse(std::string_view type, const std::optional<std::string>& v) {
  auto r = ParsePartitionValue(v, T(type));
  EXPECT_TRUE(r.ok()) << type << " '" << v.value_or("<null>") << "': " << r.status().ToString();
  return r.ok() ? *r : Scalar::Null(T(type));
}

bool Fails(std::string_view type, std::string v) { return !ParsePartitionValue(v, T(type)).ok(); }

constexpr int64_t kMicrosPerSecond = 1000000;
// 2021-09-08T11:11:11Z and 2024-01-01T10:00:00Z.
constexpr int64_t k20210908T111111 = 1631099471LL * kMicrosPerSecond;
constexpr int64_t k20240101T100000 = 1704103200LL * kMicrosPerSecond;

TEST(PartitionValueTest, NullsAndEmpty) {
  for (const char* type : {"string", "integer", "date", "timestamp", "binary", "boolean"}) {
    EXPECT_TRUE(Parse(type, std::nullopt).is_null) << type;
    EXPECT_TRUE(Parse(type, std::string()).is_null) << type;
  }
  // The literal string "null" is a value (data-reader-partition-values, as_string_lit_null).
  Scalar lit = Parse("string", std::string("null"));
  EXPECT_FALSE(lit.is_null);
  EXPECT_EQ(lit.bytes, "null");
}

TEST(PartitionValueTest, Primitives) {
  EXPECT_TRUE(Parse("boolean", "true").b);
  EXPECT_FALSE(Parse("boolean", "FALSE").b);
  EXPECT_EQ(Parse("byte", "-128").i, -128);
  EXPECT_EQ(Parse("short", "32767").i, 32767);
  EXPECT_EQ(Parse("integer", "+42").i, 42);
  EXPECT_EQ(Parse("long", "-9223372036854775808").i, INT64_MIN);
  EXPECT_TRUE(Fails("byte", "128"));
  EXPECT_TRUE(Fails("short", "-32769"));
  EXPECT_TRUE(Fails("integer", "2147483648"));
  EXPECT_TRUE(Fails("long", "9223372036854775808"));
  EXPECT_TRUE(Fails("integer", "1.0"));
  EXPECT_TRUE(Fails("integer", "abc"));
  EXPECT_TRUE(Fails("boolean", "maybe"));

  EXPECT_EQ(Parse("double", "1.0").d, 1.0);
  EXPECT_EQ(Parse("double", "-1.5E-10").d, -1.5e-10);
  EXPECT_EQ(Parse("float", "0.1").d, static_cast<double>(0.1f));
  EXPECT_TRUE(std::isnan(Parse("double", "NaN").d));
  EXPECT_TRUE(std::isnan(Parse("float", "nan").d));
  EXPECT_EQ(Parse("double", "Infinity").d, INFINITY);
  EXPECT_EQ(Parse("double", "-Infinity").d, -INFINITY);
  EXPECT_EQ(Parse("float", "inf").d, INFINITY);
  EXPECT_EQ(Parse("float", "-INF").d, -INFINITY);
  EXPECT_TRUE(Fails("double", "1.0x"));

  Scalar dec = Parse("decimal(10,2)", "-123.4");
  EXPECT_TRUE(dec.dec == -12340);
  EXPECT_TRUE(Parse("decimal(1,0)", "0").dec == 0);
  EXPECT_TRUE(Parse("decimal(38,0)", "99999999999999999999999999999999999999").dec > 0);
  EXPECT_TRUE(Fails("decimal(4,2)", "123.4"));  // Precision.
  EXPECT_TRUE(Fails("decimal(4,2)", "1.234"));  // Scale.

  EXPECT_EQ(Parse("date", "1970-01-01").i, 0);
  EXPECT_EQ(Parse("date", "2021-09-08").i, 18878);
  EXPECT_EQ(Parse("date", "1969-12-31").i, -1);
  EXPECT_TRUE(Fails("date", "2021-02-29"));
  EXPECT_TRUE(Fails("date", "2021/09/08"));

  Scalar s = Parse("string", " spaced / %20 ");
  EXPECT_EQ(s.bytes, " spaced / %20 ");  // Raw, not trimmed or decoded.
  Scalar b = Parse("binary", std::string("\x01\x02\x00", 3));
  EXPECT_EQ(b.bytes, std::string("\x01\x02\x00", 3));
  EXPECT_TRUE(b.type->Equals(*T("binary")));
}

TEST(PartitionValueTest, Timestamps) {
  EXPECT_EQ(Parse("timestamp", "2021-09-08 11:11:11").i, k20210908T111111);
  EXPECT_EQ(Parse("timestamp", "2024-01-01T10:00:00.000000Z").i, k20240101T100000);
  EXPECT_EQ(Parse("timestamp", "2024-01-01T12:00:00+02:00").i, k20240101T100000);
  EXPECT_EQ(Parse("timestamp", "2020-01-01 08:09:10.001").i,
            1577866150LL * kMicrosPerSecond + 1000);
  EXPECT_EQ(Parse("timestamp", "1970-01-01 00:00:00.123456").i, 123456);
  EXPECT_EQ(Parse("timestamp", "1969-12-31 23:59:59.5").i, -500000);
  EXPECT_EQ(Parse("timestamp", "1970-01-02").i, 86400 * kMicrosPerSecond);
  EXPECT_EQ(Parse("timestamp_ntz", "2013-07-05 17:01:00.123456").i,
            1373043660LL * kMicrosPerSecond + 123456);
  EXPECT_EQ(Parse("timestamp_ntz", "2013-07-05T17:01:00Z").i, 1373043660LL * kMicrosPerSecond);
  EXPECT_TRUE(Fails("timestamp_ntz", "2013-07-05T17:01:00+01:00"));
  EXPECT_TRUE(Fails("timestamp", "2021-09-08 25:00:00"));
  EXPECT_TRUE(Fails("timestamp", "yesterday"));

  // Other units (not Delta types, but FileSchemaAdapter users may ask).
  auto nanos = ParsePartitionValue(std::string("1970-01-01 00:00:01.000000789"),
                                   DataType::Timestamp(TimeUnit::kNano, true));
  ASSERT_TRUE(nanos.ok());
  EXPECT_EQ(nanos->i, 1000000789);
}

TEST(PartitionValueTest, ErrorText) {
  auto r = ParsePartitionValue(std::string("abc"), T("integer"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Invalid partition value for type int: 'abc'");
  auto nested = ParsePartitionValue(std::string("x"), DataType::Variant());
  EXPECT_FALSE(nested.ok());
}

TEST(PartitionValueTest, SerializeLikeSpark) {
  auto ser = [](std::string_view type, std::string v) {
    return SerializePartitionValue(Parse(type, v)).value_or("<null>");
  };
  EXPECT_EQ(ser("double", "1"), "1.0");
  EXPECT_EQ(ser("double", "0.0"), "0.0");
  EXPECT_EQ(ser("double", "-0.0"), "-0.0");
  EXPECT_EQ(ser("double", "123456.789"), "123456.789");
  EXPECT_EQ(ser("double", "1e7"), "1.0E7");
  EXPECT_EQ(ser("double", "12345678.9"), "1.23456789E7");
  EXPECT_EQ(ser("double", "0.001"), "0.001");
  EXPECT_EQ(ser("double", "0.0001"), "1.0E-4");
  EXPECT_EQ(ser("double", "1.5e-300"), "1.5E-300");
  EXPECT_EQ(ser("double", "nan"), "NaN");
  EXPECT_EQ(ser("double", "-inf"), "-Infinity");
  EXPECT_EQ(ser("float", "0.1"), "0.1");
  EXPECT_EQ(ser("float", "3.4"), "3.4");
  EXPECT_EQ(ser("float", "1e10"), "1.0E10");
  EXPECT_EQ(ser("integer", "-7"), "-7");
  EXPECT_EQ(ser("boolean", "TRUE"), "true");
  EXPECT_EQ(ser("decimal(5,2)", "-0.5"), "-0.50");
  EXPECT_EQ(ser("decimal(1,0)", "0"), "0");
  EXPECT_EQ(ser("date", "2021-09-08"), "2021-09-08");
  EXPECT_EQ(ser("timestamp", "2021-09-08 11:11:11"), "2021-09-08T11:11:11.000000Z");
  EXPECT_EQ(ser("timestamp_ntz", "2013-07-05 17:01:00.123456"), "2013-07-05 17:01:00.123456");
  EXPECT_EQ(ser("string", "a/b=c"), "a/b=c");
  EXPECT_EQ(SerializePartitionValue(Scalar::Bytes(T("string"), "")), std::nullopt);
  EXPECT_EQ(SerializePartitionValue(Scalar::Null(T("long"))), std::nullopt);

  // Everything serialized reads back to an equal value.
  const std::pair<const char*, const char*> values[] = {
      {"double", "0.1"},
      {"double", "-1.7976931348623157E308"},
      {"float", "1.17549435E-38"},
      {"long", "-9223372036854775808"},
      {"date", "0001-01-01"},
      {"date", "9999-12-31"},
      {"timestamp", "1900-01-01 00:00:00.000001"},
      {"timestamp_ntz", "2262-04-11 23:47:16.854775"},
      {"decimal(38,10)", "-1234567890123456789012345678.0123456789"},
  };
  for (const auto& [type, text] : values) {
    Scalar a = Parse(type, std::string(text));
    auto s = SerializePartitionValue(a);
    ASSERT_TRUE(s.has_value()) << text;
    Scalar b = Parse(type, *s);
    EXPECT_EQ(a.Compare(b), 0) << type << " " << text << " -> " << *s;
  }
}

TEST(PartitionValueTest, ConstantVector) {
  auto ints = ConstantVector(Parse("integer", "7"), 5);
  ASSERT_TRUE(ints.ok());
  ASSERT_EQ((*ints)->length(), 5);
  EXPECT_EQ((*ints)->null_count(), 0);
  for (int i = 0; i < 5; ++i) EXPECT_EQ((*ints)->values_as<int32_t>()[i], 7);

  auto strs = ConstantVector(Parse("string", "abc"), 1000);
  ASSERT_TRUE(strs.ok());
  ASSERT_EQ((*strs)->length(), 1000);
  EXPECT_EQ((*strs)->GetView(0), "abc");
  EXPECT_EQ((*strs)->GetView(999), "abc");
  EXPECT_EQ((*strs)->data()->size(), 3000);

  auto bools = ConstantVector(Parse("boolean", "true"), 70);
  ASSERT_TRUE(bools.ok());
  EXPECT_TRUE((*bools)->GetBool(0));
  EXPECT_TRUE((*bools)->GetBool(69));

  auto nulls = ConstantVector(Parse("date", std::nullopt), 9);
  ASSERT_TRUE(nulls.ok());
  EXPECT_EQ((*nulls)->null_count(), 9);
  EXPECT_TRUE((*nulls)->IsNull(8));

  auto dec = ConstantVector(Parse("decimal(10,2)", "1.25"), 3);
  ASSERT_TRUE(dec.ok());
  EXPECT_TRUE((*dec)->values_as<__int128>()[2] == 125);

  auto ts = ConstantVector(Parse("timestamp", "2021-09-08 11:11:11"), 2);
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ((*ts)->values_as<int64_t>()[1], k20210908T111111);
  EXPECT_TRUE((*ts)->type()->Equals(*T("timestamp")));

  auto empty = ConstantVector(Parse("string", "x"), 0);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ((*empty)->length(), 0);
  auto empty_string = ConstantVector(Scalar::Bytes(T("string"), ""), 4);
  ASSERT_TRUE(empty_string.ok());
  EXPECT_EQ((*empty_string)->GetView(3), "");

  EXPECT_FALSE(ConstantVector(Scalar::Null(DataType::Variant()), 1).ok());
  EXPECT_FALSE(ConstantVector(Parse("integer", "1"), -1).ok());
}

// The value of row `row` of a primitive vector as a Scalar (for comparisons).
Scalar ScalarAt(const Vector& v, int64_t row) {
  const TypePtr& type = v.type();
  if (v.IsNull(row)) return Scalar::Null(type);
  switch (type->id()) {
    case TypeId::kBoolean: {
      Scalar s = Scalar::Bool(v.GetBool(row));
      s.type = type;
      return s;
    }
    case TypeId::kInt8:
      return Scalar::Int(type, v.values_as<int8_t>()[row]);
    case TypeId::kInt16:
      return Scalar::Int(type, v.values_as<int16_t>()[row]);
    case TypeId::kInt32:
    case TypeId::kDate32:
      return Scalar::Int(type, v.values_as<int32_t>()[row]);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return Scalar::Int(type, v.values_as<int64_t>()[row]);
    case TypeId::kFloat32:
      return Scalar::Double(type, v.values_as<float>()[row]);
    case TypeId::kFloat64:
      return Scalar::Double(type, v.values_as<double>()[row]);
    case TypeId::kDecimal:
      return Scalar::Decimal(type, v.values_as<__int128>()[row]);
    case TypeId::kString:
    case TypeId::kBinary:
      return Scalar::Bytes(type, std::string(v.GetView(row)));
    default:
      ADD_FAILURE() << "ScalarAt: " << type->ToString();
      return Scalar::Null(type);
  }
}

// delta-golden/data-reader-partition-values: each file's partition values, parsed, equal the
// partition columns of Spark's dump of the table (expected/, one row per file), except
// as_timestamp: the dump holds the writer's America/Los_Angeles reading (18:11:11Z); the
// spec-correct value is 2021-09-08T11:11:11Z (see the conformance README).
TEST(PartitionValueTest, GoldenPartitionValuesMatchExpected) {
  const std::string root = testing::SharedDir() +
                           "/conformance/delta/delta-golden/"
                           "data-reader-partition-values";
  const auto log = testing::ReadTableLog(root + "/delta");
  auto schema = ParseSchemaString(log.schema_string);
  ASSERT_TRUE(schema.ok());
  ASSERT_EQ(log.partition_columns.size(), 12u);

  std::vector<columnar::BatchPtr> expected;
  for (const auto& path : testing::ParquetFiles(root + "/expected")) {
    auto contents = testing::ReadFile(path);
    ASSERT_NE(contents.batch, nullptr);
    expected.push_back(contents.batch);
  }
  ASSERT_EQ(expected.size(), log.adds.size());

  for (const auto& add : log.adds) {
    std::vector<Scalar> parsed;
    for (const auto& col : log.partition_columns) {
      const auto& field = (*schema)->field((*schema)->FieldIndex(col));
      auto s = ParsePartitionValue(add.partition_values.at(col), field.type);
      ASSERT_TRUE(s.ok()) << col << ": " << s.status().ToString();
      parsed.push_back(*s);
    }
    // Find the expected row with the same as_int (0, 1 or null).
    const columnar::Batch* match = nullptr;
    for (const auto& b : expected) {
      Scalar as_int = ScalarAt(*b->column(b->schema()->FieldIndex("as_int")), 0);
      if (as_int.is_null == parsed[0].is_null &&
          (as_int.is_null || as_int.Compare(parsed[0]) == 0)) {
        match = b.get();
      }
    }
    ASSERT_NE(match, nullptr) << add.path;
    for (size_t k = 0; k < log.partition_columns.size(); ++k) {
      const std::string& col = log.partition_columns[k];
      Scalar want = ScalarAt(*match->column(match->schema()->FieldIndex(col)), 0);
      if (col == "as_timestamp" && !want.is_null) {
        EXPECT_EQ(parsed[k].i, k20210908T111111);
        EXPECT_EQ(want.i, k20210908T111111 + 7 * 3600 * kMicrosPerSecond);
        continue;
      }
      ASSERT_EQ(parsed[k].is_null, want.is_null) << col << " in " << add.path;
      if (!want.is_null) {
        EXPECT_EQ(parsed[k].Compare(want), 0)
            << col << ": " << parsed[k].ToString() << " vs " << want.ToString();
      }
    }
  }
}

// Column mapping name mode: partitionValues are keyed by physical names.
TEST(PartitionValueTest, ColumnMappingNamePartitionValues) {
  const auto log = testing::ReadTableLog(
      testing::TableDir("delta/data-reader-partition-values-column-mapping-name"));
  auto schema = ParseSchemaString(log.schema_string);
  ASSERT_TRUE(schema.ok());
  int non_null = 0;
  for (const auto& add : log.adds) {
    std::map<std::string, Scalar> values;
    for (const auto& col : log.partition_columns) {
      const auto& field = (*schema)->field((*schema)->FieldIndex(col));
      const std::string key = PhysicalName(field, ColumnMappingMode::kName);
      ASSERT_NE(key, col);
      ASSERT_TRUE(add.partition_values.count(key)) << key;
      auto s = ParsePartitionValue(add.partition_values.at(key), field.type);
      ASSERT_TRUE(s.ok()) << col << ": " << s.status().ToString();
      values[col] = *s;
    }
    if (values["as_int"].is_null) {
      for (const auto& [col, s] : values) EXPECT_TRUE(s.is_null) << col;
      continue;
    }
    ++non_null;
    const int64_t i = values["as_int"].i;
    EXPECT_EQ(values["as_long"].i, i);
    EXPECT_EQ(values["as_byte"].i, i);
    EXPECT_EQ(values["as_short"].i, i);
    EXPECT_EQ(values["as_boolean"].b, i % 2 == 0);
    EXPECT_EQ(values["as_float"].d, static_cast<double>(i));
    EXPECT_EQ(values["as_double"].d, static_cast<double>(i));
    EXPECT_EQ(values["as_string"].bytes, std::to_string(i));
    EXPECT_EQ(values["as_date"].i, 18878);
    EXPECT_EQ(values["as_timestamp"].i, k20210908T111111);
    EXPECT_TRUE(values["as_big_decimal"].dec == i);
  }
  EXPECT_EQ(non_null, 2);
}

// Both spellings of a timestamp partition value name the same instant: the ISO-8601 value in
// the log and the directory name in the other form.
TEST(PartitionValueTest, IsoTimestampValuesMatchDirectories) {
  const auto log = testing::ReadTableLog(
      testing::TableDir("delta-golden/kernel-timestamp-partition-col-ISO8601"));
  ASSERT_EQ(log.partition_columns, std::vector<std::string>{"ts"});
  ASSERT_FALSE(log.adds.empty());
  for (const auto& add : log.adds) {
    const std::string decoded = *UriDecodePath(add.path);  // "ts=<escaped value>/part-..."
    const std::string dir_value =
        UnescapePartitionPathName(decoded.substr(3, decoded.find('/') - 3));
    Scalar from_log = Parse("timestamp", add.partition_values.at("ts"));
    Scalar from_dir = Parse("timestamp", dir_value);
    EXPECT_EQ(from_log.i, from_dir.i) << *add.partition_values.at("ts") << " vs " << dir_value;
  }
  EXPECT_EQ(Parse("timestamp", log.adds[0].partition_values.at("ts")).i, k20240101T100000);
}

}  // namespace
}  // namespace lakeml::delta
