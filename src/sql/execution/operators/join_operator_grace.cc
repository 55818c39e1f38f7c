// JoinOperator: spilling (grace hash join, decision 0023).
//
// When a build thread cannot reserve memory for its rows (or holds more than
// lakeml.debug.forceSpillAbove), the join switches to grace mode for good: every build row
// (those already collected included) is written to JoinPartitionSet partitions by its key
// hash, and no index is built. The probe pipeline then writes its rows to the same partitions
// of a second set (rows with a NULL key, which never match, are output at once by LEFT / FULL
// / ANTI joins and dropped by the others). After the probe pipeline, the join's final output
// (HasFinalOutput) joins the partition pairs one at a time: a partition's build rows are
// loaded into an ordinary BuildData (concatenated and indexed as in memory), its probe rows
// streamed through ProbeChunk, then its unmatched (or matched) build rows emitted for RIGHT /
// FULL / RIGHT SEMI / RIGHT ANTI. Matching rows have equal keys, so equal hashes, so the same
// partition: each pair is a complete join of its rows, and every join type and residual
// condition works unchanged. A partition whose build does not fit is split again by the next
// hash bits (JoinPartitionSet levels); at the last level it fails with
// UNABLE_TO_ACQUIRE_MEMORY (one key value with more rows than the limit holds).
#include <algorithm>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/execution/chunk_serializer.h"
#include "sql/execution/expression_executor.h"
#include "sql/execution/operators/join_key_hasher.h"
#include "sql/execution/operators/join_operator.h"

namespace lakeml::sql {
namespace {

// A spilled partition needing at most 1/16 of the memory limit is joined even when the
// query is over its limit (other operators hold that memory).
constexpr int64_t kGraceSmallPartitionShare = 16;

}  // namespace

// One partition pair still to join. build / probe null: that side has no rows.
struct JoinOperator::GraceWork {
  int level = 0;
  std::unique_ptr<SpillFile> build;
  std::unique_ptr<SpillFile> probe;
  // The build rows with a NULL key (RIGHT / FULL / RIGHT ANTI): emitted as unmatched.
  bool null_keys = false;
};

struct JoinOperator::GraceSource final : GlobalSourceState {
  JoinSpillState* spill = nullptr;
  std::vector<GraceWork> pending;  // A stack: split partitions are joined first.
  // The partition being joined.
  std::unique_ptr<BuildData> current;
  std::unique_ptr<SpillFile> probe;
  std::unique_ptr<SpillFile> null_keys;
  bool probing = false;
  int64_t next = 0;  // EmitBuildRows' position.
  int64_t batch = 0;
  ProbeState state;
};

bool JoinOperator::Spilled() const {
  return sink_state != nullptr &&
         static_cast<const BuildData&>(*sink_state).spilling.load(std::memory_order_acquire);
}

std::string JoinOperator::runtime_details() const {
  const auto* build = static_cast<const BuildData*>(sink_state.get());
  if (build == nullptr || build->spill == nullptr) return "";
  const JoinSpillState& s = *build->spill;
  return StrCat("spilled: ", MemoryManager::FormatSize(s.spilled_bytes), " in ", s.spilled_files,
                " files, ", s.partitions_joined, " partitions joined, depth ", s.max_level + 1);
}

std::vector<columnar::TypePtr> JoinOperator::BuildPartTypes() const {
  std::vector<columnar::TypePtr> types = children[1]->types();
  for (const auto& k : spec_.build_keys) types.push_back(k->type);
  return types;
}

Status JoinOperator::EvaluateKeys(const std::vector<ExprPtr>& exprs, const Chunk& chunk,
                                  std::vector<columnar::VectorPtr>* out) {
  out->clear();
  for (const auto& e : exprs) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, ExpressionExecutor::Evaluate(*e, chunk));
    out->push_back(std::move(v));
  }
  return Status::OK();
}

void JoinOperator::StartSpilling(BuildData& build, SpillDirectory* dir) const {
  if (build.spilling.load(std::memory_order_acquire)) return;
  std::lock_guard<std::mutex> lock(build.mu);
  if (build.spill == nullptr) build.spill = std::make_unique<JoinSpillState>(dir);
  build.spilling.store(true, std::memory_order_release);
}

Status JoinOperator::SpillBuildParts(BuildData& build, std::vector<Chunk>* parts) const {
  const size_t width = build_width();
  // Build rows with a NULL key are only ever output unmatched, and only by these joins.
  const bool keep_null = spec_.type == JoinType::kRight || spec_.type == JoinType::kFull ||
                         spec_.type == JoinType::kRightAnti;
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> valid;
  for (Chunk& part : *parts) {
    const std::vector<columnar::VectorPtr> keys(part.columns.begin() + width, part.columns.end());
    hashes.resize(part.size);
    valid.resize(part.size);
    if (part.size > 0) JoinKeyHasher::Hash(keys, part.size, hashes.data(), valid.data());
    LAKEML_RETURN_IF_ERROR(build.spill->build.Append(part, hashes.data(), valid.data(), keep_null));
    part = Chunk();  // Frees the rows as they go to disk.
  }
  parts->clear();
  return Status::OK();
}

Status JoinOperator::FinishSpilledBuild(BuildData& build) const {
  LAKEML_RETURN_IF_ERROR(SpillBuildParts(build, &build.parts));
  build.reservations.clear();
  LAKEML_RETURN_IF_ERROR(build.spill->build.FinishWriting());
  // Empty build columns of the right types: SpillProbe's outer rows take NULLs from them.
  for (const auto& t : children[1]->types()) {
    build.columns.push_back(columnar::Vector::MakeNull(t, 0));
  }
  build.rows = 0;
  return Status::OK();
}

Status JoinOperator::SpillProbe(const BuildData& build, Chunk& input, Chunk* output,
                                ProbeState& state) const {
  const int64_t n = input.size;
  output->size = 0;
  if (n == 0) return Status::OK();
  LAKEML_RETURN_IF_ERROR(EvaluateKeys(spec_.probe_keys, input, &state.keys));
  state.hashes.resize(n);
  state.valid.resize(n);
  JoinKeyHasher::Hash(state.keys, n, state.hashes.data(), state.valid.data());
  LAKEML_RETURN_IF_ERROR(
      build.spill->probe.Append(input, state.hashes.data(), state.valid.data(), false));
  const JoinType type = spec_.type;
  if (type != JoinType::kLeft && type != JoinType::kFull && type != JoinType::kAnti) {
    return Status::OK();
  }
  state.out_probe.clear();
  state.out_build.clear();
  for (int64_t i = 0; i < n; ++i) {
    if (state.valid[i] != 0) continue;
    state.out_probe.push_back(static_cast<uint32_t>(i));
    state.out_build.push_back(kNoRow);
  }
  if (state.out_probe.empty()) return Status::OK();
  LAKEML_ASSIGN_OR_RETURN(
      *output, MakeOutput(input, build, state.out_probe, state.out_build, JoinOutputsRight(type)));
  return Status::OK();
}

Result<std::unique_ptr<GlobalSourceState>> JoinOperator::MakeGraceSource(
    const BuildData& build) const {
  auto source = std::make_unique<GraceSource>();
  JoinSpillState& spill = *build.spill;
  source->spill = &spill;
  LAKEML_RETURN_IF_ERROR(spill.probe.FinishWriting());
  spill.spilled_bytes += spill.build.spilled_bytes() + spill.probe.spilled_bytes();
  spill.spilled_files += spill.build.files() + spill.probe.files();
  GraceWork nulls;
  nulls.build = spill.build.Take(JoinPartitionSet::kNullPartition);
  nulls.null_keys = true;
  if (nulls.build != nullptr) source->pending.push_back(std::move(nulls));
  for (int p = JoinPartitionSet::kPartitions - 1; p >= 0; --p) {
    GraceWork work;
    work.build = spill.build.Take(p);
    work.probe = spill.probe.Take(p);
    PushGraceWork(*source, std::move(work));
  }
  return std::unique_ptr<GlobalSourceState>(std::move(source));
}

void JoinOperator::PushGraceWork(GraceSource& source, GraceWork work) const {
  const JoinType type = spec_.type;
  // Joins that output unmatched probe rows need a pair without build rows; joins that output
  // build rows after probing need one without probe rows; the others need both sides.
  const bool probe_alone =
      type == JoinType::kLeft || type == JoinType::kFull || type == JoinType::kAnti;
  const bool build_alone =
      type == JoinType::kRight || type == JoinType::kFull || type == JoinType::kRightAnti;
  if (work.build == nullptr && (work.probe == nullptr || !probe_alone)) return;
  if (work.probe == nullptr && !build_alone) return;
  source.pending.push_back(std::move(work));
}

Result<bool> JoinOperator::GraceGetData(ExecutionContext& ctx, GlobalSourceState& global,
                                        Chunk* out) const {
  auto& source = static_cast<GraceSource&>(global);
  const JoinType type = spec_.type;
  const bool mark_only = type == JoinType::kRightSemi || type == JoinType::kRightAnti;
  const bool build_tail = type == JoinType::kRight || type == JoinType::kFull || mark_only;
  const std::vector<columnar::TypePtr> probe_types = children[0]->types();
  Chunk chunk;
  while (true) {
    if (ctx.Interrupted()) return SqlError::Cancelled();
    if (source.null_keys != nullptr) {
      // Build rows with a NULL key: unmatched, streamed without an index.
      LAKEML_ASSIGN_OR_RETURN(bool more, source.null_keys->Next(BuildPartTypes(), &chunk));
      if (!more) {
        source.null_keys.reset();
        continue;
      }
      Chunk result;
      result.size = chunk.size;
      result.batch_index = INT64_MAX / 2 + source.batch++;
      if (type != JoinType::kRightAnti) AppendNullProbeColumns(chunk.size, &result);
      for (int c : spec_.build_output) result.columns.push_back(chunk.columns[c]);
      *out = std::move(result);
      return true;
    }
    if (source.current == nullptr) {
      if (source.pending.empty()) {
        out->size = 0;
        return false;
      }
      GraceWork work = std::move(source.pending.back());
      source.pending.pop_back();
      if (work.null_keys) {
        source.null_keys = std::move(work.build);
        continue;
      }
      LAKEML_RETURN_IF_ERROR(LoadGracePartition(ctx, source, std::move(work)));
      continue;
    }
    if (source.probing) {
      bool more = false;
      if (source.probe != nullptr) {
        LAKEML_ASSIGN_OR_RETURN(more, source.probe->Next(probe_types, &chunk));
      }
      if (!more) {
        source.probing = false;
        source.probe.reset();
        source.next = 0;
        continue;
      }
      Chunk result;
      LAKEML_RETURN_IF_ERROR(ProbeChunk(ctx, *source.current, chunk, &result, source.state));
      if (mark_only || result.size == 0) continue;
      result.batch_index = INT64_MAX / 2 + source.batch++;
      *out = std::move(result);
      return true;
    }
    if (build_tail) {
      int64_t batch = 0;
      LAKEML_ASSIGN_OR_RETURN(bool more, EmitBuildRows(*source.current, &source.next, &batch, out));
      if (more) {
        out->batch_index = INT64_MAX / 2 + source.batch++;
        return true;
      }
    }
    source.current.reset();  // Releases the partition's memory.
    ++source.spill->partitions_joined;
  }
}

Status JoinOperator::LoadGracePartition(ExecutionContext& ctx, GraceSource& source,
                                        GraceWork work) const {
  auto build = std::make_unique<BuildData>();
  build->grace_partition = true;
  MemoryReservation reservation(ctx.memory);
  if (work.build != nullptr) {
    const std::vector<columnar::TypePtr> types = BuildPartTypes();
    const bool can_split = work.level + 1 < JoinPartitionSet::kMaxLevels;
    const int64_t limit = ctx.memory != nullptr ? ctx.memory->limit() : 0;
    const int64_t small_partition = limit > 0 ? limit / kGraceSmallPartitionShare : 0;
    int64_t bytes = 0;
    int64_t rows = 0;
    Chunk chunk;
    while (true) {
      if (ctx.Interrupted()) return SqlError::Cancelled();
      LAKEML_ASSIGN_OR_RETURN(bool more, work.build->Next(types, &chunk));
      if (!more) break;
      bytes += ChunkSerializer::MemoryBytes(chunk);
      rows += chunk.size;
      build->parts.push_back(std::move(chunk));
      // The rows, their concatenated copy and the index (with its hashing temporaries).
      const int64_t need = 2 * bytes + JoinHashTable::BuildBytes(rows) +
                           rows * static_cast<int64_t>(sizeof(uint64_t) + sizeof(uint8_t));
      const bool forced = ctx.force_spill_bytes > 0 && bytes > ctx.force_spill_bytes;
      bool fits = reservation.Resize(need);
      if (!fits && need <= small_partition) {
        // Other operators hold the memory, not this partition: splitting it would not help,
        // and joining it over the limit costs little.
        reservation.ForceResize(need);
        fits = true;
      }
      if (fits && !forced) continue;
      if (can_split) {
        reservation.ForceResize(0);
        return SplitGracePartition(ctx, source, std::move(work), &build->parts);
      }
      if (!fits) {
        return SqlError::Make(
            "UNABLE_TO_ACQUIRE_MEMORY", "53200",
            StrCat("Unable to acquire ", MemoryManager::FormatSize(need),
                   " of memory for a spilled partition of a join's build side that cannot be "
                   "split further (many rows with one key value): the query holds ",
                   MemoryManager::FormatSize(ctx.memory->used()), " of its limit of ",
                   MemoryManager::FormatSize(ctx.memory->limit()),
                   " (set lakeml.memoryLimit or --memory-limit)"));
      }
      // Forced spilling only (testing): a partition that cannot split is joined in memory.
    }
    work.build.reset();  // Removes the file.
    // The index reserves its own bytes when it is built.
    reservation.ForceResize(bytes);
  }
  build->reservations.push_back(std::move(reservation));
  LAKEML_RETURN_IF_ERROR(Finalize(*build));
  source.current = std::move(build);
  source.probe = std::move(work.probe);
  source.probing = true;
  source.next = 0;
  source.spill->max_level = std::max(source.spill->max_level, work.level);
  return Status::OK();
}

Status JoinOperator::SplitGracePartition(ExecutionContext& ctx, GraceSource& source, GraceWork work,
                                         std::vector<Chunk>* loaded) const {
  JoinPartitionSet build_set(work.level + 1, source.spill->dir);
  JoinPartitionSet probe_set(work.level + 1, source.spill->dir);
  const size_t width = build_width();
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> valid;
  std::vector<columnar::VectorPtr> keys;
  // `side` 0: a build chunk (keys stored after its columns); 1: a probe chunk.
  auto append = [&](const Chunk& chunk, int side) -> Status {
    if (chunk.size == 0) return Status::OK();
    if (side == 0) {
      keys.assign(chunk.columns.begin() + width, chunk.columns.end());
    } else {
      LAKEML_RETURN_IF_ERROR(EvaluateKeys(spec_.probe_keys, chunk, &keys));
    }
    hashes.resize(chunk.size);
    valid.resize(chunk.size);
    JoinKeyHasher::Hash(keys, chunk.size, hashes.data(), valid.data());
    return (side == 0 ? build_set : probe_set).Append(chunk, hashes.data(), valid.data(), false);
  };
  for (Chunk& c : *loaded) {
    LAKEML_RETURN_IF_ERROR(append(c, 0));
    c = Chunk();
  }
  loaded->clear();
  const std::vector<columnar::TypePtr> build_types = BuildPartTypes();
  const std::vector<columnar::TypePtr> probe_types = children[0]->types();
  Chunk chunk;
  for (int side = 0; side < 2; ++side) {
    SpillFile* file = side == 0 ? work.build.get() : work.probe.get();
    while (file != nullptr) {
      if (ctx.Interrupted()) return SqlError::Cancelled();
      LAKEML_ASSIGN_OR_RETURN(bool more, file->Next(side == 0 ? build_types : probe_types, &chunk));
      if (!more) break;
      LAKEML_RETURN_IF_ERROR(append(chunk, side));
    }
  }
  work.build.reset();
  work.probe.reset();
  LAKEML_RETURN_IF_ERROR(build_set.FinishWriting());
  LAKEML_RETURN_IF_ERROR(probe_set.FinishWriting());
  source.spill->spilled_bytes += build_set.spilled_bytes() + probe_set.spilled_bytes();
  source.spill->spilled_files += build_set.files() + probe_set.files();
  for (int p = JoinPartitionSet::kPartitions - 1; p >= 0; --p) {
    GraceWork child;
    child.level = work.level + 1;
    child.build = build_set.Take(p);
    child.probe = probe_set.Take(p);
    PushGraceWork(source, std::move(child));
  }
  return Status::OK();
}

}  // namespace lakeml::sql
