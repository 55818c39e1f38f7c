#include "sql/execution/operators/join_operator.h"

#include <algorithm>
#include <functional>

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "sql/common/sql_error.h"
#include "sql/execution/chunk_serializer.h"
#include "sql/execution/expression_executor.h"
#include "sql/execution/operators/join_key_hasher.h"
#include "sql/execution/operators/join_row_gather.h"

namespace lakeml::sql {
namespace {

struct JoinLocalBuild final : LocalSinkState {
  std::vector<Chunk> parts;
  MemoryReservation reservation;  // sql-memory
  int64_t bytes = 0;
  int64_t rows = 0;  // join-spill
};

// join-spill: what a hash join's index will take per build row (buckets, chain and the build's
// temporaries, see JoinHashTable::BuildBytes), reserved with the rows so that a build whose
// index would not fit spills.
constexpr int64_t kJoinIndexBytesPerRow = 48;

struct JoinTailState final : GlobalSourceState {
  int64_t next = 0;
  int64_t batch = 0;
};

// Whether any of `rows` is kNoRow (an outer join's NULL side).
bool HasJoinNoRow(const std::vector<uint32_t>& rows) {
  for (uint32_t r : rows) {
    if (r == JoinOperator::kNoRow) return true;
  }
  return false;
}

Status EvaluateJoinKeys(const std::vector<ExprPtr>& keys, const Chunk& chunk,
                        std::vector<columnar::VectorPtr>* out) {
  out->clear();
  for (const auto& k : keys) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, ExpressionExecutor::Evaluate(*k, chunk));
    out->push_back(std::move(v));
  }
  return Status::OK();
}

void MarkJoinResidualColumns(const BoundExpression& e, std::vector<uint8_t>* uses) {
  if (e.kind == ExprKind::kReference && e.index >= 0) {
    if (uses->size() <= static_cast<size_t>(e.index)) uses->resize(e.index + 1, 0);
    (*uses)[e.index] = 1;
  }
  for (const auto& c : e.children) MarkJoinResidualColumns(*c, uses);
}

}  // namespace

JoinOperator::JoinOperator(std::vector<columnar::TypePtr> types, JoinSpec spec)
    : PhysicalOperator(std::move(types)), spec_(std::move(spec)) {
  if (spec_.residual != nullptr) {
    MarkJoinResidualColumns(*spec_.residual, &residual_uses_);
    pair_predicate_ = JoinPairPredicate::Compile(*spec_.residual);
  }
}

std::string JoinOperator::details() const {
  std::string out(JoinTypeName(spec_.type));
  if (!spec_.probe_keys.empty()) {
    out += " keys: [";
    for (size_t i = 0; i < spec_.probe_keys.size(); ++i) {
      out += StrCat(i ? ", " : "", spec_.probe_keys[i]->ToString(), " = ",
                    spec_.build_keys[i]->ToString());
    }
    out += "]";
  }
  if (spec_.residual != nullptr) out += StrCat(" condition: ", spec_.residual->ToString());
  // join-output: name the outputs when the join drops some of its inputs' columns.
  const bool build_only = spec_.type == JoinType::kRightSemi || spec_.type == JoinType::kRightAnti;
  const size_t all = (build_only ? 0 : probe_width()) +
                     (build_only || JoinOutputsRight(spec_.type) ? build_width() : 0);
  if (types().size() < all) {
    out += " output: [";
    for (size_t i = 0; i < spec_.output_names.size(); ++i) {
      out += StrCat(i ? ", " : "", spec_.output_names[i]);
    }
    out += "]";
  }
  out += StrCat(" build: right", index_details());
  if (!spec_.build_estimate.empty()) out += StrCat(" (~", spec_.build_estimate, " rows)");
  return out;
}

std::unique_ptr<OperatorState> JoinOperator::MakeOperatorState() const {
  return std::make_unique<ProbeState>();
}

std::unique_ptr<GlobalSinkState> JoinOperator::MakeGlobalSinkState() const {
  return std::make_unique<BuildData>();
}

std::unique_ptr<LocalSinkState> JoinOperator::MakeLocalSinkState() const {
  return std::make_unique<JoinLocalBuild>();
}

Status JoinOperator::Sink(ExecutionContext& ctx, Chunk& input, GlobalSinkState& global,
                          LocalSinkState& local) const {
  std::vector<columnar::VectorPtr> keys;
  LAKEML_RETURN_IF_ERROR(EvaluateJoinKeys(spec_.build_keys, input, &keys));
  Chunk part;
  part.size = input.size;
  part.batch_index = input.batch_index;
  part.columns = std::move(input.columns);
  for (auto& k : keys) part.columns.push_back(std::move(k));
  auto& l = static_cast<JoinLocalBuild&>(local);
  if (ctx.memory != nullptr) {
    if (l.reservation.manager() == nullptr) l.reservation = MemoryReservation(ctx.memory);
    l.bytes += ChunkSerializer::MemoryBytes(part);
    // join-spill: over the limit a hash join's build goes to disk (grace hash join); a nested
    // loop join's fails the query (not the process).
    if (CanSpill() && ctx.spill != nullptr) {
      auto& g = static_cast<BuildData&>(global);
      l.rows += part.size;
      const bool forced = ctx.force_spill_bytes > 0 && l.bytes > ctx.force_spill_bytes;
      if (g.spilling.load(std::memory_order_acquire) || forced ||
          !l.reservation.Resize(l.bytes + l.rows * kJoinIndexBytesPerRow)) {
        StartSpilling(g, ctx.spill);
        l.parts.push_back(std::move(part));
        LAKEML_RETURN_IF_ERROR(SpillBuildParts(g, &l.parts));
        l.bytes = 0;
        l.rows = 0;
        l.reservation.ForceResize(0);
        return Status::OK();
      }
    } else {
      LAKEML_RETURN_IF_ERROR(l.reservation.ResizeOrFail(l.bytes, "the build side of a join"));
    }
  }
  l.parts.push_back(std::move(part));
  return Status::OK();
}

Status JoinOperator::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<BuildData&>(global);
  auto& l = static_cast<JoinLocalBuild&>(local);
  if (g.spilling.load(std::memory_order_acquire)) {  // join-spill
    LAKEML_RETURN_IF_ERROR(SpillBuildParts(g, &l.parts));
    l.reservation.ForceResize(0);
  }
  std::lock_guard<std::mutex> lock(g.mu);
  for (Chunk& c : l.parts) g.parts.push_back(std::move(c));
  l.parts.clear();
  if (l.reservation.manager() != nullptr) g.reservations.push_back(std::move(l.reservation));
  return Status::OK();
}

Status JoinOperator::Finalize(GlobalSinkState& global) const {
  return FinalizeParallel(global, [](std::vector<std::function<Status()>>& tasks) -> Status {
    for (auto& task : tasks) LAKEML_RETURN_IF_ERROR(task());
    return Status::OK();
  });
}

Status JoinOperator::FinalizeParallel(GlobalSinkState& global,
                                      const FinalizeTaskRunner& run) const {
  auto& g = static_cast<BuildData&>(global);
  if (g.spilling.load(std::memory_order_acquire)) return FinishSpilledBuild(g);  // join-spill
  // Build rows in source order, whichever thread sank them: RIGHT SEMI / ANTI output them.
  std::stable_sort(g.parts.begin(), g.parts.end(), [](const Chunk& a, const Chunk& b) {
    return a.batch_index < b.batch_index;
  });
  int64_t rows = 0;
  for (const Chunk& c : g.parts) rows += c.size;
  if (rows >= static_cast<int64_t>(kNoRow)) {
    return Status::NotImplemented("Hash join build side too large: ", rows, " rows");
  }
  const size_t width = build_width();
  std::vector<columnar::TypePtr> types = children[1]->types();
  for (const auto& k : spec_.build_keys) types.push_back(k->type);
  std::vector<columnar::VectorPtr> columns(types.size());
  // join-probe: a key that is a build column as it is shares that column's concatenation.
  std::vector<int> key_column(spec_.build_keys.size(), -1);
  for (size_t k = 0; k < spec_.build_keys.size(); ++k) {
    const BoundExpression& key = *spec_.build_keys[k];
    if (key.kind == ExprKind::kReference && key.index >= 0 &&
        static_cast<size_t>(key.index) < width && key.type->Equals(*types[key.index])) {
      key_column[k] = key.index;
    }
  }
  std::vector<std::function<Status()>> tasks;
  for (size_t c = 0; c < types.size(); ++c) {
    if (c >= width && key_column[c - width] >= 0) continue;
    tasks.push_back([&, c]() -> Status {
      if (g.parts.empty()) {
        columns[c] = columnar::Vector::MakeNull(types[c], 0);
        return Status::OK();
      }
      std::vector<columnar::VectorPtr> pieces;
      pieces.reserve(g.parts.size());
      for (const Chunk& part : g.parts) pieces.push_back(part.columns[c]);
      LAKEML_ASSIGN_OR_RETURN(columns[c], columnar::ConcatVectors(pieces));
      return Status::OK();
    });
  }
  LAKEML_RETURN_IF_ERROR(run(tasks));
  for (size_t k = 0; k < key_column.size(); ++k) {
    if (key_column[k] >= 0) columns[width + k] = columns[key_column[k]];
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    (c < width ? g.columns : g.keys).push_back(std::move(columns[c]));
  }
  g.parts.clear();
  g.rows = rows;
  if (CanSpill() && !g.reservations.empty()) {
    // join-spill: the rows' reservations also held room for the index, which now reserves
    // its own bytes: keep the concatenated columns' bytes only.
    Chunk all;
    all.columns = g.columns;
    all.columns.insert(all.columns.end(), g.keys.begin(), g.keys.end());
    g.reservations.front().ForceResize(ChunkSerializer::MemoryBytes(all));
    for (size_t i = 1; i < g.reservations.size(); ++i) g.reservations[i].ForceResize(0);
  }
  if (HasFinalOutput()) {
    g.matched = std::make_unique<std::atomic<uint8_t>[]>(std::max<int64_t>(rows, 1));
    for (int64_t i = 0; i < rows; ++i) g.matched[i].store(0, std::memory_order_relaxed);
  }
  // The index counts against the query's memory too (it cannot spill: over the limit it is
  // counted all the same, as the build rows were).
  if (!g.reservations.empty()) {
    g.index_reservation = MemoryReservation(g.reservations.front().manager());
  }
  // perf-subquery; join-probe: BuildIndex may publish it from the hashes it computes; join-spill:
  // a grace partition publishes nothing (the probe side has been read already).
  LAKEML_RETURN_IF_ERROR(BuildIndex(g, run));
  if (spec_.runtime_filter != nullptr && !g.grace_partition &&
      !spec_.runtime_filter->published()) {
    spec_.runtime_filter->Publish(g.keys, rows);
  }
  return Status::OK();
}

Status JoinOperator::FilterPairs(const Chunk& probe, const BuildData& build,
                                 ProbeState& state) const {
  int64_t count = static_cast<int64_t>(state.probe_rows.size());
  for (size_t k = 0; k < state.keys.size() && count > 0 && !state.keys_checked; ++k) {
    count = JoinKeyHasher::KeepEqual(*state.keys[k], *build.keys[k], state.probe_rows.data(),
                                     state.build_rows.data(), count);
  }
  state.probe_rows.resize(count);
  state.build_rows.resize(count);
  if (spec_.residual == nullptr || count == 0) return Status::OK();
  if (pair_predicate_ != nullptr) {
    count = pair_predicate_->Filter(probe.columns, build.columns, state.probe_rows.data(),
                                    state.build_rows.data(), count);
    state.probe_rows.resize(count);
    state.build_rows.resize(count);
    return Status::OK();
  }
  // Only the columns the residual reads are gathered; the others are all-NULL stand-ins.
  Chunk pairs;
  pairs.size = count;
  pairs.batch_index = probe.batch_index;
  const size_t width = probe.columns.size() + build.columns.size();
  for (size_t i = 0; i < width; ++i) {
    const bool is_probe = i < probe.columns.size();
    const columnar::Vector& col =
        is_probe ? *probe.columns[i] : *build.columns[i - probe.columns.size()];
    if (i >= residual_uses_.size() || residual_uses_[i] == 0) {
      pairs.columns.push_back(columnar::Vector::MakeNull(col.type(), count));
      continue;
    }
    const std::vector<uint32_t>& rows = is_probe ? state.probe_rows : state.build_rows;
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v,
                            JoinRowGather::Gather(col, rows.data(), count, /*has_none=*/false));
    pairs.columns.push_back(std::move(v));
  }
  LAKEML_ASSIGN_OR_RETURN(std::vector<int64_t> keep,
                          ExpressionExecutor::Select(*spec_.residual, pairs));
  for (size_t i = 0; i < keep.size(); ++i) {
    state.probe_rows[i] = state.probe_rows[keep[i]];
    state.build_rows[i] = state.build_rows[keep[i]];
  }
  state.probe_rows.resize(keep.size());
  state.build_rows.resize(keep.size());
  return Status::OK();
}

Result<Chunk> JoinOperator::MakeOutput(const Chunk& probe, const BuildData& build,
                                       const std::vector<uint32_t>& probe_rows,
                                       const std::vector<uint32_t>& build_rows,
                                       bool with_build) const {
  Chunk out;
  out.size = static_cast<int64_t>(probe_rows.size());
  out.batch_index = probe.batch_index;
  // join-probe: every probe row once, in order (an N:1 join where each row matched once):
  // the probe columns pass through as they are.
  bool identity = out.size == probe.size;
  for (int64_t i = 0; i < out.size && identity; ++i) identity = probe_rows[i] == i;
  // join-output: only the columns the join outputs are gathered.
  if (identity) {
    for (int c : spec_.probe_output) out.columns.push_back(probe.columns[c]);
  } else {
    for (int c : spec_.probe_output) {
      LAKEML_ASSIGN_OR_RETURN(
          columnar::VectorPtr v,
          JoinRowGather::Gather(*probe.columns[c], probe_rows.data(), out.size, false));
      out.columns.push_back(std::move(v));
    }
  }
  if (with_build && !spec_.build_output.empty()) {
    const bool has_none = HasJoinNoRow(build_rows);
    for (int c : spec_.build_output) {
      LAKEML_ASSIGN_OR_RETURN(
          columnar::VectorPtr v,
          JoinRowGather::Gather(*build.columns[c], build_rows.data(), out.size, has_none));
      out.columns.push_back(std::move(v));
    }
  }
  return out;
}

int JoinOperator::ProbeColumnOf(int column) const {
  if (spec_.type == JoinType::kRightSemi || spec_.type == JoinType::kRightAnti) return -1;
  if (column < 0 || static_cast<size_t>(column) >= spec_.probe_output.size()) return -1;
  return spec_.probe_output[column];
}

void JoinOperator::PassProbeColumns(Chunk& input, Chunk* output) const {
  Chunk out;
  out.size = input.size;
  out.batch_index = input.batch_index;
  for (int c : spec_.probe_output) out.columns.push_back(std::move(input.columns[c]));
  *output = std::move(out);
}

void JoinOperator::AppendNullProbeColumns(int64_t rows, Chunk* output) const {
  const std::vector<columnar::TypePtr>& probe_types = children[0]->types();
  for (int c : spec_.probe_output) {
    output->columns.push_back(columnar::Vector::MakeNull(probe_types[c], rows));
  }
}

Status JoinOperator::Execute(ExecutionContext& ctx, Chunk& input, Chunk* output,
                             OperatorState& op_state) const {
  auto& state = static_cast<ProbeState&>(op_state);
  const auto& build = static_cast<const BuildData&>(*sink_state);
  if (build.spilling.load(std::memory_order_relaxed)) {  // join-spill
    return SpillProbe(build, input, output, state);
  }
  return ProbeChunk(ctx, build, input, output, state);
}

Status JoinOperator::ProbeChunk(ExecutionContext& ctx, const BuildData& build, Chunk& input,
                                Chunk* output, ProbeState& state) const {
  const JoinType type = spec_.type;
  const int64_t n = input.size;
  const bool probe_outer = type == JoinType::kLeft || type == JoinType::kFull;
  const bool track_probe = probe_outer || type == JoinType::kSemi || type == JoinType::kAnti;
  const bool emit_pairs = JoinOutputsRight(type);
  if (type == JoinType::kRightSemi || type == JoinType::kRightAnti) {
    output->size = 0;
    return MarkBuildMatches(ctx, input, build, state);
  }
  if (build.rows == 0 && !track_probe) {
    output->size = 0;
    return Status::OK();
  }
  state.out_probe.clear();
  state.out_build.clear();
  if (track_probe) state.probe_matched.assign(n, 0);
  if (build.rows > 0) {
    LAKEML_RETURN_IF_ERROR(EvaluateJoinKeys(spec_.probe_keys, input, &state.keys));
    PrepareProbe(build, n, state);
    state.row = 0;
    state.chain = kNoRow;
    state.done = false;
    while (!state.done) {
      if (ctx.Interrupted()) return SqlError::Cancelled();
      state.probe_rows.clear();
      state.build_rows.clear();
      NextCandidates(build, n, state);
      if (state.probe_rows.empty()) continue;
      LAKEML_RETURN_IF_ERROR(FilterPairs(input, build, state));
      if (track_probe) {
        for (uint32_t p : state.probe_rows) state.probe_matched[p] = 1;
      }
      if (build.matched != nullptr) {
        for (uint32_t b : state.build_rows) {
          if (build.matched[b].load(std::memory_order_relaxed) == 0) {
            build.matched[b].store(1, std::memory_order_relaxed);
          }
        }
      }
      if (emit_pairs) {
        state.out_probe.insert(state.out_probe.end(), state.probe_rows.begin(),
                               state.probe_rows.end());
        state.out_build.insert(state.out_build.end(), state.build_rows.begin(),
                               state.build_rows.end());
      }
    }
  }
  if (type == JoinType::kSemi || type == JoinType::kAnti) {
    const uint8_t want = type == JoinType::kSemi ? 1 : 0;
    for (int64_t i = 0; i < n; ++i) {
      if (state.probe_matched[i] == want) state.out_probe.push_back(static_cast<uint32_t>(i));
    }
    if (static_cast<int64_t>(state.out_probe.size()) == n) {
      PassProbeColumns(input, output);
      return Status::OK();
    }
    LAKEML_ASSIGN_OR_RETURN(*output, MakeOutput(input, build, state.out_probe, state.out_build,
                                                /*with_build=*/false));
    return Status::OK();
  }
  if (probe_outer) {
    for (int64_t i = 0; i < n; ++i) {
      if (state.probe_matched[i] != 0) continue;
      state.out_probe.push_back(static_cast<uint32_t>(i));
      state.out_build.push_back(kNoRow);
    }
  }
  LAKEML_ASSIGN_OR_RETURN(*output, MakeOutput(input, build, state.out_probe, state.out_build,
                                              /*with_build=*/true));
  return Status::OK();
}

Status JoinOperator::MarkBuildMatches(ExecutionContext& ctx, const Chunk& input,
                                      const BuildData& build, ProbeState& state) const {
  const int64_t n = input.size;
  if (build.rows == 0 || n == 0) return Status::OK();
  LAKEML_RETURN_IF_ERROR(EvaluateJoinKeys(spec_.probe_keys, input, &state.keys));
  PrepareProbe(build, n, state);
  state.row = 0;
  state.chain = kNoRow;
  state.done = false;
  while (!state.done) {
    if (ctx.Interrupted()) return SqlError::Cancelled();
    state.probe_rows.clear();
    state.build_rows.clear();
    NextCandidates(build, n, state);
    // Pairs whose build row already matched need no key or residual check.
    size_t kept = 0;
    for (size_t i = 0; i < state.build_rows.size(); ++i) {
      if (build.matched[state.build_rows[i]].load(std::memory_order_relaxed) != 0) continue;
      state.probe_rows[kept] = state.probe_rows[i];
      state.build_rows[kept++] = state.build_rows[i];
    }
    state.probe_rows.resize(kept);
    state.build_rows.resize(kept);
    if (kept == 0) continue;
    LAKEML_RETURN_IF_ERROR(FilterPairs(input, build, state));
    for (uint32_t b : state.build_rows) build.matched[b].store(1, std::memory_order_relaxed);
  }
  return Status::OK();
}

Result<std::unique_ptr<GlobalSourceState>> JoinOperator::MakeGlobalSourceState(
    ExecutionContext&) const {
  const auto& build = static_cast<const BuildData&>(*sink_state);
  if (build.spilling.load(std::memory_order_acquire)) return MakeGraceSource(build);  // join-spill
  return std::unique_ptr<GlobalSourceState>(std::make_unique<JoinTailState>());
}

Result<bool> JoinOperator::GetData(ExecutionContext& ctx, GlobalSourceState& global,
                                   LocalSourceState&, Chunk* out) const {
  const auto& build = static_cast<const BuildData&>(*sink_state);
  if (build.spilling.load(std::memory_order_acquire)) {  // join-spill
    return GraceGetData(ctx, global, out);
  }
  auto& tail = static_cast<JoinTailState&>(global);
  return EmitBuildRows(build, &tail.next, &tail.batch, out);
}

Result<bool> JoinOperator::EmitBuildRows(const BuildData& build, int64_t* next, int64_t* batch,
                                         Chunk* out) const {
  std::vector<uint32_t> rows;
  const uint8_t want = spec_.type == JoinType::kRightSemi ? 1 : 0;
  const bool probe_nulls = spec_.type == JoinType::kRight || spec_.type == JoinType::kFull;
  while (*next < build.rows && static_cast<int64_t>(rows.size()) < Chunk::kMaxRows) {
    if (build.matched[*next].load(std::memory_order_relaxed) == want) {
      rows.push_back(static_cast<uint32_t>(*next));
    }
    ++*next;
  }
  if (rows.empty()) {
    out->size = 0;
    return false;
  }
  Chunk result;
  result.size = static_cast<int64_t>(rows.size());
  // After every probe morsel, in build order.
  result.batch_index = INT64_MAX / 2 + (*batch)++;
  if (probe_nulls) AppendNullProbeColumns(result.size, &result);
  for (int c : spec_.build_output) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v,
                            JoinRowGather::Gather(*build.columns[c], rows.data(), result.size,
                                                  /*has_none=*/false));
    result.columns.push_back(std::move(v));
  }
  *out = std::move(result);
  return true;
}

}  // namespace lakeml::sql
