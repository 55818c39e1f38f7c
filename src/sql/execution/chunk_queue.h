// ChunkQueue: the materialized output of a sink (aggregate, sort) handed out as the source of
// the next pipeline, one chunk per call, with increasing batch_index so that ordered consumers
// (ResultCollector, Limit) keep the sink's order.
//
// Filled by one thread (Finalize); Pop is thread-safe.
#pragma once

#include <mutex>
#include <vector>

#include "sql/execution/chunk.h"

namespace lakeml::sql {

class ChunkQueue {
 public:
  void Push(Chunk chunk) { chunks_.push_back(std::move(chunk)); }
  // The next chunk into `out`; false (out->size == 0) when all were handed out.
  bool Pop(Chunk* out) {
    std::lock_guard<std::mutex> lock(mu_);
    if (next_ >= chunks_.size()) {
      out->size = 0;
      out->columns.clear();
      return false;
    }
    *out = std::move(chunks_[next_]);
    out->batch_index = static_cast<int64_t>(next_);
    ++next_;
    return true;
  }

 private:
  std::mutex mu_;
  std::vector<Chunk> chunks_;
  size_t next_ = 0;
};

}  // namespace lakeml::sql
