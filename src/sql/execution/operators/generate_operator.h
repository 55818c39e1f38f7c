// GenerateOperator: explode, posexplode and inline (and their _outer forms) of one ARRAY or MAP
// argument (sql-lambda). Each input row is repeated once per element of its argument value,
// followed by the generated columns: [pos INT] then the element (`col`), the map's key and
// value, or the struct's fields (inline). An outer generator keeps a row whose value is NULL or
// empty once, with NULL generated columns.
//
// A sink that collects its input with the evaluated argument, then a source that emits chunks of
// at most Chunk::kMaxRows rows, so one row that explodes into millions of elements never builds
// one huge chunk. Rows keep the sources' order (batch_index, then arrival).
//
// Immutable after construction; thread-safe (state lives in the sink state).
#pragma once

#include <string>
#include <vector>

#include "sql/execution/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

class GenerateOperator final : public PhysicalOperator {
 public:
  // `types`: the child's columns, then the generated ones. `generator`: explode, posexplode or
  // inline.
  GenerateOperator(std::vector<columnar::TypePtr> types, ExprPtr argument, std::string generator,
                   bool outer);

  std::string name() const override { return "Generate"; }
  std::string details() const override;

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState() const override;
  std::unique_ptr<LocalSinkState> MakeLocalSinkState() const override;
  Status Sink(ExecutionContext& ctx, Chunk& input, GlobalSinkState& global,
              LocalSinkState& local) const override;
  Status Combine(GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(GlobalSinkState& global) const override;

  bool IsSource() const override { return true; }
  Result<std::unique_ptr<GlobalSourceState>> MakeGlobalSourceState(
      ExecutionContext& ctx) const override {
    return std::make_unique<GlobalSourceState>();
  }
  Result<bool> GetData(ExecutionContext& ctx, GlobalSourceState& global, LocalSourceState& local,
                       Chunk* out) const override;

 private:
  ExprPtr argument_;
  std::string generator_;
  bool outer_;
};

}  // namespace lakeml::sql
