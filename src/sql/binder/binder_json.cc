// Binder: from_json(json, schema). The schema is a constant DDL string, "a INT, b ARRAY<INT>"
// (the fields of a struct) or one STRUCT<...>, ARRAY<...> or MAP<...> type; it is parsed with
// the SQL type parser and becomes the call's result type.
#include <strings.h>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/function/function_registry.h"
#include "sql/parser/ast_printer.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

Status InvalidJsonSchema(const AstNode& node, std::string_view schema, std::string_view why) {
  return SqlError::At(node.pos, "INVALID_SCHEMA.PARSE_ERROR", "42K07",
                      StrCat("The input schema \"", schema,
                             "\" is not a valid schema string. Cannot parse the schema: ", why));
}

bool StartsWithTypeKeyword(std::string_view s, std::string_view keyword) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
  s.remove_prefix(i);
  if (s.size() <= keyword.size()) return false;
  if (strncasecmp(s.data(), keyword.data(), keyword.size()) != 0) return false;
  size_t j = keyword.size();
  while (j < s.size() && s[j] == ' ') ++j;
  return j < s.size() && s[j] == '<';
}

}  // namespace

Result<ExprPtr> Binder::BindFromJson(std::vector<ExprPtr> args, const AstNode& node) {
  if (args.size() != 2) {
    return SqlError::WrongNumArgs(node.pos, "from_json", "2", args.size());
  }
  const BoundExpression& schema_arg = *args[1];
  if (!schema_arg.IsFoldable() || schema_arg.type->id() != columnar::TypeId::kString) {
    return SqlError::At(node.pos, "INVALID_SCHEMA.NON_STRING_LITERAL", "42K07",
                        StrCat("The input schema \"", schema_arg.ToString(),
                               "\" is not a valid schema string. The input expression must be "
                               "string literal and not null."));
  }
  LAKEML_ASSIGN_OR_RETURN(columnar::Scalar schema,
                          ExpressionExecutor::EvaluateConstant(schema_arg));
  if (schema.is_null) {
    return SqlError::At(node.pos, "INVALID_SCHEMA.NON_STRING_LITERAL", "42K07",
                        "The input schema is not a valid schema string. The input expression "
                        "must be string literal and not null.");
  }
  const std::string& text = schema.bytes;
  const bool whole_type = StartsWithTypeKeyword(text, "STRUCT") ||
                          StartsWithTypeKeyword(text, "ARRAY") ||
                          StartsWithTypeKeyword(text, "MAP");
  const std::string type_text = whole_type ? text : StrCat("STRUCT<", text, ">");
  Result<AstPtr> cast = Parser::ParseExpression(StrCat("CAST(NULL AS ", type_text, ")"));
  if (!cast.ok() || (*cast)->kind != NodeKind::kCast || (*cast)->children.size() != 2) {
    return InvalidJsonSchema(node, text, cast.ok() ? "not a type" : cast.status().message());
  }
  Result<TypePtr> type = SqlType::FromAst(*(*cast)->children[1]);
  if (!type.ok()) return InvalidJsonSchema(node, text, type.status().message());
  // Bound without CallFunction's folding: the result type must be the schema first.
  const ScalarFunctionEntry* entry = FunctionRegistry::Builtin().FindScalar("from_json");
  std::vector<TypePtr> types;
  for (const auto& a : args) types.push_back(a->type);
  Result<std::shared_ptr<const ScalarFunctionBinding>> resolved =
      entry->resolve("from_json", types);
  if (!resolved.ok()) {
    return SqlError::DatatypeMismatch(node.pos, "UNEXPECTED_INPUT_TYPE", AstPrinter::Print(node),
                                      StrCat(resolved.status().message(), "."));
  }
  for (size_t i = 0; i < args.size(); ++i) {
    LAKEML_ASSIGN_OR_RETURN(args[i],
                            CastTo(std::move(args[i]), (*resolved)->arg_types[i], node.pos));
  }
  auto fn = std::make_shared<ScalarFunctionBinding>(**resolved);
  fn->return_type = *type;
  ExprPtr call = BoundExpression::Function(std::move(fn), std::move(args));
  call->pos = node.pos;
  return call;
}

}  // namespace lakeml::sql
