// Memory limit, spilling, cancellation and EXPLAIN ANALYZE, end to end through Connection:
// aggregates and sorts under a tiny limit (SET lakeml.memoryLimit) must spill and give the same
// answers as without one; so must a join whose build side does not fit (it spills, decision
// 0023); Interrupt() cancels a long query promptly.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "columnar/scalar.h"
#include "sql/common/sql_error.h"
#include "sql/main/connection.h"

namespace lakeml::sql {
namespace {

class SpillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(DatabaseOptions{});
    ASSERT_TRUE(db.ok()) << db.status().message();
    conn_ = std::make_unique<Connection>(*db);
    // 100 rows; cross joins of it make the big inputs.
    std::string values = "CREATE TEMPORARY VIEW hundred AS SELECT * FROM VALUES ";
    for (int i = 0; i < 100; ++i) values += (i ? ", (" : "(") + std::to_string(i) + ")";
    values += " AS t(x)";
    ASSERT_TRUE(conn_->Execute(values).ok());
  }

  // Every row of the result as text, in result order.
  std::string Rows(const std::string& sql) {
    auto r = conn_->Execute(sql);
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok()) return "";
    std::string out;
    for (const Chunk& chunk : (*r)->chunks()) {
      for (int64_t row = 0; row < chunk.size; ++row) {
        for (const auto& c : chunk.columns) {
          out += columnar::Scalar::FromVector(*c, row).ToString() + "|";
        }
        out += "\n";
      }
    }
    return out;
  }

  void SetLimit(const std::string& limit) {
    ASSERT_TRUE(conn_->Execute("SET lakeml.memoryLimit = " + limit).ok());
  }

  std::unique_ptr<Connection> conn_;
};

// 200,000 rows, 50,000 groups.
constexpr char kAggregate[] =
    "SELECT k, count(*), sum(v), min(s), max(s), avg(v) FROM ("
    "  SELECT ((a.x * 100 + b.x) * 7 + c.x) % 50000 AS k, c.x AS v,"
    "  CAST(a.x + c.x AS STRING) AS s"
    "  FROM hundred a, hundred b, (SELECT x FROM hundred WHERE x < 20) c) "
    "GROUP BY k ORDER BY k";

TEST_F(SpillTest, AggregateSpillsAndGivesTheSameAnswer) {
  const std::string expected = Rows(kAggregate);
  ASSERT_FALSE(expected.empty());
  SetLimit("1MB");
  EXPECT_EQ(Rows(kAggregate), expected);
  const std::string plan = Rows(std::string("EXPLAIN ANALYZE ") + kAggregate);
  EXPECT_NE(plan.find("HashAggregate"), std::string::npos) << plan;
  EXPECT_NE(plan.find("spilled:"), std::string::npos) << plan;
}

TEST_F(SpillTest, SortSpillsAndGivesTheSameAnswer) {
  const std::string sql =
      "SELECT a.x, b.x, CAST(c.x AS STRING) AS s FROM hundred a, hundred b, hundred c "
      "WHERE c.x < 10 ORDER BY (a.x * 7 + b.x * 13 + c.x) % 1000, s DESC, a.x, b.x";
  const std::string expected = Rows(sql);
  ASSERT_FALSE(expected.empty());
  SetLimit("1MB");
  EXPECT_EQ(Rows(sql), expected);
  const std::string plan = Rows("EXPLAIN ANALYZE " + sql);
  EXPECT_NE(plan.find("runs"), std::string::npos) << plan;
}

TEST_F(SpillTest, JoinOverTheLimitSpills) {
  // join-spill (decision 0023): the build side goes to disk instead of failing; a key too
  // large for the limit still fails (join_spill_test.cc).
  SetLimit("64KB");
  EXPECT_EQ(Rows("WITH big AS (SELECT a.x * 100 + b.x AS y, CAST(a.x AS STRING) AS s "
                 "FROM hundred a, hundred b) "
                 "SELECT count(*), max(r.s) FROM big l JOIN big r ON l.y = r.y"),
            "10000|99|\n");
  // The default limit comes back.
  SetLimit("default");
  EXPECT_EQ(Rows("SELECT count(*) FROM hundred"), "100|\n");
}

TEST_F(SpillTest, InvalidLimitIsRejected) {
  auto r = conn_->Execute("SET lakeml.memoryLimit = lots");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(SqlError::ErrorClass(r.status()), "INVALID_CONF_VALUE");
}

TEST_F(SpillTest, InterruptCancelsALongQuery) {
  Status status;
  auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point end;
  std::thread runner([&] {
    // 10^8 rows: far longer than the test waits.
    auto r = conn_->Execute(
        "SELECT count(*), sum(a.x + b.x + c.x + d.x) FROM hundred a, hundred b, hundred c, "
        "hundred d");
    status = r.ok() ? Status::OK() : r.status();
    end = std::chrono::steady_clock::now();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto interrupted = std::chrono::steady_clock::now();
  conn_->Interrupt();
  runner.join();
  EXPECT_EQ(SqlError::ErrorClass(status), "OPERATION_CANCELED") << status.message();
  EXPECT_LT(std::chrono::duration<double>(end - interrupted).count(), 1.0);
  EXPECT_GT(std::chrono::duration<double>(end - start).count(), 0.05);
}

TEST_F(SpillTest, ExplainAnalyzeShowsRowsAndTimes) {
  const std::string plan =
      Rows("EXPLAIN ANALYZE SELECT x % 10 AS k, count(*) FROM hundred GROUP BY k ORDER BY k");
  EXPECT_NE(plan.find("== Physical Plan (analyzed: 10 rows in "), std::string::npos) << plan;
  EXPECT_NE(plan.find("HashAggregate"), std::string::npos) << plan;
  EXPECT_NE(plan.find("(rows: 100, time: "), std::string::npos) << plan;  // The VALUES scan.
  EXPECT_NE(plan.find("(rows: 10, time: "), std::string::npos) << plan;
  const std::string extended = Rows("EXPLAIN EXTENDED SELECT x FROM hundred WHERE x > 5");
  EXPECT_NE(extended.find("== Optimized Logical Plan =="), std::string::npos) << extended;
  EXPECT_NE(extended.find("== Physical Plan =="), std::string::npos) << extended;
}

}  // namespace
}  // namespace lakeml::sql
