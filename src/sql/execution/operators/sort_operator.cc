#include "sql/execution/operators/sort_operator.h"

#include <algorithm>
#include <mutex>
#include <numeric>

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "columnar/vector_take.h"
#include "sql/common/sql_error.h"
#include "sql/execution/chunk_queue.h"
#include "sql/execution/chunk_serializer.h"
#include "sql/execution/memory_manager.h"
#include "sql/execution/sort_run_merger.h"
#include "sql/execution/spill_directory.h"
#include "sql/execution/expression_executor.h"
#include "sql/execution/ordered_chunk_buffer.h"

namespace lakeml::sql {
namespace {

struct SortGlobalState final : GlobalSinkState {
  std::mutex mu;
  OrderedChunkBuffer buffer;
  ChunkQueue output;
  // External sort (sql-memory): sorted runs on disk, merged by GetData.
  MemoryReservation reservation;
  std::vector<std::unique_ptr<SpillFile>> runs;
  std::unique_ptr<SortRunMerger> merger;
  int64_t next_batch = 0;
  int64_t spilled_bytes = 0;
  int64_t spilled_runs = 0;
};

struct SortLocalState final : LocalSinkState {
  OrderedChunkBuffer buffer;
  MemoryReservation reservation;
  int64_t bytes = 0;
};

// A top-N thread compacts its rows once it holds this many beyond the limit.
constexpr int64_t kTopNSlack = 8192;

}  // namespace

SortOperator::SortOperator(std::vector<columnar::TypePtr> types, std::vector<ExprPtr> keys,
                           std::vector<SortSpec> specs, int64_t limit)
    : PhysicalOperator(std::move(types)),
      keys_(std::move(keys)),
      specs_(std::move(specs)),
      limit_(limit) {}

std::string SortOperator::details() const {
  std::string out;
  for (size_t i = 0; i < keys_.size(); ++i) {
    out += StrCat(i ? ", " : "", keys_[i]->ToString(), specs_[i].descending ? " DESC" : " ASC",
                  specs_[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
  }
  if (limit_ >= 0) out += StrCat(" limit ", limit_);
  return out;
}

std::unique_ptr<GlobalSinkState> SortOperator::MakeGlobalSinkState() const {
  return std::make_unique<SortGlobalState>();
}

std::unique_ptr<LocalSinkState> SortOperator::MakeLocalSinkState() const {
  return std::make_unique<SortLocalState>();
}

Status SortOperator::Sink(ExecutionContext& ctx, Chunk& input, GlobalSinkState& global,
                          LocalSinkState& local) const {
  auto& l = static_cast<SortLocalState&>(local);
  Chunk c;
  c.size = input.size;
  c.batch_index = input.batch_index;
  c.columns = input.columns;
  for (const auto& k : keys_) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, ExpressionExecutor::Evaluate(*k, input));
    c.columns.push_back(std::move(v));
  }
  const int64_t batch = c.batch_index;
  if (limit_ < 0 && ctx.memory != nullptr) {
    l.bytes += ChunkSerializer::MemoryBytes(c);
    l.buffer.Add(std::move(c));
    return ReserveSortMemory(ctx, global, local);
  }
  l.buffer.Add(std::move(c));
  if (limit_ >= 0 && l.buffer.rows() > limit_ + kTopNSlack) {
    LAKEML_ASSIGN_OR_RETURN(std::vector<Chunk> best,
                            SortChunks(l.buffer.TakeSorted(), limit_, INT64_MAX));
    l.buffer = OrderedChunkBuffer();
    for (Chunk& b : best) {
      b.batch_index = batch;
      l.buffer.Add(std::move(b));
    }
  }
  return Status::OK();
}

Status SortOperator::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<SortGlobalState&>(global);
  auto& l = static_cast<SortLocalState&>(local);
  std::lock_guard<std::mutex> lock(g.mu);
  g.buffer.Merge(std::move(l.buffer));
  // The buffers' memory moves to the global reservation (which may pass the limit a little).
  if (MemoryManager* manager = l.reservation.manager(); manager != nullptr) {
    const int64_t bytes = l.bytes;
    l.reservation = MemoryReservation();
    if (g.reservation.manager() == nullptr) g.reservation = MemoryReservation(manager);
    g.reservation.ForceResize(g.reservation.bytes() + bytes);
  }
  return Status::OK();
}

// External sort (sql-memory).

Status SortOperator::ReserveSortMemory(ExecutionContext& ctx, GlobalSinkState& global,
                                       LocalSinkState& local) const {
  auto& l = static_cast<SortLocalState&>(local);
  if (l.reservation.manager() == nullptr) l.reservation = MemoryReservation(ctx.memory);
  const bool forced = ctx.force_spill_bytes > 0 && l.bytes > ctx.force_spill_bytes;
  if (l.reservation.Resize(l.bytes) && !forced) return Status::OK();
  if (ctx.spill == nullptr) return l.reservation.ResizeOrFail(l.bytes, "a sort");
  // Over the limit: this thread's rows become a sorted run on disk.
  LAKEML_ASSIGN_OR_RETURN(std::vector<Chunk> sorted,
                          SortChunks(l.buffer.TakeSorted(), -1, Chunk::kMaxRows));
  l.buffer = OrderedChunkBuffer();
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<SpillFile> file, ctx.spill->NewFile());
  for (const Chunk& c : sorted) {
    if (ctx.Interrupted()) return SqlError::Cancelled();
    LAKEML_RETURN_IF_ERROR(file->Append(c));
  }
  LAKEML_RETURN_IF_ERROR(file->FinishWriting());
  ctx.spill->AddSpilled(file->bytes());
  l.bytes = 0;
  (void)l.reservation.Resize(0);
  auto& g = static_cast<SortGlobalState&>(global);
  std::lock_guard<std::mutex> lock(g.mu);
  g.spilled_bytes += file->bytes();
  ++g.spilled_runs;
  g.runs.push_back(std::move(file));
  return Status::OK();
}

std::string SortOperator::runtime_details() const {
  auto* g = static_cast<SortGlobalState*>(sink_state.get());
  if (g == nullptr || limit_ >= 0) return "";
  std::string out = StrCat("peak memory: ", MemoryManager::FormatSize(g->reservation.peak()));
  if (g->spilled_runs > 0) {
    out += StrCat(", spilled: ", MemoryManager::FormatSize(g->spilled_bytes), " in ",
                  g->spilled_runs, " runs");
  }
  return out;
}

Result<std::vector<Chunk>> SortOperator::SortChunks(std::vector<Chunk> chunks, int64_t keep,
                                                    int64_t chunk_rows) const {
  std::vector<Chunk> out;
  if (chunks.empty()) return out;
  const size_t width = chunks[0].columns.size();
  std::vector<columnar::VectorPtr> all(width);
  int64_t n = 0;
  for (const Chunk& c : chunks) n += c.size;
  for (size_t col = 0; col < width; ++col) {
    std::vector<columnar::VectorPtr> parts;
    for (const Chunk& c : chunks) parts.push_back(c.columns[col]);
    LAKEML_ASSIGN_OR_RETURN(all[col], columnar::ConcatVectors(parts));
  }
  chunks.clear();
  const size_t payload = width - keys_.size();
  std::vector<const columnar::Vector*> key_vectors;
  for (size_t k = payload; k < width; ++k) key_vectors.push_back(all[k].get());
  SortKeyComparator cmp(std::move(key_vectors), specs_);
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // The row index breaks ties: a total order, so the result is stable.
  auto less = [&cmp](int64_t a, int64_t b) {
    const int c = cmp.Compare(a, b);
    return c != 0 ? c < 0 : a < b;
  };
  if (keep >= 0 && keep < n) {
    std::partial_sort(order.begin(), order.begin() + keep, order.end(), less);
    order.resize(keep);
  } else {
    std::sort(order.begin(), order.end(), less);
  }
  const int64_t rows = static_cast<int64_t>(order.size());
  for (int64_t begin = 0; begin < rows; begin += chunk_rows) {
    const int64_t count = std::min(chunk_rows, rows - begin);
    Chunk c;
    c.size = count;
    for (const auto& v : all) {
      LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr taken,
                              columnar::TakeVector(*v, order.data() + begin, count));
      c.columns.push_back(std::move(taken));
    }
    out.push_back(std::move(c));
  }
  return out;
}

Status SortOperator::Finalize(GlobalSinkState& global) const {
  auto& g = static_cast<SortGlobalState&>(global);
  LAKEML_ASSIGN_OR_RETURN(std::vector<Chunk> sorted,
                          SortChunks(g.buffer.TakeSorted(), limit_, Chunk::kMaxRows));
  if (!g.runs.empty()) {  // External sort: GetData merges the runs and these rows.
    std::vector<columnar::TypePtr> types = children[0]->types();
    for (const auto& k : keys_) types.push_back(k->type);
    g.merger = std::make_unique<SortRunMerger>(std::move(types), specs_);
    for (auto& run : g.runs) g.merger->AddRun(std::move(run));
    g.runs.clear();
    g.merger->AddRun(std::move(sorted));
    return Status::OK();
  }
  for (Chunk& c : sorted) {
    c.columns.resize(c.columns.size() - keys_.size());
    g.output.Push(std::move(c));
  }
  return Status::OK();
}

Result<bool> SortOperator::GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState&,
                                   Chunk* out) const {
  auto& g = static_cast<SortGlobalState&>(*sink_state);
  if (g.merger == nullptr) return g.output.Pop(out);
  LAKEML_ASSIGN_OR_RETURN(bool more, g.merger->Next(out));
  if (!more) return false;
  out->columns.resize(out->columns.size() - keys_.size());
  out->batch_index = g.next_batch++;
  return true;
}

}  // namespace lakeml::sql
