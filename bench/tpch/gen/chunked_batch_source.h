// ChunkedBatchSource: generates a table in chunks of units on a private thread pool and returns
// the chunks' batches in chunk order, so the output is the same for every thread count. At
// most 2 * num_threads chunks are in flight, which bounds memory.
// Owns the table generator and the pool. Not thread-safe: one owner calls Next().
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

#include "base/result.h"
#include "base/thread_pool.h"
#include "columnar/batch.h"
#include "tpch/gen/table_generator.h"

namespace lakeml::tpch {

class ChunkedBatchSource {
 public:
  // 0 for chunk_units picks a size that gives batches of roughly 100,000 rows.
  ChunkedBatchSource(std::unique_ptr<TableGenerator> table, int num_threads,
                     int64_t chunk_units = 0);
  ~ChunkedBatchSource();

  // The next chunk's batch, or nullptr after the last.
  Result<columnar::BatchPtr> Next();

  const TableGenerator& table() const { return *table_; }
  // Units generated and handed out so far (for progress).
  int64_t units_done() const { return units_done_; }

 private:
  struct Slot {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    columnar::BatchPtr batch;
  };
  void SubmitMore();

  std::unique_ptr<TableGenerator> table_;
  int num_threads_;
  int64_t chunk_units_;
  int64_t next_unit_ = 0;
  int64_t units_done_ = 0;
  std::deque<std::pair<int64_t, std::shared_ptr<Slot>>> in_flight_;  // (units, slot)
  std::unique_ptr<ThreadPool> pool_;  // Declared last: destroyed (joined) first.
};

}  // namespace lakeml::tpch
