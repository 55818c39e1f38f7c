// UnionAllOperator: UNION ALL of two inputs with the same column types. children[0] (the left
// input) streams through unchanged; children[1] (the right input) is sunk first, like a join's
// build side, and emitted after the left input (HasFinalOutput), so the left rows come first
// in the result order. The right input is held in memory.
//
// Immutable during execution; the collected right chunks live in sink_state (a mutex guards
// them while sinking), the largest left batch index in an atomic there.
#pragma once

#include <vector>

#include "sql/execution/physical_operator.h"

namespace lakeml::sql {

class UnionAllOperator final : public PhysicalOperator {
 public:
  explicit UnionAllOperator(std::vector<columnar::TypePtr> types)
      : PhysicalOperator(std::move(types)) {}

  std::string name() const override { return "UnionAll"; }
  bool IsStreaming() const override { return true; }
  Status Execute(ExecutionContext& ctx, Chunk& input, Chunk* output,
                 OperatorState& state) const override;

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState() const override;
  std::unique_ptr<LocalSinkState> MakeLocalSinkState() const override;
  Status Sink(ExecutionContext& ctx, Chunk& input, GlobalSinkState& global,
              LocalSinkState& local) const override;
  Status Combine(GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(GlobalSinkState& global) const override;

  bool HasFinalOutput() const override { return true; }
  Result<std::unique_ptr<GlobalSourceState>> MakeGlobalSourceState(
      ExecutionContext& ctx) const override;
  Result<bool> GetData(ExecutionContext& ctx, GlobalSourceState& global, LocalSourceState& local,
                       Chunk* out) const override;
};

}  // namespace lakeml::sql
