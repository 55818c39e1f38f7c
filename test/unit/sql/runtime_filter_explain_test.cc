// EXPLAIN of the perf-subquery rewrites: a grouped aggregate joined on its key gets a semi join
// with the selective outer scan below it (MagicSetReduction), and a hash join's probe-side scan
// gets a RuntimeFilter where dropping non-matching probe rows is correct, reported by EXPLAIN
// ANALYZE.
#include <gtest/gtest.h>

#include <string>

#include "explain_test_fixture.h"
#include "sql/main/connection.h"
#include "sql/main/database.h"

namespace lakeml::sql {
namespace {

class RuntimeFilterExplainTest : public ExplainTestFixture {
 protected:
  static std::string Table() {
    return std::string("delta.`") + LAKEML_SHARED_DIR +
           "/conformance/delta/dat/basic_append/delta`";
  }
};

size_t CountOf(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(RuntimeFilterExplainTest, InnerJoinFiltersTheProbeScan) {
  const std::string plan = Explain("SELECT t.letter FROM " + Table() + " t JOIN " + Table() +
                                   " u ON t.number = u.number WHERE u.letter = 'c'");
  ASSERT_EQ(CountOf(plan, "RuntimeFilter "), 1u) << plan;
  // Directly above the probe-side scan, below the join.
  const size_t join = plan.find("HashJoin INNER");
  const size_t filter = plan.find("RuntimeFilter ");
  const size_t scan = plan.find("TableScan", filter);
  EXPECT_LT(join, filter) << plan;
  EXPECT_NE(scan, std::string::npos) << plan;
}

TEST_F(RuntimeFilterExplainTest, LeftAndFullJoinsKeepEveryProbeRow) {
  EXPECT_EQ(CountOf(Explain("SELECT t.letter FROM " + Table() + " t LEFT JOIN (SELECT * FROM " +
                            Table() + " WHERE letter = 'c') u ON t.number = u.number"),
                    "RuntimeFilter"),
            0u);
  EXPECT_EQ(CountOf(Explain("SELECT t.letter FROM " + Table() + " t FULL JOIN (SELECT * FROM " +
                            Table() + " WHERE letter = 'c') u ON t.number = u.number"),
                    "RuntimeFilter"),
            0u);
  EXPECT_EQ(
      CountOf(Explain("SELECT t.letter FROM " + Table() + " t WHERE NOT EXISTS (SELECT * FROM " +
                      Table() + " u WHERE u.letter = 'c' AND t.number = u.number)"),
              "RuntimeFilter"),
      0u);
}

TEST_F(RuntimeFilterExplainTest, AnalyzeReportsKeptRows) {
  auto result =
      connection_->Execute("EXPLAIN ANALYZE SELECT t.letter FROM " + Table() + " t JOIN " +
                           Table() + " u ON t.number = u.number WHERE u.letter = 'c'");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const std::string plan((*result)->chunks()[0].columns[0]->GetView(0));
  EXPECT_NE(plan.find("runtime filter: kept "), std::string::npos) << plan;
}

TEST_F(RuntimeFilterExplainTest, GroupedAggregateIsReducedToTheOuterKeys) {
  const std::string plan =
      Explain("SELECT t.letter FROM " + Table() + " t WHERE t.letter = 'c' AND t.number > " +
              "(SELECT avg(number) FROM " + Table() + " u WHERE u.number = t.number)");
  // The aggregate's input is semi-joined with a copy of the filtered outer scan.
  const size_t aggregate = plan.find("HashAggregate");
  ASSERT_NE(aggregate, std::string::npos) << plan;
  EXPECT_NE(plan.find("HashJoin LEFT SEMI", aggregate), std::string::npos) << plan;
  EXPECT_EQ(CountOf(plan, "files filter: letter = 'c'"), 2u) << plan;
}

}  // namespace
}  // namespace lakeml::sql
