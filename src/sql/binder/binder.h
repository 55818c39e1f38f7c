// Binder: turns a parsed query (AstNode) into a bound logical plan: names resolved to columns
// and tables, expressions typed and coerced (Spark's ANSI rules), functions resolved, constant
// subexpressions folded when they cannot raise.
//
// One Binder binds one statement; not thread-safe. Its implementation is split into
// binder.cc (queries, SELECT, FROM), binder_expression.cc (expressions) and
// binder_literal.cc (literals).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "sql/binder/bind_scope.h"
#include "sql/binder/subquery_runner.h"
#include "sql/binder/table_resolver.h"
#include "sql/expression/bound_window.h"
#include "sql/expression/sort_spec.h"
#include "sql/parser/ast_node.h"
#include "sql/planner/logical_operator.h"

namespace lakeml::sql {

class Binder {
 public:
  explicit Binder(TableResolver* tables) : tables_(tables) {}

  // A query (kQuery, kSelect, kValues, kSetOperation) to a logical plan whose output columns
  // carry the query's column names.
  Result<LogicalPtr> BindQuery(const AstNode& query);
  // One expression over `scope`.
  Result<ExprPtr> BindExpression(const AstNode& node, const BindScope& scope);

  // Wraps `e` in a cast to `to` unless it already has that type.
  static Result<ExprPtr> CastTo(ExprPtr e, const TypePtr& to, SourcePosition pos);
  // Evaluates foldable, non-raising expressions now.
  static ExprPtr Fold(ExprPtr e);
  // Subqueries (sql-subquery): runs uncorrelated scalar subqueries while binding; not owned.
  void set_subquery_runner(SubqueryRunner* runner) { subquery_runner_ = runner; }

 private:
  Result<LogicalPtr> BindQueryBody(const AstNode& body);
  Result<LogicalPtr> BindQueryWithCtes(const AstNode& query);  // sql-subquery
  Status BindSelectItems(const AstNode& select, const BindScope& scope,
                         LogicalOperator* project);  // sql-subquery
  Result<LogicalPtr> BindSelect(const AstNode& select);
  Result<LogicalPtr> BindValues(const AstNode& values);
  Result<LogicalPtr> BindRelation(const AstNode& relation, BindScope* scope);
  Result<LogicalPtr> BindTableName(const AstNode& relation, BindScope* scope);
  Result<int64_t> BindLimitValue(const AstNode& node, const char* what);
  // Adds the plan's output columns to `scope` under `qualifier` (or the relation's alias).
  void AddToScope(const LogicalOperator& plan, const std::vector<std::string>& qualifier,
                  BindScope* scope);

  // Expressions (binder_expression.cc).
  Result<ExprPtr> BindColumnRef(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindBinary(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindFunctionCall(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindCase(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindCast(const AstNode& node, const BindScope& scope);
  // A call of the scalar function `name` on bound arguments, with implicit casts.
  Result<ExprPtr> CallFunction(const std::string& name, std::vector<ExprPtr> args,
                               const AstNode& node);
  Result<ExprPtr> MakeLogical(ExprKind kind, std::vector<ExprPtr> args, const AstNode& node);
  Result<ExprPtr> MakeCase(std::vector<ExprPtr> parts, const AstNode& node);

  // Expression forms (binder_expression_forms.cc): LIKE/ILIKE/RLIKE, EXTRACT, INTERVAL
  // arithmetic, niladic datetime functions.
  Result<ExprPtr> BindLike(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindExtract(const AstNode& node, const BindScope& scope);
  // Intervals (binder_interval.cc, decision 0024). a +/- a CalendarInterval literal (units in
  // the string, WEEK, mixed families): a date shift; null for other operands.
  Result<ExprPtr> BindIntervalArithmetic(const AstNode& node, const BindScope& scope);
  // An ANSI interval literal as a typed constant.
  Result<ExprPtr> BindIntervalLiteral(const AstNode& node);
  // `op` (+ - * /) on bound operands when one is an interval, or date/timestamp - date/timestamp;
  // null otherwise.
  Result<ExprPtr> BindIntervalOperator(const std::string& op, std::vector<ExprPtr>* args,
                                       const AstNode& node);
  // round/bround/ceil/floor of a DECIMAL (the result type depends on the constant scale); null
  // for other calls.
  Result<ExprPtr> BindDecimalRounding(const std::string& name, std::vector<ExprPtr>* args,
                                      const AstNode& node);
  // current_date, current_timestamp, now, unix_timestamp(): one instant per statement;
  // current_timezone(): UTC. Null for other names.
  Result<ExprPtr> BindCurrentTime(const std::string& name, const AstNode& node);
  // Joins and FROM lists (binder_join.cc).
  Result<LogicalPtr> BindFromList(const AstNode& from, BindScope* scope);
  Result<LogicalPtr> BindJoin(const AstNode& join, BindScope* scope);
  static LogicalPtr MakeJoin(JoinType type, LogicalPtr left, LogicalPtr right, ExprPtr condition);

  // Literals (binder_literal.cc).
  static Result<ExprPtr> BindLiteral(const AstNode& node);

  ColumnId NewColumnId() { return next_column_id_++; }

  // Aggregation, DISTINCT and ORDER BY (binder_aggregate.cc, binder_order.cc).
  struct AggregateState {
    std::vector<ExprPtr> groups;  // bound over the FROM columns
    std::vector<ColumnId> group_ids;
    std::vector<ExprPtr> aggregates;  // kAggregate expressions
    std::vector<ColumnId> aggregate_ids;
    // Select aliases visible to HAVING and ORDER BY: a stand-in column id and the mapped
    // expression it stands for.
    std::vector<std::pair<ColumnId, ExprPtr>> aliases;
    bool in_aggregate = false;
    bool in_group_by = false;
    // GROUPING SETS (binder_grouping_sets.cc, sql-window): per set, bit i when groups[i] is
    // present; the grouping id column and one grouping() flag column per group.
    std::vector<uint64_t> grouping_sets;
    ColumnId grouping_id = 0;
    std::vector<ColumnId> grouping_flags;
  };
  // GROUPING SETS, ROLLUP, CUBE (binder_grouping_sets.cc, sql-window).
  Status BindGroupingSets(const AstNode& group_by, const BindScope& scope);
  Result<ExprPtr> BindGroupingCall(const AstNode& node, const BindScope& scope,
                                   const std::string& name);
  // Puts the Expand below `aggregate` (built from `agg`) and regroups it by the expanded keys.
  void ExpandGroupingSets(AggregateState* agg, LogicalOperator* aggregate);
  // Binds GROUP BY into `state` and sets aggregate_ when `select` aggregates (GROUP BY,
  // HAVING, or an aggregate call in the select list or in `order`, which may be null).
  Status BeginAggregate(const AstNode& select, const AstNode* order, const BindScope& scope,
                        AggregateState* state);
  // Completes a SELECT whose items are bound into `project` over `plan` (FROM and WHERE):
  // aggregate, HAVING, DISTINCT, ORDER BY (`order`, may be null). Clears aggregate_.
  Result<LogicalPtr> FinishSelect(const AstNode& select, const AstNode* order, LogicalPtr plan,
                                  LogicalPtr project, const BindScope& scope);
  Result<ExprPtr> BindAggregateCall(const AstNode& node, const BindScope& scope,
                                    const std::string& name);
  // from_json(json, schema): the result type is the constant schema string (sql-aggjson,
  // binder_json.cc).
  Result<ExprPtr> BindFromJson(std::vector<ExprPtr> args, const AstNode& node);
  // Aggregate FILTER clauses and constant parameters (sql-aggjson, binder_aggregate_params.cc).
  // FILTER (WHERE c) turns each argument a into CASE WHEN c THEN a END (count(*) gets the
  // argument 1), so the aggregate skips the rows c rejects.
  Status BindAggregateFilter(const AstNode& node, const BindScope& scope, const std::string& name,
                             std::vector<ExprPtr>* args);
  // Evaluates the arguments past fn->arg_types.size() as constants and configures a copy of fn
  // with them; removes them from `args`.
  Result<std::shared_ptr<const AggregateFunctionBinding>> ConfigureAggregate(
      std::shared_ptr<const AggregateFunctionBinding> fn, std::vector<ExprPtr>* args,
      const AstNode& node, const std::string& sql);
  // Binds `node` in an aggregating SELECT and maps it onto the aggregate's outputs.
  Result<ExprPtr> BindAggregated(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> MapAggregated(ExprPtr e, const AstNode& node);
  Status BindGroupBy(const AstNode& select, const BindScope& scope);
  // The ORDER BY keys of a SELECT: ordinals and output names refer to `project`'s columns;
  // other expressions are bound over the FROM scope (or the aggregate) and, unless equal to a
  // select item, added to `project` as hidden columns.
  Status BindSelectOrder(const AstNode& order, const BindScope& scope, LogicalOperator* project,
                         std::vector<ExprPtr>* keys, std::vector<SortSpec>* specs);
  // ORDER BY over the output columns of a non-SELECT query body.
  Result<LogicalPtr> BindOrderByOutputs(const AstNode& order, LogicalPtr plan);
  Result<SortSpec> BindSortSpec(const AstNode& item);
  static bool ContainsAggregate(const AstNode& node);
  static bool SameExpression(const BoundExpression& a, const BoundExpression& b);

  // CTEs and subqueries (binder_cte.cc, binder_subquery.cc; sql-subquery).
  struct SubqueryJoin {
    JoinType type;
    LogicalPtr right;
    ExprPtr condition;
  };
  // A WITH clause's name bound to its definition.
  struct CteDefinition {
    std::string name;
    const AstNode* cte;  // kCte
  };
  Status PushCtes(const AstNode& with);
  // The CTE named `parts` (one part) bound as a relation, or null when no CTE has that name.
  Result<LogicalPtr> BindCteReference(const AstNode& relation, BindScope* scope);
  // Binds a subquery (kQuery) that may reference the columns of `outer`; sets *correlated.
  Result<LogicalPtr> BindSubqueryPlan(const AstNode& query, const BindScope& outer,
                                      bool* correlated);
  // Removes the correlated conjuncts (those reading columns from outside `plan`) from the
  // WHERE filter of `plan` into *out and passes the inner columns they read up to the output
  // (grouping an aggregate by them).
  Status Decorrelate(const AstNode& query, LogicalOperator* plan, std::vector<ExprPtr>* out);
  // A WHERE conjunct that is [NOT] EXISTS or [NOT] IN (subquery): binds it into
  // subquery_joins_ and returns true; false for other conjuncts.
  Result<bool> BindSubqueryConjunct(const AstNode& node, const BindScope& scope);
  // A scalar subquery expression: a constant (uncorrelated) or a column of a left join.
  Result<ExprPtr> BindScalarSubquery(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindOuterColumnRef(const AstNode& node);
  // Wraps `plan` in the joins collected in subquery_joins_.
  LogicalPtr ApplySubqueryJoins(LogicalPtr plan);
  Result<LogicalPtr> BindWhere(const AstNode& where, LogicalPtr plan, const BindScope& scope);

  // Set operations (binder_set_operation.cc).
  Result<LogicalPtr> BindSetOperation(const AstNode& node);

  std::vector<CteDefinition> ctes_;
  std::vector<const BindScope*> outer_scopes_;
  std::vector<ColumnId>* outer_refs_ = nullptr;
  std::vector<SubqueryJoin>* subquery_joins_ = nullptr;
  SubqueryRunner* subquery_runner_ = nullptr;
  // Window functions and QUALIFY (binder_window.cc, sql-window).
  struct WindowState {
    const AstNode* named = nullptr;  // the WINDOW clause's kList, or null
    std::vector<BoundWindow> windows;
    std::vector<ColumnId> ids;  // the output column of each window
    bool in_window = false;     // binding a window's arguments or keys
    WindowState* outer = nullptr;  // the enclosing SELECT's, restored by FinishWindow
  };
  // A call with OVER, or of a window-only function (row_number, lag, ...).
  static bool IsWindowCall(const AstNode& node);
  // Starts collecting the window calls of `select`'s items, ORDER BY and QUALIFY.
  void BeginWindow(const AstNode& select, WindowState* state);
  Result<ExprPtr> BindWindowCall(const AstNode& node, const BindScope& scope,
                                 const std::string& name);
  Status BindWindowSpec(const AstNode& over, const BindScope& scope, const std::string& name,
                        BoundWindow* w);
  Status BindWindowFrameBound(const AstNode& node, bool rows, WindowFrameBound* out);
  Result<ExprPtr> BindWindowOperand(const AstNode& node, const BindScope& scope);
  Result<int64_t> BindWindowConstant(const AstNode& node, const std::string& function);
  Result<const AstNode*> ResolveNamedWindow(const AstNode& at, const std::string& name, int depth);
  // The QUALIFY condition of `select` (null when none), with select aliases of `project`.
  Result<ExprPtr> BindQualify(const AstNode& select, const BindScope& scope,
                              const LogicalOperator& project);
  // Wraps `plan` in the kWindow operator (and the QUALIFY filter) when there are windows;
  // clears window_.
  LogicalPtr FinishWindow(LogicalPtr plan, ExprPtr qualify);
  bool IsWindowColumn(ColumnId id) const;
  WindowState* window_ = nullptr;

  // While binding an aggregating SELECT.
  AggregateState* aggregate_ = nullptr;
  // The ORDER BY of the query whose SELECT body is bound next.
  const AstNode* pending_order_by_ = nullptr;

  // Views (catalog surface): a view resolved by the TableResolver, bound as a subquery.
  Result<LogicalPtr> BindView(const AstNode& relation, ResolvedTable view, BindScope* scope);
  static constexpr int kMaxViewDepth = 100;  // Spark's spark.sql.view.maxNestedViewDepth.

  // Nested values (binder_nested.cc, sql-nested): a[i], m[k], s.f, s['f'], s.*, struct and
  // named_struct.
  Result<ExprPtr> BindSubscript(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> BindFieldAccess(const AstNode& node, const BindScope& scope);
  Result<ExprPtr> ExtractStructField(ExprPtr base, const std::string& field, const AstNode& node);
  Result<ExprPtr> BindStructConstructor(const std::string& name, const AstNode& node,
                                        const BindScope& scope);
  // `s.*` where s names a STRUCT column: adds its fields to `project`; false when s is no
  // struct column.
  Result<bool> BindStructStar(const AstNode& star, const BindScope& scope,
                              LogicalOperator* project);
  // MAP values are neither comparable nor grouping keys (Spark's INVALID_ORDERING_TYPE and
  // GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE). CheckComparable ignores non-comparison nodes.
  Status CheckComparable(const std::vector<ExprPtr>& args, const AstNode& node);
  Status CheckGroupable(const BoundExpression& e, const AstNode& node);
  // VALUES rows with nested columns: a UNION ALL of one-row projections, its top node's
  // columns left for BindValues to name.
  Result<LogicalPtr> BindNestedValueRows(std::vector<std::vector<ExprPtr>> rows,
                                         const std::vector<TypePtr>& types, SourcePosition pos);
  // Table-valued functions (sql-syntax; binder_table_function.cc).
  Result<LogicalPtr> BindTableFunction(const AstNode& relation, BindScope* scope);
  // range(...) (binder_table_function.cc).
  Result<LogicalPtr> BindRangeFunction(const AstNode& relation, BindScope* scope);
  // A kGet over `table`; with add_to_scope, its columns are renamed by the relation's alias
  // columns and added to `scope`.
  Result<LogicalPtr> MakeGetPlan(const AstNode& relation, ResolvedTable table, BindScope* scope,
                                 bool add_to_scope);
  static Status RenameRelationColumns(const AstNode& relation, LogicalOperator* plan);
  // PIVOT and UNPIVOT (sql-syntax; binder_pivot.cc): rewritten into a SELECT over the source.
  Result<LogicalPtr> BindPivot(const AstNode& relation, BindScope* scope);
  Result<LogicalPtr> BindUnpivot(const AstNode& relation, BindScope* scope);
  Result<std::vector<std::string>> RelationColumnNames(const AstNode& relation);
  // `query` bound as the relation `relation` (its alias and alias columns apply).
  Result<LogicalPtr> BindQueryAsRelation(const AstNode& relation, const AstNode& query,
                                         BindScope* scope);

  // Lambdas and higher-order functions (binder_lambda.cc, sql-lambda).
  struct LambdaParam {
    std::string name;  // lower case
    TypePtr type;
  };
  static bool IsHigherOrderCall(const AstNode& node);
  Result<ExprPtr> BindHigherOrderCall(const std::string& name, const AstNode& node,
                                      const BindScope& scope);
  // A kLambda over `params` (the lambda may declare min_params..params.size() of them).
  Result<ExprPtr> BindLambda(const AstNode& arg, const std::vector<TypePtr>& params,
                             size_t min_params, const BindScope& scope);
  // `arr.f` on an ARRAY of STRUCTs: the array of the elements' field f (transform(arr, x -> x.f)).
  Result<ExprPtr> ArrayStructField(ExprPtr base, const std::string& field, const AstNode& node);
  // The lambda parameter `node` names (innermost first), or null when it names none.
  Result<ExprPtr> BindLambdaVariable(const AstNode& node);
  // The parameters in scope; a parameter's slot is its position here.
  std::vector<LambdaParam> lambda_params_;
  // Generators (binder_generate.cc, sql-lambda).
  static bool IsGeneratorCall(const AstNode& node);
  static bool ContainsGenerator(const AstNode& node);
  static Status NestedGeneratorError(const AstNode& node);
  // A kGenerate of `call` over `plan`; `aliases` (may be empty) name the generated columns.
  Result<LogicalPtr> BindGenerate(const AstNode& call, LogicalPtr plan, const BindScope& scope,
                                  const std::vector<std::string>& aliases);
  Result<LogicalPtr> BindLateralViews(const AstNode& views, LogicalPtr plan, BindScope* scope);
  // The one generator among the select `items`: wraps `plan` in its kGenerate and sets
  // generator_item_ and generator_columns_ for BindSelectItems.
  Result<LogicalPtr> BindSelectGenerator(const AstNode& items, LogicalPtr plan,
                                         const BindScope& scope);
  const AstNode* generator_item_ = nullptr;
  std::vector<OutputColumn> generator_columns_;

  TableResolver* tables_;
  ColumnId next_column_id_ = 1;
  int view_depth_ = 0;
  // The statement's current_timestamp in microseconds since the epoch; set on first use.
  int64_t statement_micros_ = INT64_MIN;
};

}  // namespace lakeml::sql
