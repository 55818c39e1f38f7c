#include "sql/execution/operators/hash_aggregate_operator.h"

#include "sql/execution/aggregate_arguments.h"

#include <mutex>

#include "base/str_cat.h"
#include "sql/execution/chunk_queue.h"
#include "sql/common/sql_error.h"
#include "sql/execution/expression_executor.h"
#include "sql/execution/memory_manager.h"
#include "sql/execution/operators/aggregate_spill.h"

namespace lakeml::sql {
namespace {

struct AggregateGlobalState final : GlobalSinkState {
  std::mutex mu;
  std::unique_ptr<AggregateHashTable> table;
  ChunkQueue output;
  // Memory limit and spilling (sql-memory).
  MemoryReservation reservation;
  std::unique_ptr<AggregateSpill> spill;
  int next_partition = 0;
  int64_t next_batch = 0;
  int64_t next_group = 0;  // the next group GetData emits (without spilling)
};

struct AggregateLocalState final : LocalSinkState {
  std::unique_ptr<AggregateHashTable> table;
  MemoryReservation reservation;
  bool presized = false;
};

// `groups` capped so that presizing stays well within a memory limit and never forces the
// spilling that tests ask for: about 64 bytes a group (index slots, hash, key, states).
int64_t PresizedGroups(const ExecutionContext& ctx, int64_t groups) {
  if (ctx.force_spill_bytes > 0) return 0;
  groups = std::min(groups, HashAggregateOperator::kMaxPresizedGroups);
  if (ctx.memory != nullptr && ctx.memory->limit() > 0) {
    groups = std::min(groups, ctx.memory->limit() / 4 / 64);
  }
  return groups;
}

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
  auto global = std::make_unique<AggregateGlobalState>();
  std::vector<columnar::TypePtr> arg_types;
  for (const auto& a : aggregates_) arg_types.push_back(a.arg ? a.arg->type : nullptr);
  global->spill = std::make_unique<AggregateSpill>(&encoder_, &specs_, std::move(arg_types));
  return global;
}

std::unique_ptr<LocalSinkState> HashAggregateOperator::MakeLocalSinkState() const {
  auto local = std::make_unique<AggregateLocalState>();
  local->table = std::make_unique<AggregateHashTable>(&encoder_, &specs_);
  return local;
}

Status HashAggregateOperator::Sink(ExecutionContext& ctx, Chunk& input, GlobalSinkState& global,
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
  auto& g = static_cast<AggregateGlobalState&>(global);
  if (g.spill->active()) return g.spill->Spill(ctx, keys, args, input.size);
  auto& l = static_cast<AggregateLocalState&>(local);
  if (!l.presized) {
    l.presized = true;
    l.table->Reserve(PresizedGroups(ctx, expected_groups_ / std::max(1, ctx.num_threads)));
  }
  LAKEML_RETURN_IF_ERROR(l.table->Add(keys, args, input.size));
  return ReserveAggregateMemory(ctx, g, l);
}

// Memory limit and spilling (sql-memory).

Status HashAggregateOperator::ReserveAggregateMemory(ExecutionContext& ctx,
                                                     GlobalSinkState& global,
                                                     LocalSinkState& local) const {
  if (ctx.memory == nullptr || groups_.empty()) return Status::OK();
  auto& l = static_cast<AggregateLocalState&>(local);
  if (l.reservation.manager() == nullptr) l.reservation = MemoryReservation(ctx.memory);
  // Over the limit: the table keeps what it has; the following chunks go to disk.
  const int64_t bytes = l.table->MemoryUsage();
  if (!l.reservation.Resize(bytes) ||
      (ctx.force_spill_bytes > 0 && bytes > ctx.force_spill_bytes)) {
    static_cast<AggregateGlobalState&>(global).spill->Activate();
  }
  return Status::OK();
}

std::string HashAggregateOperator::runtime_details() const {
  auto* g = static_cast<AggregateGlobalState*>(sink_state.get());
  if (g == nullptr) return "";
  std::string out = StrCat("peak memory: ", MemoryManager::FormatSize(g->reservation.peak()));
  if (expected_groups_ > 0) out += StrCat(", estimated groups: ", expected_groups_);
  if (g->spill->spilled_files() > 0) {
    out += StrCat(", spilled: ", MemoryManager::FormatSize(g->spill->spilled_bytes()), " in ",
                  g->spill->spilled_files(), " files");
  }
  return out;
}

Status HashAggregateOperator::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<AggregateGlobalState&>(global);
  auto& l = static_cast<AggregateLocalState&>(local);
  std::lock_guard<std::mutex> lock(g.mu);
  if (g.table == nullptr) {
    g.table = std::move(l.table);
  } else {
    // The smaller table merges into the larger one (decision 0018).
    if (l.table->size() > g.table->size()) std::swap(g.table, l.table);
    // Presized for the estimate, but never past what the two tables hold.
    g.table->Reserve(
        std::min({expected_groups_, g.table->size() + l.table->size(), kMaxPresizedGroups}));
    LAKEML_RETURN_IF_ERROR(g.table->Merge(*l.table));
    l.table.reset();
  }
  // The merged table cannot spill: it may pass the limit by what the merge added.
  if (MemoryManager* manager = l.reservation.manager(); manager != nullptr) {
    l.reservation = MemoryReservation();
    if (g.reservation.manager() == nullptr) g.reservation = MemoryReservation(manager);
    g.reservation.ForceResize(g.table->MemoryUsage());
  }
  return Status::OK();
}

Status HashAggregateOperator::Finalize(GlobalSinkState& global) const {
  auto& g = static_cast<AggregateGlobalState&>(global);
  if (g.table == nullptr) g.table = std::make_unique<AggregateHashTable>(&encoder_, &specs_);
  if (groups_.empty()) g.table->EnsureGroup();
  if (g.spill->active()) return g.spill->FinishWriting();  // GetData emits the partitions.
  // GetData emits the groups chunk by chunk (decision 0021): materializing all of them here
  // would touch fresh memory for every output row at once.
  return g.table->FinishDistinct();
}

Result<bool> HashAggregateOperator::EmitNext(GlobalSinkState& global, Chunk* out) const {
  auto& g = static_cast<AggregateGlobalState&>(global);
  std::lock_guard<std::mutex> lock(g.mu);
  if (g.table == nullptr || g.next_group >= g.table->size()) {
    out->size = 0;
    out->columns.clear();
    return false;
  }
  const int64_t begin = g.next_group;
  const int64_t end = std::min(g.table->size(), begin + Chunk::kMaxRows);
  LAKEML_ASSIGN_OR_RETURN(out->columns, g.table->Emit(begin, end));
  out->size = end - begin;
  out->batch_index = g.next_batch++;
  g.next_group = end;
  if (end == g.table->size()) g.table.reset();  // Every group is out: free the table now.
  return true;
}

Result<bool> HashAggregateOperator::GetData(ExecutionContext& ctx, GlobalSourceState&,
                                            LocalSourceState&, Chunk* out) const {
  auto& g = static_cast<AggregateGlobalState&>(*sink_state);
  if (!g.spill->active()) return EmitNext(g, out);
  // Spilled: one partition at a time (a single thread reads this source).
  while (true) {
    if (g.output.Pop(out)) {
      out->batch_index = g.next_batch++;
      return true;
    }
    if (g.next_partition >= AggregateSpill::kPartitions) {
      g.table.reset();
      return false;
    }
    if (ctx.Interrupted()) return SqlError::Cancelled();
    LAKEML_RETURN_IF_ERROR(g.spill->EmitPartition(g.next_partition++, *g.table, &g.output));
  }
}

}  // namespace lakeml::sql
