// Binder: common table expressions (WITH). A CTE is bound again at each reference, so every
// reference gets its own column ids; a CTE sees the CTEs defined before it, and CTE names
// shadow catalog tables.
#include <strings.h>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"

namespace lakeml::sql {

Status Binder::PushCtes(const AstNode& with) {
  if (with.Has(AstNode::kFlagRecursive)) {
    return SqlError::Unsupported(with.pos, "WITH RECURSIVE");
  }
  const size_t first = ctes_.size();
  for (const auto& cte : with.children) {
    for (size_t i = first; i < ctes_.size(); ++i) {
      if (strcasecmp(ctes_[i].name.c_str(), cte->text.c_str()) == 0) {
        return SqlError::At(
            cte->pos, "DUPLICATED_CTE_NAMES", "42602",
            StrCat("CTE definition can't have duplicate names: `", cte->text, "`."));
      }
    }
    ctes_.push_back(CteDefinition{cte->text, cte.get()});
  }
  return Status::OK();
}

Result<LogicalPtr> Binder::BindCteReference(const AstNode& relation, BindScope* scope) {
  if (relation.names.size() != 1 || !relation.children.empty()) return LogicalPtr();
  size_t i = ctes_.size();
  while (i > 0 && strcasecmp(ctes_[i - 1].name.c_str(), relation.names[0].c_str()) != 0) --i;
  if (i == 0) return LogicalPtr();
  const AstNode& cte = *ctes_[i - 1].cte;
  // The definition sees only the CTEs before it and no outer query.
  std::vector<CteDefinition> saved = ctes_;
  ctes_.resize(i - 1);
  std::vector<const BindScope*> saved_outer;
  saved_outer.swap(outer_scopes_);
  Result<LogicalPtr> bound = BindQuery(*cte.children[0]);
  ctes_ = std::move(saved);
  outer_scopes_.swap(saved_outer);
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan, std::move(bound));
  for (const std::vector<std::string>* names : {&cte.alias_columns, &relation.alias_columns}) {
    if (names->empty()) continue;
    if (names->size() != plan->columns.size()) {
      return SqlError::At(relation.pos, "ASSIGNMENT_ARITY_MISMATCH", "42802",
                          StrCat("The number of columns aliased: ", names->size(),
                                 " does not match the number of columns: ", plan->columns.size(),
                                 " of the CTE `", cte.text, "`."));
    }
    for (size_t c = 0; c < plan->columns.size(); ++c) plan->columns[c].name = (*names)[c];
  }
  AddToScope(*plan, {relation.alias.empty() ? cte.text : relation.alias}, scope);
  return plan;
}

}  // namespace lakeml::sql
