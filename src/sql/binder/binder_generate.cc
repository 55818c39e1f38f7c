// Binder: generators (sql-lambda): explode, posexplode and inline (and their _outer forms), and
// json_tuple (bound as inline over a one-element array), as
// the one generator of a SELECT list, and LATERAL VIEW [OUTER] in FROM. Both become a kGenerate
// operator over the FROM plan; generators anywhere else raise UNSUPPORTED_GENERATOR.*.
#include <cctype>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

// The lower-case name of a generator call without its _outer suffix ("" when `node` is no
// generator call); *outer tells whether it had one.
std::string GeneratorName(const AstNode& node, bool* outer) {
  if (node.kind != NodeKind::kFunction || node.names.size() != 1) return "";
  std::string name = node.names[0];
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  *outer = name.size() > 6 && name.compare(name.size() - 6, 6, "_outer") == 0;
  if (*outer) name.resize(name.size() - 6);
  if (name == "explode" || name == "posexplode" || name == "inline") return name;
  if (name == "json_tuple" && !*outer) return name;  // sql-gaps
  return "";
}

Status GeneratorError(const AstNode& at, std::string_view subclass, const std::string& text) {
  return SqlError::At(at.pos, StrCat("UNSUPPORTED_GENERATOR.", subclass), "42K0E",
                      StrCat("The generator is not supported: ", text));
}

}  // namespace

bool Binder::IsGeneratorCall(const AstNode& node) {
  bool outer;
  return !GeneratorName(node, &outer).empty();
}

bool Binder::ContainsGenerator(const AstNode& node) {
  if (IsGeneratorCall(node)) return true;
  if (node.kind == NodeKind::kQuery || node.kind == NodeKind::kSelect) return false;
  for (const auto& c : node.children) {
    if (c != nullptr && ContainsGenerator(*c)) return true;
  }
  return false;
}

Status Binder::NestedGeneratorError(const AstNode& node) {
  return GeneratorError(node, "NESTED_IN_EXPRESSIONS",
                        StrCat("nested in expressions \"", AstPrinter::Print(node), "\"."));
}

Result<LogicalPtr> Binder::BindGenerate(const AstNode& call, LogicalPtr plan,
                                        const BindScope& scope,
                                        const std::vector<std::string>& aliases) {
  bool outer = false;
  const std::string name = GeneratorName(call, &outer);
  const std::string full = outer ? name + "_outer" : name;
  ExprPtr arg;
  std::string generator = name;
  if (name == "json_tuple") {
    // json_tuple(j, k1, ..) is inline(array(<struct c0.. of the keys' values>)).
    if (call.children.size() < 2) {
      return SqlError::WrongNumArgs(call.pos, full, "at least 2", call.children.size());
    }
    std::vector<ExprPtr> args;
    for (const AstPtr& child : call.children) {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr a, BindExpression(*child, scope));
      args.push_back(std::move(a));
    }
    LAKEML_ASSIGN_OR_RETURN(ExprPtr fields, CallFunction(name, std::move(args), call));
    std::vector<ExprPtr> element;
    element.push_back(std::move(fields));
    LAKEML_ASSIGN_OR_RETURN(arg, CallFunction("array", std::move(element), call));
    generator = "inline";
  } else {
    if (call.children.size() != 1) {
      return SqlError::WrongNumArgs(call.pos, full, "1", call.children.size());
    }
    LAKEML_ASSIGN_OR_RETURN(arg, BindExpression(*call.children[0], scope));
  }
  const TypePtr type = arg->type;
  const bool list = type->id() == TypeId::kList;
  const bool ok = generator == "inline" ? list && type->list_element().type->id() == TypeId::kStruct
                                   : list || type->id() == TypeId::kMap;
  if (!ok) {
    return SqlError::DatatypeMismatch(
        call.pos, "UNEXPECTED_INPUT_TYPE", AstPrinter::Print(call),
        StrCat("Parameter 1 requires the ",
               name == "inline" ? "\"ARRAY<STRUCT>\"" : "(\"ARRAY\" or \"MAP\")",
               " type, however \"", AstPrinter::Print(*call.children[0]), "\" has the type \"",
               SqlType::SqlName(type), "\"."));
  }
  std::vector<std::pair<std::string, TypePtr>> generated;
  if (name == "posexplode") generated.emplace_back("pos", SqlType::Int());
  if (generator == "inline") {
    for (const auto& f : type->list_element().type->children()) {
      generated.emplace_back(f.name, f.type);
    }
  } else if (list) {
    generated.emplace_back("col", type->list_element().type);
  } else {
    generated.emplace_back("key", type->map_key().type);
    generated.emplace_back("value", type->map_value().type);
  }
  if (!aliases.empty() && aliases.size() != generated.size()) {
    return SqlError::At(call.pos, "UDTF_ALIAS_NUMBER_MISMATCH", "42802",
                        StrCat("The number of aliases supplied in the AS clause does not match the "
                               "number of columns output by the UDTF. Expected ",
                               generated.size(), " aliases, but got ", aliases.size(), "."));
  }
  auto op = std::make_unique<LogicalOperator>(LogicalKind::kGenerate);
  op->generator = generator;
  op->generator_outer = outer;
  op->columns = plan->columns;
  for (size_t i = 0; i < generated.size(); ++i) {
    op->columns.push_back(OutputColumn{NewColumnId(),
                                       aliases.empty() ? generated[i].first : aliases[i],
                                       generated[i].second, true});
  }
  op->expressions.push_back(std::move(arg));
  op->children.push_back(std::move(plan));
  return LogicalPtr(std::move(op));
}

Result<LogicalPtr> Binder::BindLateralViews(const AstNode& views, LogicalPtr plan,
                                            BindScope* scope) {
  for (const auto& view : views.children) {
    const AstNode& call = *view->children[0];
    if (!IsGeneratorCall(call)) {
      return GeneratorError(
          call, "NOT_GENERATOR",
          StrCat("`", AstPrinter::Name(call.names), "` is expected to be a generator."));
    }
    LAKEML_ASSIGN_OR_RETURN(LogicalPtr next,
                            BindGenerate(call, std::move(plan), *scope, view->alias_columns));
    if (view->Has(AstNode::kFlagOuter)) next->generator_outer = true;
    const size_t first = next->children[0]->columns.size();
    for (size_t i = first; i < next->columns.size(); ++i) {
      const OutputColumn& c = next->columns[i];
      scope->Add(ScopeColumn{{view->text}, c.name, c.id, c.type, c.nullable});
    }
    plan = std::move(next);
  }
  return plan;
}

Result<LogicalPtr> Binder::BindSelectGenerator(const AstNode& items, LogicalPtr plan,
                                               const BindScope& scope) {
  const AstNode* found = nullptr;
  for (const auto& item : items.children) {
    const AstNode& expr = *item->children[0];
    if (IsGeneratorCall(expr)) {
      if (found != nullptr) {
        return GeneratorError(expr, "MULTI_GENERATOR",
                              StrCat("only one generator allowed per SELECT clause but found 2: \"",
                                     AstPrinter::Print(*found->children[0]), "\", \"",
                                     AstPrinter::Print(expr), "\"."));
      }
      found = item.get();
    }
  }
  generator_item_ = found;
  if (found == nullptr) return plan;
  if (aggregate_ != nullptr) {
    return SqlError::Unsupported(found->pos, "generators in an aggregating SELECT");
  }
  std::vector<std::string> aliases = found->alias_columns;
  if (found->Has(AstNode::kFlagHasAlias)) aliases.push_back(found->text);
  const size_t first = plan->columns.size();
  LAKEML_ASSIGN_OR_RETURN(plan, BindGenerate(*found->children[0], std::move(plan), scope, aliases));
  generator_columns_.assign(plan->columns.begin() + first, plan->columns.end());
  return plan;
}

}  // namespace lakeml::sql
