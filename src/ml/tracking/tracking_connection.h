// TrackingConnection: one SQLite connection to lakeml.db with its prepared-statement cache, as
// the tracking store's writer and readers use them. Opening sets the per-connection pragmas the
// store relies on (case-sensitive LIKE as MLflow's, the durability level, a larger page cache).
//
// Thread-safety: used by one thread at a time (the pool and the committer hand it out).
// Ownership: owns the database and the cache (the cache is destroyed first).
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "metastore/sqlite_database.h"
#include "metastore/statement_cache.h"

namespace lakeml::ml {

struct TrackingConnection {
  // `full_sync`: synchronous=FULL (commits survive power loss) instead of NORMAL (commits
  // survive a process crash; the last ones may be lost on power loss).
  static Result<std::unique_ptr<TrackingConnection>> Open(const std::string& path, bool full_sync);

  // Shorthand for cache.Get(sql).
  Result<metastore::CachedStatement> Get(std::string_view sql) { return cache->Get(sql); }

  std::unique_ptr<metastore::SqliteDatabase> db;
  std::unique_ptr<metastore::StatementCache> cache;
};

}  // namespace lakeml::ml
