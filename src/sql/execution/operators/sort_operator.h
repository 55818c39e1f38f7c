// SortOperator: ORDER BY, and top-N when given a row limit (ORDER BY ... LIMIT n: each thread
// keeps only its best n rows as it goes). A sink that collects its input with the evaluated
// sort keys, sorts once in Finalize (ties keep the sources' order: batch_index, then arrival;
// a top-N that compacted its rows on the way leaves ties in an unspecified order, as Spark
// does), and then, as a source, emits the rows in order with increasing batch_index.
#pragma once

#include <vector>

#include "sql/execution/physical_operator.h"
#include "sql/execution/sort_key_comparator.h"
#include "sql/expression/bound_expression.h"

namespace lakeml::sql {

class SortOperator final : public PhysicalOperator {
 public:
  // `limit` < 0: sort everything; otherwise emit only the first `limit` rows.
  SortOperator(std::vector<columnar::TypePtr> types, std::vector<ExprPtr> keys,
               std::vector<SortSpec> specs, int64_t limit);

  std::string name() const override { return limit_ >= 0 ? "TopN" : "Sort"; }
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

  // External sort (sql-memory): over the memory limit a thread writes its rows as a sorted run
  // to a spill file; GetData then merges the runs (SortRunMerger).
  std::string runtime_details() const override;

 private:
  // Reserves the thread's buffered rows; over the limit, spills them as a sorted run.
  Status ReserveSortMemory(ExecutionContext& ctx, GlobalSinkState& global,
                           LocalSinkState& local) const;

  // Sorts `chunks` (payload columns followed by key columns) and keeps the first `keep` rows
  // (all when keep < 0), as chunks of at most `chunk_rows` rows, payload and keys.
  Result<std::vector<Chunk>> SortChunks(std::vector<Chunk> chunks, int64_t keep,
                                        int64_t chunk_rows) const;

  std::vector<ExprPtr> keys_;
  std::vector<SortSpec> specs_;
  int64_t limit_;
};

}  // namespace lakeml::sql
