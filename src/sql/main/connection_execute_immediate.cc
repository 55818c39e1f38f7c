// Connection: EXECUTE IMMEDIATE (sql-gaps). The statement text is a constant STRING
// expression, evaluated first; the USING arguments bind the text's parameter markers (named
// with AS name, else positional) through QueryParameters, as spark.sql(text, args) does.
#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/main/connection.h"
#include "sql/main/query_parameters.h"
#include "sql/main/query_result.h"
#include "sql/parser/ast_printer.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {

Result<std::unique_ptr<QueryResult>> Connection::RunExecuteImmediate(const AstNode& statement) {
  const AstNode& text_expr = *statement.children[0];
  // The text: SELECT <expr> evaluated like any query (a column reference fails to resolve).
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Statement>> text_query,
                          Parser::Parse("SELECT " + AstPrinter::Print(text_expr)));
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<QueryResult> text_result,
                          RunQuery(*text_query[0], /*explain=*/false));
  if (text_result->types().size() != 1 || text_result->types()[0]->id() != TypeId::kString) {
    return SqlError::At(text_expr.pos, "INVALID_EXPR_TYPE_FOR_QUERY_EXECUTE_IMMEDIATE", "42K09",
                        StrCat("Expression type must be string type but got \"",
                               SqlType::SqlName(text_result->types()[0]), "\"."));
  }
  std::string sql;
  bool have_text = false;
  for (const Chunk& chunk : text_result->chunks()) {
    if (chunk.size == 0) continue;
    if (!chunk.columns[0]->IsNull(0)) {
      sql.assign(chunk.columns[0]->GetView(0));
      have_text = true;
    }
    break;
  }
  if (!have_text) {
    return SqlError::At(text_expr.pos, "NULL_QUERY_STRING_EXECUTE_IMMEDIATE", "22004",
                        StrCat("Execute immediate requires a non-null variable as the query "
                               "string, but the provided variable ",
                               AstPrinter::Print(text_expr), " is null."));
  }
  QueryParameters params;
  std::string unnamed;
  bool any_named = false;
  for (size_t i = 1; i < statement.children.size(); ++i) {
    const AstNode& arg = *statement.children[i];
    if (arg.alias.empty()) {
      unnamed += (unnamed.empty() ? "" : ", ") + AstPrinter::Print(arg);
      params.AddExpression(AstPrinter::Print(arg));
    } else {
      any_named = true;
      params.SetExpression(arg.alias, AstPrinter::Print(arg));
    }
  }
  if (any_named && !unnamed.empty()) {
    return SqlError::At(statement.pos, "ALL_PARAMETERS_MUST_BE_NAMED", "07001",
                        StrCat("Using name parameterized queries requires all parameters to be "
                               "named. Parameters missing names: ",
                               unnamed, "."));
  }
  LAKEML_ASSIGN_OR_RETURN(std::vector<std::unique_ptr<Statement>> statements, Parser::Parse(sql));
  if (statements.size() != 1) {
    return SqlError::At(text_expr.pos, "PARSE_SYNTAX_ERROR", "42601",
                        StrCat("Syntax error: EXECUTE IMMEDIATE runs one statement, but the text "
                               "holds ",
                               statements.size(), "."));
  }
  if (statements[0]->kind == NodeKind::kExecuteImmediate) {
    return SqlError::At(text_expr.pos, "NESTED_EXECUTE_IMMEDIATE", "07501",
                        StrCat("Nested EXECUTE IMMEDIATE commands are not allowed. Please ensure "
                               "that the SQL query provided (",
                               sql, ") does not contain another EXECUTE IMMEDIATE command."));
  }
  LAKEML_RETURN_IF_ERROR(params.Substitute(statements[0].get()));
  return RunStatement(*statements[0]);
}

}  // namespace lakeml::sql
