#include "sql/planner/logical_operator.h"

#include "base/str_cat.h"

namespace lakeml::sql {

int LogicalOperator::IndexOf(ColumnId id) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::string LogicalOperator::ToString(int indent) const {
  std::string out(indent * 2, ' ');
  switch (kind) {
    case LogicalKind::kGet: {
      out += StrCat("Get ", source->display_name(), " [");
      for (size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + columns[i].name;
      out += "]";
      if (pushed_filter) out += StrCat(" files filter: ", pushed_filter->ToString());
      break;
    }
    case LogicalKind::kValues:
      out += StrCat("Values ", rows.size(), " rows");
      break;
    case LogicalKind::kFilter:
      out += StrCat("Filter ", expressions[0]->ToString());
      break;
    case LogicalKind::kProjection: {
      out += "Project [";
      for (size_t i = 0; i < expressions.size(); ++i) {
        out += (i ? ", " : "") + expressions[i]->ToString();
        if (expressions[i]->kind != ExprKind::kColumnRef ||
            expressions[i]->name != columns[i].name) {
          out += " AS " + columns[i].name;
        }
      }
      out += "]";
      break;
    }
    case LogicalKind::kLimit:
      out += StrCat("Limit ", limit, offset > 0 ? StrCat(" offset ", offset) : "");
      break;
    case LogicalKind::kAggregate: {
      out += "Aggregate [";
      for (size_t i = 0; i < groups.size(); ++i) out += (i ? ", " : "") + groups[i]->ToString();
      out += "] [";
      for (size_t i = 0; i < expressions.size(); ++i) {
        out += (i ? ", " : "") + expressions[i]->ToString();
      }
      out += "]";
      break;
    }
    case LogicalKind::kOrder: {
      out += "Order [";
      for (size_t i = 0; i < expressions.size(); ++i) {
        out += StrCat(i ? ", " : "", expressions[i]->ToString(),
                      sort_specs[i].descending ? " DESC" : " ASC",
                      sort_specs[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
      }
      out += "]";
      break;
    }
    case LogicalKind::kJoin:
      out += StrCat("Join ", JoinTypeName(join_type),
                    expressions.empty() ? "" : StrCat(" ", expressions[0]->ToString()));
      break;
    case LogicalKind::kUnion:
      out += "Union All";
      break;
    case LogicalKind::kReplicate:
      out += StrCat("Replicate ", expressions[0]->ToString());
      break;
    case LogicalKind::kWindow:  // sql-window
      out += "Window [";
      for (size_t i = 0; i < windows.size(); ++i) out += (i ? ", " : "") + windows[i].ToString();
      out += "]";
      break;
    case LogicalKind::kExpand:  // sql-window
      out += StrCat("Expand ", grouping_sets.size(), " grouping sets [");
      for (size_t i = 0; i < expressions.size(); ++i) {
        out += (i ? ", " : "") + expressions[i]->ToString();
      }
      out += "]";
      break;
    case LogicalKind::kGenerate:  // sql-lambda
      out += StrCat("Generate ", generator, generator_outer ? "_outer(" : "(",
                    expressions[0]->ToString(), ")");
      break;
  }
  out += "\n";
  for (const auto& c : children) out += c->ToString(indent + 1);
  return out;
}

}  // namespace lakeml::sql
