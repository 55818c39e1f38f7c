// Parser: EXECUTE IMMEDIATE (sql-gaps).
//   EXECUTE IMMEDIATE sql_string [USING expr [AS name] [, ...]]
// lakeml has no session variables, so the INTO form is a syntax error at INTO.
#include "sql/parser/parser.h"

namespace lakeml::sql {

Result<AstPtr> Parser::ParseExecuteImmediate() {
  AstPtr node = Node(NodeKind::kExecuteImmediate);
  Next();  // EXECUTE
  Next();  // IMMEDIATE
  LAKEML_ASSIGN_OR_RETURN(AstPtr text, ParseExpr());
  node->Add(std::move(text));
  if (AcceptKw("USING")) {
    do {
      LAKEML_ASSIGN_OR_RETURN(AstPtr arg, ParseExpr());
      if (AcceptKw("AS")) {
        LAKEML_ASSIGN_OR_RETURN(arg->alias, ParseIdentifier());
      } else if (IsIdentifier() && !IsKw("INTO")) {
        LAKEML_ASSIGN_OR_RETURN(arg->alias, ParseIdentifier());
      }
      node->Add(std::move(arg));
    } while (AcceptOp(","));
  }
  return node;
}

}  // namespace lakeml::sql
