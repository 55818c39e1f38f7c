// SqliteDatabase: one SQLite connection to a lakeml metadata database (<warehouse>/lakeml.db),
// shared by the components that keep metadata there (the SQL catalog now, MLflow tracking later).
//
// The connection runs in WAL mode with foreign keys on and a busy timeout, so several processes
// can open the same file: readers never block, and writers wait for each other up to the timeout.
//
// Thread-safety: thread-safe. The one connection is guarded by a recursive mutex: every Exec,
// statement step and Transaction holds it, and a Transaction holds it for its whole body, so
// transactions from different threads never interleave. Calls made by the body on the same thread
// (statements, Exec, nested Transaction) re-enter the mutex.
//
// Ownership: owns the sqlite3 handle. Statements from Prepare() point at it and must be destroyed
// before the database.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"
#include "metastore/sqlite_statement.h"

struct sqlite3;

namespace lakeml::metastore {

class SqliteDatabase {
 public:
  // Opens or creates the database file at `path` (its directory must exist). Errors name the
  // path: kIOError when the file cannot be opened or created (missing or read-only directory),
  // kCorruption when the file is not an SQLite database.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path);

  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  const std::string& path() const { return path_; }

  // Runs one or more SQL statements that return no rows.
  Status Exec(std::string_view sql);

  // Compiles one SQL statement.
  Result<SqliteStatement> Prepare(std::string_view sql);

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT: commits when body returns OK, rolls back
  // otherwise (and when COMMIT fails). A Transaction called from inside a body on the same thread
  // joins the outer one (its body runs directly; the outermost decides commit or rollback).
  Status Transaction(const std::function<Status()>& body);

  // Like Transaction, but BEGIN DEFERRED: for bodies that only read, so that they see one
  // consistent snapshot without taking the write lock.
  Status ReadTransaction(const std::function<Status()>& body);

  // The Status for SQLite result code `rc` on this connection, with SQLite's message, the
  // statement text and the database path. Used by SqliteStatement.
  // REQUIRES: the caller holds mutex() (the message is per connection).
  Status ErrorStatus(int rc, std::string_view sql) const;

  std::recursive_mutex& mutex() { return mutex_; }
  sqlite3* handle() { return db_; }

 private:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Status RunTransaction(std::string_view begin, const std::function<Status()>& body);

  sqlite3* db_;
  std::string path_;
  std::recursive_mutex mutex_;
  int transaction_depth_ = 0;  // Guarded by mutex_.
};

}  // namespace lakeml::metastore
