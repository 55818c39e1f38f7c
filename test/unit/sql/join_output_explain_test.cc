// EXPLAIN of join outputs (join-output): a join outputs only the columns its parent reads, so
// keys used by this join alone are dropped right after it, and a join whose parent reads
// nothing (count(*)) outputs no columns; a join whose every column is read lists none.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "explain_test_fixture.h"
#include "sql/main/connection.h"
#include "sql/main/database.h"

namespace lakeml::sql {
namespace {

class JoinOutputExplainTest : public ExplainTestFixture {};

TEST_F(JoinOutputExplainTest, KeysUsedOnlyBelowAreDropped) {
  const std::string plan = Explain(
      "SELECT a.v, c.z FROM VALUES (1, 'x', 7) AS a(k, v, w), VALUES (1, 2) AS b(k, j), "
      "VALUES (2, 'z') AS c(j, z) WHERE a.k = b.k AND b.j = c.j");
  // The lower join keeps b.j for the upper join but drops both k and the unread a.w.
  EXPECT_NE(plan.find("keys: [k#0 = k#0] output: [v#0, j#1]"), std::string::npos) << plan;
  EXPECT_NE(plan.find("keys: [j#1 = j#0] output: [v#0, z#1]"), std::string::npos) << plan;
}

TEST_F(JoinOutputExplainTest, CountOverAJoinOutputsNoColumns) {
  const std::string plan = Explain(
      "SELECT count(*) FROM VALUES (1, 'x') AS a(k, v) LEFT JOIN VALUES (1, 2) AS b(k, j) "
      "ON a.k = b.k");
  EXPECT_NE(plan.find("HashJoin LEFT OUTER keys: [k#0 = k#0] output: []"), std::string::npos)
      << plan;
}

TEST_F(JoinOutputExplainTest, SemiJoinKeepsOnlyTheProbeColumnsRead) {
  const std::string plan = Explain(
      "SELECT a.v FROM VALUES (1, 'x') AS a(k, v) WHERE a.k IN (SELECT k FROM VALUES (1) AS "
      "b(k))");
  EXPECT_NE(plan.find("LEFT SEMI keys: [k#0 = k#0] output: [v#0]"), std::string::npos) << plan;
}

TEST_F(JoinOutputExplainTest, AJoinWhoseColumnsAreAllReadListsNone) {
  const std::string plan = Explain(
      "SELECT * FROM VALUES (1, 'x') AS a(k, v) JOIN VALUES (1, 2) AS b(k, j) ON a.k = b.k");
  EXPECT_NE(plan.find("HashJoin INNER keys: [k#0 = k#0] build: right"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("output:"), std::string::npos) << plan;
}

}  // namespace
}  // namespace lakeml::sql
