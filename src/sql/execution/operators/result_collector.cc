#include "sql/execution/operators/result_collector.h"

#include <mutex>

#include "sql/execution/ordered_chunk_buffer.h"

namespace lakeml::sql {
namespace {

struct CollectorGlobalState final : GlobalSinkState {
  std::mutex mu;
  OrderedChunkBuffer buffer;
  std::vector<Chunk> result;
};

struct CollectorLocalState final : LocalSinkState {
  OrderedChunkBuffer buffer;
};

}  // namespace

std::unique_ptr<GlobalSinkState> ResultCollector::MakeGlobalSinkState() const {
  return std::make_unique<CollectorGlobalState>();
}

std::unique_ptr<LocalSinkState> ResultCollector::MakeLocalSinkState() const {
  return std::make_unique<CollectorLocalState>();
}

Status ResultCollector::Sink(ExecutionContext&, Chunk& input, GlobalSinkState&,
                             LocalSinkState& local) const {
  static_cast<CollectorLocalState&>(local).buffer.Add(std::move(input));
  return Status::OK();
}

Status ResultCollector::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<CollectorGlobalState&>(global);
  std::lock_guard<std::mutex> lock(g.mu);
  g.buffer.Merge(std::move(static_cast<CollectorLocalState&>(local).buffer));
  return Status::OK();
}

Status ResultCollector::Finalize(GlobalSinkState& global) const {
  auto& g = static_cast<CollectorGlobalState&>(global);
  g.result = g.buffer.TakeSorted();
  return Status::OK();
}

std::vector<Chunk> ResultCollector::TakeChunks() const {
  if (sink_state == nullptr) return {};
  return std::move(static_cast<CollectorGlobalState&>(*sink_state).result);
}

}  // namespace lakeml::sql
