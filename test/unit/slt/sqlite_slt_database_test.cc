#include "sqllogictest/sqlite_slt_database.h"

#include <gtest/gtest.h>

namespace lakeml::slt {
namespace {

TEST(SqliteSltDatabaseTest, RendersValuesAsText) {
  auto db = SqliteSltDatabase::Open();
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ((*db)->name(), "sqlite");
  EXPECT_TRUE((*db)->Supports("sqlite"));
  EXPECT_FALSE((*db)->Supports("delta"));
  auto r = (*db)->Execute("SELECT 1 AS a, 2.0, 0.1, NULL, 'x', '', 1e300 * 1e300, x'4142'");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->column_names.size(), 8u);
  EXPECT_EQ(r->column_names[0], "a");
  ASSERT_EQ(r->rows.size(), 1u);
  const auto& row = r->rows[0];
  EXPECT_EQ(row[0], "1");
  EXPECT_EQ(row[1], "2.0");
  EXPECT_EQ(row[2], "0.1");
  EXPECT_EQ(row[3], std::nullopt);
  EXPECT_EQ(row[4], "x");
  EXPECT_EQ(row[5], "");
  EXPECT_EQ(row[6], "inf");
  EXPECT_EQ(row[7], "AB");
}

TEST(SqliteSltDatabaseTest, SeveralStatementsAndErrors) {
  auto db = SqliteSltDatabase::Open();
  ASSERT_TRUE(db.ok());
  auto r = (*db)->Execute("CREATE TABLE t (i INT); INSERT INTO t VALUES (7); SELECT i FROM t;");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0][0], "7");
  r = (*db)->Execute("INSERT INTO t VALUES (8)");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->column_names.empty());
  r = (*db)->Execute("SELECT * FROM nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "no such table: nope");
  r = (*db)->Execute("SELECT abs(-9223372036854775807 - 1)");  // a runtime error in step()
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "integer overflow");
}

}  // namespace
}  // namespace lakeml::slt
