#include "sql/expression/bound_window.h"

namespace lakeml::sql {
namespace {

std::vector<ExprPtr> CopyWindowExprs(const std::vector<ExprPtr>& in) {
  std::vector<ExprPtr> out;
  for (const auto& e : in) out.push_back(e->Copy());
  return out;
}

}  // namespace

BoundWindow BoundWindow::Copy() const {
  BoundWindow w;
  w.function = function;
  w.aggregate = aggregate;
  w.ignore_nulls = ignore_nulls;
  w.offset = offset;
  w.args = CopyWindowExprs(args);
  w.partitions = CopyWindowExprs(partitions);
  w.orders = CopyWindowExprs(orders);
  w.specs = specs;
  w.frame = frame;
  w.type = type;
  w.name = name;
  return w;
}

std::string BoundWindow::ToString() const { return name; }

}  // namespace lakeml::sql
