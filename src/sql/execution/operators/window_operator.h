// WindowOperator: evaluates window functions (sql-window). A sink that collects its input
// with each window's evaluated arguments and keys (in source order, by batch_index), then in
// Finalize computes every window function over all rows (WindowEvaluator) and, as a source,
// emits the input columns followed by one column per window, in the first window's partition
// and ORDER BY order (Spark gives no order without an ORDER BY).
#pragma once

#include <vector>

#include "sql/execution/physical_operator.h"
#include "sql/expression/bound_window.h"

namespace lakeml::sql {

class WindowOperator final : public PhysicalOperator {
 public:
  // `types`: the child's column types, then one per window. Window expressions are over the
  // child's columns (kReference).
  WindowOperator(std::vector<columnar::TypePtr> types, std::vector<BoundWindow> windows);

  std::string name() const override { return "Window"; }
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
  std::vector<BoundWindow> windows_;
  size_t payload_;  // the child's column count
};

}  // namespace lakeml::sql
