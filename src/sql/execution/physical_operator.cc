#include "sql/execution/physical_operator.h"

namespace lakeml::sql {

std::string PhysicalOperator::ToString(int indent) const {
  std::string out(indent * 2, ' ');
  out += name();
  const std::string d = details();
  if (!d.empty()) out += " " + d;
  out += "\n";
  for (const auto& c : children) out += c->ToString(indent + 1);
  return out;
}

Result<std::unique_ptr<GlobalSourceState>> PhysicalOperator::MakeGlobalSourceState(
    ExecutionContext&) const {
  return Status::Internal("Operator is not a source: ", name());
}

Result<bool> PhysicalOperator::GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState&,
                                       Chunk*) const {
  return Status::Internal("Operator is not a source: ", name());
}

Status PhysicalOperator::Execute(ExecutionContext&, Chunk&, Chunk*, OperatorState&) const {
  return Status::Internal("Operator is not a streaming operator: ", name());
}

std::unique_ptr<GlobalSinkState> PhysicalOperator::MakeGlobalSinkState() const {
  return std::make_unique<GlobalSinkState>();
}

std::unique_ptr<LocalSinkState> PhysicalOperator::MakeLocalSinkState() const {
  return std::make_unique<LocalSinkState>();
}

Status PhysicalOperator::Sink(ExecutionContext&, Chunk&, GlobalSinkState&, LocalSinkState&) const {
  return Status::Internal("Operator is not a sink: ", name());
}

Status PhysicalOperator::Combine(GlobalSinkState&, LocalSinkState&) const { return Status::OK(); }

Status PhysicalOperator::Finalize(GlobalSinkState&) const { return Status::OK(); }

}  // namespace lakeml::sql
