// SqliteSltDatabase: an SltDatabase over an in-memory SQLite database, so that the
// sqllogictest runner is tested end to end against a real engine (test/sql/sqlite_selftest).
//
// Owns its sqlite3 connection; not thread-safe (one per .test file, like every SltDatabase).
// Values render as sqllogictest text: integers in decimal, reals as the shortest text that
// reads back to the same double with ".0" added to whole numbers (DuckDB's style), text
// and blobs as their bytes, NULL as nullopt.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sqllogictest/slt_database.h"

struct sqlite3;

namespace lakeml::slt {

class SqliteSltDatabase final : public SltDatabase {
 public:
  ~SqliteSltDatabase() override;

  static Result<std::unique_ptr<SltDatabase>> Open();
  // A factory that ignores the work dir (the database is in memory).
  static SltDatabaseFactory Factory();

  Result<SltQueryResult> Execute(const std::string& sql) override;
  std::string name() const override { return "sqlite"; }
  // Declares the feature "sqlite", so files only for this adapter say `require sqlite`.
  bool Supports(std::string_view feature) const override { return feature == "sqlite"; }

 private:
  explicit SqliteSltDatabase(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace lakeml::slt
