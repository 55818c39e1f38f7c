#include "sql/execution/operators/projection_operator.h"

#include "sql/execution/expression_executor.h"

namespace lakeml::sql {

std::string ProjectionOperator::details() const {
  std::string out = "[";
  for (size_t i = 0; i < expressions_.size(); ++i) {
    out += (i ? ", " : "") + expressions_[i]->ToString();
  }
  return out + "]";
}

Status ProjectionOperator::Execute(ExecutionContext&, Chunk& input, Chunk* output,
                                   OperatorState&) const {
  Chunk out;
  out.size = input.size;
  out.batch_index = input.batch_index;
  out.columns.reserve(expressions_.size());
  for (const auto& e : expressions_) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, ExpressionExecutor::Evaluate(*e, input));
    out.columns.push_back(std::move(v));
  }
  *output = std::move(out);
  return Status::OK();
}

}  // namespace lakeml::sql
