// BindScope: the columns visible to expressions at one point of a query (the FROM clause's
// relations), with the qualifier each can be named by. Resolution is case-insensitive as in
// Spark; a name matching columns of several relations is AMBIGUOUS_REFERENCE.
//
// A plain value owned by the binder; not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "sql/expression/bound_expression.h"
#include "sql/parser/token.h"

namespace lakeml::sql {

struct ScopeColumn {
  std::vector<std::string> qualifier;  // e.g. {"t"} or {"main", "default", "t"}; may be empty
  std::string name;
  ColumnId id = 0;
  TypePtr type;
  bool nullable = true;
  // A join's USING column not in the join's output: resolvable by qualified name
  // (and qualified star) only.
  bool hidden = false;
};

class BindScope {
 public:
  void Add(ScopeColumn column) { columns_.push_back(std::move(column)); }
  const std::vector<ScopeColumn>& columns() const { return columns_; }

  // Resolves a column name of 1..n parts (qualifier parts then the column). Returns -1 in
  // *index when nothing matches; an error when several columns match.
  Status Find(const std::vector<std::string>& parts, SourcePosition pos, int* index,
              size_t* parts_used) const;
  // The visible names for "did you mean" (qualified by the last qualifier part).
  std::vector<std::string> SuggestionNames() const;

 private:
  std::vector<ScopeColumn> columns_;
};

}  // namespace lakeml::sql
