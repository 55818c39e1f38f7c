#include "delta/schema/type_widening.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "delta/schema/schema_json.h"
#include "unit/delta/schema/schema_matchers.h"
#include "unit/delta/schema/table_files.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

TypePtr T(std::string_view delta_name) {
  auto t = ParseDeltaType(StrCat("\"", delta_name, "\""));
  EXPECT_TRUE(t.ok()) << delta_name;
  return *t;
}

TEST(TypeWideningTest, SupportedChanges) {
  struct Case {
    const char* from;
    const char* to;
    bool reader;    // IsSupportedWidening
    bool protocol;  // IsProtocolWidening
  } cases[] = {
      {"byte", "short", true, true},
      {"byte", "integer", true, true},
      {"byte", "long", true, true},
      {"short", "integer", true, true},
      {"short", "long", true, true},
      {"integer", "long", true, true},
      {"long", "integer", false, false},
      {"short", "byte", false, false},
      {"float", "double", true, true},
      {"double", "float", false, false},
      {"byte", "double", true, true},
      {"short", "double", true, true},
      {"integer", "double", true, true},
      {"long", "double", false, false},
      {"integer", "float", false, false},
      {"date", "timestamp_ntz", true, true},
      {"date", "timestamp", false, false},
      {"timestamp", "timestamp_ntz", false, false},
      {"decimal(10,2)", "decimal(20,2)", true, true},
      {"decimal(10,2)", "decimal(20,5)", true, true},
      {"decimal(10,2)", "decimal(12,4)", true, true},
      {"decimal(10,2)", "decimal(11,4)", false, false},
      {"decimal(10,2)", "decimal(10,1)", false, false},
      {"decimal(10,2)", "decimal(9,2)", false, false},
      {"decimal(10,2)", "decimal(10,2)", false, false},
      {"byte", "decimal(3,0)", true, false},
      {"byte", "decimal(4,1)", true, false},
      {"byte", "decimal(3,1)", false, false},
      {"short", "decimal(6,1)", true, false},
      {"short", "decimal(10,0)", true, true},
      {"integer", "decimal(10,0)", true, true},
      {"integer", "decimal(11,1)", true, true},
      {"integer", "decimal(11,2)", false, false},
      {"integer", "decimal(9,0)", false, false},
      {"long", "decimal(20,0)", true, true},
      {"long", "decimal(21,1)", true, true},
      {"long", "decimal(19,0)", false, false},
      {"long", "long", false, false},
      {"string", "binary", false, false},
      {"integer", "string", false, false},
      {"boolean", "integer", false, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(IsSupportedWidening(*T(c.from), *T(c.to)), c.reader) << c.from << " -> " << c.to;
    EXPECT_EQ(IsProtocolWidening(*T(c.from), *T(c.to)), c.protocol) << c.from << " -> " << c.to;
  }
  // Nested types never widen as a whole (their leaves do, see FileSchemaAdapter).
  auto list_int = DataType::List({"element", T("integer"), true});
  auto list_long = DataType::List({"element", T("long"), true});
  EXPECT_FALSE(IsSupportedWidening(*list_int, *list_long));
}

template <typename T>
VectorPtr MakeVector(TypePtr type, const std::vector<T>& values, const std::vector<bool>& valid) {
  auto v = Vector::Make(std::move(type), static_cast<int64_t>(values.size()));
  std::memcpy(v->mutable_values()->mutable_data(), values.data(), values.size() * sizeof(T));
  uint8_t* bits = v->EnsureValidity()->mutable_data();
  for (size_t i = 0; i < valid.size(); ++i) {
    if (!valid[i]) bits[i / 8] &= static_cast<uint8_t>(~(1u << (i % 8)));
  }
  v->FinishValidity();
  return v;
}

TEST(TypeWideningTest, WidenIntegersKeepsValidity) {
  auto v = MakeVector<int8_t>(T("byte"), {-128, 0, 127, 55}, {true, true, true, false});
  auto r = WidenVector(v, T("long"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const VectorPtr& w = *r;
  EXPECT_TRUE(w->type()->Equals(*T("long")));
  ASSERT_EQ(w->length(), 4);
  EXPECT_EQ(w->null_count(), 1);
  EXPECT_EQ(w->validity(), v->validity());  // Shared, not copied.
  EXPECT_EQ(w->values_as<int64_t>()[0], -128);
  EXPECT_EQ(w->values_as<int64_t>()[1], 0);
  EXPECT_EQ(w->values_as<int64_t>()[2], 127);
  EXPECT_TRUE(w->IsNull(3));

  auto d =
      WidenVector(MakeVector<int32_t>(T("integer"), {INT32_MIN, 7}, {true, true}), T("double"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)->values_as<double>()[0], static_cast<double>(INT32_MIN));
  EXPECT_EQ((*d)->values_as<double>()[1], 7.0);
  EXPECT_EQ((*d)->null_count(), 0);
  EXPECT_EQ((*d)->validity(), nullptr);
}

TEST(TypeWideningTest, WidenFloatDateDecimal) {
  auto f = WidenVector(MakeVector<float>(T("float"), {3.4f, -0.0f, NAN}, {true, true, true}),
                       T("double"));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)->values_as<double>()[0], 3.4000000953674316);
  EXPECT_TRUE(std::signbit((*f)->values_as<double>()[1]));
  EXPECT_TRUE(std::isnan((*f)->values_as<double>()[2]));

  // 2024-09-09 is day 19975; -1 is 1969-12-31.
  auto ts =
      WidenVector(MakeVector<int32_t>(T("date"), {19975, -1}, {true, true}), T("timestamp_ntz"));
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ((*ts)->values_as<int64_t>()[0], 19975LL * 86400000000LL);
  EXPECT_EQ((*ts)->values_as<int64_t>()[1], -86400000000LL);

  auto dec = WidenVector(MakeVector<__int128>(T("decimal(10,2)"), {12345, -6789}, {true, true}),
                         T("decimal(20,5)"));
  ASSERT_TRUE(dec.ok());
  EXPECT_TRUE((*dec)->values_as<__int128>()[0] == 12345000);
  EXPECT_TRUE((*dec)->values_as<__int128>()[1] == -6789000);

  auto from_long = WidenVector(MakeVector<int64_t>(T("long"), {INT64_MAX, INT64_MIN}, {true, true}),
                               T("decimal(38,18)"));
  ASSERT_TRUE(from_long.ok());
  const __int128 e18 = static_cast<__int128>(1000000000000000000LL);
  EXPECT_TRUE((*from_long)->values_as<__int128>()[0] == static_cast<__int128>(INT64_MAX) * e18);
  EXPECT_TRUE((*from_long)->values_as<__int128>()[1] == static_cast<__int128>(INT64_MIN) * e18);

  // Garbage under a null must not trip UBSan: the conversion wraps.
  auto garbage =
      WidenVector(MakeVector<__int128>(T("decimal(38,0)"), {static_cast<__int128>(-1) << 126, 1},
                                       {false, true}),
                  DataType::Decimal(38, 0));
  ASSERT_TRUE(garbage.ok());  // Same type: returned as is.
}

TEST(TypeWideningTest, WidenRejectsUnsupported) {
  auto v = MakeVector<int64_t>(T("long"), {1}, {true});
  auto r = WidenVector(v, T("integer"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Unsupported type widening: bigint to int");
  auto same = WidenVector(v, T("long"));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, v);
  auto empty = WidenVector(Vector::Make(T("short"), 0), T("decimal(5,0)"));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ((*empty)->length(), 0);
}

// delta-kernel-rs/type-widening: the commit-0 file holds the narrow types; widened to the
// table's types its values must be those of the table's expected scan (expected.json).
TEST(TypeWideningTest, KernelTableOldFileWidensToExpectedValues) {
  const std::string dir = testing::TableDir("delta-kernel-rs/type-widening");
  const auto samples = testing::CollectSchemaStrings(dir);
  ASSERT_FALSE(samples.empty());
  auto table = ParseSchemaString(samples.back().schema_string);
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(ValidateTypeChanges(**table).ok());

  // The old file is the one whose byte_long column is still a tinyint.
  for (const std::string& path : testing::ParquetFiles(dir)) {
    auto contents = testing::ReadFile(path);
    ASSERT_NE(contents.batch, nullptr);
    const auto& file_schema = *contents.batch->schema();
    if (file_schema.field(0).type->id() != TypeId::kInt8) continue;
    auto widen = [&](std::string_view name) -> VectorPtr {
      const int fi = file_schema.FieldIndex(name);
      const int ti = (*table)->FieldIndex(name);
      EXPECT_GE(fi, 0);
      EXPECT_GE(ti, 0);
      auto r = WidenVector(contents.batch->column(fi), (*table)->field(ti).type);
      EXPECT_TRUE(r.ok()) << name << ": " << r.status().ToString();
      return r.ok() ? *r : nullptr;
    };
    EXPECT_EQ(widen("byte_long")->values_as<int64_t>()[0], 1);
    EXPECT_EQ(widen("int_long")->values_as<int64_t>()[0], 2);
    EXPECT_EQ(widen("float_double")->values_as<double>()[0], 3.4000000953674316);
    EXPECT_EQ(widen("byte_double")->values_as<double>()[0], 5.0);
    EXPECT_EQ(widen("short_double")->values_as<double>()[0], 6.0);
    EXPECT_EQ(widen("int_double")->values_as<double>()[0], 7.0);
    EXPECT_EQ(widen("date_timestamp_ntz")->values_as<int64_t>()[0], 19975LL * 86400000000LL);
    // 123.45 as decimal(20,2), 67.89000 as decimal(20,5), 1.0 as decimal(4,1), ...
    EXPECT_TRUE(widen("decimal_decimal_same_scale")->values_as<__int128>()[0] == 12345);
    EXPECT_TRUE(widen("decimal_decimal_greater_scale")->values_as<__int128>()[0] == 6789000);
    EXPECT_TRUE(widen("byte_decimal")->values_as<__int128>()[0] == 10);
    EXPECT_TRUE(widen("short_decimal")->values_as<__int128>()[0] == 20);
    EXPECT_TRUE(widen("int_decimal")->values_as<__int128>()[0] == 30);
    EXPECT_TRUE(widen("long_decimal")->values_as<__int128>()[0] == 40);
    return;
  }
  FAIL() << "no narrow-typed file in " << dir;
}

TEST(TypeWideningTest, ValidateTypeChanges) {
  // Every conformance schema with type changes is valid.
  int with_changes = 0;
  for (const auto& s : testing::CollectSchemaStrings(testing::SharedDir() + "/conformance/delta")) {
    if (s.schema_string.find("delta.typeChanges") == std::string::npos) continue;
    auto schema = ParseSchemaString(s.schema_string);
    ASSERT_TRUE(schema.ok()) << s.file;
    EXPECT_TRUE(ValidateTypeChanges(**schema).ok()) << s.file;
    ++with_changes;
  }
  EXPECT_EQ(with_changes, 3);

  auto bad = ParseSchemaString(
      R"({"type":"struct","fields":[{"name":"s","type":{"type":"struct","fields":[)"
      R"({"name":"m","type":{"type":"map","keyType":"string","valueType":"string",)"
      R"("valueContainsNull":true},"nullable":true,"metadata":{"delta.typeChanges":[)"
      R"({"fromType":"integer","toType":"string","fieldPath":"value"}]}}]},)"
      R"("nullable":true,"metadata":{}}]})");
  ASSERT_TRUE(bad.ok());
  Status st = ValidateTypeChanges(**bad);
  EXPECT_EQ(st.message(),
            "Unsupported type change in delta.typeChanges of column s.m: integer to string");

  auto malformed =
      ParseSchemaString(R"({"type":"struct","fields":[{"name":"a","type":"long","nullable":true,)"
                        R"("metadata":{"delta.typeChanges":[{"fromType":1}]}}]})");
  ASSERT_TRUE(malformed.ok());
  EXPECT_FALSE(ValidateTypeChanges(**malformed).ok());
}

}  // namespace
}  // namespace lakeml::delta
