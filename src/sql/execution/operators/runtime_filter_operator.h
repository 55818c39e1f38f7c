// RuntimeFilterOperator: a streaming filter right above a table scan on a hash join's probe
// side that drops the rows whose key column cannot match the join's build side (see
// RuntimeFilter). Until the filter is published, and once it switches itself off, rows pass
// unchanged. Placed by the planner only where dropping such rows cannot change the join's
// result (PhysicalPlanGenerator::PlaceRuntimeFilter).
//
// Immutable during execution; scratch lives in the OperatorState; thread-safe as
// PhysicalOperator.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sql/execution/physical_operator.h"
#include "sql/execution/runtime_filter.h"

namespace lakeml::sql {

class RuntimeFilterOperator final : public PhysicalOperator {
 public:
  // REQUIRES: 0 <= key_column < types.size().
  RuntimeFilterOperator(std::vector<columnar::TypePtr> types, std::shared_ptr<RuntimeFilter> filter,
                        int key_column, std::string key_name)
      : PhysicalOperator(std::move(types)),
        filter_(std::move(filter)),
        key_column_(key_column),
        key_name_(std::move(key_name)) {}

  std::string name() const override { return "RuntimeFilter"; }
  std::string details() const override;
  std::string runtime_details() const override { return filter_->Describe(); }
  bool IsStreaming() const override { return true; }
  std::unique_ptr<OperatorState> MakeOperatorState() const override;
  Status Execute(ExecutionContext& ctx, Chunk& input, Chunk* output,
                 OperatorState& state) const override;

 private:
  std::shared_ptr<RuntimeFilter> filter_;
  int key_column_;
  std::string key_name_;
};

}  // namespace lakeml::sql
