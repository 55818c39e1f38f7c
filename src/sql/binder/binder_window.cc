// Window binding (sql-window): `f(...) OVER (...)` and `OVER w` calls, named windows (WINDOW
// w AS (...), a spec may extend a named base), frames with Spark's defaults and checks, and
// QUALIFY. A window call binds to a column of a kWindow operator that FinishSelect places
// above the aggregate and HAVING and below the projection:
//   ... -> [Aggregate] -> [Filter(HAVING)] -> Window -> [Filter(QUALIFY)] -> Projection
// In an aggregating SELECT, window arguments and keys are mapped onto the aggregate's outputs.
#include <strings.h>

#include <cmath>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/execution/expression_executor.h"
#include "sql/function/aggregate/aggregate_registry.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

constexpr size_t kWindowQualifySlot = 6;
constexpr size_t kWindowNamedSlot = 7;

struct WindowFunctionName {
  const char* name;
  WindowFunctionKind kind;
};

constexpr WindowFunctionName kWindowFunctionNames[] = {
    {"row_number", WindowFunctionKind::kRowNumber},
    {"rank", WindowFunctionKind::kRank},
    {"dense_rank", WindowFunctionKind::kDenseRank},
    {"percent_rank", WindowFunctionKind::kPercentRank},
    {"cume_dist", WindowFunctionKind::kCumeDist},
    {"ntile", WindowFunctionKind::kNtile},
    {"lag", WindowFunctionKind::kLag},
    {"lead", WindowFunctionKind::kLead},
    {"first_value", WindowFunctionKind::kFirstValue},
    {"first", WindowFunctionKind::kFirstValue},
    {"last_value", WindowFunctionKind::kLastValue},
    {"last", WindowFunctionKind::kLastValue},
    {"nth_value", WindowFunctionKind::kNthValue},
};

bool FindWindowFunction(const std::string& name, WindowFunctionKind* kind) {
  for (const auto& f : kWindowFunctionNames) {
    if (name == f.name) {
      *kind = f.kind;
      return true;
    }
  }
  return false;
}

const AstNode* WindowOverClause(const AstNode& node) {
  for (const auto& c : node.children) {
    if (c != nullptr && (c->kind == NodeKind::kWindowSpec || c->kind == NodeKind::kWindowRef)) {
      return c.get();
    }
  }
  return nullptr;
}

const AstNode* WindowSpecPart(const AstNode& spec, NodeKind kind) {
  for (const auto& c : spec.children) {
    if (c != nullptr && c->kind == kind) return c.get();
  }
  return nullptr;
}

Status WindowFrameError(const AstNode& at, std::string_view subclass, std::string_view detail) {
  return SqlError::DatatypeMismatch(at.pos, subclass, AstPrinter::Print(at), detail);
}

// The rank of a bound for ordering checks: lower bounds may not follow upper bounds.
int FrameBoundRank(const WindowFrameBound& b) {
  switch (b.kind) {
    case FrameBoundKind::kUnboundedPreceding:
      return 0;
    case FrameBoundKind::kPreceding:
      return 1;
    case FrameBoundKind::kCurrentRow:
      return 2;
    case FrameBoundKind::kFollowing:
      return 3;
    case FrameBoundKind::kUnboundedFollowing:
      return 4;
  }
  return 0;
}

// The value of a bound as a signed row or value offset (preceding negative).
double FrameBoundSigned(const WindowFrameBound& b, bool rows) {
  const double v = rows ? static_cast<double>(b.rows) : b.value_offset;
  if (b.kind == FrameBoundKind::kPreceding) return -v;
  if (b.kind == FrameBoundKind::kFollowing) return v;
  return 0;
}

}  // namespace

bool Binder::IsWindowCall(const AstNode& node) {
  if (node.kind != NodeKind::kFunction || node.names.size() != 1) return false;
  if (WindowOverClause(node) != nullptr) return true;
  std::string name = node.names.back();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  WindowFunctionKind kind;
  // first/last (and their _value forms) are also plain aggregates.
  return FindWindowFunction(name, &kind) && AggregateRegistry::Builtin().Find(name) == nullptr;
}

void Binder::BeginWindow(const AstNode& select, WindowState* state) {
  state->named =
      select.children.size() > kWindowNamedSlot ? select.children[kWindowNamedSlot].get() : nullptr;
  state->outer = window_;
  window_ = state;
}

Result<const AstNode*> Binder::ResolveNamedWindow(const AstNode& at, const std::string& name,
                                                  int depth) {
  if (window_->named != nullptr && depth < 64) {
    for (const auto& n : window_->named->children) {
      if (strcasecmp(n->text.c_str(), name.c_str()) == 0) return n->children[0].get();
    }
  }
  return SqlError::At(at.pos, "MISSING_WINDOW_SPECIFICATION", "42P20",
                      StrCat("Window specification ", name,
                             " is not defined in the WINDOW clause. For more information about "
                             "WINDOW clauses, please refer to the Spark SQL documentation."));
}

Result<ExprPtr> Binder::BindWindowOperand(const AstNode& node, const BindScope& scope) {
  window_->in_window = true;
  Result<ExprPtr> e = BindExpression(node, scope);
  window_->in_window = false;
  if (!e.ok()) return e.status();
  if (aggregate_ != nullptr) return MapAggregated(std::move(*e), node);
  return std::move(*e);
}

Result<int64_t> Binder::BindWindowConstant(const AstNode& node, const std::string& function) {
  BindScope empty;
  Result<ExprPtr> e = BindExpression(node, empty);
  if (e.ok() && (*e)->IsFoldable() && SqlType::IsIntegral((*e)->type)) {
    Result<ExprPtr> cast = CastTo(std::move(*e), SqlType::BigInt(), node.pos);
    if (cast.ok()) {
      Result<columnar::Scalar> v = ExpressionExecutor::EvaluateConstant(**cast);
      if (v.ok() && !v->is_null) return v->i;
    }
  }
  return SqlError::DatatypeMismatch(
      node.pos, "NON_FOLDABLE_INPUT", AstPrinter::Print(node),
      StrCat("the input of ", function, " should be a foldable integer expression; however, got ",
             AstPrinter::Print(node), "."));
}

Status Binder::BindWindowFrameBound(const AstNode& node, bool rows, WindowFrameBound* out) {
  if (node.op == "UNBOUNDED PRECEDING") {
    out->kind = FrameBoundKind::kUnboundedPreceding;
  } else if (node.op == "UNBOUNDED FOLLOWING") {
    out->kind = FrameBoundKind::kUnboundedFollowing;
  } else if (node.op == "CURRENT ROW") {
    out->kind = FrameBoundKind::kCurrentRow;
  } else {
    out->kind = node.op == "PRECEDING" ? FrameBoundKind::kPreceding : FrameBoundKind::kFollowing;
    BindScope empty;
    Result<ExprPtr> e = BindExpression(*node.children[0], empty);
    bool ok = e.ok() && (*e)->IsFoldable() &&
              (rows ? SqlType::IsIntegral((*e)->type) : SqlType::IsNumeric((*e)->type));
    if (ok) {
      Result<ExprPtr> cast =
          CastTo(std::move(*e), rows ? SqlType::BigInt() : SqlType::Double(), node.pos);
      ok = cast.ok();
      if (ok) {
        Result<columnar::Scalar> v = ExpressionExecutor::EvaluateConstant(**cast);
        ok = v.ok() && !v->is_null;
        if (ok && rows) out->rows = v->i;
        if (ok && !rows) out->value_offset = v->d;
        ok = ok && (rows ? out->rows >= 0 : std::isfinite(out->value_offset));
        if (ok && !rows && out->value_offset < 0) ok = false;
      }
    }
    if (!ok) {
      return WindowFrameError(
          node, "SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
          StrCat("The data type of the frame boundary ", AstPrinter::Print(*node.children[0]),
                 " is not accepted: it must be a non-negative ", rows ? "integer" : "numeric",
                 " constant."));
    }
  }
  return Status::OK();
}

Result<ExprPtr> Binder::BindWindowCall(const AstNode& node, const BindScope& scope,
                                       const std::string& name) {
  const std::string sql = AstPrinter::Print(node);
  const AstNode* over = WindowOverClause(node);
  if (over == nullptr) {
    return SqlError::At(node.pos, "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE", "42601",
                        StrCat("Window function \"", name, "\" requires an OVER clause."));
  }
  if (window_ == nullptr) {
    return SqlError::At(
        node.pos, "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE", "42601",
        StrCat("It is not allowed to use window functions inside this clause: ", sql, "."));
  }
  if (window_->in_window) {
    return SqlError::At(node.pos, "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE", "42601",
                        StrCat("It is not allowed to use a window function inside another "
                               "window function or its window: ",
                               sql, "."));
  }
  if (aggregate_ != nullptr && aggregate_->in_aggregate) {
    return SqlError::At(node.pos, "NESTED_AGGREGATE_FUNCTION", "42607",
                        StrCat("It is not allowed to use a window function in the argument of "
                               "an aggregate function: ",
                               sql, "."));
  }
  for (const auto& c : node.children) {
    if (c->kind == NodeKind::kFilter || c->kind == NodeKind::kWithinGroup) {
      return SqlError::Unsupported(c->pos, StrCat(NodeKindName(c->kind), " on window ", name));
    }
  }
  BoundWindow w;
  w.name = sql;
  std::vector<const AstNode*> arg_nodes;
  for (const auto& c : node.children) {
    if (c.get() != over) arg_nodes.push_back(c.get());
  }
  WindowFunctionKind kind = WindowFunctionKind::kAggregate;
  const bool ranking_or_value = FindWindowFunction(name, &kind);
  const AggregateFunctionEntry* entry = AggregateRegistry::Builtin().Find(name);
  if (!ranking_or_value && entry == nullptr) {
    return SqlError::At(node.pos, "UNSUPPORTED_EXPR_FOR_WINDOW", "42P20",
                        StrCat("Expression \"", sql, "\" not supported within a window function."));
  }
  w.function = kind;
  w.ignore_nulls = node.op == "IGNORE NULLS";
  if (node.Has(AstNode::kFlagDistinct)) {
    return SqlError::Unsupported(node.pos, StrCat("DISTINCT in the window function ", name));
  }
  // Arguments.
  auto arity = [&](size_t lo, size_t hi) -> Status {
    if (arg_nodes.size() < lo || arg_nodes.size() > hi) {
      return SqlError::WrongNumArgs(
          node.pos, name, lo == hi ? StrCat(lo) : StrCat("[", lo, ", ", hi, "]"), arg_nodes.size());
    }
    return Status::OK();
  };
  switch (kind) {
    case WindowFunctionKind::kAggregate: {
      std::vector<ExprPtr> args;
      if (node.Has(AstNode::kFlagStar)) {
        if (name != "count") {
          return SqlError::At(node.pos, "INVALID_USAGE_OF_STAR_OR_REGEX", "42000",
                              StrCat("Invalid usage of '*' in ", name, "."));
        }
      } else {
        LAKEML_RETURN_IF_ERROR(arity(entry->min_args, entry->max_args));
        for (const AstNode* a : arg_nodes) {
          LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindWindowOperand(*a, scope));
          args.push_back(std::move(e));
        }
      }
      std::vector<TypePtr> types;
      for (const auto& a : args) types.push_back(a->type);
      Result<std::shared_ptr<const AggregateFunctionBinding>> fn = entry->resolve(name, types);
      if (!fn.ok()) {
        return SqlError::DatatypeMismatch(
            node.pos, "UNEXPECTED_INPUT_TYPE", sql,
            StrCat("Cannot resolve \"", sql, "\": ", fn.status().message(), "."));
      }
      // sql-aggjson: constant parameters.
      fn = ConfigureAggregate(std::move(*fn), &args, node, sql);
      if (!fn.ok()) return fn.status();
      if ((*fn)->arg_types.size() > 1) {
        return SqlError::Unsupported(
            node.pos, StrCat("the window aggregate ", name, " with more than one argument"));
      }
      w.aggregate = *fn;
      w.type = (*fn)->return_type;
      for (size_t i = 0; i < args.size() && i < (*fn)->arg_types.size(); ++i) {
        LAKEML_ASSIGN_OR_RETURN(ExprPtr a,
                                CastTo(std::move(args[i]), (*fn)->arg_types[i], node.pos));
        w.args.push_back(std::move(a));
      }
      break;
    }
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kRank:
    case WindowFunctionKind::kDenseRank:
      LAKEML_RETURN_IF_ERROR(arity(0, 0));
      w.type = SqlType::Int();
      break;
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
      LAKEML_RETURN_IF_ERROR(arity(0, 0));
      w.type = SqlType::Double();
      break;
    case WindowFunctionKind::kNtile: {
      LAKEML_RETURN_IF_ERROR(arity(1, 1));
      LAKEML_ASSIGN_OR_RETURN(w.offset, BindWindowConstant(*arg_nodes[0], name));
      if (w.offset <= 0) {
        return SqlError::DatatypeMismatch(
            node.pos, "VALUE_OUT_OF_RANGE", sql,
            StrCat("The `buckets` of ntile must be positive, but got ", w.offset, "."));
      }
      w.type = SqlType::Int();
      break;
    }
    case WindowFunctionKind::kLag:
    case WindowFunctionKind::kLead: {
      LAKEML_RETURN_IF_ERROR(arity(1, 3));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr value, BindWindowOperand(*arg_nodes[0], scope));
      if (arg_nodes.size() > 1) {
        LAKEML_ASSIGN_OR_RETURN(w.offset, BindWindowConstant(*arg_nodes[1], name));
      }
      ExprPtr def;
      if (arg_nodes.size() > 2) {
        LAKEML_ASSIGN_OR_RETURN(def, BindWindowOperand(*arg_nodes[2], scope));
      } else {
        def = BoundExpression::Constant(columnar::Scalar::Null(value->type));
      }
      TypePtr common = SqlType::CommonType(value->type, def->type);
      if (common == nullptr) {
        return SqlError::DatatypeMismatch(
            node.pos, "DATA_DIFF_TYPES", sql,
            StrCat("Input to `", name, "` should all be the same type, but it's [\"",
                   SqlType::SqlName(value->type), "\", \"", SqlType::SqlName(def->type), "\"]."));
      }
      LAKEML_ASSIGN_OR_RETURN(value, CastTo(std::move(value), common, node.pos));
      LAKEML_ASSIGN_OR_RETURN(def, CastTo(std::move(def), common, node.pos));
      w.type = common;
      w.args.push_back(std::move(value));
      w.args.push_back(std::move(def));
      break;
    }
    case WindowFunctionKind::kFirstValue:
    case WindowFunctionKind::kLastValue:
    case WindowFunctionKind::kNthValue: {
      const bool nth = kind == WindowFunctionKind::kNthValue;
      LAKEML_RETURN_IF_ERROR(nth ? arity(2, 2) : arity(1, 2));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr value, BindWindowOperand(*arg_nodes[0], scope));
      if (nth) {
        LAKEML_ASSIGN_OR_RETURN(w.offset, BindWindowConstant(*arg_nodes[1], name));
        if (w.offset <= 0) {
          return SqlError::DatatypeMismatch(
              node.pos, "VALUE_OUT_OF_RANGE", sql,
              StrCat("The `offset` of nth_value must be positive, but got ", w.offset, "."));
        }
      } else if (arg_nodes.size() > 1) {
        BindScope empty;
        LAKEML_ASSIGN_OR_RETURN(ExprPtr flag, BindExpression(*arg_nodes[1], empty));
        if (flag->type->id() != TypeId::kBoolean || !flag->IsConstant() || flag->value.is_null) {
          return SqlError::DatatypeMismatch(
              node.pos, "UNEXPECTED_INPUT_TYPE", sql,
              StrCat("The second parameter of ", name, " must be a constant boolean."));
        }
        w.ignore_nulls |= flag->value.b;
      }
      w.type = value->type;
      w.args.push_back(std::move(value));
      break;
    }
  }
  LAKEML_RETURN_IF_ERROR(BindWindowSpec(*over, scope, name, &w));
  const ColumnId id = NewColumnId();
  const TypePtr type = w.type;
  window_->windows.push_back(std::move(w));
  window_->ids.push_back(id);
  ExprPtr ref = BoundExpression::ColumnRef(id, type, sql);
  ref->nullable = true;
  ref->pos = node.pos;
  return ref;
}

Status Binder::BindWindowSpec(const AstNode& over, const BindScope& scope, const std::string& name,
                              BoundWindow* w) {
  // Collect the parts, following named bases.
  const AstNode* partition = nullptr;
  const AstNode* order = nullptr;
  const AstNode* frame = nullptr;
  const AstNode* spec = &over;
  if (over.kind == NodeKind::kWindowRef) {
    LAKEML_ASSIGN_OR_RETURN(spec, ResolveNamedWindow(over, over.text, 0));
  }
  for (int depth = 0; spec != nullptr; ++depth) {
    if (partition == nullptr) partition = WindowSpecPart(*spec, NodeKind::kPartitionBy);
    if (order == nullptr) order = WindowSpecPart(*spec, NodeKind::kOrderBy);
    if (frame == nullptr) frame = WindowSpecPart(*spec, NodeKind::kFrame);
    if (spec->text.empty()) break;
    LAKEML_ASSIGN_OR_RETURN(spec, ResolveNamedWindow(*spec, spec->text, depth));
    if (depth > 64) break;
  }
  if (partition != nullptr) {
    for (const auto& p : partition->children) {
      LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindWindowOperand(*p, scope));
      w->partitions.push_back(std::move(e));
    }
  }
  if (order != nullptr) {
    for (const auto& item : order->children) {
      LAKEML_ASSIGN_OR_RETURN(SortSpec s, BindSortSpec(*item));
      LAKEML_ASSIGN_OR_RETURN(ExprPtr e, BindWindowOperand(*item->children[0], scope));
      w->orders.push_back(std::move(e));
      w->specs.push_back(s);
    }
  }
  const bool needs_order = w->function != WindowFunctionKind::kAggregate &&
                           w->function != WindowFunctionKind::kFirstValue &&
                           w->function != WindowFunctionKind::kLastValue &&
                           w->function != WindowFunctionKind::kNthValue;
  if (needs_order && w->orders.empty()) {
    return SqlError::At(over.pos, "WINDOW_FUNCTION_FRAME_NOT_ORDERED", "42601",
                        StrCat("Window function ", name,
                               " requires the window to be ordered, please add an ORDER BY "
                               "clause. For example: SELECT ",
                               name, "(...)",
                               " OVER (PARTITION BY window_partition ORDER BY window_ordering) "
                               "FROM table."));
  }
  WindowFrame& f = w->frame;
  if (frame == nullptr) {
    // Spark's defaults.
    f.rows = false;
    f.start.kind = FrameBoundKind::kUnboundedPreceding;
    f.end.kind =
        w->orders.empty() ? FrameBoundKind::kUnboundedFollowing : FrameBoundKind::kCurrentRow;
    return Status::OK();
  }
  if (needs_order) {
    // Ranking and offset functions have a fixed frame; Spark rejects another one.
    return SqlError::At(frame->pos, "WINDOW_FUNCTION_AND_FRAME_MISMATCH", "42K0E",
                        StrCat(name,
                               " function can only be evaluated in an ordered row-based "
                               "window frame with a single offset: ",
                               w->name, "."));
  }
  f.rows = frame->op == "ROWS";
  LAKEML_RETURN_IF_ERROR(BindWindowFrameBound(*frame->children[0], f.rows, &f.start));
  if (frame->children.size() > 1 && frame->children[1] != nullptr) {
    LAKEML_RETURN_IF_ERROR(BindWindowFrameBound(*frame->children[1], f.rows, &f.end));
  } else {
    f.end.kind = FrameBoundKind::kCurrentRow;
  }
  if (f.start.kind == FrameBoundKind::kUnboundedFollowing) {
    return WindowFrameError(*frame, "SPECIFIED_WINDOW_FRAME_INVALID_BOUND",
                            "Window frame lower bound UNBOUNDED FOLLOWING does not follow the "
                            "upper bound.");
  }
  if (f.end.kind == FrameBoundKind::kUnboundedPreceding) {
    return WindowFrameError(*frame, "SPECIFIED_WINDOW_FRAME_INVALID_BOUND",
                            "Window frame upper bound UNBOUNDED PRECEDING does not follow the "
                            "lower bound.");
  }
  if (FrameBoundRank(f.start) > FrameBoundRank(f.end) ||
      (FrameBoundRank(f.start) != 0 && FrameBoundRank(f.end) != 4 &&
       FrameBoundSigned(f.start, f.rows) > FrameBoundSigned(f.end, f.rows))) {
    return WindowFrameError(*frame, "SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON",
                            "The lower bound of a window frame must be less than or equal to "
                            "the upper bound.");
  }
  const bool value_offsets =
      !f.rows &&
      (f.start.kind == FrameBoundKind::kPreceding || f.start.kind == FrameBoundKind::kFollowing ||
       f.end.kind == FrameBoundKind::kPreceding || f.end.kind == FrameBoundKind::kFollowing);
  if (value_offsets) {
    if (w->orders.empty()) {
      return WindowFrameError(*frame, "RANGE_FRAME_WITHOUT_ORDER",
                              "A range window frame cannot be used in an unordered window "
                              "specification.");
    }
    if (w->orders.size() > 1) {
      return WindowFrameError(*frame, "RANGE_FRAME_MULTI_ORDER",
                              "A range window frame with value boundaries cannot be used in a "
                              "window specification with multiple order by expressions.");
    }
    const TypePtr& t = w->orders[0]->type;
    if (!SqlType::IsNumeric(t) && t->id() != TypeId::kDate32) {
      return WindowFrameError(*frame, "RANGE_FRAME_INVALID_TYPE",
                              StrCat("The data type \"", SqlType::SqlName(t),
                                     "\" used in the order specification does not support a "
                                     "range frame with value boundaries."));
    }
  }
  return Status::OK();
}

Result<ExprPtr> Binder::BindQualify(const AstNode& select, const BindScope& scope,
                                    const LogicalOperator& project) {
  const AstNode* q = select.children.size() > kWindowQualifySlot
                         ? select.children[kWindowQualifySlot].get()
                         : nullptr;
  if (q == nullptr || window_ == nullptr) return ExprPtr();
  // Select aliases are visible unless a FROM column has the same name.
  BindScope with_aliases = scope;
  std::vector<std::pair<ColumnId, size_t>> stand_ins;
  for (const auto& item : select.children[0]->children) {
    if (!item->Has(AstNode::kFlagHasAlias)) continue;
    for (size_t i = 0; i < project.columns.size(); ++i) {
      if (strcasecmp(project.columns[i].name.c_str(), item->text.c_str()) != 0) continue;
      int index;
      size_t used;
      const Status found = scope.Find({item->text}, q->pos, &index, &used);
      if (found.ok() && index >= 0) break;
      const ColumnId id = NewColumnId();
      stand_ins.emplace_back(id, i);
      with_aliases.Add(
          ScopeColumn{{}, item->text, id, project.columns[i].type, project.columns[i].nullable});
      break;
    }
  }
  LAKEML_ASSIGN_OR_RETURN(ExprPtr cond, BindExpression(*q, with_aliases));
  // Replace stand-ins by the select expressions they name.
  std::vector<ExprPtr*> slots = {&cond};
  while (!slots.empty()) {
    ExprPtr* slot = slots.back();
    slots.pop_back();
    if ((*slot)->kind == ExprKind::kColumnRef) {
      for (const auto& [id, i] : stand_ins) {
        if ((*slot)->column_id == id) *slot = project.expressions[i]->Copy();
      }
      continue;
    }
    for (auto& c : (*slot)->children) slots.push_back(&c);
  }
  if (aggregate_ != nullptr) {
    LAKEML_ASSIGN_OR_RETURN(cond, MapAggregated(std::move(cond), *q));
  }
  if (cond->type->id() != TypeId::kBoolean && cond->type->id() != TypeId::kNull) {
    return SqlError::DatatypeMismatch(
        q->pos, "FILTER_NOT_BOOLEAN", AstPrinter::Print(*q),
        StrCat("Filter expression \"", AstPrinter::Print(*q), "\" of type \"",
               SqlType::SqlName(cond->type), "\" is not a boolean."));
  }
  if (window_->windows.empty()) {
    return SqlError::At(q->pos, "INVALID_QUALIFY_CLAUSE", "42000",
                        "QUALIFY requires at least one window function in the SELECT list or "
                        "the QUALIFY clause.");
  }
  return cond;
}

LogicalPtr Binder::FinishWindow(LogicalPtr plan, ExprPtr qualify) {
  WindowState* state = window_;
  if (state == nullptr) return plan;
  window_ = state->outer;
  if (state->windows.empty()) return plan;
  auto node = std::make_unique<LogicalOperator>(LogicalKind::kWindow);
  node->columns = plan->columns;
  for (size_t i = 0; i < state->windows.size(); ++i) {
    const BoundWindow& w = state->windows[i];
    node->columns.push_back(OutputColumn{state->ids[i], w.name, w.type, true});
  }
  node->windows = std::move(state->windows);
  node->children.push_back(std::move(plan));
  plan = std::move(node);
  if (qualify != nullptr) {
    auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
    filter->columns = plan->columns;
    filter->expressions.push_back(std::move(qualify));
    filter->children.push_back(std::move(plan));
    plan = std::move(filter);
  }
  return plan;
}

bool Binder::IsWindowColumn(ColumnId id) const {
  if (window_ == nullptr) return false;
  for (ColumnId w : window_->ids) {
    if (w == id) return true;
  }
  return false;
}

}  // namespace lakeml::sql
