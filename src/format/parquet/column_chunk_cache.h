// ColumnChunkCache: a byte-bounded LRU cache of decompressed column chunks (ColumnChunkPages),
// so that a column chunk read again (the next run of a query, a table scanned twice in one
// query) costs no I/O, no checksum and no decompression: the role of DuckDB's buffer pool or
// Databricks' disk cache. See docs/decisions/0020-column-chunk-cache.md.
//
// Keyed by file identity (RandomAccessFile::Identity(): device, inode, size, mtime, ctime), row
// group and leaf column: a rewritten file gets a new identity, so entries never go stale, and
// the old ones age out. Entries are shared_ptrs: eviction only drops the cache's reference,
// never bytes a reader is decoding.
//
// Process-wide (Global()) with capacity 0 (off) until the engine sets it; tests may make their
// own. Thread-safe: one mutex, held only for a hash lookup and a list splice.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "format/parquet/column_chunk_pages.h"

namespace lakeml::parquet {

class ColumnChunkCache {
 public:
  struct Stats {
    int64_t hits = 0;
    int64_t misses = 0;
    int64_t inserts = 0;
    int64_t evictions = 0;
    int64_t bytes = 0;  // Held now.
    int64_t entries = 0;
  };

  explicit ColumnChunkCache(int64_t capacity_bytes) : capacity_(capacity_bytes) {}
  ColumnChunkCache(const ColumnChunkCache&) = delete;
  ColumnChunkCache& operator=(const ColumnChunkCache&) = delete;

  // The process-wide cache (capacity 0 until set).
  static ColumnChunkCache* Global();

  // Sets the byte budget, evicting down to it; 0 turns the cache off (and empties it).
  void SetCapacity(int64_t bytes);
  int64_t capacity() const;
  bool enabled() const { return capacity() > 0; }

  // The chunk (row_group, leaf) of the file with identity `file`, or nullptr (a miss).
  std::shared_ptr<const ColumnChunkPages> Lookup(std::string_view file, int row_group, int leaf);
  // Adds a chunk (most recently used), evicting the least recently used ones to stay within the
  // budget; dropped when it alone passes the budget. Keeps an existing entry for the key.
  void Insert(std::string_view file, int row_group, int leaf,
              std::shared_ptr<const ColumnChunkPages> pages);
  void Clear();
  Stats stats() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const ColumnChunkPages> pages;
    int64_t bytes = 0;
  };
  static std::string MakeKey(std::string_view file, int row_group, int leaf);
  // REQUIRES: mu_ held.
  void EvictTo(int64_t bytes);

  mutable std::mutex mu_;
  int64_t capacity_;      // Guarded by mu_.
  std::list<Entry> lru_;  // Most recently used first. Guarded by mu_.
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;  // Guarded by mu_.
  Stats stats_;                                                        // Guarded by mu_.
};

}  // namespace lakeml::parquet
