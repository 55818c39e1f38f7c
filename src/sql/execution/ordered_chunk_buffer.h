// OrderedChunkBuffer: chunks collected by several threads, put back in the sources' order
// (batch_index, then arrival within a batch, which one thread produces in order) when done.
//
// Add() is called by one thread per buffer (thread-local buffers); Merge and Sorted by the
// owner after the threads finished.
#pragma once

#include <cstdint>
#include <vector>

#include "sql/execution/chunk.h"

namespace lakeml::sql {

class OrderedChunkBuffer {
 public:
  void Add(Chunk chunk) {
    rows_ += chunk.size;
    entries_.push_back(
        Entry{chunk.batch_index, static_cast<int64_t>(entries_.size()), std::move(chunk)});
  }
  void Merge(OrderedChunkBuffer&& other);
  // The chunks in order; the buffer is left empty.
  std::vector<Chunk> TakeSorted();
  int64_t rows() const { return rows_; }

 private:
  struct Entry {
    int64_t batch_index;
    int64_t seq;
    Chunk chunk;
  };
  std::vector<Entry> entries_;
  int64_t rows_ = 0;
};

}  // namespace lakeml::sql
