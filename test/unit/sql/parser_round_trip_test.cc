#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "sql/parser/ast_printer.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(LAKEML_SOURCE_DIR) + "/test/unit/sql/data/" + name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Splits `file` at ";" line ends, parses each statement, prints it, re-parses the printed text
// and checks that the trees are equal and the printing is stable. Returns the statement count.
size_t CheckFile(const std::string& file) {
  std::string text = ReadData(file);
  EXPECT_FALSE(text.empty()) << file;
  size_t count = 0;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(";\n", begin);
    if (end == std::string::npos) end = text.size();
    std::string chunk = text.substr(begin, end - begin);
    begin = end + 2;
    auto parsed = Parser::Parse(chunk);
    if (!parsed.ok() && parsed.status().message().find("PARSE_EMPTY_STATEMENT") == 0) continue;
    EXPECT_TRUE(parsed.ok()) << chunk << "\n" << parsed.status().message();
    if (!parsed.ok()) continue;
    EXPECT_EQ(parsed->size(), 1u) << chunk;
    const AstNode& statement = *(*parsed)[0];
    ++count;
    std::string printed = AstPrinter::Print(statement);
    auto again = Parser::Parse(printed);
    EXPECT_TRUE(again.ok()) << printed << "\n" << again.status().message();
    if (!again.ok()) continue;
    EXPECT_EQ(again->size(), 1u) << printed;
    EXPECT_TRUE((*again)[0]->Equals(statement))
        << chunk << "\nprinted: " << printed << "\nbefore:\n"
        << statement.DebugString() << "after:\n"
        << (*again)[0]->DebugString();
    EXPECT_EQ(AstPrinter::Print(*(*again)[0]), printed);
  }
  return count;
}

TEST(ParserRoundTripTest, HandWrittenStatements) {
  size_t count = CheckFile("round_trip_statements.sql");
  EXPECT_GE(count + 22, 150u);
}

TEST(ParserRoundTripTest, WholeFileAsOneScript) {
  auto parsed = Parser::Parse(ReadData("round_trip_statements.sql"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_GE(parsed->size(), 128u);
}

// Found by fuzz.sql_parser: a comment inside a SET key was kept in the key's text, so the
// printed statement re-parsed to another key.
TEST(ParserRoundTripTest, SetKeyWithCommentOrSpaces) {
  for (const std::string sql : {"SET.--\n=", "SET a.b /* c */ .d = 1", "SET a . b=x -- y"}) {
    auto parsed = Parser::Parse(sql);
    ASSERT_TRUE(parsed.ok()) << sql << ": " << parsed.status().message();
    ASSERT_EQ(parsed->size(), 1u);
    const std::string printed = AstPrinter::Print(*(*parsed)[0]);
    auto again = Parser::Parse(printed);
    ASSERT_TRUE(again.ok()) << printed << ": " << again.status().message();
    ASSERT_EQ(again->size(), 1u);
    EXPECT_TRUE((*again)[0]->Equals(*(*parsed)[0])) << sql << " printed as " << printed;
  }
  auto plain = Parser::Parse("SET spark.sql.ansi.enabled = true");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)[0]->text, "spark.sql.ansi.enabled");
}

}  // namespace
}  // namespace lakeml::sql
