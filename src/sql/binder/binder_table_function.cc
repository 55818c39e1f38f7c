// Binder: table-valued functions in FROM (sql-syntax): range(start, end, step) and
// read_files(path, name => value, ...) with its shortcuts read_csv, read_json and read_parquet. Option values are constant
// expressions, passed to the TableResolver as text; the `schema` option ('a INT, b STRING')
// becomes a projection over the files' columns (by position for CSV, by name otherwise), with
// casts that give null for values that do not convert, as Spark's PERMISSIVE mode does.
#include <strings.h>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/parser/ast_printer.h"
#include "sql/parser/parser.h"
#include "sql/storage/range_table_source.h"

namespace lakeml::sql {
namespace {

std::string LowerTableFunctionText(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct SchemaColumn {
  std::string name;
  TypePtr type;
};

// Parses a schema option ('a INT, b STRING') as the column list of a CREATE TABLE.
Result<std::vector<SchemaColumn>> ParseSchemaOption(const std::string& text, SourcePosition pos) {
  Result<std::vector<std::unique_ptr<Statement>>> parsed =
      Parser::Parse(StrCat("CREATE TABLE t (", text, ")"));
  const AstNode* columns = nullptr;
  if (parsed.ok() && parsed->size() == 1 && (*parsed)[0]->kind == NodeKind::kCreateTable) {
    columns = (*parsed)[0]->children[0].get();
  }
  if (columns == nullptr) {
    return SqlError::At(pos, "INVALID_SCHEMA.PARSE_ERROR", "42K07",
                        StrCat("The input schema is not a valid schema string: ", text, "."));
  }
  std::vector<SchemaColumn> out;
  for (const auto& c : columns->children) {
    if (c->kind != NodeKind::kColumnDef) continue;
    LAKEML_ASSIGN_OR_RETURN(TypePtr type, SqlType::FromAst(*c->children[0]));
    out.push_back(SchemaColumn{c->text, std::move(type)});
  }
  return out;
}

}  // namespace

Result<LogicalPtr> Binder::BindTableFunction(const AstNode& relation, BindScope* scope) {
  const std::string name = LowerTableFunctionText(relation.names.back());
  if (relation.names.size() == 1 && name == "range") return BindRangeFunction(relation, scope);
  if (relation.names.size() != 1 || (name != "read_files" && name != "read_csv" &&
                                     name != "read_json" && name != "read_parquet")) {
    return SqlError::At(relation.pos, "UNRESOLVABLE_TABLE_VALUED_FUNCTION", "42883",
                        StrCat("Could not resolve ", AstPrinter::Name(relation.names),
                               " to a table-valued function."));
  }
  FileScanRequest request;
  request.function = name;
  std::string schema_text;
  bool has_path = false;
  for (const auto& arg : relation.children) {
    const bool named = arg->kind == NodeKind::kNamedArgument;
    if (!named && has_path) {
      return SqlError::At(arg->pos, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "42605",
                          StrCat("The ", AstPrinter::Name(relation.names),
                                 " requires 1 positional parameter (the path) but more were "
                                 "given; pass options as name => value."));
    }
    BindScope empty;
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(named ? *arg->children[0] : *arg, empty));
    LAKEML_ASSIGN_OR_RETURN(e, CastTo(std::move(e), SqlType::String(), arg->pos));
    if (!e->IsFoldable()) {
      return SqlError::At(
          arg->pos, "NON_FOLDABLE_ARGUMENT", "42K08",
          StrCat("The function ", name, " requires the parameter ", named ? arg->text : "path",
                 " to be a foldable expression of the type STRING."));
    }
    LAKEML_ASSIGN_OR_RETURN(columnar::Scalar value, ExpressionExecutor::EvaluateConstant(*e));
    if (value.is_null) {
      return SqlError::At(arg->pos, "INVALID_OPTIONS", "42K06",
                          StrCat("The ", named ? StrCat("option `", arg->text, "`") : "path",
                                 " of ", name, " must not be NULL."));
    }
    if (!named) {
      request.path = value.bytes;
      has_path = true;
    } else if (LowerTableFunctionText(arg->text) == "schema") {
      schema_text = value.bytes;
    } else {
      request.options.emplace_back(LowerTableFunctionText(arg->text), value.bytes);
    }
  }
  if (!has_path) {
    return SqlError::At(relation.pos, "REQUIRED_PARAMETER_NOT_FOUND", "4274K",
                        StrCat("Cannot invoke routine `", name,
                               "` because the parameter named `path` is required."));
  }
  const bool positional = name == "read_csv" || [&] {
    for (const auto& [k, v] : request.options) {
      if (k == "format") return LowerTableFunctionText(v) == "csv";
    }
    return false;
  }();
  LAKEML_ASSIGN_OR_RETURN(ResolvedTable table, tables_->ResolveFiles(request, relation.pos));
  LAKEML_ASSIGN_OR_RETURN(LogicalPtr plan,
                          MakeGetPlan(relation, std::move(table), scope, schema_text.empty()));
  if (schema_text.empty()) return plan;
  LAKEML_ASSIGN_OR_RETURN(std::vector<SchemaColumn> schema,
                          ParseSchemaOption(schema_text, relation.pos));
  auto project = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  for (size_t i = 0; i < schema.size(); ++i) {
    const OutputColumn* from = nullptr;
    if (positional) {
      if (i < plan->columns.size()) from = &plan->columns[i];
    } else {
      for (const OutputColumn& c : plan->columns) {
        if (from == nullptr && strcasecmp(c.name.c_str(), schema[i].name.c_str()) == 0) from = &c;
      }
    }
    ExprPtr e = from == nullptr ? BoundExpression::Constant(columnar::Scalar::Null(schema[i].type))
                                : BoundExpression::Cast(
                                      BoundExpression::ColumnRef(from->id, from->type, from->name),
                                      schema[i].type, /*try_mode=*/true);
    if (from != nullptr && from->type->Equals(*schema[i].type)) {
      e = BoundExpression::ColumnRef(from->id, from->type, from->name);
    }
    project->columns.push_back(OutputColumn{NewColumnId(), schema[i].name, schema[i].type, true});
    project->expressions.push_back(std::move(e));
  }
  project->children.push_back(std::move(plan));
  std::vector<std::string> qualifier;
  if (!relation.alias.empty()) qualifier = {relation.alias};
  LAKEML_RETURN_IF_ERROR(RenameRelationColumns(relation, project.get()));
  AddToScope(*project, qualifier, scope);
  return LogicalPtr(std::move(project));
}

}  // namespace lakeml::sql

namespace lakeml::sql {

// range(end) | range(start, end[, step[, numPartitions]]): Spark's id column. Arguments are
// constant integers; numPartitions is accepted and ignored (morsels decide the parallelism).
Result<LogicalPtr> Binder::BindRangeFunction(const AstNode& relation, BindScope* scope) {
  const size_t n = relation.children.size();
  if (n < 1 || n > 4) {
    return SqlError::At(relation.pos, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "42605",
                        StrCat("The `range` requires [1, 2, 3, 4] parameters but the actual "
                               "number is ",
                               n, "."));
  }
  static constexpr const char* kNames[] = {"start", "end", "step", "numPartitions"};
  int64_t values[4] = {0, 0, 1, 0};
  for (size_t i = 0; i < n; ++i) {
    const AstNode& arg = *relation.children[i];
    const char* param = kNames[n == 1 ? 1 : i];
    if (arg.kind == NodeKind::kNamedArgument) {
      return SqlError::At(arg.pos, "UNEXPECTED_POSITIONAL_ARGUMENT", "4274K",
                          "The `range` takes positional arguments only.");
    }
    BindScope empty;
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindExpression(arg, empty));
    const columnar::TypeId id = e->type->id();
    const bool integral = id == columnar::TypeId::kInt8 || id == columnar::TypeId::kInt16 ||
                          id == columnar::TypeId::kInt32 || id == columnar::TypeId::kInt64;
    if (!integral || !e->IsFoldable()) {
      return SqlError::At(arg.pos, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "42K09",
                          StrCat("The `range` requires the parameter `", param,
                                 "` to be a constant of an integral type (TINYINT, SMALLINT, "
                                 "INT or BIGINT), but ",
                                 e->ToString(), " has the type ", SqlType::SqlName(e->type), "."));
    }
    LAKEML_ASSIGN_OR_RETURN(e, CastTo(std::move(e), SqlType::BigInt(), arg.pos));
    LAKEML_ASSIGN_OR_RETURN(columnar::Scalar value, ExpressionExecutor::EvaluateConstant(*e));
    if (value.is_null) {
      return SqlError::At(arg.pos, "INVALID_PARAMETER_VALUE.NULL", "22023",
                          StrCat("The value of parameter `", param,
                                 "` in `range` is invalid: it must not be NULL."));
    }
    values[n == 1 ? 1 : i] = value.i;
  }
  if (values[2] == 0) {
    return SqlError::At(relation.pos, "INVALID_PARAMETER_VALUE.RANGE_STEP", "22023",
                        "The value of parameter `step` in `range` is invalid: the step cannot be 0.");
  }
  ResolvedTable table;
  table.source = std::make_shared<RangeTableSource>(values[0], values[1], values[2]);
  return MakeGetPlan(relation, std::move(table), scope, true);
}

}  // namespace lakeml::sql
