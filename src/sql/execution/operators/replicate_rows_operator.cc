#include "sql/execution/operators/replicate_rows_operator.h"

#include "sql/execution/expression_executor.h"

namespace lakeml::sql {

Status ReplicateRowsOperator::Execute(ExecutionContext&, Chunk& input, Chunk* output,
                                      OperatorState&) const {
  LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr counts, ExpressionExecutor::Evaluate(*count_, input));
  std::vector<int64_t> rows;
  for (int64_t r = 0; r < input.size; ++r) {
    const columnar::Scalar n = columnar::Scalar::FromVector(*counts, r);
    if (n.is_null) continue;
    for (int64_t k = 0; k < n.i; ++k) rows.push_back(r);
  }
  Chunk kept;
  kept.size = input.size;
  kept.batch_index = input.batch_index;
  for (int i : keep_) kept.columns.push_back(input.columns[i]);
  LAKEML_ASSIGN_OR_RETURN(*output, ExpressionExecutor::TakeRows(kept, rows));
  output->batch_index = input.batch_index;
  return Status::OK();
}

}  // namespace lakeml::sql
