// TableScanSource: the source of a table scan. Morsels (files) are handed out to threads in
// order; each chunk carries its morsel's index as batch_index.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/execution/physical_operator.h"
#include "sql/storage/table_source.h"

namespace lakeml::sql {

class TableScanSource final : public PhysicalOperator {
 public:
  TableScanSource(std::vector<columnar::TypePtr> types, std::shared_ptr<const TableSource> table,
                  std::vector<int> columns, std::optional<delta::Predicate> filter)
      : PhysicalOperator(std::move(types)),
        table_(std::move(table)),
        columns_(std::move(columns)),
        filter_(std::move(filter)) {}

  std::string name() const override { return "TableScan"; }
  std::string details() const override;
  bool IsSource() const override { return true; }
  Result<std::unique_ptr<GlobalSourceState>> MakeGlobalSourceState(
      ExecutionContext& ctx) const override;
  std::unique_ptr<LocalSourceState> MakeLocalSourceState() const override;
  int MaxThreads(const GlobalSourceState& state) const override;
  Result<bool> GetData(ExecutionContext& ctx, GlobalSourceState& global, LocalSourceState& local,
                       Chunk* out) const override;

 private:
  std::shared_ptr<const TableSource> table_;
  std::vector<int> columns_;
  std::optional<delta::Predicate> filter_;
};

}  // namespace lakeml::sql
