#include <gtest/gtest.h>

#include "unit/sql/round_trip.h"

namespace lakeml::sql {
namespace {

std::string Stmt(std::string_view sql) { return RoundTrip::Canonical(sql); }

TEST(ParserStatementTest, Utility) {
  EXPECT_EQ(Stmt("explain select 1"), "EXPLAIN SELECT 1");
  EXPECT_EQ(Stmt("EXPLAIN ANALYZE SELECT 1"), "EXPLAIN ANALYZE SELECT 1");
  EXPECT_EQ(Stmt("EXPLAIN EXTENDED DELETE FROM t"), "EXPLAIN EXTENDED DELETE FROM t");
  EXPECT_EQ(Stmt("use catalog main"), "USE CATALOG main");
  EXPECT_EQ(Stmt("USE DATABASE s"), "USE SCHEMA s");
  EXPECT_EQ(Stmt("USE main.s"), "USE main.s");
  EXPECT_EQ(Stmt("show catalogs"), "SHOW CATALOGS");
  EXPECT_EQ(Stmt("SHOW DATABASES FROM main LIKE 'x'"), "SHOW SCHEMAS IN main LIKE 'x'");
  EXPECT_EQ(Stmt("SHOW TABLES IN main.s 'a*'"), "SHOW TABLES IN main.s LIKE 'a*'");
  EXPECT_EQ(Stmt("SHOW COLUMNS FROM t"), "SHOW COLUMNS IN t");
  EXPECT_EQ(Stmt("DESC t"), "DESCRIBE t");
  EXPECT_EQ(Stmt("DESCRIBE TABLE EXTENDED t"), "DESCRIBE TABLE EXTENDED t");
  EXPECT_EQ(Stmt("describe detail main.s.t"), "DESCRIBE DETAIL main.s.t");
  EXPECT_EQ(Stmt("DESCRIBE HISTORY t"), "DESCRIBE HISTORY t");
  EXPECT_EQ(Stmt("DESCRIBE detail"), "DESCRIBE `detail`");  // A table named detail.
  EXPECT_EQ(Stmt("SET spark.sql.ansi.enabled=true"), "SET spark.sql.ansi.enabled = true");
  EXPECT_EQ(Stmt("SET a.b"), "SET a.b");
  EXPECT_EQ(Stmt("SET"), "SET");
  EXPECT_EQ(Stmt("SET TIME ZONE 'America/New_York'"), "SET TIME ZONE 'America/New_York'");
  EXPECT_EQ(Stmt("RESET a.b"), "RESET a.b");
}

TEST(ParserStatementTest, CreateTable) {
  EXPECT_EQ(Stmt("create table t (a int, b string not null comment 'x') using delta "
              "partitioned by (a) location '/p' tblproperties ('k' = 'v', x.y = 1)"),
            "CREATE TABLE t (a INT, b STRING NOT NULL COMMENT 'x') USING delta PARTITIONED BY "
            "(a) LOCATION '/p' TBLPROPERTIES ('k' = 'v', 'x.y' = 1)");
  EXPECT_EQ(Stmt("CREATE OR REPLACE TABLE IF NOT EXISTS t AS SELECT 1"),
            "CREATE OR REPLACE TABLE IF NOT EXISTS t AS SELECT 1");
  EXPECT_EQ(Stmt("CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT "
              "BY 2), d DATE GENERATED ALWAYS AS (CAST(ts AS DATE)) COMMENT 'day', "
              "v INT DEFAULT 7, CONSTRAINT pos CHECK (v > 0))"),
            "CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY "
            "2), d DATE GENERATED ALWAYS AS (CAST(ts AS DATE)) COMMENT 'day', v INT DEFAULT 7, "
            "CONSTRAINT pos CHECK ((v > 0)))");
  EXPECT_EQ(Stmt("CREATE TABLE t COMMENT 'c' AS SELECT * FROM s"),
            "CREATE TABLE t COMMENT 'c' AS SELECT * FROM s");
}

TEST(ParserStatementTest, CreateViewSchemaCatalogDrop) {
  EXPECT_EQ(Stmt("CREATE TEMP VIEW v AS SELECT 1"), "CREATE TEMPORARY VIEW v AS SELECT 1");
  EXPECT_EQ(Stmt("CREATE OR REPLACE VIEW v (a) AS SELECT 1"),
            "CREATE OR REPLACE VIEW v (a) AS SELECT 1");
  EXPECT_EQ(Stmt("CREATE SCHEMA IF NOT EXISTS s COMMENT 'x'"),
            "CREATE SCHEMA IF NOT EXISTS s COMMENT 'x'");
  EXPECT_EQ(Stmt("CREATE DATABASE d MANAGED LOCATION '/m'"), "CREATE SCHEMA d LOCATION '/m'");
  EXPECT_EQ(Stmt("CREATE CATALOG c"), "CREATE CATALOG c");
  EXPECT_EQ(Stmt("DROP TABLE IF EXISTS t"), "DROP TABLE IF EXISTS t");
  EXPECT_EQ(Stmt("DROP VIEW v"), "DROP VIEW v");
  EXPECT_EQ(Stmt("DROP SCHEMA s CASCADE"), "DROP SCHEMA s CASCADE");
  EXPECT_EQ(Stmt("DROP CATALOG IF EXISTS c RESTRICT"), "DROP CATALOG IF EXISTS c");
}

TEST(ParserStatementTest, AlterTable) {
  EXPECT_EQ(Stmt("ALTER TABLE t ADD COLUMN c INT"), "ALTER TABLE t ADD COLUMNS (c INT)");
  EXPECT_EQ(Stmt("ALTER TABLE t ADD COLUMNS (c INT, d STRING)"),
            "ALTER TABLE t ADD COLUMNS (c INT, d STRING)");
  EXPECT_EQ(Stmt("ALTER TABLE t RENAME COLUMN a TO b"), "ALTER TABLE t RENAME COLUMN a TO b");
  EXPECT_EQ(Stmt("ALTER TABLE t DROP COLUMN a"), "ALTER TABLE t DROP COLUMNS (a)");
  EXPECT_EQ(Stmt("ALTER TABLE t DROP COLUMNS (a, b)"), "ALTER TABLE t DROP COLUMNS (a, b)");
  EXPECT_EQ(Stmt("ALTER TABLE t SET TBLPROPERTIES ('a' = 'b')"),
            "ALTER TABLE t SET TBLPROPERTIES ('a' = 'b')");
  EXPECT_EQ(Stmt("ALTER TABLE t UNSET TBLPROPERTIES ('a')"),
            "ALTER TABLE t UNSET TBLPROPERTIES ('a')");
  EXPECT_EQ(Stmt("ALTER TABLE t RENAME TO u"), "ALTER TABLE t RENAME TO u");
  EXPECT_EQ(Stmt("ALTER TABLE t ALTER COLUMN a TYPE BIGINT"),
            "ALTER TABLE t ALTER COLUMN a TYPE BIGINT");
}

TEST(ParserStatementTest, InsertUpdateDelete) {
  EXPECT_EQ(Stmt("INSERT INTO t VALUES (1)"), "INSERT INTO t VALUES (1)");
  EXPECT_EQ(Stmt("insert into table t (a, b) select 1, 2"), "INSERT INTO t (a, b) SELECT 1, 2");
  EXPECT_EQ(Stmt("INSERT OVERWRITE TABLE t SELECT * FROM s"), "INSERT OVERWRITE t SELECT * FROM s");
  EXPECT_EQ(Stmt("INSERT INTO t REPLACE WHERE d = 1 SELECT * FROM s"),
            "INSERT INTO t REPLACE WHERE (d = 1) SELECT * FROM s");
  EXPECT_EQ(Stmt("INSERT INTO t BY NAME SELECT 1 AS a"), "INSERT INTO t BY NAME SELECT 1 AS a");
  EXPECT_EQ(Stmt("UPDATE t SET a = a + 1, b = 2 WHERE c"), "UPDATE t SET a = (a + 1), b = 2 WHERE c");
  EXPECT_EQ(Stmt("UPDATE t x SET x.a = 1"), "UPDATE t AS x SET x.a = 1");
  EXPECT_EQ(Stmt("DELETE FROM t WHERE a = 1"), "DELETE FROM t WHERE (a = 1)");
  EXPECT_EQ(Stmt("DELETE FROM t"), "DELETE FROM t");
}

TEST(ParserStatementTest, Merge) {
  EXPECT_EQ(Stmt("MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET * "
              "WHEN NOT MATCHED THEN INSERT *"),
            "MERGE INTO t USING s ON (t.k = s.k) WHEN MATCHED THEN UPDATE SET * WHEN NOT "
            "MATCHED THEN INSERT *");
  EXPECT_EQ(Stmt("MERGE INTO t a USING (SELECT * FROM s) b ON a.k = b.k "
              "WHEN MATCHED AND b.d THEN DELETE "
              "WHEN MATCHED THEN UPDATE SET a.v = b.v "
              "WHEN NOT MATCHED BY TARGET THEN INSERT (k, v) VALUES (b.k, b.v) "
              "WHEN NOT MATCHED BY SOURCE THEN DELETE"),
            "MERGE INTO t AS a USING (SELECT * FROM s) AS b ON (a.k = b.k) WHEN MATCHED AND b.d "
            "THEN DELETE WHEN MATCHED THEN UPDATE SET a.v = b.v WHEN NOT MATCHED THEN INSERT "
            "(k, v) VALUES (b.k, b.v) WHEN NOT MATCHED BY SOURCE THEN DELETE");
  // INSERT is only valid for NOT MATCHED [BY TARGET]; DELETE/UPDATE not there.
  EXPECT_NE(RoundTrip::Error("MERGE INTO t USING s ON a WHEN MATCHED THEN INSERT *"), "OK");
  EXPECT_NE(RoundTrip::Error("MERGE INTO t USING s ON a WHEN NOT MATCHED THEN DELETE"), "OK");
}

TEST(ParserStatementTest, CopyOptimizeVacuumRestore) {
  EXPECT_EQ(Stmt("COPY INTO t FROM '/in' FILEFORMAT = csv FORMAT_OPTIONS ('header' = 'true')"),
            "COPY INTO t FROM '/in' FILEFORMAT = CSV FORMAT_OPTIONS ('header' = 'true')");
  EXPECT_EQ(Stmt("OPTIMIZE t WHERE d > 1 ZORDER BY a, b"),
            "OPTIMIZE t WHERE (d > 1) ZORDER BY (a, b)");
  EXPECT_EQ(Stmt("VACUUM t RETAIN 24 HOURS DRY RUN"), "VACUUM t RETAIN 24 HOURS DRY RUN");
  EXPECT_EQ(Stmt("RESTORE t VERSION AS OF 1"), "RESTORE TABLE t TO VERSION AS OF 1");
  EXPECT_EQ(Stmt("RESTORE TABLE t TO TIMESTAMP AS OF '2024-01-01'"),
            "RESTORE TABLE t TO TIMESTAMP AS OF '2024-01-01'");
}

TEST(ParserStatementTest, StatementKinds) {
  auto parsed = Parser::Parse(
      "SELECT 1; DROP TABLE t; MERGE INTO t USING s ON TRUE WHEN "
      "MATCHED THEN DELETE; VACUUM t");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->size(), 4u);
  EXPECT_EQ((*parsed)[0]->kind, NodeKind::kQuery);
  EXPECT_EQ((*parsed)[1]->kind, NodeKind::kDrop);
  EXPECT_EQ((*parsed)[2]->kind, NodeKind::kMerge);
  EXPECT_EQ((*parsed)[3]->kind, NodeKind::kVacuum);
  EXPECT_EQ((*parsed)[3]->pos.column, 79);
}

}  // namespace
}  // namespace lakeml::sql
