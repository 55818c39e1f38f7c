// HashAggregateOperator: GROUP BY (and ungrouped aggregation, and DISTINCT as a grouping with
// no aggregates). A sink: each thread evaluates the group expressions and aggregate arguments
// of its chunks into a thread-local AggregateHashTable; Combine merges the local tables into
// the global one; Finalize emits the groups. Then the source of the next pipeline.
// Output: the group columns, then one column per aggregate. With no group expressions the
// output is exactly one row, even for empty input.
#pragma once

#include <vector>

#include "sql/execution/aggregate_hash_table.h"
#include "sql/execution/physical_operator.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

struct PhysicalAggregate {
  AggregateSpec spec;
  ExprPtr arg;  // null for count(*)
  // sql-aggjson: the arguments after the first; all of them reach the aggregate packed into
  // one vector of packed_type (AggregateArguments).
  std::vector<ExprPtr> more_args;
  columnar::TypePtr packed_type;
};

class HashAggregateOperator final : public PhysicalOperator {
 public:
  HashAggregateOperator(std::vector<columnar::TypePtr> types, std::vector<ExprPtr> groups,
                        std::vector<PhysicalAggregate> aggregates);

  std::string name() const override {
    return groups_.empty() ? "UngroupedAggregate" : "HashAggregate";
  }
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

  // Memory limit and spilling (sql-memory): see AggregateSpill.
  std::string runtime_details() const override;

  // The planner's estimate of the number of groups (0: unknown). Each thread's table is
  // presized to its share, and the merged table to all of it, capped at kMaxPresizedGroups, so
  // that large aggregations do not rehash while they grow (decision 0021).
  static constexpr int64_t kMaxPresizedGroups = int64_t{1} << 20;
  void set_expected_groups(int64_t groups) { expected_groups_ = groups; }

 private:
  // The next chunk of groups of the merged table (without spilling); thread-safe.
  Result<bool> EmitNext(GlobalSinkState& global, Chunk* out) const;
  // Reserves the local table's memory; over the limit, turns on spilling for later chunks.
  Status ReserveAggregateMemory(ExecutionContext& ctx, GlobalSinkState& global,
                                LocalSinkState& local) const;

  std::vector<ExprPtr> groups_;
  std::vector<PhysicalAggregate> aggregates_;
  std::vector<AggregateSpec> specs_;
  GroupKeyEncoder encoder_;
  int64_t expected_groups_ = 0;
};

}  // namespace lakeml::sql
