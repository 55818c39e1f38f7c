#include "sql/execution/operators/expand_operator.h"

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "sql/execution/expression_executor.h"

namespace lakeml::sql {
namespace {

template <typename T>
columnar::VectorPtr ExpandConstantColumn(const columnar::TypePtr& type, T value, int64_t n) {
  columnar::VectorPtr v = columnar::Vector::Make(type, n);
  T* out = v->mutable_values()->mutable_as<T>();
  for (int64_t i = 0; i < n; ++i) out[i] = value;
  return v;
}

}  // namespace

ExpandOperator::ExpandOperator(std::vector<columnar::TypePtr> types, std::vector<ExprPtr> groups,
                               std::vector<uint64_t> sets)
    : PhysicalOperator(std::move(types)), groups_(std::move(groups)), sets_(std::move(sets)) {}

std::string ExpandOperator::details() const {
  std::string out = StrCat(sets_.size(), " sets of [");
  for (size_t i = 0; i < groups_.size(); ++i) out += (i ? ", " : "") + groups_[i]->ToString();
  return out + "]";
}

Status ExpandOperator::Execute(ExecutionContext&, Chunk& input, Chunk* output,
                               OperatorState&) const {
  const size_t n_groups = groups_.size();
  const size_t payload = types().size() - 2 * n_groups - 1;
  std::vector<columnar::VectorPtr> values;
  for (const auto& g : groups_) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, ExpressionExecutor::Evaluate(*g, input));
    values.push_back(std::move(v));
  }
  std::vector<std::vector<columnar::VectorPtr>> parts(types().size());
  for (size_t s = 0; s < sets_.size(); ++s) {
    const uint64_t set = sets_[s];
    for (size_t c = 0; c < payload; ++c) parts[c].push_back(input.columns[c]);
    // A repeated set keeps its own groups (SPARK-29708): its ordinal among the equal sets goes
    // above the grouping id bits, which grouping_id() masks off.
    int64_t gid = 0;
    for (size_t earlier = 0; earlier < s; ++earlier) {
      if (sets_[earlier] == set) gid += int64_t{1} << n_groups;
    }
    for (size_t i = 0; i < n_groups; ++i) {
      const bool present = (set >> i) & 1;
      const columnar::TypePtr& type = types()[payload + i];
      parts[payload + i].push_back(present ? values[i]
                                           : columnar::Vector::MakeNull(type, input.size));
      if (!present) gid |= int64_t{1} << (n_groups - 1 - i);
      parts[payload + n_groups + 1 + i].push_back(ExpandConstantColumn<int8_t>(
          types()[payload + n_groups + 1 + i], present ? 0 : 1, input.size));
    }
    parts[payload + n_groups].push_back(
        ExpandConstantColumn<int64_t>(types()[payload + n_groups], gid, input.size));
  }
  Chunk out;
  out.size = input.size * static_cast<int64_t>(sets_.size());
  out.batch_index = input.batch_index;
  for (auto& p : parts) {
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr v, columnar::ConcatVectors(p));
    out.columns.push_back(std::move(v));
  }
  *output = std::move(out);
  return Status::OK();
}

}  // namespace lakeml::sql
