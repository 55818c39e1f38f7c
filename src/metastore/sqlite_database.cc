#include "metastore/sqlite_database.h"

#include <sqlite3.h>

#include <utility>

namespace lakeml::metastore {
namespace {

// How long a writer waits for another connection's write lock before giving up.
constexpr int kBusyTimeoutMs = 5000;
// Statements in error messages are cut to this many bytes.
constexpr size_t kMaxSqlInMessage = 300;

StatusCode CodeForSqliteResult(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StatusCode::kConflict;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return StatusCode::kCorruption;
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_PERM:
    case SQLITE_FULL:
    case SQLITE_AUTH:
      return StatusCode::kIOError;
    case SQLITE_NOMEM:
    case SQLITE_TOOBIG:
      return StatusCode::kResourceExhausted;
    case SQLITE_CONSTRAINT:
      return (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                 ? StatusCode::kAlreadyExists
                 : StatusCode::kInvalidArgument;
    default:
      return StatusCode::kInternal;
  }
}

std::string_view ShortenSql(std::string_view sql) {
  return sql.size() <= kMaxSqlInMessage ? sql : sql.substr(0, kMaxSqlInMessage);
}

// The first statement on a connection reads the file header, so a file that is not a database
// fails here. WAL needs the -wal and -shm files next to the database, so a read-only directory
// fails here too (SQLite then keeps the old journal mode instead of raising an error).
Status QueryJournalModeWal(SqliteDatabase* db, std::string* mode) {
  LAKEML_ASSIGN_OR_RETURN(auto pragma, db->Prepare("PRAGMA journal_mode=WAL"));
  LAKEML_ASSIGN_OR_RETURN(bool row, pragma.Step());
  if (row) *mode = pragma.ColumnText(0);
  return Status::OK();
}

Status SwitchToWal(SqliteDatabase* db) {
  std::string mode;
  Status s = QueryJournalModeWal(db, &mode);
  if (s.code() == StatusCode::kCorruption) {
    return Status::Corruption("Not an SQLite database (damaged, or not lakeml's): ", db->path());
  }
  if (!s.ok()) return s.WithContext("Cannot open the metadata database ", db->path());
  if (mode != "wal") {
    return Status::IOError("Cannot switch the metadata database to WAL mode (got '", mode,
                           "'; is the directory writable?): ", db->path());
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return Status::IOError("Cannot open or create the metadata database (", message,
                           "; is the directory writable?): ", path);
  }
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(raw, path));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);

  LAKEML_RETURN_IF_ERROR(SwitchToWal(db.get()));
  LAKEML_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL"));
  return db;
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(db_); }

Status SqliteDatabase::ErrorStatus(int rc, std::string_view sql) const {
  const char* message =
      sqlite3_extended_errcode(db_) == rc ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  return Status(CodeForSqliteResult(rc),
                StrCat("Metadata database error: ", message, " (", sqlite3_errstr(rc),
                       "); database: ", path_, "; statement: ", ShortenSql(sql)));
}

Status SqliteDatabase::Exec(std::string_view sql) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return ErrorStatus(rc, sql);
  return Status::OK();
}

Result<SqliteStatement> SqliteDatabase::Prepare(std::string_view sql) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, &tail);
  if (rc != SQLITE_OK) return ErrorStatus(rc, sql);
  SqliteStatement statement(this, stmt, std::string(sql));
  if (stmt == nullptr) return Status::InvalidArgument("Empty SQL statement: '", sql, "'");
  for (const char* p = tail; p != nullptr && p < sql.data() + sql.size(); ++p) {
    if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
      return Status::InvalidArgument("Prepare takes one SQL statement, got more: ", sql);
    }
  }
  return statement;
}

Status SqliteDatabase::Transaction(const std::function<Status()>& body) {
  return RunTransaction("BEGIN IMMEDIATE", body);
}

Status SqliteDatabase::ReadTransaction(const std::function<Status()>& body) {
  return RunTransaction("BEGIN DEFERRED", body);
}

Status SqliteDatabase::RunTransaction(std::string_view begin, const std::function<Status()>& body) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  if (transaction_depth_ > 0) {
    ++transaction_depth_;
    Status s = body();
    --transaction_depth_;
    return s;
  }
  LAKEML_RETURN_IF_ERROR(Exec(begin));
  ++transaction_depth_;
  Status s = body();
  --transaction_depth_;
  if (s.ok()) {
    s = Exec("COMMIT");
    if (s.ok()) return s;
  }
  // Still inside the transaction (body failed, or COMMIT failed and left it open): undo it.
  if (sqlite3_get_autocommit(db_) == 0) Exec("ROLLBACK").IgnoreError();
  return s;
}

}  // namespace lakeml::metastore
