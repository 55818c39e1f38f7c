// PhysicalOperator: one node of an executable plan. A node plays one or more roles in the
// push-based pipelines (see pipeline.h):
//   source     produces chunks (GetData), one morsel at a time, from many threads
//   streaming  turns one input chunk into one output chunk (Execute): filter, projection
//   sink       consumes chunks (Sink) into thread-local state, merged by Combine and
//              completed by Finalize; a sink that is also a source (LIMIT, later aggregates
//              and sorts) then emits its result as the source of the next pipeline.
// Plans are built per query. The const methods are called from many threads at once; all
// mutable data lives in the state objects, except `sink_state`, which the executor sets
// before the sink's pipeline starts and reads after it ends.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/data_type.h"
#include "sql/execution/chunk.h"

namespace lakeml::sql {

class MemoryManager;
class SpillDirectory;

// Parallel finalize: runs `tasks` concurrently on the query's workers (or one after another)
// and returns the first error.
using FinalizeTaskRunner = std::function<Status(std::vector<std::function<Status()>>& tasks)>;

struct ExecutionContext {
  const std::atomic<bool>* interrupted = nullptr;
  int num_threads = 1;
  // Memory limit and spill files (sql-memory); null = unlimited, no spilling.
  MemoryManager* memory = nullptr;
  SpillDirectory* spill = nullptr;
  // Testing: spilling operators also spill once a thread holds more than this; 0 = off.
  int64_t force_spill_bytes = 0;
  bool Interrupted() const { return interrupted != nullptr && interrupted->load(); }
};

struct GlobalSourceState {
  virtual ~GlobalSourceState() = default;
};
struct LocalSourceState {
  virtual ~LocalSourceState() = default;
};
struct OperatorState {
  virtual ~OperatorState() = default;
};
struct GlobalSinkState {
  virtual ~GlobalSinkState() = default;
};
struct LocalSinkState {
  virtual ~LocalSinkState() = default;
};

class PhysicalOperator {
 public:
  explicit PhysicalOperator(std::vector<columnar::TypePtr> types) : types_(std::move(types)) {}
  virtual ~PhysicalOperator() = default;

  virtual std::string name() const = 0;
  // Parameters for EXPLAIN (expressions, table, files).
  virtual std::string details() const { return ""; }
  const std::vector<columnar::TypePtr>& types() const { return types_; }
  // EXPLAIN text of the subtree.
  std::string ToString(int indent = 0) const;
  // EXPLAIN ANALYZE: what the operator did at run time beyond rows and time ("spilled: 3 MiB
  // in 4 files"), read from sink_state after the query ran; "" when nothing to say.
  virtual std::string runtime_details() const { return ""; }

  // Source.
  virtual bool IsSource() const { return false; }
  virtual Result<std::unique_ptr<GlobalSourceState>> MakeGlobalSourceState(
      ExecutionContext& ctx) const;
  virtual std::unique_ptr<LocalSourceState> MakeLocalSourceState() const {
    return std::make_unique<LocalSourceState>();
  }
  // Threads worth using for this source (1 for in-memory sources).
  virtual int MaxThreads(const GlobalSourceState& state) const { return 1; }
  // The next chunk into `out`; false (and out->size == 0) when the source is exhausted.
  virtual Result<bool> GetData(ExecutionContext& ctx, GlobalSourceState& global,
                               LocalSourceState& local, Chunk* out) const;

  // Streaming operator.
  virtual bool IsStreaming() const { return false; }
  virtual std::unique_ptr<OperatorState> MakeOperatorState() const {
    return std::make_unique<OperatorState>();
  }
  virtual Status Execute(ExecutionContext& ctx, Chunk& input, Chunk* output,
                         OperatorState& state) const;
  // A streaming operator that also emits rows after its whole input went through (an outer
  // join's unmatched build rows): the executor then reads them through the source interface
  // (MakeGlobalSourceState / GetData, one thread) and pushes them through the rest of the
  // pipeline. A streaming operator that is also a sink (a join) streams children[0] and sinks
  // children[1], whose pipeline runs first.
  virtual bool HasFinalOutput() const { return false; }

  // Sink.
  virtual bool IsSink() const { return false; }
  virtual std::unique_ptr<GlobalSinkState> MakeGlobalSinkState() const;
  virtual std::unique_ptr<LocalSinkState> MakeLocalSinkState() const;
  virtual Status Sink(ExecutionContext& ctx, Chunk& input, GlobalSinkState& global,
                      LocalSinkState& local) const;
  virtual Status Combine(GlobalSinkState& global, LocalSinkState& local) const;
  virtual Status Finalize(GlobalSinkState& global) const;
  // What the executor calls: Finalize, or (a sink with much finalize work, e.g. a join build)
  // the same work split into tasks that `run` runs in parallel.
  virtual Status FinalizeParallel(GlobalSinkState& global, const FinalizeTaskRunner&) const {
    return Finalize(global);
  }

  std::vector<std::unique_ptr<PhysicalOperator>> children;
  mutable std::unique_ptr<GlobalSinkState> sink_state;

 private:
  std::vector<columnar::TypePtr> types_;
};

using PhysicalPtr = std::unique_ptr<PhysicalOperator>;

}  // namespace lakeml::sql
