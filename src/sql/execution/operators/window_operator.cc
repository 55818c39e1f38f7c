#include "sql/execution/operators/window_operator.h"

#include <algorithm>
#include <mutex>

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "columnar/vector_take.h"
#include "sql/execution/chunk_queue.h"
#include "sql/execution/expression_executor.h"
#include "sql/execution/ordered_chunk_buffer.h"
#include "sql/execution/window_evaluator.h"

namespace lakeml::sql {
namespace {

struct WindowGlobalState final : GlobalSinkState {
  std::mutex mu;
  OrderedChunkBuffer buffer;
  ChunkQueue output;
};

struct WindowLocalState final : LocalSinkState {
  OrderedChunkBuffer buffer;
};

}  // namespace

WindowOperator::WindowOperator(std::vector<columnar::TypePtr> types,
                               std::vector<BoundWindow> windows)
    : PhysicalOperator(std::move(types)), windows_(std::move(windows)) {
  payload_ = this->types().size() - windows_.size();
}

std::string WindowOperator::details() const {
  std::string out;
  for (size_t i = 0; i < windows_.size(); ++i) out += StrCat(i ? ", " : "", windows_[i].name);
  return out;
}

std::unique_ptr<GlobalSinkState> WindowOperator::MakeGlobalSinkState() const {
  return std::make_unique<WindowGlobalState>();
}

std::unique_ptr<LocalSinkState> WindowOperator::MakeLocalSinkState() const {
  return std::make_unique<WindowLocalState>();
}

Status WindowOperator::Sink(ExecutionContext&, Chunk& input, GlobalSinkState&,
                            LocalSinkState& local) const {
  Chunk c;
  c.size = input.size;
  c.batch_index = input.batch_index;
  c.columns = input.columns;
  c.columns.resize(payload_);
  for (const BoundWindow& w : windows_) {
    for (const auto* list : {&w.args, &w.partitions, &w.orders}) {
      for (const auto& e : *list) {
        LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, ExpressionExecutor::Evaluate(*e, input));
        c.columns.push_back(std::move(v));
      }
    }
  }
  static_cast<WindowLocalState&>(local).buffer.Add(std::move(c));
  return Status::OK();
}

Status WindowOperator::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<WindowGlobalState&>(global);
  std::lock_guard<std::mutex> lock(g.mu);
  g.buffer.Merge(std::move(static_cast<WindowLocalState&>(local).buffer));
  return Status::OK();
}

Status WindowOperator::Finalize(GlobalSinkState& global) const {
  auto& g = static_cast<WindowGlobalState&>(global);
  std::vector<Chunk> chunks = g.buffer.TakeSorted();
  if (chunks.empty()) return Status::OK();
  const size_t width = chunks[0].columns.size();
  std::vector<columnar::VectorPtr> all(width);
  int64_t n = 0;
  for (const Chunk& c : chunks) n += c.size;
  if (n == 0) return Status::OK();
  for (size_t col = 0; col < width; ++col) {
    std::vector<columnar::VectorPtr> parts;
    for (const Chunk& c : chunks) parts.push_back(c.columns[col]);
    LAKEML_ASSIGN_OR_RETURN(all[col], columnar::ConcatVectors(parts));
  }
  chunks.clear();
  std::vector<columnar::VectorPtr> results;
  std::vector<int64_t> emit_order;
  size_t next = payload_;
  for (size_t i = 0; i < windows_.size(); ++i) {
    const BoundWindow& w = windows_[i];
    WindowEvaluator::Input in;
    in.rows = n;
    for (size_t k = 0; k < w.args.size(); ++k) in.args.push_back(all[next++]);
    for (size_t k = 0; k < w.partitions.size(); ++k) in.partitions.push_back(all[next++]);
    for (size_t k = 0; k < w.orders.size(); ++k) in.orders.push_back(all[next++]);
    std::vector<int64_t> sorted;
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr r, WindowEvaluator::Evaluate(w, in, &sorted));
    results.push_back(std::move(r));
    if (i == 0) emit_order = std::move(sorted);
  }
  all.resize(payload_);
  for (auto& r : results) all.push_back(std::move(r));
  for (int64_t begin = 0; begin < n; begin += Chunk::kMaxRows) {
    const int64_t count = std::min(Chunk::kMaxRows, n - begin);
    Chunk c;
    c.size = count;
    for (const auto& v : all) {
      LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr taken,
                              columnar::TakeVector(*v, emit_order.data() + begin, count));
      c.columns.push_back(std::move(taken));
    }
    g.output.Push(std::move(c));
  }
  return Status::OK();
}

Result<bool> WindowOperator::GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState&,
                                     Chunk* out) const {
  return static_cast<WindowGlobalState&>(*sink_state).output.Pop(out);
}

}  // namespace lakeml::sql
