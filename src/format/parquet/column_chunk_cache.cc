#include "format/parquet/column_chunk_cache.h"

#include <cstring>

namespace lakeml::parquet {

ColumnChunkCache* ColumnChunkCache::Global() {
  static ColumnChunkCache* cache = new ColumnChunkCache(0);  // Never destroyed: used at exit.
  return cache;
}

std::string ColumnChunkCache::MakeKey(std::string_view file, int row_group, int leaf) {
  std::string key(file);
  const int32_t ids[2] = {row_group, leaf};
  key.append(reinterpret_cast<const char*>(ids), sizeof(ids));
  return key;
}

void ColumnChunkCache::SetCapacity(int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  capacity_ = bytes > 0 ? bytes : 0;
  EvictTo(capacity_);
}

int64_t ColumnChunkCache::capacity() const {
  std::lock_guard<std::mutex> lock(mu_);
  return capacity_;
}

std::shared_ptr<const ColumnChunkPages> ColumnChunkCache::Lookup(std::string_view file,
                                                                 int row_group, int leaf) {
  const std::string key = MakeKey(file, row_group, leaf);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->pages;
}

void ColumnChunkCache::Insert(std::string_view file, int row_group, int leaf,
                              std::shared_ptr<const ColumnChunkPages> pages) {
  if (pages == nullptr) return;
  Entry e;
  e.key = MakeKey(file, row_group, leaf);
  e.bytes = pages->memory_bytes() + static_cast<int64_t>(e.key.size() + sizeof(Entry));
  e.pages = std::move(pages);
  std::shared_ptr<const ColumnChunkPages> dropped;  // Freed outside the lock.
  std::lock_guard<std::mutex> lock(mu_);
  if (e.bytes > capacity_ || index_.count(e.key) != 0) {
    dropped = std::move(e.pages);
    return;
  }
  EvictTo(capacity_ - e.bytes);
  stats_.bytes += e.bytes;
  ++stats_.entries;
  ++stats_.inserts;
  lru_.push_front(std::move(e));
  index_.emplace(lru_.front().key, lru_.begin());
}

void ColumnChunkCache::EvictTo(int64_t bytes) {
  while (stats_.bytes > bytes && !lru_.empty()) {
    Entry& victim = lru_.back();
    stats_.bytes -= victim.bytes;
    --stats_.entries;
    ++stats_.evictions;
    index_.erase(victim.key);
    lru_.pop_back();
  }
}

void ColumnChunkCache::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  EvictTo(0);
}

ColumnChunkCache::Stats ColumnChunkCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

}  // namespace lakeml::parquet
