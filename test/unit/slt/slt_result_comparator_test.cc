#include "sqllogictest/slt_result_comparator.h"

#include <gtest/gtest.h>

#include "base/str_cat.h"

namespace lakeml::slt {
namespace {

SltQueryResult MakeResult(size_t columns,
                          std::vector<std::vector<std::optional<std::string>>> rows) {
  SltQueryResult r;
  for (size_t c = 0; c < columns; ++c) r.column_names.push_back(StrCat("c", c));
  r.rows = std::move(rows);
  return r;
}

TEST(SltResultComparatorTest, RenderValue) {
  EXPECT_EQ(SltResultComparator::RenderValue(std::nullopt), "NULL");
  EXPECT_EQ(SltResultComparator::RenderValue(std::string()), "(empty)");
  EXPECT_EQ(SltResultComparator::RenderValue(std::string("x y")), "x y");
}

TEST(SltResultComparatorTest, IntegerEquality) {
  EXPECT_TRUE(SltResultComparator::ValuesEqual('I', "42", "42"));
  EXPECT_TRUE(SltResultComparator::ValuesEqual('I', "2", "2.0"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('I', "2", "3"));
  // Exact beyond 2^53, where doubles would call these equal.
  EXPECT_FALSE(SltResultComparator::ValuesEqual('I', "9007199254740993", "9007199254740992"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('I', "NULL", "0"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('I', "x", "y"));
}

TEST(SltResultComparatorTest, RealTolerance) {
  EXPECT_TRUE(SltResultComparator::ValuesEqual('R', "0.3333333", "0.3333333333333333"));
  EXPECT_TRUE(SltResultComparator::ValuesEqual('R', "1.0", "1"));
  EXPECT_TRUE(SltResultComparator::ValuesEqual('R', "1E10", "1.0E10"));        // Spark's style
  EXPECT_TRUE(SltResultComparator::ValuesEqual('R', "1000000", "1000000.5"));  // 5e-7 relative
  EXPECT_FALSE(SltResultComparator::ValuesEqual('R', "1000000", "1000002"));   // 2e-6 relative
  EXPECT_FALSE(SltResultComparator::ValuesEqual('R', "0.1", "0.1001"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('R', "1e-10", "2e-10"));
  EXPECT_TRUE(SltResultComparator::ValuesEqual('R', "0", "1e-13"));
  EXPECT_TRUE(SltResultComparator::ValuesEqual('R', "NaN", "nan"));
  EXPECT_TRUE(SltResultComparator::ValuesEqual('R', "Infinity", "inf"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('R', "inf", "-inf"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('R', "NaN", "1"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('R', "NULL", "0"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('R', "abc", "abd"));
}

TEST(SltResultComparatorTest, TextIsExact) {
  EXPECT_TRUE(SltResultComparator::ValuesEqual('T', "1.0", "1.0"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('T', "1.0", "1"));
  EXPECT_FALSE(SltResultComparator::ValuesEqual('B', "true", "TRUE"));
}

TEST(SltResultComparatorTest, NoSortNeedsTheSameOrder) {
  SltQueryResult r = MakeResult(2, {{"1", "a"}, {"2", std::nullopt}});
  EXPECT_TRUE(SltResultComparator::Compare("IT", SltSortMode::kNoSort, {"1\ta", "2\tNULL"}, r).ok);
  SltComparison c =
      SltResultComparator::Compare("IT", SltSortMode::kNoSort, {"2\tNULL", "1\ta"}, r);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.message, "first difference at row 1");
}

TEST(SltResultComparatorTest, RowSortAndValueSort) {
  SltQueryResult r = MakeResult(2, {{"3", "c"}, {"1", "a"}, {"10", "j"}});
  EXPECT_TRUE(
      SltResultComparator::Compare("IT", SltSortMode::kRowSort, {"10\tj", "1\ta", "3\tc"}, r).ok);
  SltComparison c =
      SltResultComparator::Compare("IT", SltSortMode::kRowSort, {"10\tj", "1\tb", "3\tc"}, r);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.message, "first difference at row 1 (after sorting)");
  // valuesort: any layout of the same values.
  EXPECT_TRUE(
      SltResultComparator::Compare("IT", SltSortMode::kValueSort, {"a\tj\tc", "1\t10\t3"}, r).ok);
  EXPECT_TRUE(SltResultComparator::Compare("IT", SltSortMode::kValueSort,
                                           {"a", "j", "c", "1", "10", "3"}, r)
                  .ok);
  EXPECT_FALSE(SltResultComparator::Compare("IT", SltSortMode::kValueSort,
                                            {"a", "j", "c", "1", "10", "4"}, r)
                   .ok);
}

TEST(SltResultComparatorTest, OneValuePerLineLayout) {
  SltQueryResult r = MakeResult(2, {{"1", "a"}, {"2", "b"}});
  EXPECT_TRUE(SltResultComparator::Compare("IT", SltSortMode::kNoSort, {"1", "a", "2", "b"}, r).ok);
  SltComparison c = SltResultComparator::Compare("IT", SltSortMode::kNoSort, {"1", "a", "2"}, r);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.message,
            "expected-result line 1 has 1 tab-separated values, the query has 2 columns");
}

TEST(SltResultComparatorTest, CountsAndColumns) {
  SltQueryResult r = MakeResult(1, {{"1"}, {"2"}});
  SltComparison c = SltResultComparator::Compare("I", SltSortMode::kNoSort, {"1"}, r);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.message, "expected 1 rows, got 2");
  c = SltResultComparator::Compare("II", SltSortMode::kNoSort, {"1\t1", "2\t2"}, r);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.message, "expected 2 columns (query II), got 1");
  EXPECT_TRUE(SltResultComparator::Compare("I", SltSortMode::kNoSort, {}, MakeResult(1, {})).ok);
  EXPECT_FALSE(SltResultComparator::Compare("I", SltSortMode::kNoSort, {}, r).ok);
}

TEST(SltResultComparatorTest, Hashes) {
  // md5("1\na\n2\nb\n"), sqllogictest's hash of these four values.
  SltQueryResult r = MakeResult(2, {{"2", "b"}, {"1", "a"}});
  const std::string h = SltResultComparator::HashValues({{"1", "a"}, {"2", "b"}});
  EXPECT_EQ(h, "dcb405d9ab483907f29736a07728fa2d");
  EXPECT_TRUE(
      SltResultComparator::Compare("IT", SltSortMode::kRowSort, {"4 values hashing to " + h}, r)
          .ok);
  // Unsorted, the order differs, so the hash does.
  SltComparison c =
      SltResultComparator::Compare("IT", SltSortMode::kNoSort, {"4 values hashing to " + h}, r);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.actual_hash, SltResultComparator::HashValues({{"2", "b"}, {"1", "a"}}));
  c = SltResultComparator::Compare("IT", SltSortMode::kRowSort, {"5 values hashing to " + h}, r);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.message, "expected 5 values hashing to " + h + ", got 4 values hashing to " + h);
  // The empty-result md5.
  EXPECT_EQ(SltResultComparator::HashValues({}), "d41d8cd98f00b204e9800998ecf8427e");
}

}  // namespace
}  // namespace lakeml::slt
