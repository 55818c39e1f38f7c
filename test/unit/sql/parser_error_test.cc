#include <gtest/gtest.h>

#include <string>

#include "sql/parser/keyword_table.h"
#include "unit/sql/round_trip.h"

namespace lakeml::sql {
namespace {

std::string Err(std::string_view sql) { return RoundTrip::Error(sql); }

TEST(ParserErrorTest, SyntaxErrorsCarrySparkPositions) {
  EXPECT_EQ(Err("SELECT a, FROM t"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. SQLSTATE: 42601; line 1, pos 10");
  EXPECT_EQ(Err("SELECT * FROM t WHERE"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601; line 1, "
            "pos 21");
  EXPECT_EQ(Err("SELECT 1\nFROM t\nWHERE a = = 1"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '='. SQLSTATE: 42601; line 3, pos 10");
  EXPECT_EQ(Err("SELEC 1"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. SQLSTATE: 42601; line 1, pos 0");
  EXPECT_EQ(Err("SELECT (1 + 2"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601; line 1, "
            "pos 13");
  EXPECT_EQ(Err("SELECT 1 2"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '2'. SQLSTATE: 42601; line 1, pos 9");
  EXPECT_EQ(Err("SELECT 'x' 'y' FROM t t2 t3"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 't3'. SQLSTATE: 42601; line 1, pos 25");
  EXPECT_EQ(Err("SELECT * FROM t JOIN"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601; line 1, "
            "pos 20");
}

TEST(ParserErrorTest, TokenKindsInMessages) {
  EXPECT_EQ(Err("SELECT 1 'x'"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near ''x''. SQLSTATE: 42601; line 1, pos 9");
  EXPECT_EQ(Err("SELECT 1 `q`"), "OK");  // `q` is an alias.
  EXPECT_EQ(Err("SELECT 1 AS 2"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '2'. SQLSTATE: 42601; line 1, pos 12");
  EXPECT_EQ(Err("SELECT CAST(1 AS 5)"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '5'. SQLSTATE: 42601; line 1, pos 17");
  EXPECT_EQ(Err("SELECT 1 :p"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near ':p'. SQLSTATE: 42601; line 1, pos 9");
}

TEST(ParserErrorTest, LexicalErrors) {
  EXPECT_EQ(Err("SELECT 'abc"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near ''': unclosed string literal. SQLSTATE: "
            "42601; line 1, pos 7");
  EXPECT_EQ(Err("SELECT `abc"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '`'. SQLSTATE: 42601; line 1, pos 7");
  EXPECT_EQ(Err("SELECT 1 /* x"),
            "[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append */ "
            "at the end of the comment. SQLSTATE: 42601; line 1, pos 9");
  EXPECT_EQ(Err("SELECT $x"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '$'. SQLSTATE: 42601; line 1, pos 7");
  EXPECT_EQ(Err("SELECT 1.5x"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '1.5x'. SQLSTATE: 42601; line 1, pos 7");
  EXPECT_EQ(Err("SELECT X'1"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'X''. SQLSTATE: 42601; line 1, pos 7");
}

TEST(ParserErrorTest, SetNeedsAKey) {
  // Found by the fuzzer: "SET = x" printed back as a bare "SET".
  EXPECT_EQ(Err("SET = 8"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '='. SQLSTATE: 42601; line 1, pos 4");
}

TEST(ParserErrorTest, EmptyStatement) {
  std::string empty =
      "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617";
  EXPECT_EQ(Err(""), empty);
  EXPECT_EQ(Err(" ; ; -- only a comment"), empty);
  EXPECT_EQ(Parser::ParseExpression("").status().message(), empty);
}

TEST(ParserErrorTest, ReservedAliases) {
  // The 16 Databricks words cannot be unquoted table aliases...
  EXPECT_EQ(Err("SELECT * FROM t AS join"),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near 'join'. SQLSTATE: 42601; line 1, pos 19");
  EXPECT_EQ(Err("SELECT * FROM t AS `join`"), "OK");
  // ...but other keywords can, and keywords are valid names elsewhere.
  EXPECT_EQ(RoundTrip::Canonical("SELECT * FROM t AS table"), "SELECT * FROM t AS `table`");
  EXPECT_EQ(RoundTrip::Canonical("SELECT select.from FROM select"),
            "SELECT `select`.`from` FROM `select`");
  EXPECT_EQ(RoundTrip::Canonical("SELECT count, date, year FROM t"),
            "SELECT count, date, year FROM t");
  for (const char* word :
       {"ANTI", "CROSS", "EXCEPT", "FULL", "INNER", "INTERSECT", "JOIN", "LATERAL", "LEFT", "MINUS",
        "NATURAL", "ON", "RIGHT", "SEMI", "UNION", "USING"}) {
    EXPECT_TRUE(KeywordTable::IsReservedTableAlias(word)) << word;
  }
  EXPECT_FALSE(KeywordTable::IsReservedTableAlias("x"));
}

TEST(ParserErrorTest, DepthGuard) {
  std::string deep(5000, '(');
  deep = "SELECT " + deep + "1" + std::string(5000, ')');
  std::string error = Err(deep);
  EXPECT_EQ(error.rfind("[PARSE_SYNTAX_ERROR] Syntax error at or near", 0), 0u) << error;
  EXPECT_NE(error.find("nesting deeper than 1000 levels"), std::string::npos) << error;

  std::string nested_queries;
  for (int i = 0; i < 3000; ++i) nested_queries += "SELECT * FROM (";
  nested_queries += "SELECT 1";
  for (int i = 0; i < 3000; ++i) nested_queries += ")";
  EXPECT_NE(Err(nested_queries).find("nesting deeper"), std::string::npos);

  std::string long_chain = "SELECT 1";
  for (int i = 0; i < 100000; ++i) long_chain += " + 1";
  EXPECT_NE(Err(long_chain).find("nesting deeper"), std::string::npos);

  std::string unary = "SELECT " + std::string(100000, '-') + "1";
  EXPECT_NE(Err(unary).find("PARSE_SYNTAX_ERROR"), std::string::npos);

  std::string nots = "SELECT ";
  for (int i = 0; i < 50000; ++i) nots += "NOT ";
  EXPECT_NE(Err(nots + "a").find("nesting deeper"), std::string::npos);

  std::string types = "SELECT CAST(a AS ";
  for (int i = 0; i < 5000; ++i) types += "ARRAY<";
  EXPECT_NE(Err(types + "INT").find("nesting deeper"), std::string::npos);

  // Moderate nesting is fine and round-trips.
  std::string ok = "SELECT " + std::string(100, '(') + "1" + std::string(100, ')');
  EXPECT_EQ(RoundTrip::Canonical(ok), "SELECT 1");
  std::string chain = "SELECT 1";
  for (int i = 0; i < 200; ++i) chain += " + 1";
  EXPECT_EQ(Err(chain), "OK");
}

}  // namespace
}  // namespace lakeml::sql
