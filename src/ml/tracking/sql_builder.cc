#include "ml/tracking/sql_builder.h"

namespace lakeml::ml {

void SqlBuilder::Comparison(std::string_view column, const FilterClause& clause) {
  switch (clause.op) {
    case FilterOp::kILike:
      Append("lower(").Append(column).Append(") LIKE lower(").Bind(clause.text).Append(")");
      return;
    case FilterOp::kIn:
    case FilterOp::kNotIn:
      Append(column).Append(clause.op == FilterOp::kIn ? " IN (" : " NOT IN (");
      for (size_t i = 0; i < clause.list.size(); ++i) {
        if (i > 0) Append(", ");
        Bind(clause.list[i]);
      }
      Append(")");
      return;
    default:
      break;
  }
  Append(column).Append(" ").Append(SearchFilter::OpText(clause.op)).Append(" ");
  if (clause.numeric) {
    Bind(clause.number);
  } else {
    Bind(clause.text);
  }
}

Status SqlBuilder::BindAll(metastore::SqliteStatement& stmt) const {
  for (size_t i = 0; i < values_.size(); ++i) {
    const int idx = static_cast<int>(i + 1);
    const Value& v = values_[i];
    if (const auto* n = std::get_if<int64_t>(&v)) {
      LAKEML_RETURN_IF_ERROR(stmt.Bind(idx, *n));
    } else if (const auto* d = std::get_if<double>(&v)) {
      LAKEML_RETURN_IF_ERROR(stmt.Bind(idx, *d));
    } else {
      LAKEML_RETURN_IF_ERROR(stmt.Bind(idx, std::get<std::string>(v)));
    }
  }
  return Status::OK();
}

}  // namespace lakeml::ml
