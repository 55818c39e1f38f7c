// LakemlSltDatabase: the sqllogictest adapter for lakeml's SQL engine (sql::Connection). Each
// .test file gets a fresh Database whose warehouse lives in the file's __TEST_DIR__. Values are
// rendered as CAST(value AS STRING) renders them (Spark's text); NULL is nullopt.
// `require tpch_sf<SF>` registers the TPC-H tables of that scale factor (TpchDatasetCache).
//
// One owner; not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "sql/main/connection.h"
#include "sqllogictest/slt_database.h"

namespace lakeml::slt {

class LakemlSltDatabase final : public SltDatabase {
 public:
  explicit LakemlSltDatabase(std::unique_ptr<sql::Connection> conn) : conn_(std::move(conn)) {}
  static SltDatabaseFactory Factory();

  Result<SltQueryResult> Execute(const std::string& sql) override;
  std::string name() const override { return "lakeml"; }
  bool Supports(std::string_view feature) const override;

 private:
  // CREATE TABLE ... LOCATION for the 8 TPC-H tables of the cached data set.
  Status RegisterTpchTables(std::string_view scale_factor) const;

  std::unique_ptr<sql::Connection> conn_;
  mutable Status setup_error_;  // Set by Supports(); reported by every Execute().
};

}  // namespace lakeml::slt
