// QueryParameters through Connection::Execute: named and positional markers, typed values,
// and Spark's errors.
#include "sql/main/query_parameters.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "columnar/scalar.h"
#include "sql/common/sql_error.h"
#include "sql/main/connection.h"

namespace lakeml::sql {
namespace {

class QueryParametersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(DatabaseOptions{"", 1});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    conn_ = std::make_unique<Connection>(*db);
  }

  // The single value of a one-row, one-column result, as text.
  std::string One(const std::string& sql, const QueryParameters& params) {
    auto r = conn_->Execute(sql, params);
    if (!r.ok()) return "error: " + r.status().message();
    auto batches = (*r)->batches();
    if ((*r)->num_rows() != 1 || batches.empty()) return "not one row";
    for (const auto& b : batches) {
      if (b->num_rows() == 1) return columnar::Scalar::FromVector(*b->column(0), 0).ToString();
    }
    return "no row";
  }

  std::string ErrorClass(const std::string& sql, const QueryParameters& params) {
    auto r = conn_->Execute(sql, params);
    return r.ok() ? "ok" : SqlError::ErrorClass(r.status());
  }

  std::unique_ptr<Connection> conn_;
};

TEST_F(QueryParametersTest, NamedMarkersTakeTypedValues) {
  QueryParameters p;
  p.SetInt("n", 40);
  p.SetString("s", "it's \\ a \"test\"");
  p.SetDouble("d", 0.25);
  p.SetBool("b", true);
  p.SetNull("z");
  EXPECT_EQ(One("SELECT :n + 2", p), "42");
  EXPECT_EQ(One("SELECT :s", p), "it's \\ a \"test\"");
  EXPECT_EQ(One("SELECT :d * 4", p), "1");
  EXPECT_EQ(One("SELECT :b AND true", p), "true");
  EXPECT_EQ(One("SELECT :z IS NULL", p), "true");
  EXPECT_EQ(One("SELECT typeof(:n)", p), "bigint");
  // Names match case-insensitively; one value serves every use of its marker.
  EXPECT_EQ(One("SELECT :N + :n", p), "80");
}

TEST_F(QueryParametersTest, ValuesAreConstantExpressions) {
  QueryParameters p;
  p.SetExpression("day", "DATE'2024-02-28'");
  p.SetExpression("three", "length(concat('a', 'bc'))");
  EXPECT_EQ(One("SELECT CAST(date_add(:day, 2) AS STRING)", p), "2024-03-01");
  EXPECT_EQ(One("SELECT :three", p), "3");
  // In WHERE, LIMIT and FROM-less queries alike.
  EXPECT_EQ(One("SELECT count(*) FROM VALUES (1), (2), (3) AS t(a) WHERE a < :three", p), "2");
}

TEST_F(QueryParametersTest, PositionalMarkersBindInOrder) {
  QueryParameters p;
  p.AddExpression("10");
  p.AddExpression("'x'");
  EXPECT_EQ(One("SELECT concat(CAST(? AS STRING), ?)", p), "10x");
}

TEST_F(QueryParametersTest, ExtremeNumbersRoundTrip) {
  QueryParameters p;
  p.SetInt("lo", INT64_MIN);
  p.SetDouble("inf", 1.0 / 0.0);
  EXPECT_EQ(One("SELECT :lo", p), "-9223372036854775808");
  EXPECT_EQ(One("SELECT :inf > 1e308", p), "true");
}

TEST_F(QueryParametersTest, Errors) {
  QueryParameters p;
  p.SetInt("n", 1);
  EXPECT_EQ(ErrorClass("SELECT :m", p), "UNBOUND_SQL_PARAMETER");
  EXPECT_EQ(ErrorClass("SELECT ?", p), "UNBOUND_SQL_PARAMETER");
  EXPECT_EQ(ErrorClass("SELECT :n, ?", p), "INVALID_QUERY_MIXED_QUERY_PARAMETERS");
  QueryParameters bad;
  bad.SetExpression("c", "some_column");
  EXPECT_EQ(ErrorClass("SELECT :c", bad), "INVALID_SQL_ARG");
  bad.SetExpression("c", "1 +");
  EXPECT_EQ(ErrorClass("SELECT :c", bad), "INVALID_SQL_ARG");
  // Without parameters a marker is unbound, and a statement without markers runs.
  EXPECT_EQ(ErrorClass("SELECT :n", QueryParameters()), "UNBOUND_SQL_PARAMETER");
  EXPECT_EQ(ErrorClass("SELECT 1", QueryParameters()), "ok");
}

}  // namespace
}  // namespace lakeml::sql
