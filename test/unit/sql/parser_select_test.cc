#include <gtest/gtest.h>

#include "unit/sql/round_trip.h"

namespace lakeml::sql {
namespace {

std::string Q(std::string_view sql) { return RoundTrip::Canonical(sql); }

TEST(ParserSelectTest, SelectList) {
  EXPECT_EQ(Q("select 1"), "SELECT 1");
  EXPECT_EQ(Q("SELECT a, b AS c, d e FROM t"), "SELECT a, b AS c, d AS e FROM t");
  EXPECT_EQ(Q("SELECT * FROM t"), "SELECT * FROM t");
  EXPECT_EQ(Q("SELECT t.*, s.x.* FROM t"), "SELECT t.*, s.x.* FROM t");
  EXPECT_EQ(Q("SELECT * EXCEPT (a, b) FROM t"), "SELECT * EXCEPT (a, b) FROM t");
  EXPECT_EQ(Q("SELECT DISTINCT a FROM t"), "SELECT DISTINCT a FROM t");
  EXPECT_EQ(Q("SELECT ALL a FROM t"), "SELECT a FROM t");
  EXPECT_EQ(Q("SELECT `from` FROM `t t`"), "SELECT `from` FROM `t t`");
  EXPECT_EQ(Q("SELECT stack(2, 1, 2) AS (x, y)"), "SELECT stack(2, 1, 2) AS (x, y)");
}

TEST(ParserSelectTest, Clauses) {
  EXPECT_EQ(Q("SELECT a FROM t WHERE a > 1 GROUP BY a HAVING count(*) > 2 ORDER BY a LIMIT 10 "
              "OFFSET 5"),
            "SELECT a FROM t WHERE (a > 1) GROUP BY a HAVING (count(*) > 2) ORDER BY a LIMIT 10 "
            "OFFSET 5");
  EXPECT_EQ(Q("SELECT a FROM t ORDER BY a ASC NULLS FIRST, b DESC NULLS LAST LIMIT ALL"),
            "SELECT a FROM t ORDER BY a ASC NULLS FIRST, b DESC NULLS LAST LIMIT ALL");
  EXPECT_EQ(Q("SELECT a, sum(b) FROM t GROUP BY 1"), "SELECT a, sum(b) FROM t GROUP BY 1");
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY ALL"), "SELECT a FROM t GROUP BY ALL");
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY ROLLUP (a, b)"), "SELECT a FROM t GROUP BY ROLLUP (a, b)");
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY CUBE(a, b), c"), "SELECT a FROM t GROUP BY CUBE (a, b), c");
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY a, b WITH ROLLUP"),
            "SELECT a FROM t GROUP BY ROLLUP (a, b)");
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY a WITH CUBE"), "SELECT a FROM t GROUP BY CUBE (a)");
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY GROUPING SETS ((a, b), (a), ())"),
            "SELECT a FROM t GROUP BY GROUPING SETS ((a, b), a, ())");
  EXPECT_EQ(Q("SELECT a, row_number() OVER w AS r FROM t QUALIFY r = 1 WINDOW w AS (ORDER BY a)"),
            "SELECT a, row_number() OVER w AS r FROM t QUALIFY (r = 1) WINDOW w AS (ORDER BY a)");
  EXPECT_EQ(Q("SELECT a FROM t WINDOW w AS (PARTITION BY b) QUALIFY rank() OVER w = 1"),
            "SELECT a FROM t QUALIFY (rank() OVER w = 1) WINDOW w AS (PARTITION BY b)");
}

TEST(ParserSelectTest, With) {
  EXPECT_EQ(Q("WITH x AS (SELECT 1), y (a) AS (SELECT 2) SELECT * FROM x, y"),
            "WITH x AS (SELECT 1), y(a) AS (SELECT 2) SELECT * FROM x, y");
  EXPECT_EQ(Q("WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r"),
            "WITH RECURSIVE r AS (SELECT 1 UNION ALL SELECT (n + 1) FROM r) SELECT * FROM r");
}

TEST(ParserSelectTest, SetOperations) {
  EXPECT_EQ(Q("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3"),
            "SELECT 1 UNION (SELECT 2 INTERSECT SELECT 3)");
  EXPECT_EQ(Q("SELECT 1 INTERSECT SELECT 2 UNION ALL SELECT 3"),
            "(SELECT 1 INTERSECT SELECT 2) UNION ALL SELECT 3");
  EXPECT_EQ(Q("SELECT 1 EXCEPT SELECT 2 EXCEPT SELECT 3"),
            "(SELECT 1 EXCEPT SELECT 2) EXCEPT SELECT 3");
  EXPECT_EQ(Q("SELECT 1 MINUS DISTINCT SELECT 2"), "SELECT 1 EXCEPT DISTINCT SELECT 2");
  EXPECT_EQ(Q("(SELECT 1 UNION SELECT 2) ORDER BY 1 LIMIT 1"),
            "SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 1");
  EXPECT_EQ(Q("SELECT 1 UNION (SELECT 2 LIMIT 1)"), "SELECT 1 UNION (SELECT 2 LIMIT 1)");
  EXPECT_EQ(Q("VALUES (1, 'a'), (2, 'b')"), "VALUES (1, 'a'), (2, 'b')");
}

TEST(ParserSelectTest, Relations) {
  EXPECT_EQ(Q("SELECT * FROM main.default.t AS x"), "SELECT * FROM main.default.t AS x");
  EXPECT_EQ(Q("SELECT * FROM delta.`/data/t` t"), "SELECT * FROM delta.`/data/t` AS t");
  EXPECT_EQ(Q("SELECT * FROM parquet.`/p/x.parquet`"), "SELECT * FROM parquet.`/p/x.parquet`");
  EXPECT_EQ(Q("SELECT * FROM read_files('/p', format => 'csv', header => true)"),
            "SELECT * FROM read_files('/p', format => 'csv', header => TRUE)");
  EXPECT_EQ(Q("SELECT * FROM (SELECT 1 AS a) s(b)"), "SELECT * FROM (SELECT 1 AS a) AS s(b)");
  EXPECT_EQ(Q("SELECT * FROM VALUES (1, 2), (3, 4) AS v(a, b)"),
            "SELECT * FROM VALUES (1, 2), (3, 4) AS v(a, b)");
  EXPECT_EQ(Q("SELECT * FROM t VERSION AS OF 3"), "SELECT * FROM t VERSION AS OF 3");
  EXPECT_EQ(Q("SELECT * FROM t TIMESTAMP AS OF '2024-01-01' x"),
            "SELECT * FROM t TIMESTAMP AS OF '2024-01-01' AS x");
  EXPECT_EQ(Q("SELECT * FROM t@v12"), "SELECT * FROM t VERSION AS OF 12");
  EXPECT_EQ(Q("SELECT * FROM range(10)"), "SELECT * FROM `range`(10)");
}

TEST(ParserSelectTest, Joins) {
  EXPECT_EQ(Q("SELECT * FROM a JOIN b ON a.x = b.x"),
            "SELECT * FROM a INNER JOIN b ON (a.x = b.x)");
  EXPECT_EQ(Q("SELECT * FROM a LEFT JOIN b USING (x, y)"),
            "SELECT * FROM a LEFT OUTER JOIN b USING (x, y)");
  EXPECT_EQ(Q("SELECT * FROM a RIGHT OUTER JOIN b ON TRUE FULL JOIN c ON FALSE"),
            "SELECT * FROM a RIGHT OUTER JOIN b ON TRUE FULL OUTER JOIN c ON FALSE");
  EXPECT_EQ(Q("SELECT * FROM a LEFT SEMI JOIN b ON a.x = b.x"),
            "SELECT * FROM a LEFT SEMI JOIN b ON (a.x = b.x)");
  EXPECT_EQ(Q("SELECT * FROM a ANTI JOIN b ON a.x = b.x"),
            "SELECT * FROM a LEFT ANTI JOIN b ON (a.x = b.x)");
  EXPECT_EQ(Q("SELECT * FROM a CROSS JOIN b"), "SELECT * FROM a CROSS JOIN b");
  EXPECT_EQ(Q("SELECT * FROM a NATURAL JOIN b"), "SELECT * FROM a NATURAL INNER JOIN b");
  EXPECT_EQ(Q("SELECT * FROM a JOIN (b JOIN c ON b.y = c.y) ON a.x = b.x"),
            "SELECT * FROM a INNER JOIN (b INNER JOIN c ON (b.y = c.y)) ON (a.x = b.x)");
  EXPECT_EQ(Q("SELECT * FROM a, LATERAL (SELECT a.x) l"),
            "SELECT * FROM a, LATERAL (SELECT a.x) AS l");
}

TEST(ParserSelectTest, PivotUnpivotLateralView) {
  EXPECT_EQ(Q("SELECT * FROM t PIVOT (sum(v) AS s FOR k IN ('a' AS a, 'b' b))"),
            "SELECT * FROM t PIVOT (sum(v) AS s FOR k IN ('a' AS a, 'b' AS b))");
  EXPECT_EQ(Q("SELECT * FROM t PIVOT (sum(v) FOR (k, j) IN ((1, 2) AS x)) p"),
            "SELECT * FROM t PIVOT (sum(v) FOR (k, j) IN ((1, 2) AS x)) AS p");
  EXPECT_EQ(Q("SELECT * FROM t UNPIVOT INCLUDE NULLS (v FOR k IN (a, b AS bb))"),
            "SELECT * FROM t UNPIVOT INCLUDE NULLS (v FOR k IN (a, b AS bb))");
  EXPECT_EQ(Q("SELECT c FROM t LATERAL VIEW explode(xs) e AS c"),
            "SELECT c FROM t LATERAL VIEW explode(xs) e AS c");
  EXPECT_EQ(Q("SELECT * FROM t LATERAL VIEW OUTER posexplode(xs) e AS p, c WHERE c > 0"),
            "SELECT * FROM t LATERAL VIEW OUTER posexplode(xs) e AS p, c WHERE (c > 0)");
}

TEST(ParserSelectTest, Subqueries) {
  EXPECT_EQ(Q("SELECT (SELECT max(b) FROM s) AS m FROM t WHERE a IN (SELECT a FROM s)"),
            "SELECT (SELECT max(b) FROM s) AS m FROM t WHERE (a IN (SELECT a FROM s))");
  EXPECT_EQ(Q("SELECT * FROM t WHERE EXISTS (SELECT 1 FROM s WHERE s.a = t.a)"),
            "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM s WHERE (s.a = t.a))");
  EXPECT_EQ(Q("SELECT * FROM ((SELECT 1) UNION (SELECT 2)) u"),
            "SELECT * FROM (SELECT 1 UNION SELECT 2) AS u");
}

TEST(ParserSelectTest, MultipleStatementsAndPositions) {
  auto parsed = Parser::Parse("SELECT 1;\n;  SELECT 2 ;");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1]->pos.line, 2);
  EXPECT_EQ((*parsed)[1]->pos.column, 3);
  const AstNode& select = *(*parsed)[1]->children[1];
  EXPECT_EQ(select.kind, NodeKind::kSelect);
  EXPECT_EQ(select.children[0]->children[0]->children[0]->pos.column, 10);
}

}  // namespace
}  // namespace lakeml::sql
