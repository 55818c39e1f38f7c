// ValuesSource: the rows of a VALUES list (or the single empty row of a query without FROM),
// emitted as one chunk by one thread.
#pragma once

#include <vector>

#include "columnar/scalar.h"
#include "sql/execution/physical_operator.h"

namespace lakeml::sql {

class ValuesSource final : public PhysicalOperator {
 public:
  ValuesSource(std::vector<columnar::TypePtr> types, Chunk chunk)
      : PhysicalOperator(std::move(types)), chunk_(std::move(chunk)) {}
  // Builds the chunk from rows of constants. REQUIRES: each row has types.size() values.
  static Result<std::unique_ptr<ValuesSource>> Make(
      std::vector<columnar::TypePtr> types, const std::vector<std::vector<columnar::Scalar>>& rows);

  std::string name() const override { return "Values"; }
  std::string details() const override;
  bool IsSource() const override { return true; }
  Result<std::unique_ptr<GlobalSourceState>> MakeGlobalSourceState(
      ExecutionContext& ctx) const override;
  Result<bool> GetData(ExecutionContext& ctx, GlobalSourceState& global, LocalSourceState& local,
                       Chunk* out) const override;

 private:
  Chunk chunk_;
};

}  // namespace lakeml::sql
