#include "sql/execution/operators/filter_operator.h"

#include "sql/execution/expression_executor.h"

namespace lakeml::sql {

Status FilterOperator::Execute(ExecutionContext&, Chunk& input, Chunk* output,
                               OperatorState&) const {
  LAKEML_ASSIGN_OR_RETURN(std::vector<int64_t> rows,
                          ExpressionExecutor::Select(*condition_, input));
  if (static_cast<int64_t>(rows.size()) == input.size) {
    *output = std::move(input);
    return Status::OK();
  }
  LAKEML_ASSIGN_OR_RETURN(*output, ExpressionExecutor::TakeRows(input, rows));
  output->batch_index = input.batch_index;
  return Status::OK();
}

}  // namespace lakeml::sql
