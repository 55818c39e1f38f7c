#include "delta/checkpoint/partition_value_text.h"

#include <gtest/gtest.h>

#include "delta/checkpoint/vector_builder.h"

namespace lakeml::delta {
namespace {

using columnar::DataType;
using columnar::Scalar;
using columnar::TimeUnit;
using columnar::TypeId;
using columnar::TypePtr;

// Parses `text` as `type`, formats the scalar back, and returns the text.
std::optional<std::string> RoundTrip(std::string_view text, const TypePtr& type, bool utc) {
  Result<Scalar> s = ParsePartitionValue(text, type);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return std::nullopt;
  VectorBuilder b(type);
  b.AppendScalar(*s);
  columnar::VectorPtr v = b.Finish();
  Result<std::optional<std::string>> out = FormatPartitionValue(*v, 0, utc);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : std::nullopt;
}

TEST(PartitionValueTextTest, RoundTripsEveryType) {
  const TypePtr i8 = DataType::Primitive(TypeId::kInt8);
  const TypePtr i32 = DataType::Primitive(TypeId::kInt32);
  const TypePtr i64 = DataType::Primitive(TypeId::kInt64);
  const TypePtr f64 = DataType::Primitive(TypeId::kFloat64);
  const TypePtr f32 = DataType::Primitive(TypeId::kFloat32);
  const TypePtr date = DataType::Primitive(TypeId::kDate32);
  const TypePtr ts = DataType::Timestamp(TimeUnit::kMicro, true);
  const TypePtr ntz = DataType::Timestamp(TimeUnit::kMicro, false);
  const TypePtr dec = DataType::Decimal(10, 2);
  const TypePtr boolean = DataType::Primitive(TypeId::kBoolean);
  EXPECT_EQ(RoundTrip("-128", i8, false), "-128");
  EXPECT_EQ(RoundTrip("2147483647", i32, false), "2147483647");
  EXPECT_EQ(RoundTrip("-9223372036854775808", i64, false), "-9223372036854775808");
  EXPECT_EQ(RoundTrip("1.5", f64, false), "1.5");
  EXPECT_EQ(RoundTrip("1.0E10", f64, false), "1.0E10");
  EXPECT_EQ(RoundTrip("NaN", f64, false), "NaN");
  EXPECT_EQ(RoundTrip("0.1", f32, false), "0.1");
  EXPECT_EQ(RoundTrip("2024-02-29", date, false), "2024-02-29");
  EXPECT_EQ(RoundTrip("2020-01-01 08:09:10.001", ntz, false), "2020-01-01 08:09:10.001");
  EXPECT_EQ(RoundTrip("2020-01-01 08:09:10", ntz, false), "2020-01-01 08:09:10");
  EXPECT_EQ(RoundTrip("2024-01-01T10:00:00.000000Z", ts, true), "2024-01-01T10:00:00.000000Z");
  // A zone-less timestamp is taken as UTC and comes back in the ISO-8601 UTC spelling.
  EXPECT_EQ(RoundTrip("2020-01-01 08:09:10.001", ts, true), "2020-01-01T08:09:10.001000Z");
  EXPECT_EQ(RoundTrip("-12.30", dec, false), "-12.30");
  EXPECT_EQ(RoundTrip("7", dec, false), "7.00");
  EXPECT_EQ(RoundTrip("true", boolean, false), "true");
  EXPECT_EQ(RoundTrip("a=b/%20 c", DataType::String(), false), "a=b/%20 c");
}

TEST(PartitionValueTextTest, EmptyTextIsNull) {
  Result<Scalar> s = ParsePartitionValue("", DataType::Primitive(TypeId::kInt32));
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->is_null);
  VectorBuilder b(DataType::String());
  b.AppendNull();
  columnar::VectorPtr v = b.Finish();
  Result<std::optional<std::string>> text = FormatPartitionValue(*v, 0, false);
  ASSERT_TRUE(text.ok());
  EXPECT_FALSE(text->has_value());
}

TEST(PartitionValueTextTest, BadTextIsAnErrorNamingIt) {
  for (auto [text, type] : std::vector<std::pair<std::string, TypePtr>>{
           {"12x", DataType::Primitive(TypeId::kInt32)},
           {"128", DataType::Primitive(TypeId::kInt8)},
           {"2024-13-01", DataType::Primitive(TypeId::kDate32)},
           {"yes", DataType::Primitive(TypeId::kBoolean)},
           {"1.234", DataType::Decimal(5, 2)},
           {"noon", DataType::Timestamp(TimeUnit::kMicro, true)}}) {
    Result<Scalar> s = ParsePartitionValue(text, type);
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s.status().message().find(text), std::string::npos) << s.status().ToString();
  }
}

TEST(PartitionValueTextTest, NestedTypesAreNotPartitionValues) {
  EXPECT_EQ(ParsePartitionValue("x", DataType::Struct({})).status().code(),
            StatusCode::kNotImplemented);
}

}  // namespace
}  // namespace lakeml::delta
