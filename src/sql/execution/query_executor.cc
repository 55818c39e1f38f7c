#include "sql/execution/query_executor.h"

#include <algorithm>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/execution/query_profile.h"

namespace lakeml::sql {
namespace {

Status AddPipelines(PhysicalOperator* sink, std::vector<Pipeline>* out) {
  // A streaming sink (a join) sinks its second child; other sinks their only child.
  const size_t input = sink->IsStreaming() ? 1 : 0;
  if (sink->children.size() != input + 1) {
    return Status::Internal("A sink needs exactly one input: ", sink->name());
  }
  Pipeline p;
  p.sink = sink;
  PhysicalOperator* cur = sink->children[input].get();
  while (cur->IsStreaming()) {
    p.operators.insert(p.operators.begin(), cur);
    // A join's build side must be complete before its probe pipeline runs.
    if (cur->IsSink()) LAKEML_RETURN_IF_ERROR(AddPipelines(cur, out));
    if (cur->children.size() != (cur->IsSink() ? 2 : 1)) {
      return Status::Internal("A streaming operator needs exactly one input: ", cur->name());
    }
    cur = cur->children[0].get();
  }
  if (!cur->IsSource()) return Status::Internal("Pipeline without a source: ", cur->name());
  p.source = cur;
  if (cur->IsSink()) LAKEML_RETURN_IF_ERROR(AddPipelines(cur, out));
  out->push_back(std::move(p));
  return Status::OK();
}

}  // namespace

Result<std::vector<Pipeline>> QueryExecutor::BuildPipelines(PhysicalOperator* root) {
  std::vector<Pipeline> pipelines;
  LAKEML_RETURN_IF_ERROR(AddPipelines(root, &pipelines));
  return pipelines;
}

Status QueryExecutor::Run(PhysicalOperator* root) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<Pipeline> pipelines, BuildPipelines(root));
  for (const Pipeline& p : pipelines) LAKEML_RETURN_IF_ERROR(RunPipeline(p));
  return Status::OK();
}

Status QueryExecutor::RunPipeline(const Pipeline& pipeline) {
  ExecutionContext ctx;
  ctx.interrupted = interrupted_;
  ctx.num_threads = num_threads_;
  ctx.memory = memory_;
  ctx.spill = spill_;
  ctx.force_spill_bytes = force_spill_bytes_;
  PhysicalOperator* sink = pipeline.sink;
  sink->sink_state = sink->MakeGlobalSinkState();
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<GlobalSourceState> source_state,
                          pipeline.source->MakeGlobalSourceState(ctx));
  const int threads =
      std::max(1, std::min(num_threads_, pipeline.source->MaxThreads(*source_state)));
  std::atomic<bool> failed{false};
  auto work = [&]() -> Status {
    std::unique_ptr<LocalSourceState> local_source = pipeline.source->MakeLocalSourceState();
    std::vector<std::unique_ptr<OperatorState>> op_states;
    for (PhysicalOperator* op : pipeline.operators) op_states.push_back(op->MakeOperatorState());
    std::unique_ptr<LocalSinkState> local_sink = sink->MakeLocalSinkState();
    // EXPLAIN ANALYZE: stats[0] source, [1..n] streaming operators, [n+1] sink.
    const size_t num_ops = pipeline.operators.size();
    std::vector<OperatorStats> stats(profile_ != nullptr ? num_ops + 2 : 0);
    ProfileClock clock;
    Chunk chunk;
    while (true) {
      if (ctx.Interrupted()) return SqlError::Cancelled();
      if (failed.load(std::memory_order_relaxed)) return Status::OK();  // Another thread failed.
      if (profile_ != nullptr) clock.Start();
      LAKEML_ASSIGN_OR_RETURN(bool more,
                              pipeline.source->GetData(ctx, *source_state, *local_source, &chunk));
      if (!more) break;
      if (profile_ != nullptr) clock.Lap(&stats[0], chunk.size);
      bool empty = false;
      for (size_t i = 0; i < num_ops; ++i) {
        Chunk next;
        LAKEML_RETURN_IF_ERROR(pipeline.operators[i]->Execute(ctx, chunk, &next, *op_states[i]));
        chunk = std::move(next);
        if (profile_ != nullptr) clock.Lap(&stats[i + 1], chunk.size);
        if (chunk.size == 0) {
          empty = true;
          break;
        }
      }
      if (empty) continue;
      LAKEML_RETURN_IF_ERROR(sink->Sink(ctx, chunk, *sink->sink_state, *local_sink));
      // A sink that is no source (the result) counts the rows it takes.
      if (profile_ != nullptr) clock.Lap(&stats[num_ops + 1],
                                          sink->IsSource() || sink->IsStreaming() ? 0 : chunk.size);
    }
    if (profile_ != nullptr) clock.Start();
    LAKEML_RETURN_IF_ERROR(sink->Combine(*sink->sink_state, *local_sink));
    if (profile_ != nullptr) {
      clock.Lap(&stats[num_ops + 1], 0);
      profile_->Add(pipeline.source, stats[0]);
      for (size_t i = 0; i < num_ops; ++i) profile_->Add(pipeline.operators[i], stats[i + 1]);
      profile_->Add(sink, stats[num_ops + 1]);
    }
    return Status::OK();
  };
  if (threads == 1 || pool_ == nullptr) {
    LAKEML_RETURN_IF_ERROR(work());
  } else {
    TaskGroup group(pool_);
    for (int t = 0; t < threads; ++t) {
      group.Run([&]() -> Status {
        Status st = work();
        if (!st.ok()) failed.store(true);
        return st;
      });
    }
    LAKEML_RETURN_IF_ERROR(group.Wait());
  }
  LAKEML_RETURN_IF_ERROR(RunFinalOutputs(ctx, pipeline));
  ProfileClock clock;
  clock.Start();
  const FinalizeTaskRunner run_tasks =
      [this](std::vector<std::function<Status()>>& tasks) -> Status {
    if (num_threads_ <= 1 || pool_ == nullptr || tasks.size() <= 1) {
      for (auto& task : tasks) LAKEML_RETURN_IF_ERROR(task());
      return Status::OK();
    }
    TaskGroup group(pool_);
    for (auto& task : tasks) group.Run(task);
    return group.Wait();
  };
  LAKEML_RETURN_IF_ERROR(sink->FinalizeParallel(*sink->sink_state, run_tasks));
  if (profile_ != nullptr) {
    OperatorStats finalize;
    clock.Lap(&finalize, 0);
    profile_->Add(sink, finalize);
  }
  return Status::OK();
}

Status QueryExecutor::RunFinalOutputs(ExecutionContext& ctx, const Pipeline& pipeline) {
  for (size_t i = 0; i < pipeline.operators.size(); ++i) {
    const PhysicalOperator* op = pipeline.operators[i];
    if (!op->HasFinalOutput()) continue;
    LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<GlobalSourceState> global,
                            op->MakeGlobalSourceState(ctx));
    std::unique_ptr<LocalSourceState> local = op->MakeLocalSourceState();
    std::vector<std::unique_ptr<OperatorState>> op_states;
    for (size_t j = i + 1; j < pipeline.operators.size(); ++j) {
      op_states.push_back(pipeline.operators[j]->MakeOperatorState());
    }
    std::unique_ptr<LocalSinkState> local_sink = pipeline.sink->MakeLocalSinkState();
    Chunk chunk;
    while (true) {
      if (ctx.Interrupted()) return SqlError::Cancelled();
      LAKEML_ASSIGN_OR_RETURN(bool more, op->GetData(ctx, *global, *local, &chunk));
      if (!more) break;
      bool empty = false;
      for (size_t j = i + 1; j < pipeline.operators.size(); ++j) {
        Chunk next;
        LAKEML_RETURN_IF_ERROR(
            pipeline.operators[j]->Execute(ctx, chunk, &next, *op_states[j - i - 1]));
        chunk = std::move(next);
        if (chunk.size == 0) {
          empty = true;
          break;
        }
      }
      if (empty) continue;
      LAKEML_RETURN_IF_ERROR(
          pipeline.sink->Sink(ctx, chunk, *pipeline.sink->sink_state, *local_sink));
    }
    LAKEML_RETURN_IF_ERROR(pipeline.sink->Combine(*pipeline.sink->sink_state, *local_sink));
  }
  return Status::OK();
}

}  // namespace lakeml::sql
