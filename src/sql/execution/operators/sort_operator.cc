#include "sql/execution/operators/sort_operator.h"

#include <algorithm>
#include <mutex>
#include <numeric>

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "columnar/vector_take.h"
#include "sql/execution/chunk_queue.h"
#include "sql/execution/expression_executor.h"
#include "sql/execution/ordered_chunk_buffer.h"

namespace lakeml::sql {
namespace {

struct SortGlobalState final : GlobalSinkState {
  std::mutex mu;
  OrderedChunkBuffer buffer;
  ChunkQueue output;
};

struct SortLocalState final : LocalSinkState {
  OrderedChunkBuffer buffer;
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

Status SortOperator::Sink(ExecutionContext&, Chunk& input, GlobalSinkState&,
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
  std::lock_guard<std::mutex> lock(g.mu);
  g.buffer.Merge(std::move(static_cast<SortLocalState&>(local).buffer));
  return Status::OK();
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
  for (Chunk& c : sorted) {
    c.columns.resize(c.columns.size() - keys_.size());
    g.output.Push(std::move(c));
  }
  return Status::OK();
}

Result<bool> SortOperator::GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState&,
                                   Chunk* out) const {
  return static_cast<SortGlobalState&>(*sink_state).output.Pop(out);
}

}  // namespace lakeml::sql
