// Binder: the FILTER clause of aggregate calls and the constant parameters of aggregates
// (percentile's percentage, approx_percentile's accuracy, approx_count_distinct's relativeSD).
#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

// An aggregate call (not windowed) inside a FILTER condition, or nullptr.
const AstNode* FindAggregateInFilter(const AstNode& node) {
  if (node.kind == NodeKind::kFunction && !node.names.empty() &&
      AggregateRegistry::Builtin().Find(node.names.back()) != nullptr) {
    bool windowed = false;
    for (const auto& c : node.children) {
      windowed |= c->kind == NodeKind::kWindowSpec || c->kind == NodeKind::kWindowRef;
    }
    if (!windowed) return &node;
  }
  if (node.kind == NodeKind::kSubquery || node.kind == NodeKind::kQuery) return nullptr;
  for (const auto& c : node.children) {
    if (c == nullptr) continue;
    if (const AstNode* found = FindAggregateInFilter(*c)) return found;
  }
  return nullptr;
}

}  // namespace

Status Binder::BindAggregateFilter(const AstNode& node, const BindScope& scope,
                                   const std::string& name, std::vector<ExprPtr>* args) {
  const AstNode* filter = nullptr;
  for (const auto& c : node.children) {
    if (c->kind == NodeKind::kFilter) filter = c.get();
  }
  if (filter == nullptr) return Status::OK();
  // These keep NULL rows, so a NULL argument cannot stand for a filtered row.
  if (name == "first" || name == "first_value" || name == "last" || name == "last_value" ||
      name == "any_value") {
    return SqlError::Unsupported(filter->pos, StrCat("FILTER on ", name));
  }
  if (const AstNode* agg = FindAggregateInFilter(*filter->children[0])) {
    return SqlError::At(filter->pos, "INVALID_AGGREGATE_FILTER.CONTAINS_AGGREGATE", "42903",
                        StrCat("The FILTER expression \"", AstPrinter::Print(*filter->children[0]),
                               "\" in an aggregate function is invalid. Expected a FILTER "
                               "expression without an aggregation, but found \"",
                               AstPrinter::Print(*agg), "\"."));
  }
  aggregate_->in_aggregate = true;
  Result<ExprPtr> bound = BindExpression(*filter->children[0], scope);
  aggregate_->in_aggregate = false;
  if (!bound.ok()) return bound.status();
  ExprPtr condition = std::move(*bound);
  if (condition->type->id() != columnar::TypeId::kBoolean &&
      condition->type->id() != columnar::TypeId::kNull) {
    return SqlError::At(filter->pos, "INVALID_AGGREGATE_FILTER.NOT_BOOLEAN", "42903",
                        StrCat("The FILTER expression \"", condition->ToString(),
                               "\" in an aggregate function is invalid. Expected a FILTER "
                               "expression of the BOOLEAN type, but it is ",
                               SqlType::SqlName(condition->type), "."));
  }
  LAKEML_ASSIGN_OR_RETURN(condition, CastTo(std::move(condition), SqlType::Boolean(), node.pos));
  if (args->empty()) {  // count(*)
    args->push_back(BoundExpression::Constant(columnar::Scalar::Int(SqlType::Int(), 1)));
  }
  for (ExprPtr& a : *args) {
    auto guarded = std::make_unique<BoundExpression>(ExprKind::kCase, a->type);
    guarded->pos = a->pos;
    guarded->children.push_back(condition->Copy());
    guarded->children.push_back(std::move(a));
    guarded->children.push_back(BoundExpression::Constant(columnar::Scalar::Null(guarded->type)));
    a = std::move(guarded);
  }
  return Status::OK();
}

Result<std::shared_ptr<const AggregateFunctionBinding>> Binder::ConfigureAggregate(
    std::shared_ptr<const AggregateFunctionBinding> fn, std::vector<ExprPtr>* args,
    const AstNode& node, const std::string& sql) {
  if (fn->configure == nullptr) return fn;
  std::vector<columnar::Scalar> constants;
  for (size_t i = fn->arg_types.size(); i < args->size(); ++i) {
    const BoundExpression& e = *(*args)[i];
    if (!e.IsFoldable()) {
      return SqlError::DatatypeMismatch(
          node.pos, "NON_FOLDABLE_INPUT", sql,
          StrCat("the input ", i + 1, " should be a foldable expression; however, got \"",
                 e.ToString(), "\"."));
    }
    if (e.type->is_nested()) {  // percentile(x, array(0.25, 0.75)): not yet
      return SqlError::Unsupported(node.pos, StrCat("an ARRAY parameter of ", fn->name));
    }
    LAKEML_ASSIGN_OR_RETURN(columnar::Scalar v, ExpressionExecutor::EvaluateConstant(e));
    constants.push_back(std::move(v));
  }
  args->resize(std::min(args->size(), fn->arg_types.size()));
  auto configured = std::make_shared<AggregateFunctionBinding>(*fn);
  std::string subclass = "UNEXPECTED_INPUT_TYPE";
  Status st = configured->configure(configured.get(), constants, &subclass);
  if (!st.ok()) return SqlError::DatatypeMismatch(node.pos, subclass, sql, st.message());
  return std::shared_ptr<const AggregateFunctionBinding>(std::move(configured));
}

}  // namespace lakeml::sql
