#include "metastore/sqlite_statement.h"

#include <sqlite3.h>

#include <mutex>
#include <utility>

#include "metastore/sqlite_database.h"

namespace lakeml::metastore {

SqliteStatement::~SqliteStatement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), sql_(std::move(other.sql_)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
    sql_ = std::move(other.sql_);
  }
  return *this;
}

Status SqliteStatement::BindResult(int rc, int idx) {
  if (rc == SQLITE_OK) return Status::OK();
  if (rc == SQLITE_RANGE) {
    return Status::InvalidArgument("Bind parameter index out of range: ", idx, " in ", sql_);
  }
  std::lock_guard<std::recursive_mutex> lock(db_->mutex());
  return db_->ErrorStatus(rc, sql_);
}

Status SqliteStatement::Bind(int idx, int64_t value) {
  return BindResult(sqlite3_bind_int64(stmt_, idx, value), idx);
}

Status SqliteStatement::Bind(int idx, double value) {
  return BindResult(sqlite3_bind_double(stmt_, idx, value), idx);
}

Status SqliteStatement::Bind(int idx, std::string_view value) {
  return BindResult(
      sqlite3_bind_text64(stmt_, idx, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      idx);
}

Status SqliteStatement::Bind(int idx, std::nullptr_t) {
  return BindResult(sqlite3_bind_null(stmt_, idx), idx);
}

Result<bool> SqliteStatement::Step() {
  std::lock_guard<std::recursive_mutex> lock(db_->mutex());
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->ErrorStatus(rc, sql_);
}

Status SqliteStatement::Run() {
  LAKEML_ASSIGN_OR_RETURN(bool row, Step());
  if (row) return Status::Internal("Statement returned rows where none were expected: ", sql_);
  return Status::OK();
}

int SqliteStatement::ColumnCount() const { return sqlite3_column_count(stmt_); }

bool SqliteStatement::ColumnIsNull(int i) const {
  return sqlite3_column_type(stmt_, i) == SQLITE_NULL;
}

int64_t SqliteStatement::ColumnInt64(int i) const { return sqlite3_column_int64(stmt_, i); }

double SqliteStatement::ColumnDouble(int i) const { return sqlite3_column_double(stmt_, i); }

std::string SqliteStatement::ColumnText(int i) const {
  const unsigned char* text = sqlite3_column_text(stmt_, i);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

std::string_view SqliteStatement::ColumnTextView(int i) const {
  const unsigned char* text = sqlite3_column_text(stmt_, i);
  if (text == nullptr) return std::string_view();
  return std::string_view(reinterpret_cast<const char*>(text),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t SqliteStatement::Changes() const { return sqlite3_changes64(sqlite3_db_handle(stmt_)); }

}  // namespace lakeml::metastore
