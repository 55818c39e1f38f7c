#include "sql/execution/operators/generate_operator.h"

#include <algorithm>
#include <mutex>

#include "base/str_cat.h"
#include "columnar/vector_take.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/function/kernel_output.h"
#include "sql/function/scalar/element_gather.h"

namespace lakeml::sql {

using columnar::Vector;
using columnar::VectorPtr;

namespace {

struct GenerateGlobalState final : GlobalSinkState {
  std::mutex mu;
  std::vector<Chunk> chunks;  // the input columns, then the evaluated argument
  // The source's cursor: chunk, row, element within the row; batch index of the next output.
  size_t chunk = 0;
  int64_t row = 0;
  int64_t element = 0;
  int64_t batch = 0;
};

struct GenerateLocalState final : LocalSinkState {
  std::vector<Chunk> chunks;
};

// The INT positions, NULL where index[j] < 0 (an outer row).
VectorPtr GeneratedPositions(const std::vector<int64_t>& index) {
  const int64_t n = static_cast<int64_t>(index.size());
  VectorPtr v = Vector::Make(SqlType::Int(), n);
  auto* out = reinterpret_cast<int32_t*>(v->mutable_values()->mutable_data());
  bool any_null = false;
  for (int64_t j = 0; j < n; ++j) {
    out[j] = index[j] < 0 ? 0 : static_cast<int32_t>(index[j]);
    if (index[j] < 0) {
      KernelOutput::SetNull(v.get(), j);
      any_null = true;
    }
  }
  if (any_null) v->FinishValidity();
  return v;
}

}  // namespace

GenerateOperator::GenerateOperator(std::vector<columnar::TypePtr> types, ExprPtr argument,
                                   std::string generator, bool outer)
    : PhysicalOperator(std::move(types)),
      argument_(std::move(argument)),
      generator_(std::move(generator)),
      outer_(outer) {}

std::string GenerateOperator::details() const {
  return StrCat(generator_, outer_ ? "_outer(" : "(", argument_->ToString(), ")");
}

std::unique_ptr<GlobalSinkState> GenerateOperator::MakeGlobalSinkState() const {
  return std::make_unique<GenerateGlobalState>();
}

std::unique_ptr<LocalSinkState> GenerateOperator::MakeLocalSinkState() const {
  return std::make_unique<GenerateLocalState>();
}

Status GenerateOperator::Sink(ExecutionContext&, Chunk& input, GlobalSinkState&,
                              LocalSinkState& local) const {
  LAKEML_ASSIGN_OR_RETURN(VectorPtr arg, ExpressionExecutor::Evaluate(*argument_, input));
  Chunk c;
  c.columns = input.columns;
  c.columns.push_back(std::move(arg));
  c.size = input.size;
  c.batch_index = input.batch_index;
  static_cast<GenerateLocalState&>(local).chunks.push_back(std::move(c));
  return Status::OK();
}

Status GenerateOperator::Combine(GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<GenerateGlobalState&>(global);
  auto& l = static_cast<GenerateLocalState&>(local);
  std::lock_guard<std::mutex> lock(g.mu);
  for (Chunk& c : l.chunks) g.chunks.push_back(std::move(c));
  l.chunks.clear();
  return Status::OK();
}

Status GenerateOperator::Finalize(GlobalSinkState& global) const {
  auto& g = static_cast<GenerateGlobalState&>(global);
  std::stable_sort(g.chunks.begin(), g.chunks.end(),
                   [](const Chunk& a, const Chunk& b) { return a.batch_index < b.batch_index; });
  return Status::OK();
}

Result<bool> GenerateOperator::GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState&,
                                       Chunk* out) const {
  auto& g = static_cast<GenerateGlobalState&>(*sink_state);
  while (g.chunk < g.chunks.size()) {
    const Chunk& in = g.chunks[g.chunk];
    const Vector& arg = *in.columns.back();
    const bool null_type = arg.type()->id() == TypeId::kNull;
    std::vector<int64_t> rows, elements, index;  // elements/index -1: an outer row's NULLs
    while (g.row < in.size && static_cast<int64_t>(rows.size()) < Chunk::kMaxRows) {
      int64_t start = 0, length = 0;
      if (!null_type && arg.IsValid(g.row)) {
        start = arg.offsets()[g.row];
        length = arg.offsets()[g.row + 1] - start;
      }
      if (length == 0) {
        if (outer_) {
          rows.push_back(g.row);
          elements.push_back(-1);
          index.push_back(-1);
        }
        ++g.row;
        g.element = 0;
        continue;
      }
      while (g.element < length && static_cast<int64_t>(rows.size()) < Chunk::kMaxRows) {
        rows.push_back(g.row);
        elements.push_back(start + g.element);
        index.push_back(g.element);
        ++g.element;
      }
      if (g.element == length) {
        ++g.row;
        g.element = 0;
      }
    }
    const size_t current = g.chunk;
    if (g.row >= in.size) {
      ++g.chunk;
      g.row = 0;
      g.element = 0;
    }
    if (rows.empty()) continue;
    const Chunk& src = g.chunks[current];
    const int64_t n = static_cast<int64_t>(rows.size());
    Chunk result;
    result.size = n;
    result.batch_index = g.batch++;
    for (size_t c = 0; c + 1 < src.columns.size(); ++c) {
      LAKEML_ASSIGN_OR_RETURN(VectorPtr t, columnar::TakeVector(*src.columns[c], rows.data(), n));
      result.columns.push_back(std::move(t));
    }
    const VectorPtr& value = src.columns.back();
    if (generator_ == "posexplode") result.columns.push_back(GeneratedPositions(index));
    if (value->type()->id() == TypeId::kMap) {
      LAKEML_ASSIGN_OR_RETURN(VectorPtr keys, ElementGather::Take(value->child(0), elements));
      LAKEML_ASSIGN_OR_RETURN(VectorPtr values, ElementGather::Take(value->child(1), elements));
      result.columns.push_back(std::move(keys));
      result.columns.push_back(std::move(values));
    } else if (value->type()->id() == TypeId::kList) {
      LAKEML_ASSIGN_OR_RETURN(VectorPtr items, ElementGather::Take(value->child(0), elements));
      if (generator_ == "inline") {
        for (const VectorPtr& field : items->children()) {
          result.columns.push_back(ElementGather::WithParentNulls(field, *items, n));
        }
      } else {
        result.columns.push_back(std::move(items));
      }
    }
    // A NULL-typed argument generates nothing (outer rows get NULL columns).
    for (size_t c = result.columns.size(); c < types().size(); ++c) {
      result.columns.push_back(Vector::MakeNull(types()[c], n));
    }
    *out = std::move(result);
    return true;
  }
  out->size = 0;
  return false;
}

}  // namespace lakeml::sql
