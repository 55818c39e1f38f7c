#include "sqllogictest/slt_parser.h"

#include <gtest/gtest.h>

namespace lakeml::slt {
namespace {

SltFile ParseOk(std::string_view text) {
  Result<SltFile> file = SltParser::Parse(text, "t.test");
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  return file.ok() ? *file : SltFile{};
}

std::string ParseError(std::string_view text) {
  Result<SltFile> file = SltParser::Parse(text, "t.test");
  EXPECT_FALSE(file.ok());
  return file.ok() ? "" : file.status().message();
}

TEST(SltParserTest, RecordsWithLineNumbers) {
  SltFile f = ParseOk(
      "# name: t.test\n"
      "# description: a file\n"
      "# group: [select] [slow]\n"
      "\n"
      "statement ok\n"
      "CREATE TABLE t (i INT)\n"
      "\n"
      "statement error\n"
      "SELECT x\n"
      "FROM t\n"
      "----\n"
      "column x\n"
      "\n"
      "query IRT rowsort lbl\n"
      "SELECT 1, 2.5, 'a'\n"
      "----\n"
      "1\t2.5\ta\n");
  EXPECT_EQ(f.description, "a file");
  EXPECT_EQ(f.groups, (std::vector<std::string>{"select", "slow"}));
  EXPECT_TRUE(f.HasGroup("slow"));
  ASSERT_EQ(f.records.size(), 3u);
  EXPECT_EQ(f.records[0].kind, SltRecordKind::kStatementOk);
  EXPECT_EQ(f.records[0].line, 5);
  EXPECT_EQ(f.records[0].sql, "CREATE TABLE t (i INT)");
  EXPECT_EQ(f.records[1].kind, SltRecordKind::kStatementError);
  EXPECT_EQ(f.records[1].line, 8);
  EXPECT_EQ(f.records[1].sql, "SELECT x\nFROM t");
  EXPECT_EQ(f.records[1].expected_error, "column x");
  const SltRecord& q = f.records[2];
  EXPECT_EQ(q.kind, SltRecordKind::kQuery);
  EXPECT_EQ(q.line, 14);
  EXPECT_EQ(q.column_types, "IRT");
  EXPECT_EQ(q.sort_mode, SltSortMode::kRowSort);
  EXPECT_EQ(q.label, "lbl");
  EXPECT_EQ(q.expected_line, 17);
  EXPECT_EQ(q.expected_lines, (std::vector<std::string>{"1\t2.5\ta"}));
}

TEST(SltParserTest, QueryHeaderVariants) {
  SltFile f = ParseOk(
      "query I\nSELECT 1\n----\n1\n\n"
      "query I valuesort\nSELECT 1\n----\n1\n\n"
      "query I mylabel\nSELECT 1\n----\n1\n\n"
      "query II nosort\nSELECT 1, 2\n----\n\n"
      "query B\nSELECT true\n----\ntrue\n");
  ASSERT_EQ(f.records.size(), 5u);
  EXPECT_EQ(f.records[0].sort_mode, SltSortMode::kNoSort);
  EXPECT_EQ(f.records[1].sort_mode, SltSortMode::kValueSort);
  EXPECT_EQ(f.records[2].label, "mylabel");
  EXPECT_EQ(f.records[2].sort_mode, SltSortMode::kNoSort);
  EXPECT_TRUE(f.records[3].expected_lines.empty());
  EXPECT_EQ(f.records[4].column_types, "B");  // Unknown letters compare as text.
}

TEST(SltParserTest, WindowsLineEndingsAndNoTrailingNewline) {
  SltFile f = ParseOk("statement ok\r\nSELECT 1\r\n\r\nquery I\r\nSELECT 2\r\n----\r\n2");
  ASSERT_EQ(f.records.size(), 2u);
  EXPECT_EQ(f.records[0].sql, "SELECT 1");
  EXPECT_EQ(f.records[1].expected_lines, (std::vector<std::string>{"2"}));
}

TEST(SltParserTest, ControlRecords) {
  SltFile f = ParseOk(
      "hash-threshold 8\n"
      "require delta\n"
      "mode skip\n"
      "mode unskip\n"
      "loop i 0 3\n"
      "foreach t int bigint\n"
      "skipif sqlite\n"
      "onlyif lakeml\n"
      "statement ok\n"
      "SELECT ${i}::${t}\n"
      "\n"
      "endloop\n"
      "endloop\n"
      "halt\n");
  ASSERT_EQ(f.records.size(), 10u);
  EXPECT_EQ(f.records[0].kind, SltRecordKind::kHashThreshold);
  EXPECT_EQ(f.records[0].number, 8);
  EXPECT_EQ(f.records[1].kind, SltRecordKind::kRequire);
  EXPECT_EQ(f.records[1].argument, "delta");
  EXPECT_EQ(f.records[2].kind, SltRecordKind::kModeSkip);
  EXPECT_EQ(f.records[3].kind, SltRecordKind::kModeUnskip);
  const SltRecord& loop = f.records[4];
  EXPECT_EQ(loop.kind, SltRecordKind::kLoop);
  EXPECT_EQ(loop.argument, "i");
  EXPECT_EQ(loop.number, 0);
  EXPECT_EQ(loop.loop_end, 3);
  EXPECT_EQ(loop.end_index, 8u);
  const SltRecord& each = f.records[5];
  EXPECT_EQ(each.kind, SltRecordKind::kForeach);
  EXPECT_EQ(each.foreach_values, (std::vector<std::string>{"int", "bigint"}));
  EXPECT_EQ(each.end_index, 7u);
  const SltRecord& st = f.records[6];
  EXPECT_EQ(st.line, 9);
  ASSERT_EQ(st.conditions.size(), 2u);
  EXPECT_FALSE(st.conditions[0].only_if);
  EXPECT_EQ(st.conditions[0].database, "sqlite");
  EXPECT_TRUE(st.conditions[1].only_if);
  EXPECT_EQ(st.sql, "SELECT ${i}::${t}");  // Substitution happens when it runs.
  EXPECT_EQ(f.records[7].kind, SltRecordKind::kEndLoop);
  EXPECT_EQ(f.records[9].kind, SltRecordKind::kHalt);
  EXPECT_EQ(SltRecordKindName(f.records[9].kind), "halt");
}

TEST(SltParserTest, MalformedFilesNameFileAndLine) {
  EXPECT_EQ(ParseError("statement ok\nSELECT 1\n\nfrobnicate\n"),
            "t.test:4: unknown record 'frobnicate' (expected statement, query, halt, skipif, "
            "onlyif, mode, require, loop, foreach, endloop or hash-threshold)");
  EXPECT_EQ(ParseError("query I\nSELECT 1\n\n1\n"),
            "t.test:1: query without ---- and expected result (a blank line ended it at line 3)");
  EXPECT_EQ(ParseError("\nquery I\nSELECT 1"),
            "t.test:2: query without ---- and expected result (a blank line ended it)");
  EXPECT_EQ(ParseError("query I-I\nSELECT 1\n----\n1\n"),
            "t.test:1: bad query type string 'I-I': one letter per column (I integer, R real, "
            "T text)");
  EXPECT_EQ(ParseError("query\nSELECT 1\n----\n"),
            "t.test:1: query needs a type string such as III");
  EXPECT_EQ(ParseError("query I rowsort a b\nSELECT 1\n----\n"),
            "t.test:1: query takes <types> [nosort|rowsort|valuesort] [label], got 'b' too");
  EXPECT_EQ(ParseError("query I lbl rowsort\nSELECT 1\n----\n"),
            "t.test:1: unexpected 'lbl' in query header (expected query <types> "
            "[nosort|rowsort|valuesort] [label])");
  EXPECT_EQ(ParseError("statement maybe\nSELECT 1\n"),
            "t.test:1: expected 'statement ok' or 'statement error'");
  EXPECT_EQ(ParseError("statement ok\n\n"), "t.test:1: statement without SQL");
  EXPECT_EQ(ParseError("statement ok\nSELECT 1\n----\nx\n"),
            "t.test:3: 'statement ok' takes no ---- result");
  EXPECT_EQ(ParseError("loop i 0 x\nendloop\n"),
            "t.test:1: expected 'loop <var> <begin> <end>' with integer bounds");
  EXPECT_EQ(ParseError("loop i 0 2\nstatement ok\nSELECT 1\n"), "t.test:1: loop without endloop");
  EXPECT_EQ(ParseError("\nendloop\n"), "t.test:2: endloop without a loop or foreach");
  EXPECT_EQ(ParseError("foreach x\nendloop\n"), "t.test:1: expected 'foreach <var> <value>...'");
  EXPECT_EQ(ParseError("skipif sqlite\nhalt\n"),
            "t.test:1: skipif/onlyif must be followed by a statement or query, found 'halt' on "
            "line 2");
  EXPECT_EQ(ParseError("onlyif sqlite\n"),
            "t.test:1: skipif/onlyif at the end of the file, without a record");
  EXPECT_EQ(ParseError("mode output_hash\n"),
            "t.test:1: supported modes are 'mode skip' and 'mode unskip'");
  EXPECT_EQ(ParseError("hash-threshold -1\n"),
            "t.test:1: hash-threshold needs one non-negative integer");
  EXPECT_EQ(ParseError("\n\n----\n"),
            "t.test:3: ---- without a preceding query or statement error");
  EXPECT_EQ(ParseError("statement error\nSELECT 1\n----\n\n"),
            "t.test:3: ---- after statement error needs the error text");
}

TEST(SltParserTest, GarbageNeverCrashes) {
  // Every prefix of a valid file either parses or fails with a Status.
  const std::string text =
      "# group: [x]\nloop i 0 2\nskipif a\nquery IT rowsort\nSELECT 1\n----\n1\tx\n\n"
      "statement error\nSELECT 2\n----\nmsg\n\nendloop\nhalt\n";
  for (size_t n = 0; n <= text.size(); ++n) {
    Result<SltFile> f = SltParser::Parse(std::string_view(text).substr(0, n), "p.test");
    if (!f.ok()) {
      EXPECT_EQ(f.status().message().rfind("p.test:", 0), 0u) << n;
    }
  }
}

TEST(SltParserTest, ParseFileReportsMissingFile) {
  Result<SltFile> f = SltParser::ParseFile("/nonexistent/dir/x.test");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kIOError);
  EXPECT_NE(f.status().message().find("/nonexistent/dir/x.test"), std::string::npos);
}

}  // namespace
}  // namespace lakeml::slt
