// SqliteStatement: one prepared SQLite statement (RAII: finalized on destruction).
//
// Bind parameters are 1-based, columns 0-based, as in SQLite. Column getters read the current row
// (after Step() returned true). Text is copied out, so values stay valid after the next Step().
//
// Thread-safety: a statement is used by one thread at a time; each Step() holds the database's
// mutex, so statements of different threads on one SqliteDatabase are safe. For several
// statements to be atomic, run them inside SqliteDatabase::Transaction.
// REQUIRES: the SqliteDatabase that prepared it outlives it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"

struct sqlite3_stmt;

namespace lakeml::metastore {

class SqliteDatabase;

class SqliteStatement {
 public:
  SqliteStatement(SqliteDatabase* db, sqlite3_stmt* stmt, std::string sql)
      : db_(db), stmt_(stmt), sql_(std::move(sql)) {}
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  Status Bind(int idx, int64_t value);
  Status Bind(int idx, int value) { return Bind(idx, static_cast<int64_t>(value)); }
  Status Bind(int idx, double value);
  Status Bind(int idx, std::string_view value);  // Copied by SQLite.
  Status Bind(int idx, const char* value) {      // A null pointer binds NULL.
    return value == nullptr ? Bind(idx, nullptr) : Bind(idx, std::string_view(value));
  }
  Status Bind(int idx, const std::string& value) { return Bind(idx, std::string_view(value)); }
  Status Bind(int idx, std::nullptr_t);

  // Advances: true when a row is available, false when the statement is done.
  Result<bool> Step();
  // Steps a statement that returns no rows (INSERT, UPDATE, DELETE).
  Status Run();

  int ColumnCount() const;
  bool ColumnIsNull(int i) const;
  int64_t ColumnInt64(int i) const;
  double ColumnDouble(int i) const;
  std::string ColumnText(int i) const;  // "" for NULL.
  // The text without a copy; valid until the next Step(), Reset() or column access of `i`.
  std::string_view ColumnTextView(int i) const;

  // Rewinds for another execution and clears the bindings.
  void Reset();

  // The number of rows the last INSERT, UPDATE or DELETE on this connection changed.
  int64_t Changes() const;

  const std::string& sql() const { return sql_; }

 private:
  Status BindResult(int rc, int idx);

  SqliteDatabase* db_;
  sqlite3_stmt* stmt_;
  std::string sql_;
};

}  // namespace lakeml::metastore
