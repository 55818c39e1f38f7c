#include "sql/execution/operators/limit_operator.h"

#include <mutex>

#include "base/str_cat.h"
#include "columnar/vector_slice.h"
#include "sql/execution/ordered_chunk_buffer.h"

namespace lakeml::sql {
namespace {

struct LimitGlobalState final : GlobalSinkState {
  std::mutex mu;
  OrderedChunkBuffer buffer;
  std::vector<Chunk> result;
};

struct LimitLocalState final : LocalSinkState {
  OrderedChunkBuffer buffer;
};

struct LimitSourceState final : GlobalSourceState {
  std::mutex mu;
  size_t next = 0;
};

}  // namespace

std::string LimitOperator::details() const {
  return StrCat(limit_ >= 0 ? StrCat(limit_) : "ALL",
                offset_ > 0 ? StrCat(" offset ", offset_) : "");
}

std::unique_ptr<GlobalSinkState> LimitOperator::MakeGlobalSinkState() const {
  return std::make_unique<LimitGlobalState>();
}

std::unique_ptr<LocalSinkState> LimitOperator::MakeLocalSinkState() const {
  return std::make_unique<LimitLocalState>();
}

Status LimitOperator::Sink(ExecutionContext&, Chunk& input, GlobalSinkState&,
                           LocalSinkState& local) const {
  static_cast<LimitLocalState&>(local).buffer.Add(std::move(input));
  return Status::OK();
}

Status LimitOperator::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<LimitGlobalState&>(global);
  std::lock_guard<std::mutex> lock(g.mu);
  g.buffer.Merge(std::move(static_cast<LimitLocalState&>(local).buffer));
  return Status::OK();
}

Status LimitOperator::Finalize(GlobalSinkState& global) const {
  auto& g = static_cast<LimitGlobalState&>(global);
  int64_t skip = offset_;
  int64_t left = limit_ < 0 ? INT64_MAX : limit_;
  for (Chunk& c : g.buffer.TakeSorted()) {
    if (left == 0) break;
    int64_t begin = std::min(skip, c.size);
    skip -= begin;
    int64_t take = std::min(left, c.size - begin);
    if (take <= 0) continue;
    left -= take;
    if (begin == 0 && take == c.size) {
      g.result.push_back(std::move(c));
      continue;
    }
    Chunk part;
    part.size = take;
    part.batch_index = c.batch_index;
    for (const auto& col : c.columns) {
      part.columns.push_back(columnar::SliceVector(*col, begin, take));
    }
    g.result.push_back(std::move(part));
  }
  return Status::OK();
}

Result<std::unique_ptr<GlobalSourceState>> LimitOperator::MakeGlobalSourceState(
    ExecutionContext&) const {
  return std::unique_ptr<GlobalSourceState>(std::make_unique<LimitSourceState>());
}

Result<bool> LimitOperator::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState&,
                                    Chunk* out) const {
  auto& s = static_cast<LimitSourceState&>(global);
  auto& g = static_cast<LimitGlobalState&>(*sink_state);
  std::lock_guard<std::mutex> lock(s.mu);
  if (s.next >= g.result.size()) {
    out->size = 0;
    return false;
  }
  *out = g.result[s.next];
  out->batch_index = static_cast<int64_t>(s.next);
  ++s.next;
  return true;
}

}  // namespace lakeml::sql
