#include "sql/execution/operators/values_source.h"

#include <atomic>

#include "base/str_cat.h"
#include "columnar/vector_concat.h"
#include "sql/function/kernel_output.h"

namespace lakeml::sql {
namespace {

struct ValuesGlobalState final : GlobalSourceState {
  std::atomic<bool> done{false};
};

}  // namespace

Result<std::unique_ptr<ValuesSource>> ValuesSource::Make(
    std::vector<columnar::TypePtr> types, const std::vector<std::vector<columnar::Scalar>>& rows) {
  Chunk chunk;
  chunk.size = static_cast<int64_t>(rows.size());
  for (size_t c = 0; c < types.size(); ++c) {
    std::vector<columnar::VectorPtr> parts;
    for (const auto& row : rows) parts.push_back(KernelOutput::Expand(row[c], 1));
    if (parts.empty()) {
      chunk.columns.push_back(columnar::Vector::Make(types[c], 0));
      continue;
    }
    LAKEML_ASSIGN_OR_RETURN(columnar::VectorPtr column, columnar::ConcatVectors(parts));
    chunk.columns.push_back(std::move(column));
  }
  return std::make_unique<ValuesSource>(std::move(types), std::move(chunk));
}

std::string ValuesSource::details() const { return StrCat(chunk_.size, " rows"); }

Result<std::unique_ptr<GlobalSourceState>> ValuesSource::MakeGlobalSourceState(
    ExecutionContext&) const {
  return std::unique_ptr<GlobalSourceState>(std::make_unique<ValuesGlobalState>());
}

Result<bool> ValuesSource::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState&,
                                   Chunk* out) const {
  auto& g = static_cast<ValuesGlobalState&>(global);
  if (g.done.exchange(true) || chunk_.size == 0) {
    out->size = 0;
    return false;
  }
  *out = chunk_;
  return true;
}

}  // namespace lakeml::sql
