#include "format/csv/csv_type_inferrer.h"

#include <gtest/gtest.h>

namespace lakeml::csv {
namespace {

std::string Infer(std::initializer_list<const char*> values) {
  CsvTypeInferrer inf;
  for (const char* v : values) inf.Observe(v);
  return inf.Result()->ToString();
}

TEST(CsvTypeInferrerTest, PicksTheMostSpecificType) {
  EXPECT_EQ(Infer({}), "string");
  EXPECT_EQ(Infer({"true", "False"}), "boolean");
  EXPECT_EQ(Infer({"1", "-2", " 3 "}), "bigint");
  EXPECT_EQ(Infer({"1", "2.5"}), "double");
  EXPECT_EQ(Infer({"1e3", "-inf"}), "double");
  EXPECT_EQ(Infer({"NaN", "inf"}), "string");
  EXPECT_EQ(Infer({"2024-01-02", "1999-12-31"}), "date");
  EXPECT_EQ(Infer({"2024-01-02", "2024-01-02 10:00:00"}), "timestamp_ntz");
  EXPECT_EQ(Infer({"2024-01-02", "2024-01-02T10:00:00Z"}), "timestamp");
  EXPECT_EQ(Infer({"2024-01-02 10:00:00", "2024-01-02T10:00:00Z"}), "string");
  EXPECT_EQ(Infer({"true", "1"}), "string");
  EXPECT_EQ(Infer({"1", "x"}), "string");
  EXPECT_EQ(Infer({"2024-02-30"}), "string");
  EXPECT_EQ(Infer({"yes", "no"}), "string");
}

TEST(CsvTypeInferrerTest, StopsEarlyOnceString) {
  CsvTypeInferrer inf;
  inf.Observe("1");
  EXPECT_FALSE(inf.IsString());
  inf.Observe("abc");
  EXPECT_TRUE(inf.IsString());
}

}  // namespace
}  // namespace lakeml::csv
