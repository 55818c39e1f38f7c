#include "sql/execution/operators/runtime_filter_operator.h"

#include "base/str_cat.h"
#include "sql/execution/expression_executor.h"

namespace lakeml::sql {
namespace {

struct RuntimeFilterScratch : OperatorState {
  std::vector<int64_t> keep;
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> valid;
};

}  // namespace

std::string RuntimeFilterOperator::details() const {
  return StrCat(key_name_, "#", key_column_, " in build keys of a join above");
}

std::unique_ptr<OperatorState> RuntimeFilterOperator::MakeOperatorState() const {
  return std::make_unique<RuntimeFilterScratch>();
}

Status RuntimeFilterOperator::Execute(ExecutionContext&, Chunk& input, Chunk* output,
                                      OperatorState& state) const {
  auto& s = static_cast<RuntimeFilterScratch&>(state);
  if (!filter_->Select(input.columns[key_column_], input.size, &s.keep, &s.hashes, &s.valid) ||
      static_cast<int64_t>(s.keep.size()) == input.size) {
    *output = std::move(input);
    return Status::OK();
  }
  LAKEML_ASSIGN_OR_RETURN(*output, ExpressionExecutor::TakeRows(input, s.keep));
  output->batch_index = input.batch_index;
  return Status::OK();
}

}  // namespace lakeml::sql
