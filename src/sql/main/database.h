// Database: the process-wide state of the SQL engine: the warehouse (catalog), the worker pool
// and the default settings. Open one per process and warehouse; connections share it.
//
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "base/thread_pool.h"
#include "catalog/catalog.h"
#include "io/file_system.h"
#include "sql/execution/memory_manager.h"

namespace lakeml::sql {

struct DatabaseOptions {
  // The warehouse directory (created if missing); empty = no catalog, only path tables.
  std::string warehouse;
  // Worker threads for queries; 0 = the hardware concurrency.
  int threads = 0;
  // Bytes that all running queries' hash tables, sort buffers and join builds may hold together;
  // 0 = 60% of physical RAM. Above it aggregates and sorts spill, joins fail.
  int64_t memory_limit = 0;
  // Where spill files go (a per-query directory inside it); empty = $TMPDIR or /tmp.
  std::string spill_directory;
  // Bytes of decompressed Parquet column chunks kept for later scans (process-wide
  // parquet::ColumnChunkCache, decision 0020); taken out of memory_limit, so operators get the
  // rest. -1 = 25% of memory_limit; 0 = no cache.
  int64_t scan_cache_size = -1;
};

class Database {
 public:
  static Result<std::shared_ptr<Database>> Open(DatabaseOptions options);

  ThreadPool* pool() const { return pool_.get(); }
  int threads() const { return threads_; }
  io::FileSystem* fs() const { return fs_; }
  const DatabaseOptions& options() const { return options_; }
  // The warehouse's catalog; null when the database was opened without a warehouse.
  catalog::Catalog* catalog() const { return catalog_.get(); }
  // The process-wide memory limit; each query reserves through a child (sql-memory).
  MemoryManager* memory() const { return memory_.get(); }
  // The scan cache's budget (0 = off); memory()->limit() excludes it.
  int64_t scan_cache_size() const { return scan_cache_size_; }

 private:
  DatabaseOptions options_;
  int threads_ = 1;
  std::unique_ptr<ThreadPool> pool_;
  io::FileSystem* fs_ = nullptr;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<MemoryManager> memory_;
  int64_t scan_cache_size_ = 0;
};

}  // namespace lakeml::sql
