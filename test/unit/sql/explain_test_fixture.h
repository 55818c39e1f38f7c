// ExplainTestFixture: a gtest fixture with an in-memory Database (2 threads) and one Connection,
// whose Explain(sql) returns the text of `EXPLAIN <sql>` (empty, with a test failure, when the
// statement fails). Shared by the EXPLAIN tests of joins, join outputs and runtime filters.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sql/main/connection.h"
#include "sql/main/database.h"

namespace lakeml::sql {

class ExplainTestFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.threads = 2;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    connection_ = std::make_unique<Connection>(*db);
  }

  std::string Explain(const std::string& sql) {
    auto result = connection_->Execute("EXPLAIN " + sql);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    if (!result.ok()) return "";
    return std::string((*result)->chunks()[0].columns[0]->GetView(0));
  }

  std::unique_ptr<Connection> connection_;
};

}  // namespace lakeml::sql
