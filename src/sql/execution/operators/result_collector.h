// ResultCollector: the sink at the root of every query plan. Collects the result chunks in the
// sources' order, for QueryResult.
#pragma once

#include <vector>

#include "sql/execution/physical_operator.h"

namespace lakeml::sql {

class ResultCollector final : public PhysicalOperator {
 public:
  explicit ResultCollector(std::vector<columnar::TypePtr> types)
      : PhysicalOperator(std::move(types)) {}

  std::string name() const override { return "Result"; }
  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> MakeGlobalSinkState() const override;
  std::unique_ptr<LocalSinkState> MakeLocalSinkState() const override;
  Status Sink(ExecutionContext& ctx, Chunk& input, GlobalSinkState& global,
              LocalSinkState& local) const override;
  Status Combine(GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(GlobalSinkState& global) const override;

  // After the query ran: the chunks in order. Leaves the collector empty.
  std::vector<Chunk> TakeChunks() const;
};

}  // namespace lakeml::sql
