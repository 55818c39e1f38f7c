// Nested values in expressions (sql-nested): `a[i]`, `m[k]`, `s.f`, `s['f']`, field chains
// after a column name (`t.s.f`), `s.*`, and struct / named_struct with Spark's field names.
#include <strings.h>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/scalar/nested_access.h"
#include "sql/function/scalar/nested_comparison.h"
#include "sql/parser/ast_printer.h"
#include "sql/planner/logical_operator.h"

namespace lakeml::sql {
namespace {

Status InvalidExtractBase(const AstNode& node, const TypePtr& type) {
  return SqlError::At(node.pos, "INVALID_EXTRACT_BASE_FIELD_TYPE", "42000",
                      StrCat("Can't extract a value from \"", AstPrinter::Print(*node.children[0]),
                             "\". Need a complex type [STRUCT, ARRAY, MAP] but got \"",
                             SqlType::SqlName(type), "\"."));
}

ExprPtr NestedCall(std::shared_ptr<const ScalarFunctionBinding> fn, std::vector<ExprPtr> args,
                   SourcePosition pos) {
  ExprPtr e = BoundExpression::Function(std::move(fn), std::move(args));
  e->pos = pos;
  return e;
}

}  // namespace

Result<ExprPtr> Binder::ExtractStructField(ExprPtr base, const std::string& field,
                                           const AstNode& node) {
  const TypePtr type = base->type;
  if (type->id() == TypeId::kList && type->list_element().type->id() == TypeId::kStruct) {
    return ArrayStructField(std::move(base), field, node);  // binder_lambda.cc (sql-lambda)
  }
  if (type->id() != TypeId::kStruct) {
    return SqlError::At(node.pos, "INVALID_EXTRACT_BASE_FIELD_TYPE", "42000",
                        StrCat("Can't extract a value from \"", base->ToString(),
                               "\". Need a complex type [STRUCT, ARRAY, MAP] but got \"",
                               SqlType::SqlName(type), "\"."));
  }
  const auto& fields = type->children();
  int found = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (strcasecmp(fields[i].name.c_str(), field.c_str()) != 0) continue;
    if (found >= 0) {
      return SqlError::At(node.pos, "AMBIGUOUS_REFERENCE_TO_FIELDS", "42000",
                          StrCat("Ambiguous reference to the field `", field,
                                 "`. It appears 2 times in the schema."));
    }
    found = static_cast<int>(i);
  }
  if (found < 0) {
    std::string names;
    for (size_t i = 0; i < fields.size(); ++i) {
      names += StrCat(i ? ", " : "", "`", fields[i].name, "`");
    }
    return SqlError::At(node.pos, "FIELD_NOT_FOUND", "42704",
                        StrCat("No such struct field `", field, "` in ", names, "."));
  }
  std::vector<ExprPtr> args;
  const bool nullable = base->nullable || fields[found].nullable;
  args.push_back(std::move(base));
  args.push_back(BoundExpression::Constant(columnar::Scalar::Int(SqlType::Int(), found)));
  ExprPtr e = NestedCall(NestedAccess::StructField(type, found), std::move(args), node.pos);
  e->nullable = nullable;
  return Fold(std::move(e));
}

Result<ExprPtr> Binder::BindSubscript(const AstNode& node, const BindScope& scope) {
  LAKEML_ASSIGN_OR_RETURN(ExprPtr base, BindExpression(*node.children[0], scope));
  LAKEML_ASSIGN_OR_RETURN(ExprPtr index, BindExpression(*node.children[1], scope));
  const TypePtr type = base->type;
  std::vector<ExprPtr> args;
  if (type->id() == TypeId::kList) {
    if (!SqlType::IsIntegral(index->type) && index->type->id() != TypeId::kNull) {
      return SqlError::DatatypeMismatch(
          node.pos, "UNEXPECTED_INPUT_TYPE", AstPrinter::Print(node),
          StrCat("the index of an array subscript requires the \"INT\" type, however \"",
                 AstPrinter::Print(*node.children[1]), "\" has the type \"",
                 SqlType::SqlName(index->type), "\"."));
    }
    LAKEML_ASSIGN_OR_RETURN(index, CastTo(std::move(index), SqlType::Int(), node.pos));
    args.push_back(std::move(base));
    args.push_back(std::move(index));
    return Fold(NestedCall(NestedAccess::ArrayItem(type), std::move(args), node.pos));
  }
  if (type->id() == TypeId::kMap) {
    LAKEML_ASSIGN_OR_RETURN(index, CastTo(std::move(index), type->map_key().type, node.pos));
    args.push_back(std::move(base));
    args.push_back(std::move(index));
    return Fold(NestedCall(NestedAccess::MapValue(type), std::move(args), node.pos));
  }
  if (type->id() == TypeId::kStruct && index->kind == ExprKind::kConstant &&
      index->type->id() == TypeId::kString && !index->value.is_null) {
    return ExtractStructField(std::move(base), index->value.bytes, node);
  }
  return InvalidExtractBase(node, type);
}

Result<ExprPtr> Binder::BindFieldAccess(const AstNode& node, const BindScope& scope) {
  LAKEML_ASSIGN_OR_RETURN(ExprPtr base, BindExpression(*node.children[0], scope));
  return ExtractStructField(std::move(base), node.text, node);
}

Result<ExprPtr> Binder::BindStructConstructor(const std::string& name, const AstNode& node,
                                              const BindScope& scope) {
  std::vector<ExprPtr> values;
  std::vector<std::string> names;
  if (name == "named_struct") {
    if (node.children.empty() || node.children.size() % 2 != 0) {
      return SqlError::WrongNumArgs(node.pos, name, "a positive even number of",
                                    node.children.size());
    }
    for (size_t i = 0; i < node.children.size(); i += 2) {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr n, BindExpression(*node.children[i], scope));
      if (n->kind != ExprKind::kConstant || n->type->id() != TypeId::kString || n->value.is_null) {
        return SqlError::DatatypeMismatch(
            node.children[i]->pos, "CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING",
            AstPrinter::Print(node),
            StrCat("Only foldable `STRING` expressions are allowed to appear at odd position, "
                   "but they are [\"",
                   AstPrinter::Print(*node.children[i]), "\"]."));
      }
      names.push_back(n->value.bytes);
      LAKEML_ASSIGN_OR_RETURN(ExprPtr v, BindExpression(*node.children[i + 1], scope));
      values.push_back(std::move(v));
    }
  } else {
    for (size_t i = 0; i < node.children.size(); ++i) {
      const AstNode* arg = node.children[i].get();
      // struct(1 AS a): the alias names the field.
      if (arg->kind == NodeKind::kSelectItem && arg->children.size() == 1) {
        names.push_back(arg->text);
        LAKEML_ASSIGN_OR_RETURN(ExprPtr v, BindExpression(*arg->children[0], scope));
        values.push_back(std::move(v));
        continue;
      }
      const AstNode& c = *arg;
      // Spark names a field after a column or field reference, else colN.
      if (c.kind == NodeKind::kColumnRef && !c.names.empty()) {
        names.push_back(c.names.back());
      } else if (c.kind == NodeKind::kFieldAccess) {
        names.push_back(c.text);
      } else {
        names.push_back(StrCat("col", i + 1));
      }
      LAKEML_ASSIGN_OR_RETURN(ExprPtr v, BindExpression(c, scope));
      values.push_back(std::move(v));
    }
  }
  LAKEML_ASSIGN_OR_RETURN(ExprPtr e, CallFunction("struct", std::move(values), node));
  if (e->kind != ExprKind::kFunction) return e;
  std::vector<columnar::Field> fields;
  for (size_t i = 0; i < names.size(); ++i) {
    fields.push_back(columnar::Field{names[i], e->children[i]->type, e->children[i]->nullable});
  }
  auto fn = std::make_shared<ScalarFunctionBinding>(*e->function);
  fn->return_type = columnar::DataType::Struct(std::move(fields));
  e->type = fn->return_type;
  e->function = std::move(fn);
  e->nullable = false;
  return e;
}

Result<bool> Binder::BindStructStar(const AstNode& star, const BindScope& scope,
                                    LogicalOperator* project) {
  AstNode ref(NodeKind::kColumnRef, star.pos);
  ref.names = star.names;
  int index;
  size_t used;
  LAKEML_RETURN_IF_ERROR(scope.Find(ref.names, ref.pos, &index, &used));
  if (index < 0) return false;
  LAKEML_ASSIGN_OR_RETURN(ExprPtr base, aggregate_ != nullptr ? BindAggregated(ref, scope)
                                                              : BindExpression(ref, scope));
  if (base->type->id() != TypeId::kStruct) return false;
  for (const columnar::Field& f : base->type->children()) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr e, ExtractStructField(base->Copy(), f.name, star));
    project->columns.push_back(OutputColumn{NewColumnId(), f.name, e->type, e->nullable});
    project->expressions.push_back(std::move(e));
  }
  return true;
}

Result<LogicalPtr> Binder::BindNestedValueRows(std::vector<std::vector<ExprPtr>> rows,
                                               const std::vector<TypePtr>& types,
                                               SourcePosition pos) {
  std::vector<LogicalPtr> parts;
  for (auto& r : rows) {
    auto one = std::make_unique<LogicalOperator>(LogicalKind::kValues);
    one->rows.emplace_back();
    auto project = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
    project->children.push_back(std::move(one));
    for (size_t c = 0; c < r.size(); ++c) {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr e, CastTo(std::move(r[c]), types[c], pos));
      if (!e->IsFoldable()) {
        return SqlError::At(
            pos, "INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE", "42000",
            "Invalid inline table. Cannot evaluate the expression in inline table definition.");
      }
      project->expressions.push_back(std::move(e));
    }
    parts.push_back(std::move(project));
  }
  // Pairwise unions (balanced, so that long VALUES lists do not nest deeply); every node but
  // the top one names its columns here.
  auto name_columns = [&](LogicalOperator* op) {
    for (size_t c = 0; c < types.size(); ++c) {
      op->columns.push_back(OutputColumn{NewColumnId(), StrCat("col", c + 1), types[c], true});
    }
  };
  while (parts.size() > 1) {
    std::vector<LogicalPtr> next;
    for (size_t i = 0; i < parts.size(); i += 2) {
      if (i + 1 == parts.size()) {
        next.push_back(std::move(parts[i]));
        continue;
      }
      auto u = std::make_unique<LogicalOperator>(LogicalKind::kUnion);
      for (size_t k = i; k < i + 2; ++k) {
        if (parts[k]->columns.empty()) name_columns(parts[k].get());
        u->children.push_back(std::move(parts[k]));
      }
      next.push_back(std::move(u));
    }
    parts = std::move(next);
  }
  return std::move(parts[0]);
}

Status Binder::CheckComparable(const std::vector<ExprPtr>& args, const AstNode& node) {
  static constexpr const char* kComparisons[] = {"=",  "==", "<>", "!=", "<",
                                                 "<=", ">",  ">=", "<=>"};
  bool comparison = false;
  for (const char* op : kComparisons) comparison |= node.op == op;
  if (!comparison) return Status::OK();
  for (const ExprPtr& a : args) {
    if (!NestedComparison::ContainsMap(a->type)) continue;
    return SqlError::DatatypeMismatch(
        node.pos, "INVALID_ORDERING_TYPE", AstPrinter::Print(node),
        StrCat("The `", node.op, "` does not support ordering on type \"",
               SqlType::SqlName(a->type), "\"."));
  }
  return Status::OK();
}

Status Binder::CheckGroupable(const BoundExpression& e, const AstNode& node) {
  if (!NestedComparison::ContainsMap(e.type)) return Status::OK();
  return SqlError::At(node.pos, "GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE", "42822",
                      StrCat("The expression \"", AstPrinter::Print(node),
                             "\" cannot be used as a grouping expression because its data type \"",
                             SqlType::SqlName(e.type), "\" is not an orderable data type."));
}

}  // namespace lakeml::sql
