#include "sql/parser/keyword_table.h"

#include <gtest/gtest.h>

namespace lakeml::sql {
namespace {

TEST(KeywordTableTest, CaseInsensitiveLookups) {
  EXPECT_TRUE(KeywordTable::IsKeyword("select"));
  EXPECT_TRUE(KeywordTable::IsKeyword("SeLeCt"));
  EXPECT_FALSE(KeywordTable::IsKeyword("customer"));
  EXPECT_TRUE(KeywordTable::IsReservedTableAlias("join"));
  EXPECT_FALSE(KeywordTable::IsReservedTableAlias("where"));  // Allowed after AS.
  EXPECT_TRUE(KeywordTable::IsReservedColumnAlias("where"));
  EXPECT_TRUE(KeywordTable::IsReservedColumnAlias("Join"));
  EXPECT_FALSE(KeywordTable::IsReservedColumnAlias("x"));
}

TEST(KeywordTableTest, EveryListedWordIsFound) {
  // The tables are binary-searched, so an unsorted entry would be missed.
  for (const char* word : {"ADD", "ALL", "ZORDER", "WITHIN", "TRY_CAST", "SORT", "CLUSTER",
                           "DISTRIBUTE", "MATCHED", "UNBOUNDED"}) {
    EXPECT_TRUE(KeywordTable::IsKeyword(word)) << word;
  }
  for (const char* word : {"ANTI", "AS", "CLUSTER", "WINDOW", "UNPIVOT", "SORT", "QUALIFY"}) {
    EXPECT_TRUE(KeywordTable::IsReservedColumnAlias(word)) << word;
  }
}

}  // namespace
}  // namespace lakeml::sql
