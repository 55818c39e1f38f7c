#include "sql/execution/operators/hash_aggregate_operator.h"

#include "sql/execution/aggregate_arguments.h"

#include <mutex>

#include "base/str_cat.h"
#include "sql/execution/chunk_queue.h"
#include "sql/execution/expression_executor.h"

namespace lakeml::sql {
namespace {

struct AggregateGlobalState final : GlobalSinkState {
  std::mutex mu;
  std::unique_ptr<AggregateHashTable> table;
  ChunkQueue output;
};

struct AggregateLocalState final : LocalSinkState {
  std::unique_ptr<AggregateHashTable> table;
};

std::vector<columnar::TypePtr> GroupTypes(const std::vector<ExprPtr>& groups) {
  std::vector<columnar::TypePtr> types;
  for (const auto& g : groups) types.push_back(g->type);
  return types;
}

}  // namespace

HashAggregateOperator::HashAggregateOperator(std::vector<columnar::TypePtr> types,
                                             std::vector<ExprPtr> groups,
                                             std::vector<PhysicalAggregate> aggregates)
    : PhysicalOperator(std::move(types)),
      groups_(std::move(groups)),
      aggregates_(std::move(aggregates)),
      encoder_(GroupTypes(groups_)) {
  for (const auto& a : aggregates_) specs_.push_back(a.spec);
}

std::string HashAggregateOperator::details() const {
  std::string out;
  for (const auto& g : groups_) out += (out.empty() ? "" : ", ") + g->ToString();
  for (const auto& a : aggregates_) {
    out += StrCat(out.empty() ? "" : ", ", a.spec.function->name, "(",
                  a.spec.distinct ? "DISTINCT " : "", a.arg ? a.arg->ToString() : "*", ")");
  }
  return out;
}

std::unique_ptr<GlobalSinkState> HashAggregateOperator::MakeGlobalSinkState() const {
  return std::make_unique<AggregateGlobalState>();
}

std::unique_ptr<LocalSinkState> HashAggregateOperator::MakeLocalSinkState() const {
  auto local = std::make_unique<AggregateLocalState>();
  local->table = std::make_unique<AggregateHashTable>(&encoder_, &specs_);
  return local;
}

Status HashAggregateOperator::Sink(ExecutionContext&, Chunk& input, GlobalSinkState&,
                                   LocalSinkState& local) const {
  std::vector<columnar::VectorPtr> owned;
  std::vector<const columnar::Vector*> keys;
  std::vector<const columnar::Vector*> args;
  for (const auto& g : groups_) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, ExpressionExecutor::Evaluate(*g, input));
    keys.push_back(v.get());
    owned.push_back(std::move(v));
  }
  for (const auto& a : aggregates_) {
    if (a.arg == nullptr) {
      args.push_back(nullptr);
      continue;
    }
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, ExpressionExecutor::Evaluate(*a.arg, input));
    if (!a.more_args.empty()) {  // sql-aggjson
      std::vector<columnar::VectorPtr> all = {std::move(v)};
      for (const auto& m : a.more_args) {
        LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr mv, ExpressionExecutor::Evaluate(*m, input));
        all.push_back(std::move(mv));
      }
      v = AggregateArguments::Pack(a.packed_type, std::move(all), input.size);
    }
    args.push_back(v.get());
    owned.push_back(std::move(v));
  }
  return static_cast<AggregateLocalState&>(local).table->Add(keys, args, input.size);
}

Status HashAggregateOperator::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<AggregateGlobalState&>(global);
  auto& l = static_cast<AggregateLocalState&>(local);
  std::lock_guard<std::mutex> lock(g.mu);
  if (g.table == nullptr) {
    g.table = std::move(l.table);
    return Status::OK();
  }
  return g.table->Merge(*l.table);
}

Status HashAggregateOperator::Finalize(GlobalSinkState& global) const {
  auto& g = static_cast<AggregateGlobalState&>(global);
  if (g.table == nullptr) g.table = std::make_unique<AggregateHashTable>(&encoder_, &specs_);
  if (groups_.empty()) g.table->EnsureGroup();
  LAKEML_RETURN_IF_ERROR(g.table->FinishDistinct());
  for (int64_t begin = 0; begin < g.table->size(); begin += Chunk::kMaxRows) {
    const int64_t end = std::min(g.table->size(), begin + Chunk::kMaxRows);
    Chunk chunk;
    LAKEML_ASSIGN_OR_RETURN(chunk.columns, g.table->Emit(begin, end));
    chunk.size = end - begin;
    g.output.Push(std::move(chunk));
  }
  g.table.reset();
  return Status::OK();
}

Result<bool> HashAggregateOperator::GetData(ExecutionContext&, GlobalSourceState&,
                                            LocalSourceState&, Chunk* out) const {
  return static_cast<AggregateGlobalState&>(*sink_state).output.Pop(out);
}

}  // namespace lakeml::sql
