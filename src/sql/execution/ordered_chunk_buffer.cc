#include "sql/execution/ordered_chunk_buffer.h"

#include <algorithm>

namespace lakeml::sql {

void OrderedChunkBuffer::Merge(OrderedChunkBuffer&& other) {
  rows_ += other.rows_;
  for (Entry& e : other.entries_) entries_.push_back(std::move(e));
  other.entries_.clear();
  other.rows_ = 0;
}

std::vector<Chunk> OrderedChunkBuffer::TakeSorted() {
  // Within one batch index the entries came from one thread, in order of `seq`.
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.batch_index < b.batch_index; });
  std::vector<Chunk> out;
  out.reserve(entries_.size());
  for (Entry& e : entries_) out.push_back(std::move(e.chunk));
  entries_.clear();
  rows_ = 0;
  return out;
}

}  // namespace lakeml::sql
