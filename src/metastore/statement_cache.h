// StatementCache: prepared statements of one SqliteDatabase, compiled once and reused by SQL text.
//
// Get() returns a CachedStatement lease: the statement with cleared bindings, reset when the
// lease ends, so that a read statement never keeps its snapshot open past its use.
//
// Thread-safety: not thread-safe; one cache (and its leases) is used by one thread at a time,
// like the connection it belongs to in lakeml's connection pools.
// Ownership: owns the statements; the SqliteDatabase must outlive the cache.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"
#include "metastore/sqlite_database.h"
#include "metastore/sqlite_statement.h"

namespace lakeml::metastore {

// A statement borrowed from a StatementCache; resets it on destruction.
class CachedStatement {
 public:
  explicit CachedStatement(SqliteStatement* stmt) : stmt_(stmt) {}
  ~CachedStatement() {
    if (stmt_ != nullptr) stmt_->Reset();
  }
  CachedStatement(CachedStatement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;

  SqliteStatement* operator->() const { return stmt_; }
  SqliteStatement& operator*() const { return *stmt_; }

 private:
  SqliteStatement* stmt_;
};

class StatementCache {
 public:
  explicit StatementCache(SqliteDatabase* db) : db_(db) {}

  // The statement for `sql`, prepared on first use.
  Result<CachedStatement> Get(std::string_view sql);

  SqliteDatabase* db() const { return db_; }
  size_t size() const { return statements_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  SqliteDatabase* db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>, Hash, std::equal_to<>>
      statements_;
};

}  // namespace lakeml::metastore
