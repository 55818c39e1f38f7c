// StatementSplitter: statements end at ';' outside quotes and comments, across lines.
#include "sql/parser/statement_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

using Statements = std::vector<std::string>;

TEST(StatementSplitterTest, OneStatementPerSemicolon) {
  StatementSplitter s;
  EXPECT_EQ(s.Feed("SELECT 1; SELECT 2;\n"), (Statements{"SELECT 1;", "SELECT 2;"}));
  EXPECT_FALSE(s.HasPending());
  EXPECT_EQ(s.TakePending(), "");
}

TEST(StatementSplitterTest, StatementSpansLines) {
  StatementSplitter s;
  EXPECT_TRUE(s.Feed("SELECT 1,\n").empty());
  EXPECT_TRUE(s.HasPending());
  EXPECT_TRUE(s.Feed("  2\n").empty());
  EXPECT_EQ(s.Feed("FROM t; SELECT\n"), (Statements{"SELECT 1,\n  2\nFROM t;"}));
  EXPECT_TRUE(s.HasPending());
  EXPECT_EQ(s.TakePending(), "SELECT\n");
  EXPECT_FALSE(s.HasPending());
}

TEST(StatementSplitterTest, SemicolonsInsideQuotesDoNotEndStatements) {
  StatementSplitter s;
  EXPECT_TRUE(s.Feed("SELECT 'a;\n").empty());
  EXPECT_TRUE(s.HasPending());
  EXPECT_EQ(s.Feed("b;', \"c;\", `d;``e`;\n"), (Statements{"SELECT 'a;\nb;', \"c;\", `d;``e`;"}));
  // Backslash escapes a quote, as in Spark's string literals.
  EXPECT_EQ(s.Feed("SELECT 'it\\'s;'; SELECT \"\\\\\";\n"),
            (Statements{"SELECT 'it\\'s;';", "SELECT \"\\\\\";"}));
  // Doubled quotes: two adjacent literals, and still one statement.
  EXPECT_EQ(s.Feed("SELECT 'a'';';\n"), (Statements{"SELECT 'a'';';"}));
}

TEST(StatementSplitterTest, SemicolonsInsideCommentsDoNotEndStatements) {
  StatementSplitter s;
  EXPECT_TRUE(s.Feed("SELECT 1 -- not the end;\n").empty());
  EXPECT_TRUE(s.Feed("/* nested /* comment; */ still;\n").empty());
  EXPECT_TRUE(s.HasPending());
  EXPECT_EQ(s.Feed("*/ + 2;\n"),
            (Statements{"SELECT 1 -- not the end;\n/* nested /* comment; */ still;\n*/ + 2;"}));
  EXPECT_EQ(s.Feed("SELECT 3 /* a */; -- done;\n"), (Statements{"SELECT 3 /* a */;"}));
  EXPECT_FALSE(s.HasPending());
}

TEST(StatementSplitterTest, EmptyStatementsAndCommentsAloneAreDropped) {
  StatementSplitter s;
  EXPECT_TRUE(s.Feed(";;  ;\n").empty());
  EXPECT_TRUE(s.Feed("-- just a comment\n").empty());
  EXPECT_FALSE(s.HasPending());
  EXPECT_TRUE(s.Feed("/* open\n").empty());
  EXPECT_TRUE(s.HasPending());  // An open comment continues on the next line.
  EXPECT_TRUE(s.Feed("closed */ ;\n").empty());
  EXPECT_FALSE(s.HasPending());
}

TEST(StatementSplitterTest, ClearDropsPendingTextAndOpenQuotes) {
  StatementSplitter s;
  EXPECT_TRUE(s.Feed("SELECT 'unclosed\n").empty());
  s.Clear();
  EXPECT_FALSE(s.HasPending());
  EXPECT_EQ(s.Feed("SELECT 2;\n"), (Statements{"SELECT 2;"}));
}

// Every statement the splitter cuts from a script parses, and their number is the parser's.
TEST(StatementSplitterTest, AgreesWithTheParserOnAScript) {
  const std::string script =
      "CREATE TABLE t (a INT, s STRING); -- a table\n"
      "INSERT INTO t VALUES (1, 'x;y'), (2, \"it\\\"s\");\n"
      "SELECT `a;b` FROM (SELECT a AS `a;b` FROM t) /* ; */ WHERE a > 0;\n"
      "SELECT 1\n";
  StatementSplitter s;
  Statements statements;
  for (size_t start = 0; start < script.size();) {
    size_t end = script.find('\n', start);
    Statements got = s.Feed(std::string_view(script).substr(start, end + 1 - start));
    statements.insert(statements.end(), got.begin(), got.end());
    start = end + 1;
  }
  statements.push_back(s.TakePending());
  ASSERT_EQ(statements.size(), 4u);
  auto all = Parser::Parse(script);
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->size(), statements.size());
  for (const std::string& statement : statements) {
    auto parsed = Parser::Parse(statement);
    ASSERT_TRUE(parsed.ok()) << statement << ": " << parsed.status().message();
    EXPECT_EQ(parsed->size(), 1u) << statement;
  }
}

}  // namespace
}  // namespace lakeml::sql
