#include "sql/planner/runtime_filter_placer.h"

#include "sql/execution/operators/filter_operator.h"
#include "sql/execution/operators/join_operator.h"
#include "sql/execution/operators/projection_operator.h"
#include "sql/execution/operators/runtime_filter_operator.h"
#include "sql/execution/operators/table_scan_source.h"

namespace lakeml::sql {
namespace {

constexpr int kRuntimeFilterMaxDepth = 64;

bool IsScan(const PhysicalOperator& op) {
  return dynamic_cast<const TableScanSource*>(&op) != nullptr;
}

bool PlaceRuntimeFilterAt(PhysicalPtr* slot, int column,
                          const std::shared_ptr<RuntimeFilter>& filter, const std::string& key_name,
                          int depth) {
  PhysicalOperator* op = slot->get();
  if (depth > kRuntimeFilterMaxDepth || column < 0 ||
      static_cast<size_t>(column) >= op->types().size()) {
    return false;
  }
  const bool filtered_scan =
      dynamic_cast<FilterOperator*>(op) != nullptr && IsScan(*op->children[0]);
  if (IsScan(*op) || filtered_scan) {
    auto wrapper = std::make_unique<RuntimeFilterOperator>(op->types(), filter, column, key_name);
    wrapper->children.push_back(std::move(*slot));
    *slot = std::move(wrapper);
    return true;
  }
  // Another join's runtime filter: this one goes below it (both see the same columns).
  if (dynamic_cast<FilterOperator*>(op) != nullptr ||
      dynamic_cast<RuntimeFilterOperator*>(op) != nullptr) {
    return PlaceRuntimeFilterAt(&op->children[0], column, filter, key_name, depth + 1);
  }
  if (auto* project = dynamic_cast<ProjectionOperator*>(op)) {
    const BoundExpression& e = *project->expressions()[column];
    if (e.kind != ExprKind::kReference) return false;
    return PlaceRuntimeFilterAt(&op->children[0], e.index, filter, key_name, depth + 1);
  }
  if (auto* join = dynamic_cast<JoinOperator*>(op)) {
    // Joins without final output stream their probe side (children[0]) in this pipeline and
    // output (some of) its columns first, unchanged.
    if (join->HasFinalOutput()) return false;
    const int probe_column = join->ProbeColumnOf(column);  // join-output
    if (probe_column < 0) return false;
    return PlaceRuntimeFilterAt(&op->children[0], probe_column, filter, key_name, depth + 1);
  }
  return false;
}

}  // namespace

bool RuntimeFilterPlacer::Fits(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kSemi || type == JoinType::kRight ||
         type == JoinType::kRightSemi || type == JoinType::kRightAnti;
}

bool RuntimeFilterPlacer::Place(PhysicalPtr* probe, int key_column,
                                const std::shared_ptr<RuntimeFilter>& filter,
                                const std::string& key_name) {
  return PlaceRuntimeFilterAt(probe, key_column, filter, key_name, 0);
}

}  // namespace lakeml::sql
