// Join enumeration (JoinEnumerator, decision 0014's statistics): a selective dimension joins
// the fact table before the dimensions that do not reduce it, even when those are smaller, and
// the tree may be bushy. TPC-H Q9's shape: nation - supplier - lineitem - part, with a LIKE on
// part; the old greedy order started from nation and met part last.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "sql/main/connection.h"
#include "sql/main/database.h"

namespace lakeml::sql {
namespace {

TEST(JoinEnumerationTest, SelectiveDimensionJoinsTheFactTableFirst) {
  const std::string warehouse = ::testing::TempDir() + "/join_enumeration_warehouse";
  std::filesystem::remove_all(warehouse);
  DatabaseOptions options;
  options.threads = 2;
  options.warehouse = warehouse;
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  Connection connection(*db);
  const char* setup[] = {
      "CREATE TABLE n AS SELECT id AS nk, concat('n', id) AS name "
      "FROM (SELECT explode(sequence(0, 24)) AS id)",
      "CREATE TABLE s AS SELECT id AS sk, id % 25 AS snk FROM (SELECT explode(sequence(0, 99)) AS "
      "id)",
      "CREATE TABLE p AS SELECT id AS pk, concat('p', id) AS pname "
      "FROM (SELECT explode(sequence(0, 999)) AS id)",
      "CREATE TABLE l AS SELECT id % 1000 AS lpk, id % 100 AS lsk, id AS q "
      "FROM (SELECT explode(sequence(0, 9999)) AS id)",
  };
  for (const char* sql : setup) {
    auto r = connection.Execute(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }
  const std::string query =
      "SELECT name, sum(q) FROM n, s, l, p WHERE nk = snk AND sk = lsk AND lpk = pk "
      "AND pname LIKE '%7%' GROUP BY name";
  auto explained = connection.Execute("EXPLAIN " + query);
  ASSERT_TRUE(explained.ok()) << explained.status().ToString();
  const std::string plan((*explained)->chunks()[0].columns[0]->GetView(0));
  // The join on part sits directly above the line item scan, below the join on supplier.
  const size_t supplier_join = plan.find("HashJoin INNER keys: [lsk");
  const size_t part_join = plan.find("HashJoin INNER keys: [lpk");
  const size_t fact_scan = plan.find("TableScan main.default.l ");
  ASSERT_NE(supplier_join, std::string::npos) << plan;
  ASSERT_NE(part_join, std::string::npos) << plan;
  ASSERT_NE(fact_scan, std::string::npos) << plan;
  EXPECT_LT(supplier_join, part_join) << plan;
  EXPECT_LT(part_join, fact_scan) << plan;
  EXPECT_EQ(plan.find("HashJoin", part_join + 1), plan.find("HashJoin INNER keys: [snk")) << plan;

  // The answer does not depend on the order: each name's sum over the matching rows.
  auto result =
      connection.Execute("SELECT concat(count(*), ',', sum(s)) FROM (" + query + ") AS r(name, s)");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto expected = connection.Execute(
      "SELECT concat(count(DISTINCT lsk % 25), ',', sum(q)) FROM l "
      "WHERE CAST(lpk AS STRING) LIKE '%7%'");
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  EXPECT_EQ((*result)->chunks()[0].columns[0]->GetView(0),
            (*expected)->chunks()[0].columns[0]->GetView(0));
  std::filesystem::remove_all(warehouse);
}

}  // namespace
}  // namespace lakeml::sql
