#include "conformance/delta/arrow_table_text.h"

#include <gtest/gtest.h>

namespace lakeml::conformance {
namespace {

std::string Row(std::vector<std::string> cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out.push_back(kCellSeparator);
    out += cells[i];
  }
  return out;
}

TEST(ArrowTableTextTest, ParsesHeaderRowsAndNulls) {
  auto set = ArrowTableText::Parse(
      {
          "+----+-------+--------------------------+",
          "| id | name  | struct_col               |",
          "+----+-------+--------------------------+",
          "| 1  | Alice | {field: 1, field.one: 2} |",
          "| 2  |       | {v: }                    |",
          "+----+-------+--------------------------+",
      },
      "test");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->style, ValueStyle::kArrowText);
  EXPECT_EQ(set->columns, (std::vector<std::string>{"id", "name", "struct_col"}));
  ASSERT_EQ(set->rows.size(), 2u);
  EXPECT_EQ(set->rows[0], Row({"1", "Alice", "{field: 1, field.one: 2}"}));
  EXPECT_EQ(set->rows[1], Row({"2", "", "{v: }"}));
}

TEST(ArrowTableTextTest, CutsAtRulePositionsNotAtBars) {
  // A cell may hold " | "; columns come from the rule, counted in code points.
  auto set = ArrowTableText::Parse(
      {
          "+-------+----+",
          "| a     | bé |",
          "+-------+----+",
          "| x | y | é  |",
          "+-------+----+",
      },
      "test");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->columns, (std::vector<std::string>{"a", "bé"}));
  ASSERT_EQ(set->rows.size(), 1u);
  EXPECT_EQ(set->rows[0], Row({"x | y", "é"}));
}

TEST(ArrowTableTextTest, HeaderOnlyTableHasNoRows) {
  auto set = ArrowTableText::Parse({"+---+", "| a |", "+---+", "+---+"}, "test");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_TRUE(set->rows.empty());
}

TEST(ArrowTableTextTest, RejectsMalformedTables) {
  EXPECT_FALSE(ArrowTableText::Parse({}, "t").ok());
  EXPECT_FALSE(ArrowTableText::Parse({"| a |", "+---+"}, "t").ok());
  // A row whose bars do not line up with the rule.
  auto bad = ArrowTableText::Parse(
      {"+---+---+", "| a | b |", "+---+---+", "| 1 | 2 x|", "+---+---+"}, "where.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 4"), std::string::npos) << bad.status().ToString();
  EXPECT_NE(bad.status().message().find("where.json"), std::string::npos);
  // No closing rule.
  EXPECT_FALSE(ArrowTableText::Parse({"+---+", "| a |", "+---+", "| 1 |"}, "t").ok());
}

}  // namespace
}  // namespace lakeml::conformance
