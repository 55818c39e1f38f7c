#include "sql/execution/query_profile.h"

#include <cstdio>

#include "base/str_cat.h"
#include "sql/execution/physical_operator.h"

namespace lakeml::sql {

void QueryProfile::Add(const PhysicalOperator* op, const OperatorStats& stats) {
  std::lock_guard<std::mutex> lock(mu_);
  OperatorStats& s = stats_[op];
  s.rows += stats.rows;
  s.nanos += stats.nanos;
}

OperatorStats QueryProfile::Get(const PhysicalOperator* op) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = stats_.find(op);
  return it == stats_.end() ? OperatorStats{} : it->second;
}

std::string QueryProfile::Render(const PhysicalOperator& root) const {
  std::string out;
  RenderNode(root, 0, &out);
  return out;
}

void QueryProfile::RenderNode(const PhysicalOperator& op, int indent, std::string* out) const {
  const OperatorStats s = Get(&op);
  char time[32];
  std::snprintf(time, sizeof(time), "%.3f ms", static_cast<double>(s.nanos) / 1e6);
  out->append(indent * 2, ' ');
  out->append(op.name());
  const std::string details = op.details();
  if (!details.empty()) out->append(" " + details);
  out->append(StrCat(" (rows: ", s.rows, ", time: ", time));
  const std::string runtime = op.runtime_details();
  if (!runtime.empty()) out->append(", " + runtime);
  out->append(")\n");
  for (const auto& c : op.children) RenderNode(*c, indent + 1, out);
}

}  // namespace lakeml::sql
