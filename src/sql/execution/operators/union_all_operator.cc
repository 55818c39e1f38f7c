#include "sql/execution/operators/union_all_operator.h"

#include <algorithm>
#include <atomic>
#include <mutex>

namespace lakeml::sql {
namespace {

struct UnionRightData : GlobalSinkState {
  std::mutex mu;
  std::vector<Chunk> chunks;  // The right input, in batch order after Finalize.
  std::atomic<int64_t> max_left_batch{-1};
};

struct UnionRightLocal : LocalSinkState {
  std::vector<Chunk> chunks;
};

struct UnionTailState : GlobalSourceState {
  size_t next = 0;
};

}  // namespace

Status UnionAllOperator::Execute(ExecutionContext&, Chunk& input, Chunk* output,
                                 OperatorState&) const {
  auto& data = static_cast<UnionRightData&>(*sink_state);
  int64_t seen = data.max_left_batch.load(std::memory_order_relaxed);
  while (input.batch_index > seen &&
         !data.max_left_batch.compare_exchange_weak(seen, input.batch_index)) {
  }
  *output = std::move(input);
  return Status::OK();
}

std::unique_ptr<GlobalSinkState> UnionAllOperator::MakeGlobalSinkState() const {
  return std::make_unique<UnionRightData>();
}

std::unique_ptr<LocalSinkState> UnionAllOperator::MakeLocalSinkState() const {
  return std::make_unique<UnionRightLocal>();
}

Status UnionAllOperator::Sink(ExecutionContext&, Chunk& input, GlobalSinkState&,
                              LocalSinkState& local) const {
  if (input.size > 0) static_cast<UnionRightLocal&>(local).chunks.push_back(std::move(input));
  return Status::OK();
}

Status UnionAllOperator::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  auto& data = static_cast<UnionRightData&>(global);
  auto& mine = static_cast<UnionRightLocal&>(local);
  std::lock_guard<std::mutex> lock(data.mu);
  for (auto& c : mine.chunks) data.chunks.push_back(std::move(c));
  mine.chunks.clear();
  return Status::OK();
}

Status UnionAllOperator::Finalize(GlobalSinkState& global) const {
  auto& data = static_cast<UnionRightData&>(global);
  std::stable_sort(data.chunks.begin(), data.chunks.end(),
                   [](const Chunk& a, const Chunk& b) { return a.batch_index < b.batch_index; });
  return Status::OK();
}

Result<std::unique_ptr<GlobalSourceState>> UnionAllOperator::MakeGlobalSourceState(
    ExecutionContext&) const {
  return std::unique_ptr<GlobalSourceState>(std::make_unique<UnionTailState>());
}

Result<bool> UnionAllOperator::GetData(ExecutionContext&, GlobalSourceState& global,
                                       LocalSourceState&, Chunk* out) const {
  auto& tail = static_cast<UnionTailState&>(global);
  auto& data = static_cast<UnionRightData&>(*sink_state);
  if (tail.next >= data.chunks.size()) {
    out->size = 0;
    return false;
  }
  // After every left chunk, in the right input's order.
  const int64_t base = data.max_left_batch.load() + 1;
  *out = data.chunks[tail.next];
  out->batch_index = base + static_cast<int64_t>(tail.next);
  ++tail.next;
  return true;
}

}  // namespace lakeml::sql
