// JoinOperator: the shared part of HashJoinOperator and NestedLoopJoinOperator.
//
// children[0] is the probe side, streamed through Execute in the probe pipeline; children[1] is
// the build side: the join is the sink of the build pipeline, which the QueryExecutor runs
// first. Threads collect build chunks (with their evaluated key columns) locally; Combine
// gathers them; Finalize concatenates them into one column per output and key (one task per
// column) and lets the subclass index them (BuildIndex; tasks run in parallel through
// FinalizeParallel). The output is the probe columns then the build columns
// (probe columns only for SEMI / ANTI). For RIGHT and FULL joins the build rows no probe row
// matched are emitted after the probe pipeline (HasFinalOutput), with NULL probe columns;
// RIGHT SEMI / RIGHT ANTI output nothing while probing and then the build rows that matched
// (or did not).
//
// Candidate (probe row, build row) pairs come from the subclass (NextCandidates) in bounded
// batches; the join checks key equality, then the residual condition on the pairs, then marks
// matches. The operator is immutable during execution; per-thread scratch lives in the
// OperatorState, the build data in sink_state (read-only while probing, except the atomic
// matched flags).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sql/execution/memory_manager.h"
#include "sql/execution/operators/join_hash_table.h"
#include "sql/execution/operators/join_pair_predicate.h"
#include "sql/execution/operators/join_spill_state.h"
#include "sql/execution/physical_operator.h"
#include "sql/execution/runtime_filter.h"
#include "sql/expression/bound_expression.h"
#include "sql/planner/join_type.h"

namespace lakeml::sql {

struct JoinSpec {
  // The probe side is the left side of `type` (kRight: build rows are preserved).
  JoinType type = JoinType::kInner;
  std::vector<ExprPtr> probe_keys;  // Over the probe child's columns.
  std::vector<ExprPtr> build_keys;  // Over the build child's columns; same types as probe_keys.
  ExprPtr residual;                 // Over probe columns ++ build columns; may be null.
  std::string build_estimate;       // For EXPLAIN ("" when unknown).
  // perf-subquery: published from the build keys when the build finishes; may be null.
  std::shared_ptr<RuntimeFilter> runtime_filter;
  // join-output: the probe and build columns the join outputs (positions in each child's
  // output, in order): the planner leaves out the columns no operator above reads, such as keys
  // used only by this join. build_output is unused for SEMI / ANTI; probe_output for RIGHT SEMI
  // / RIGHT ANTI. output_names label them for EXPLAIN.
  std::vector<int> probe_output;
  std::vector<int> build_output;
  std::vector<std::string> output_names;
};

class JoinOperator : public PhysicalOperator {
 public:
  static constexpr uint32_t kNoRow = UINT32_MAX;

  JoinOperator(std::vector<columnar::TypePtr> types, JoinSpec spec);

  std::string details() const override;
  bool IsStreaming() const override { return true; }
  std::unique_ptr<OperatorState> MakeOperatorState() const override;
  Status Execute(ExecutionContext& ctx, Chunk& input, Chunk* output,
                 OperatorState& state) const override;

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState() const override;
  std::unique_ptr<LocalSinkState> MakeLocalSinkState() const override;
  Status Sink(ExecutionContext& ctx, Chunk& input, GlobalSinkState& global,
              LocalSinkState& local) const override;
  Status Combine(GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(GlobalSinkState& global) const override;
  Status FinalizeParallel(GlobalSinkState& global, const FinalizeTaskRunner& run) const override;

  bool HasFinalOutput() const override {
    return spec_.type == JoinType::kRight || spec_.type == JoinType::kFull ||
           spec_.type == JoinType::kRightSemi || spec_.type == JoinType::kRightAnti ||
           Spilled();  // join-spill: the spilled partitions are joined after the probe.
  }
  Result<std::unique_ptr<GlobalSourceState>> MakeGlobalSourceState(
      ExecutionContext& ctx) const override;
  Result<bool> GetData(ExecutionContext& ctx, GlobalSourceState& global, LocalSourceState& local,
                       Chunk* out) const override;
  std::string runtime_details() const override;  // join-spill
  // join-output: the probe child's column that output column `column` is; -1 when it is a
  // build column.
  int ProbeColumnOf(int column) const;

 protected:
  struct BuildData : GlobalSinkState {
    std::mutex mu;
    std::vector<Chunk> parts;  // Build columns then key columns, until Finalize.
    std::vector<columnar::VectorPtr> columns;
    std::vector<columnar::VectorPtr> keys;
    int64_t rows = 0;
    std::unique_ptr<std::atomic<uint8_t>[]> matched;  // RIGHT / FULL only.
    // The subclass's index.
    JoinHashTable table;
    std::vector<MemoryReservation> reservations;  // The build threads' (sql-memory).
    MemoryReservation index_reservation;          // The index's.
    // Spilling (grace hash join): set once the build went over its memory; then every build
    // row is in spill->build and the probe rows go to spill->probe (see join_operator_grace.cc).
    std::atomic<bool> spilling{false};
    std::unique_ptr<JoinSpillState> spill;
    bool grace_partition = false;  // The in-memory build of one spilled partition.
  };
  struct ProbeState : OperatorState {
    std::vector<columnar::VectorPtr> keys;
    std::vector<uint64_t> hashes;
    std::vector<uint64_t> heads;  // HashJoin: each row's next bucket entry to visit.
    std::vector<uint8_t> valid;
    std::vector<uint32_t> probe_rows;
    std::vector<uint32_t> build_rows;
    std::vector<uint32_t> out_probe;
    std::vector<uint32_t> out_build;
    std::vector<uint8_t> probe_matched;
    // Resume position of NextCandidates.
    int64_t row = 0;
    uint32_t chain = kNoRow;
    bool done = false;
    // join-probe: NextCandidates compared the keys already (FilterPairs skips KeepEqual).
    bool keys_checked = false;
  };
  static constexpr int64_t kPairBatch = 4096;

  // Indexes the build rows after they are concatenated; `run` runs tasks in parallel.
  virtual Status BuildIndex(BuildData& build, const FinalizeTaskRunner& run) const = 0;
  // Prepares the probe of `n` rows whose key columns are in state.keys.
  virtual void PrepareProbe(const BuildData& build, int64_t n, ProbeState& state) const = 0;
  // Appends up to kPairBatch candidate pairs to state.probe_rows / build_rows, resuming at
  // state.row / chain; sets state.done when the chunk is exhausted.
  virtual void NextCandidates(const BuildData& build, int64_t n, ProbeState& state) const = 0;
  virtual std::string index_details() const = 0;

  const JoinSpec& spec() const { return spec_; }

 private:
  // Spilling (grace hash join), in join_operator_grace.cc (decision 0023).
  struct GraceWork;
  struct GraceSource;
  // Only equality joins spill (a nested loop join has no key to partition by).
  bool CanSpill() const { return !spec_.probe_keys.empty(); }
  bool Spilled() const;
  // Build columns then key columns: the layout of the build parts and their spill files.
  std::vector<columnar::TypePtr> BuildPartTypes() const;
  // Switches the build to grace mode (once; `dir` holds the spill files).
  void StartSpilling(BuildData& build, SpillDirectory* dir) const;
  // Writes build parts (build columns ++ keys) to the build partitions and clears `parts`.
  Status SpillBuildParts(BuildData& build, std::vector<Chunk>* parts) const;
  // Finalize of a spilled build: the last parts go to disk; no index is built.
  Status FinishSpilledBuild(BuildData& build) const;
  // Probe pipeline of a spilled join: writes `input` to the probe partitions; outputs the
  // rows with a NULL key that an outer / anti join keeps (they never match).
  Status SpillProbe(const BuildData& build, Chunk& input, Chunk* output,
                    ProbeState& state) const;
  Result<std::unique_ptr<GlobalSourceState>> MakeGraceSource(const BuildData& build) const;
  // The joined rows of the spilled partitions, one partition after the other.
  Result<bool> GraceGetData(ExecutionContext& ctx, GlobalSourceState& global, Chunk* out) const;
  // Loads a partition's build rows into source.current, or splits the pair further.
  Status LoadGracePartition(ExecutionContext& ctx, GraceSource& source, GraceWork work) const;
  Status SplitGracePartition(ExecutionContext& ctx, GraceSource& source, GraceWork work,
                             std::vector<Chunk>* loaded) const;
  // Queues a partition pair unless the join type makes it produce nothing.
  void PushGraceWork(GraceSource& source, GraceWork work) const;
  static Status EvaluateKeys(const std::vector<ExprPtr>& exprs, const Chunk& chunk,
                             std::vector<columnar::VectorPtr>* out);
  // The in-memory join of one probe chunk against `build` (Execute's body).
  Status ProbeChunk(ExecutionContext& ctx, const BuildData& build, Chunk& input, Chunk* output,
                    ProbeState& state) const;
  // The build rows a RIGHT / FULL / RIGHT SEMI / RIGHT ANTI join emits after probing,
  // resuming at *next (GetData's body).
  Result<bool> EmitBuildRows(const BuildData& build, int64_t* next, int64_t* batch,
                             Chunk* out) const;

  size_t probe_width() const { return children[0]->types().size(); }
  size_t build_width() const { return children[1]->types().size(); }
  // Keeps the candidate pairs that pass key equality and the residual.
  Status FilterPairs(const Chunk& probe, const BuildData& build, ProbeState& state) const;
  // RIGHT SEMI / RIGHT ANTI probing: marks the build rows some probe row of `input` matches.
  Status MarkBuildMatches(ExecutionContext& ctx, const Chunk& input, const BuildData& build,
                          ProbeState& state) const;
  // join-output: the output's probe columns of `input` as they are (every row passes).
  void PassProbeColumns(Chunk& input, Chunk* output) const;
  // join-output: all-NULL stand-ins for the output's probe columns (unmatched build rows).
  void AppendNullProbeColumns(int64_t rows, Chunk* output) const;
  // The output rows (probe rows taken, build rows taken or NULL for kNoRow).
  Result<Chunk> MakeOutput(const Chunk& probe, const BuildData& build,
                           const std::vector<uint32_t>& probe_rows,
                           const std::vector<uint32_t>& build_rows, bool with_build) const;

  JoinSpec spec_;
  // residual_uses_[i]: whether the residual reads column i of probe ++ build (only those are
  // gathered for it); empty without a residual.
  std::vector<uint8_t> residual_uses_;
  // join-probe: the residual evaluated on the pairs directly; null for other shapes.
  std::unique_ptr<JoinPairPredicate> pair_predicate_;
};

}  // namespace lakeml::sql
