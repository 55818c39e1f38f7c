#include <gtest/gtest.h>

#include "unit/sql/round_trip.h"

namespace lakeml::sql {
namespace {

std::string E(std::string_view sql) { return RoundTrip::Expression(sql); }

TEST(ParserExpressionTest, Literals) {
  EXPECT_EQ(E("1"), "1");
  EXPECT_EQ(E("1.5"), "1.5");
  EXPECT_EQ(E("1e10"), "1e10");
  EXPECT_EQ(E("10L"), "10L");
  EXPECT_EQ(E("1.5BD"), "1.5BD");
  EXPECT_EQ(E("'it''s'"), "'its'");
  EXPECT_EQ(E("'a' 'b'"), "'ab'");
  EXPECT_EQ(E("\"dq\""), "'dq'");
  EXPECT_EQ(E("'q\\'uote'"), "'q\\'uote'");
  EXPECT_EQ(E("r'\\d+'"), "'\\\\d+'");
  EXPECT_EQ(E("x'0aff'"), "X'0AFF'");
  EXPECT_EQ(E("NULL"), "NULL");
  EXPECT_EQ(E("true"), "TRUE");
  EXPECT_EQ(E("FALSE"), "FALSE");
  EXPECT_EQ(E("DATE '2024-01-01'"), "DATE '2024-01-01'");
  EXPECT_EQ(E("timestamp '2024-01-01 10:00:00'"), "TIMESTAMP '2024-01-01 10:00:00'");
  EXPECT_EQ(E("TIMESTAMP_NTZ '2024-01-01'"), "TIMESTAMP_NTZ '2024-01-01'");
}

TEST(ParserExpressionTest, Intervals) {
  EXPECT_EQ(E("INTERVAL '1 day'"), "INTERVAL '1 day'");
  EXPECT_EQ(E("INTERVAL 1 DAY"), "INTERVAL 1 DAY");
  EXPECT_EQ(E("interval 2 days 3 hours"), "INTERVAL 2 DAY 3 HOUR");
  EXPECT_EQ(E("INTERVAL '1-2' YEAR TO MONTH"), "INTERVAL '1-2' YEAR TO MONTH");
  EXPECT_EQ(E("INTERVAL '10' MINUTE"), "INTERVAL '10' MINUTE");
  EXPECT_EQ(E("INTERVAL -3 MONTHS"), "INTERVAL -3 MONTH");
}

TEST(ParserExpressionTest, Precedence) {
  EXPECT_EQ(E("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(E("NOT a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(E("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(E("a = b + c * d"), "(a = (b + (c * d)))");
  EXPECT_EQ(E("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(E("a || b + c"), "((a || b) + c)");
  EXPECT_EQ(E("a | b & c ^ d"), "(a | ((b & c) ^ d))");
  EXPECT_EQ(E("a << 2 + 1"), "(a << (2 + 1))");
  EXPECT_EQ(E("a div b % c"), "((a DIV b) % c)");
  EXPECT_EQ(E("-a * b"), "((-a) * b)");
  EXPECT_EQ(E("~a"), "(~a)");
  EXPECT_EQ(E("!a"), "(NOT a)");
  EXPECT_EQ(E("a <=> b"), "(a <=> b)");
  EXPECT_EQ(E("a == b AND c != d AND e <> f"), "(((a == b) AND (c != d)) AND (e <> f))");
  EXPECT_EQ(E("(a + b) * c"), "((a + b) * c)");
}

TEST(ParserExpressionTest, Predicates) {
  EXPECT_EQ(E("a IS NULL"), "(a IS NULL)");
  EXPECT_EQ(E("a IS NOT NULL"), "(a IS NOT NULL)");
  EXPECT_EQ(E("a IS TRUE"), "(a IS TRUE)");
  EXPECT_EQ(E("a IS NOT FALSE"), "(a IS NOT FALSE)");
  EXPECT_EQ(E("a IS DISTINCT FROM b"), "(a IS DISTINCT FROM b)");
  EXPECT_EQ(E("a IS NOT DISTINCT FROM b + 1"), "(a IS NOT DISTINCT FROM (b + 1))");
  EXPECT_EQ(E("a BETWEEN 1 AND 2 AND b"), "((a BETWEEN 1 AND 2) AND b)");
  EXPECT_EQ(E("a NOT BETWEEN b - 1 AND b + 1"), "(a NOT BETWEEN (b - 1) AND (b + 1))");
  EXPECT_EQ(E("a IN (1, 2, 3)"), "(a IN (1, 2, 3))");
  EXPECT_EQ(E("a NOT IN (SELECT x FROM t)"), "(a NOT IN (SELECT x FROM t))");
  EXPECT_EQ(E("a IN ((SELECT 1), 2)"), "(a IN ((SELECT 1), 2))");
  EXPECT_EQ(E("a LIKE 'x%'"), "(a LIKE 'x%')");
  EXPECT_EQ(E("a NOT ILIKE 'x%' ESCAPE '!'"), "(a NOT ILIKE 'x%' ESCAPE '!')");
  EXPECT_EQ(E("a RLIKE '^x'"), "(a RLIKE '^x')");
  EXPECT_EQ(E("a regexp 'y'"), "(a REGEXP 'y')");
  EXPECT_EQ(E("a LIKE ANY ('x%', 'y%')"), "(a LIKE ANY ('x%', 'y%'))");
  EXPECT_EQ(E("a NOT LIKE ALL ('x%')"), "(a NOT LIKE ALL ('x%'))");
  EXPECT_EQ(E("EXISTS (SELECT 1)"), "EXISTS (SELECT 1)");
  EXPECT_EQ(E("NOT EXISTS (SELECT * FROM t WHERE t.a = b)"),
            "(NOT EXISTS (SELECT * FROM t WHERE (t.a = b)))");
}

TEST(ParserExpressionTest, NamesAccessAndCasts) {
  EXPECT_EQ(E("a.b.c"), "a.b.c");
  EXPECT_EQ(E("`select`.`a b`"), "`select`.`a b`");
  EXPECT_EQ(E("a[0]"), "a[0]");
  EXPECT_EQ(E("m['k'].f"), "m['k'].f");
  EXPECT_EQ(E("f(x).y[1]"), "f(x).y[1]");
  EXPECT_EQ(E("a::int"), "(a::INT)");
  EXPECT_EQ(E("a::decimal(10, 2)::string"), "((a::DECIMAL(10, 2))::STRING)");
  EXPECT_EQ(E("CAST(a AS BIGINT)"), "CAST(a AS BIGINT)");
  EXPECT_EQ(E("try_cast(a as varchar(10))"), "TRY_CAST(a AS VARCHAR(10))");
  EXPECT_EQ(E("CAST(a AS array<map<string, struct<x: int, y:double>>>)"),
            "CAST(a AS ARRAY<MAP<STRING, STRUCT<x: INT, y: DOUBLE>>>)");
  EXPECT_EQ(E("CAST(a AS STRUCT<a INT NOT NULL COMMENT 'c'>)"),
            "CAST(a AS STRUCT<a: INT NOT NULL COMMENT 'c'>)");
  EXPECT_EQ(E("CAST(a AS INTERVAL DAY TO SECOND)"), "CAST(a AS INTERVAL DAY TO SECOND)");
  EXPECT_EQ(E("cast(a as char(3))"), "CAST(a AS CHAR(3))");
  EXPECT_EQ(E(":param + ?"), "(:param + ?)");
}

TEST(ParserExpressionTest, CaseAndSpecialForms) {
  EXPECT_EQ(E("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END"),
            "CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END");
  EXPECT_EQ(E("case x when 1 then 'a' end"), "CASE x WHEN 1 THEN 'a' END");
  EXPECT_EQ(E("EXTRACT(year FROM d)"), "EXTRACT(YEAR FROM d)");
  EXPECT_EQ(E("(SELECT max(x) FROM t)"), "(SELECT max(x) FROM t)");
  EXPECT_EQ(E("(a, b)"), "(a, b)");
}

TEST(ParserExpressionTest, Functions) {
  EXPECT_EQ(E("count(*)"), "count(*)");
  EXPECT_EQ(E("count(DISTINCT a, b)"), "count(DISTINCT a, b)");
  EXPECT_EQ(E("sum(x) FILTER (WHERE x > 0)"), "sum(x) FILTER (WHERE (x > 0))");
  EXPECT_EQ(E("first(x) IGNORE NULLS"), "first(x) IGNORE NULLS");
  EXPECT_EQ(E("percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC)"),
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY x DESC)");
  EXPECT_EQ(E("read_files('/p', format => 'csv')"), "read_files('/p', format => 'csv')");
  EXPECT_EQ(E("array(1, 2)"), "array(1, 2)");
  EXPECT_EQ(E("map('a', 1)"), "map('a', 1)");
  EXPECT_EQ(E("named_struct('a', 1)"), "named_struct('a', 1)");
  EXPECT_EQ(E("transform(xs, x -> x + 1)"), "transform(xs, x -> (x + 1))");
  EXPECT_EQ(E("aggregate(xs, 0, (acc, x) -> acc + x)"), "aggregate(xs, 0, (acc, x) -> (acc + x))");
  EXPECT_EQ(E("exists(xs, x -> x > 1)"), "`exists`(xs, x -> (x > 1))");
  EXPECT_EQ(E("left('abc', 2)"), "`left`('abc', 2)");
  EXPECT_EQ(E("db.fn(1)"), "db.fn(1)");
}

TEST(ParserExpressionTest, Windows) {
  EXPECT_EQ(E("row_number() OVER (PARTITION BY a ORDER BY b DESC NULLS LAST)"),
            "row_number() OVER (PARTITION BY a ORDER BY b DESC NULLS LAST)");
  EXPECT_EQ(E("sum(x) OVER (ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
            "sum(x) OVER (ORDER BY t ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(E("avg(x) OVER (ORDER BY t RANGE BETWEEN 1 PRECEDING AND 2 FOLLOWING)"),
            "avg(x) OVER (ORDER BY t RANGE BETWEEN 1 PRECEDING AND 2 FOLLOWING)");
  EXPECT_EQ(E("sum(x) OVER (ROWS 3 PRECEDING)"), "sum(x) OVER (ROWS 3 PRECEDING)");
  EXPECT_EQ(E("rank() OVER w"), "rank() OVER w");
  EXPECT_EQ(E("lag(x, 1) OVER (w ORDER BY y)"), "lag(x, 1) OVER (w ORDER BY y)");
  EXPECT_EQ(E("count(*) FILTER (WHERE a) OVER ()"), "count(*) FILTER (WHERE a) OVER ()");
}

TEST(ParserExpressionTest, SpecialSyntaxes) {
  EXPECT_EQ(E("position('b' IN 'abc')"), "position('b', 'abc')");
  EXPECT_EQ(E("position('b', 'abc')"), "position('b', 'abc')");
  EXPECT_EQ(E("substring(s FROM 2 FOR 3)"), "substring(s, 2, 3)");
  EXPECT_EQ(E("substr(s FROM 2)"), "substr(s, 2)");
  EXPECT_EQ(E("substring(s, 1, 2)"), "substring(s, 1, 2)");
  EXPECT_EQ(E("substring()"), "substring()");
}

TEST(ParserExpressionTest, NestedParenthesesStayLinear) {
  // Found by the fuzzer: each '(' before SELECT used to retry both readings (exponential).
  std::string sql;
  for (int i = 0; i < 300; ++i) sql += "(SELECT (";
  auto parsed = Parser::ParseExpression(sql);
  EXPECT_FALSE(parsed.ok());
  std::string nested = "1";
  for (int i = 0; i < 40; ++i) nested = "((SELECT " + nested + ") + 1)";
  EXPECT_TRUE(Parser::ParseExpression(nested).ok());
}

TEST(ParserExpressionTest, Positions) {
  auto expr = Parser::ParseExpression("a +\n  b");
  ASSERT_TRUE(expr.ok());
  const AstNode& b = *(*expr)->children[1];
  EXPECT_EQ(b.pos.line, 2);
  EXPECT_EQ(b.pos.column, 2);
  EXPECT_EQ(b.pos.offset, 6);
}

}  // namespace
}  // namespace lakeml::sql
