// QueryExecutor: runs a physical plan. The plan is cut into pipelines at sinks (a pipeline is
// a source, streaming operators and a sink); pipelines run in dependency order, each on up to
// `num_threads` workers of the pool that pull morsels from the shared source state, push
// chunks through the operators into thread-local sink states, and combine them at the end.
//
// One executor runs one query; Run blocks the calling thread, which must not be a pool worker.
#pragma once

#include <atomic>
#include <vector>

#include "base/result.h"
#include "base/thread_pool.h"
#include "sql/execution/physical_operator.h"
#include "sql/execution/query_profile.h"

namespace lakeml::sql {

struct Pipeline {
  PhysicalOperator* source = nullptr;
  std::vector<PhysicalOperator*> operators;  // Streaming, in data-flow order.
  PhysicalOperator* sink = nullptr;
};

class QueryExecutor {
 public:
  QueryExecutor(ThreadPool* pool, int num_threads, const std::atomic<bool>* interrupted)
      : pool_(pool), num_threads_(num_threads), interrupted_(interrupted) {}

  // Runs every pipeline below and including `root` (a sink).
  Status Run(PhysicalOperator* root);

  // Memory limit, spill files and EXPLAIN ANALYZE counters (sql-memory); each may be null.
  // REQUIRES: they outlive Run.
  void set_memory(MemoryManager* memory, SpillDirectory* spill) {
    memory_ = memory;
    spill_ = spill;
  }
  void set_profile(QueryProfile* profile) { profile_ = profile; }
  void set_force_spill_bytes(int64_t bytes) { force_spill_bytes_ = bytes; }

  // The pipelines of `root`, dependencies first.
  static Result<std::vector<Pipeline>> BuildPipelines(PhysicalOperator* root);

 private:
  Status RunPipeline(const Pipeline& pipeline);
  // The rows that operators emit after their input ended (outer joins), single-threaded.
  Status RunFinalOutputs(ExecutionContext& ctx, const Pipeline& pipeline);

  ThreadPool* pool_;
  int num_threads_;
  const std::atomic<bool>* interrupted_;
  MemoryManager* memory_ = nullptr;
  SpillDirectory* spill_ = nullptr;
  QueryProfile* profile_ = nullptr;
  int64_t force_spill_bytes_ = 0;
};

}  // namespace lakeml::sql
