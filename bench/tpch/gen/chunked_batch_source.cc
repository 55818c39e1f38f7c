#include "tpch/gen/chunked_batch_source.h"

#include <algorithm>

namespace lakeml::tpch {

ChunkedBatchSource::ChunkedBatchSource(std::unique_ptr<TableGenerator> table, int num_threads,
                                       int64_t chunk_units)
    : table_(std::move(table)), num_threads_(std::max(1, num_threads)), chunk_units_(chunk_units) {
  if (chunk_units_ <= 0) {
    // Units of partsupp and lineitem hold about 4 rows.
    const bool multi_row = table_->name() == "partsupp" || table_->name() == "lineitem";
    chunk_units_ = multi_row ? 25'000 : 100'000;
  }
  if (num_threads_ > 1) pool_ = std::make_unique<ThreadPool>(num_threads_);
}

ChunkedBatchSource::~ChunkedBatchSource() {
  pool_.reset();  // Joins the workers before the slots and the table go away.
}

void ChunkedBatchSource::SubmitMore() {
  while (next_unit_ < table_->num_units() &&
         static_cast<int>(in_flight_.size()) < 2 * num_threads_) {
    const int64_t first = next_unit_;
    const int64_t count = std::min(chunk_units_, table_->num_units() - first);
    next_unit_ += count;
    auto slot = std::make_shared<Slot>();
    in_flight_.emplace_back(count, slot);
    const TableGenerator* table = table_.get();
    pool_->Submit([slot, table, first, count] {
      columnar::BatchPtr batch = table->Generate(first, count);
      std::lock_guard<std::mutex> lock(slot->mu);
      slot->batch = std::move(batch);
      slot->done = true;
      slot->cv.notify_one();
    });
  }
}

Result<columnar::BatchPtr> ChunkedBatchSource::Next() {
  if (!pool_) {
    if (next_unit_ >= table_->num_units()) return columnar::BatchPtr();
    const int64_t first = next_unit_;
    const int64_t count = std::min(chunk_units_, table_->num_units() - first);
    next_unit_ += count;
    units_done_ += count;
    return table_->Generate(first, count);
  }
  SubmitMore();
  if (in_flight_.empty()) return columnar::BatchPtr();
  const int64_t count = in_flight_.front().first;
  const std::shared_ptr<Slot> slot = std::move(in_flight_.front().second);
  in_flight_.pop_front();
  {
    std::unique_lock<std::mutex> lock(slot->mu);
    slot->cv.wait(lock, [&] { return slot->done; });
  }
  units_done_ += count;
  SubmitMore();
  return std::move(slot->batch);
}

}  // namespace lakeml::tpch
