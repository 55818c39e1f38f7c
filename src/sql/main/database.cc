#include "sql/main/database.h"

#include <algorithm>

#include "format/parquet/column_chunk_cache.h"
#include "io/local_file_system.h"

namespace lakeml::sql {

Result<std::shared_ptr<Database>> Database::Open(DatabaseOptions options) {
  auto db = std::make_shared<Database>();
  db->options_ = std::move(options);
  db->threads_ = db->options_.threads > 0 ? db->options_.threads : ThreadPool::DefaultThreads();
  db->pool_ = std::make_unique<ThreadPool>(db->threads_);
  db->fs_ = io::LocalFs();
  const int64_t limit = db->options_.memory_limit > 0 ? db->options_.memory_limit
                                                     : MemoryManager::DefaultLimit();
  // The scan cache's budget comes out of the limit: cache plus operators stay within it.
  const int64_t cache = db->options_.scan_cache_size < 0
                            ? limit / 4
                            : std::min(db->options_.scan_cache_size, limit / 2);
  db->scan_cache_size_ = cache;
  parquet::ColumnChunkCache::Global()->SetCapacity(cache);
  db->memory_ = std::make_unique<MemoryManager>(limit - cache);
  if (!db->options_.warehouse.empty()) {
    LAKEML_RETURN_IF_ERROR(db->fs_->CreateDirs(db->options_.warehouse));
    LAKEML_ASSIGN_OR_RETURN(db->catalog_, catalog::Catalog::Open(db->options_.warehouse));
  }
  return db;
}

}  // namespace lakeml::sql
