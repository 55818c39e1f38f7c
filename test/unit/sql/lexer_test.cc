#include "sql/parser/lexer.h"

#include <gtest/gtest.h>

namespace lakeml::sql {
namespace {

std::vector<Token> Lex(std::string_view sql) {
  auto tokens = Lexer::Tokenize(sql);
  EXPECT_TRUE(tokens.ok()) << tokens.status().ToString();
  return tokens.ok() ? *tokens : std::vector<Token>{};
}

TEST(LexerTest, IdentifiersAndPositions) {
  auto t = Lex("SELECT a,\n  `b``c` FROM t");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_TRUE(t[0].IsKeyword("SELECT"));
  EXPECT_EQ(t[1].text, "a");
  EXPECT_TRUE(t[2].IsOperator(","));
  EXPECT_EQ(t[3].type, TokenType::kQuotedIdentifier);
  EXPECT_EQ(t[3].text, "b`c");
  EXPECT_EQ(t[3].pos.line, 2);
  EXPECT_EQ(t[3].pos.column, 2);
  EXPECT_EQ(t[3].pos.offset, 12);
  EXPECT_EQ(t[6].type, TokenType::kEof);
}

TEST(LexerTest, Strings) {
  auto t = Lex(R"('a\'b' "c\nd" r'x\ny' 'it''s')");
  EXPECT_EQ(t[0].text, "a'b");
  EXPECT_EQ(t[1].text, "c\nd");
  EXPECT_EQ(t[2].text, "x\\ny");
  EXPECT_EQ(t[3].text, "it");  // '' is two adjacent strings; the parser concatenates them.
  EXPECT_EQ(t[4].text, "s");
  EXPECT_EQ(Lex(R"('\u0041\%')")[0].text, "A\\%");
}

TEST(LexerTest, Numbers) {
  auto t = Lex("1 2.5 .5 1e10 1.5E-3 10L 2S 3Y 4D 5F 6BD 1a");
  EXPECT_EQ(t[0].text, "1");
  EXPECT_EQ(t[1].text, "2.5");
  EXPECT_EQ(t[2].text, ".5");
  EXPECT_EQ(t[3].text, "1e10");
  EXPECT_EQ(t[4].text, "1.5E-3");
  EXPECT_EQ(t[5].suffix, "L");
  EXPECT_EQ(t[6].suffix, "S");
  EXPECT_EQ(t[7].suffix, "Y");
  EXPECT_EQ(t[8].suffix, "D");
  EXPECT_EQ(t[9].suffix, "F");
  EXPECT_EQ(t[10].suffix, "BD");
  EXPECT_EQ(t[11].type, TokenType::kIdentifier);
  EXPECT_EQ(t[11].text, "1a");
}

TEST(LexerTest, OperatorsAndParameters) {
  auto t = Lex("<=> || :: -> => != <> == >>> :name ? X'0aFF' @");
  std::vector<std::string> ops = {"<=>", "||", "::", "->", "=>", "!=", "<>", "==", ">>>"};
  for (size_t i = 0; i < ops.size(); ++i) EXPECT_TRUE(t[i].IsOperator(ops[i])) << i;
  EXPECT_EQ(t[9].type, TokenType::kNamedParameter);
  EXPECT_EQ(t[9].text, "name");
  EXPECT_EQ(t[10].type, TokenType::kPositionalParameter);
  EXPECT_EQ(t[11].type, TokenType::kBinary);
  EXPECT_EQ(t[11].text, "0aFF");
  EXPECT_TRUE(t[12].IsOperator("@"));
}

TEST(LexerTest, Comments) {
  auto t = Lex("a -- line\n/* outer /* nested */ still */ b");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].text, "b");
}

TEST(LexerTest, Errors) {
  auto r = Lexer::Tokenize("SELECT /* open");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append */ "
            "at the end of the comment. SQLSTATE: 42601; line 1, pos 7");
  r = Lexer::Tokenize("SELECT 'abc");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 1, pos 7"), std::string::npos);
  r = Lexer::Tokenize("SELECT\n  #");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '#'. SQLSTATE: 42601; line 2, pos 2");
}

}  // namespace
}  // namespace lakeml::sql
