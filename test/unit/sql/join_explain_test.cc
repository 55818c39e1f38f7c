// EXPLAIN of joins: comma joins become hash joins, filters reach the scans (with Delta file
// pruning), the smaller input is the build side, and join types print.
#include <gtest/gtest.h>

#include <string>

#include "explain_test_fixture.h"
#include "sql/main/connection.h"
#include "sql/main/database.h"

namespace lakeml::sql {
namespace {

class JoinExplainTest : public ExplainTestFixture {
 protected:
  static std::string Table() {
    return std::string("delta.`") + LAKEML_SHARED_DIR +
           "/conformance/delta/dat/basic_append/delta`";
  }
};

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(JoinExplainTest, CommaJoinsBecomeHashJoins) {
  const std::string plan = Explain(
      "SELECT a.v, c.z FROM VALUES (1, 'x') AS a(k, v), VALUES (1, 2) AS b(k, j), "
      "VALUES (2, 'z') AS c(j, z) WHERE a.k = b.k AND b.j = c.j");
  EXPECT_EQ(Count(plan, "HashJoin INNER keys"), 2u) << plan;
  EXPECT_EQ(Count(plan, "NestedLoopJoin"), 0u) << plan;
  EXPECT_EQ(Count(plan, "Filter"), 0u) << plan;
}

TEST_F(JoinExplainTest, CrossJoinWithoutEqualityIsNestedLoop) {
  const std::string plan =
      Explain("SELECT * FROM VALUES (1) AS a(x), VALUES (2) AS b(y) WHERE a.x < b.y");
  EXPECT_NE(plan.find("NestedLoopJoin INNER condition: (x#0 < y#1)"), std::string::npos) << plan;
}

TEST_F(JoinExplainTest, FiltersReachTheScans) {
  const std::string plan = Explain("SELECT t.letter, u.number FROM " + Table() + " t, " + Table() +
                                   " u WHERE t.number = u.number AND t.letter = 'c' "
                                   "AND u.number > 1");
  EXPECT_NE(plan.find("HashJoin INNER keys"), std::string::npos) << plan;
  // Each scan has its own filter right above it and prunes files with it.
  EXPECT_NE(plan.find("files filter: letter = 'c'"), std::string::npos) << plan;
  EXPECT_NE(plan.find("files filter: number > 1"), std::string::npos) << plan;
  EXPECT_EQ(Count(plan, "TableScan"), 2u) << plan;
}

TEST_F(JoinExplainTest, FiltersPassThroughSubqueryProjections) {
  const std::string plan =
      Explain("SELECT * FROM (SELECT number AS n, letter FROM " + Table() +
              ") AS s JOIN VALUES (3) AS v(k) ON s.n = v.k WHERE s.letter = 'c'");
  EXPECT_NE(plan.find("files filter: letter = 'c'"), std::string::npos) << plan;
}

TEST_F(JoinExplainTest, TheSmallerInputIsBuilt) {
  const std::string plan = Explain(
      "SELECT * FROM VALUES (1), (2), (3), (4) AS big(k) JOIN VALUES (1) AS small(k) "
      "ON big.k = small.k");
  EXPECT_NE(plan.find("build: right (~1 rows)"), std::string::npos) << plan;
  const std::string flipped = Explain(
      "SELECT * FROM VALUES (1) AS small(k) JOIN VALUES (1), (2), (3), (4) AS big(k) "
      "ON big.k = small.k");
  EXPECT_NE(flipped.find("build: right (~1 rows)"), std::string::npos) << flipped;
}

TEST_F(JoinExplainTest, OuterJoinsKeepWhereAboveTheNullSide) {
  const std::string plan = Explain(
      "SELECT * FROM VALUES (1), (2) AS a(k) LEFT JOIN VALUES (1), (3), (4) AS b(k) "
      "ON a.k = b.k WHERE b.k IS NULL");
  // The filter stays above the join: below, it would drop the padded rows' partners.
  const size_t filter = plan.find("Filter");
  const size_t join = plan.find("HashJoin");
  ASSERT_NE(filter, std::string::npos) << plan;
  ASSERT_NE(join, std::string::npos) << plan;
  EXPECT_LT(filter, join) << plan;
  EXPECT_NE(plan.find("OUTER"), std::string::npos) << plan;
}

TEST_F(JoinExplainTest, SemiAndAntiJoinsPrint) {
  EXPECT_NE(Explain("SELECT * FROM VALUES (1) AS a(k) LEFT SEMI JOIN VALUES (1) AS b(k) "
                    "ON a.k = b.k")
                .find("HashJoin LEFT SEMI"),
            std::string::npos);
  EXPECT_NE(Explain("SELECT * FROM VALUES (1) AS a(k) LEFT ANTI JOIN VALUES (1) AS b(k) "
                    "ON a.k = b.k")
                .find("HashJoin LEFT ANTI"),
            std::string::npos);
}

// EXISTS / NOT EXISTS over a much larger input builds the small (left) side: the join
// becomes RIGHT SEMI / RIGHT ANTI, and only the key of the subquery's `SELECT *` is scanned.
TEST_F(JoinExplainTest, SmallLeftSideOfSemiJoinIsBuilt) {
  const std::string big =
      "(SELECT a.k, b.w, b.z FROM VALUES (1), (2), (3), (4), (5), (6), (7), (8) AS a(k) "
      "CROSS JOIN VALUES (1, 'x'), (2, 'y'), (3, 'z'), (4, 'w'), (5, 'v') AS b(w, z))";
  const std::string semi =
      Explain("SELECT k FROM VALUES (1), (2) AS s(k) WHERE EXISTS (SELECT * FROM " + big +
              " AS g WHERE g.k = s.k)");
  EXPECT_NE(semi.find("HashJoin RIGHT SEMI keys"), std::string::npos) << semi;
  EXPECT_EQ(semi.find("z#"), std::string::npos) << semi;  // Pruned: nobody reads z.
  const std::string anti =
      Explain("SELECT k FROM VALUES (1), (2) AS s(k) WHERE NOT EXISTS (SELECT * FROM " + big +
              " AS g WHERE g.k = s.k)");
  EXPECT_NE(anti.find("HashJoin RIGHT ANTI keys"), std::string::npos) << anti;
  // Same-size inputs keep the left side as the probe side.
  EXPECT_NE(Explain("SELECT * FROM VALUES (1) AS a(k) WHERE EXISTS (SELECT * FROM VALUES (1) "
                    "AS b(k) WHERE a.k = b.k)")
                .find("HashJoin LEFT SEMI"),
            std::string::npos);
}

}  // namespace
}  // namespace lakeml::sql
