#include "sql/parser/ast_node.h"

#include <iterator>

#include "base/str_cat.h"

namespace lakeml::sql {
namespace {

constexpr std::string_view kKindNames[] = {
    "Literal",
    "Interval",
    "ColumnRef",
    "Star",
    "Parameter",
    "Unary",
    "Binary",
    "Is",
    "Between",
    "In",
    "Like",
    "Case",
    "Cast",
    "Function",
    "NamedArgument",
    "Lambda",
    "Subscript",
    "FieldAccess",
    "Subquery",
    "Exists",
    "Extract",
    "Filter",
    "WithinGroup",
    "WindowSpec",
    "WindowRef",
    "PartitionBy",
    "OrderBy",
    "SortItem",
    "Frame",
    "FrameBound",
    "Type",
    "Query",
    "With",
    "Cte",
    "Select",
    "SelectItem",
    "SetOperation",
    "Values",
    "Row",
    "List",
    "GroupBy",
    "GroupingSet",
    "NamedWindow",
    "TableName",
    "TimeTravel",
    "TableFunction",
    "SubqueryRelation",
    "Join",
    "JoinOn",
    "JoinUsing",
    "Pivot",
    "Unpivot",
    "LateralView",
    "Explain",
    "Use",
    "Show",
    "Describe",
    "SetConfig",
    "ResetConfig",
    "CreateTable",
    "ColumnDef",
    "Clause",
    "Property",
    "CreateView",
    "CreateSchema",
    "Drop",
    "AlterTable",
    "Insert",
    "Update",
    "Assignment",
    "Delete",
    "Merge",
    "MergeClause",
    "CopyInto",
    "Optimize",
    "Vacuum",
    "Restore",
    "ExecuteImmediate",
};

}  // namespace

std::string_view NodeKindName(NodeKind kind) {
  size_t i = static_cast<size_t>(kind);
  return i < std::size(kKindNames) ? kKindNames[i] : "?";
}

bool AstNode::Equals(const AstNode& other) const {
  if (kind != other.kind || flags != other.flags || op != other.op || text != other.text ||
      alias != other.alias || names != other.names || alias_columns != other.alias_columns ||
      children.size() != other.children.size()) {
    return false;
  }
  for (size_t i = 0; i < children.size(); ++i) {
    const AstNode* a = children[i].get();
    const AstNode* b = other.children[i].get();
    if ((a == nullptr) != (b == nullptr)) return false;
    if (a != nullptr && !a->Equals(*b)) return false;
  }
  return true;
}

std::string AstNode::DebugString(int indent) const {
  std::string out(static_cast<size_t>(indent) * 2, ' ');
  out += StrCat(NodeKindName(kind), " flags=", flags);
  if (!op.empty()) out += StrCat(" op=", op);
  if (!text.empty()) out += StrCat(" text=", text);
  if (!alias.empty()) out += StrCat(" alias=", alias);
  for (const std::string& n : names) out += StrCat(" name=", n);
  for (const std::string& n : alias_columns) out += StrCat(" col=", n);
  out += "\n";
  for (const AstPtr& child : children) {
    if (child == nullptr) {
      out += std::string(static_cast<size_t>(indent + 1) * 2, ' ') + "(null)\n";
    } else {
      out += child->DebugString(indent + 1);
    }
  }
  return out;
}

}  // namespace lakeml::sql
