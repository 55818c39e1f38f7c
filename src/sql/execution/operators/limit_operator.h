// LimitOperator: LIMIT and OFFSET. A sink that collects its input in the sources' order and
// keeps rows [offset, offset + limit); then the source of the next pipeline.
#pragma once

#include "sql/execution/physical_operator.h"

namespace lakeml::sql {

class LimitOperator final : public PhysicalOperator {
 public:
  LimitOperator(std::vector<columnar::TypePtr> types, int64_t limit, int64_t offset)
      : PhysicalOperator(std::move(types)), limit_(limit), offset_(offset) {}

  std::string name() const override { return "Limit"; }
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
      ExecutionContext& ctx) const override;
  Result<bool> GetData(ExecutionContext& ctx, GlobalSourceState& global, LocalSourceState& local,
                       Chunk* out) const override;

 private:
  int64_t limit_;  // -1: no limit
  int64_t offset_;
};

}  // namespace lakeml::sql
