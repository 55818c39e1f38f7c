// Expression forms with their own syntax: [NOT] LIKE / ILIKE [ANY|ALL] ... [ESCAPE],
// RLIKE / REGEXP, EXTRACT(field FROM x), and the niladic
// current_date / current_timestamp / now / unix_timestamp() (one instant per statement) and
// current_timezone() (the session time zone is UTC).
#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/function_registry.h"
#include "sql/function/scalar/epoch_time.h"
#include "sql/function/scalar/math_rounding.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

ExprPtr IntConstant(const TypePtr& type, int64_t v) {
  return BoundExpression::Constant(columnar::Scalar::Int(type, v));
}

// EXTRACT fields and their functions (Spark's DatePart aliases).
const char* ExtractFunction(const std::string& f) {
  static const std::pair<const char*, const char*> kFields[] = {{"YEAR", "year"},
                                                                {"Y", "year"},
                                                                {"YEARS", "year"},
                                                                {"YR", "year"},
                                                                {"YRS", "year"},
                                                                {"QUARTER", "quarter"},
                                                                {"QTR", "quarter"},
                                                                {"MONTH", "month"},
                                                                {"MON", "month"},
                                                                {"MONS", "month"},
                                                                {"MONTHS", "month"},
                                                                {"WEEK", "weekofyear"},
                                                                {"W", "weekofyear"},
                                                                {"WEEKS", "weekofyear"},
                                                                {"DAY", "day"},
                                                                {"D", "day"},
                                                                {"DAYS", "day"},
                                                                {"DAYOFWEEK", "dayofweek"},
                                                                {"DOW", "dayofweek"},
                                                                {"DAYOFWEEK_ISO", "dayofweek_iso"},
                                                                {"DOW_ISO", "dayofweek_iso"},
                                                                {"DOY", "dayofyear"},
                                                                {"HOUR", "hour"},
                                                                {"H", "hour"},
                                                                {"HOURS", "hour"},
                                                                {"HR", "hour"},
                                                                {"HRS", "hour"},
                                                                {"MINUTE", "minute"},
                                                                {"M", "minute"},
                                                                {"MIN", "minute"},
                                                                {"MINS", "minute"},
                                                                {"MINUTES", "minute"},
                                                                {"SECOND", "extract_second"},
                                                                {"S", "extract_second"},
                                                                {"SEC", "extract_second"},
                                                                {"SECONDS", "extract_second"},
                                                                {"SECS", "extract_second"},
                                                                {"YEAROFWEEK", "yearofweek"}};
  for (const auto& [name, fn] : kFields) {
    if (f == name) return fn;
  }
  return nullptr;
}

}  // namespace

Result<ExprPtr> Binder::BindLike(const AstNode& node, const BindScope& scope) {
  const bool negated = node.Has(AstNode::kFlagNegated);
  const bool regex = node.op == "RLIKE" || node.op == "REGEXP";
  const std::string fn = regex ? "rlike" : (node.op == "ILIKE" ? "ilike" : "like");
  LAKEML_ASSIGN_OR_RETURN(ExprPtr value, BindExpression(*node.children[0], scope));
  std::vector<ExprPtr> terms;
  for (size_t i = 1; i < node.children.size(); ++i) {
    LAKEML_ASSIGN_OR_RETURN(ExprPtr pattern, BindExpression(*node.children[i], scope));
    std::vector<ExprPtr> args;
    args.push_back(value->Copy());
    args.push_back(std::move(pattern));
    if (!node.names.empty()) {
      args.push_back(
          BoundExpression::Constant(columnar::Scalar::Bytes(SqlType::String(), node.names[0])));
    }
    LAKEML_ASSIGN_OR_RETURN(ExprPtr match, CallFunction(fn, std::move(args), node));
    if (negated) {
      std::vector<ExprPtr> n;
      n.push_back(std::move(match));
      LAKEML_ASSIGN_OR_RETURN(match, CallFunction("not", std::move(n), node));
    }
    terms.push_back(std::move(match));
  }
  if (terms.size() == 1 && node.text.empty()) return std::move(terms[0]);
  if (terms.empty()) return SqlError::Unsupported(node.pos, "LIKE ANY/ALL without patterns");
  if (terms.size() == 1) return std::move(terms[0]);
  // NOT LIKE ANY: some pattern does not match; NOT LIKE ALL: none matches (Spark's NotLikeAny
  // and NotLikeAll apply the negation per pattern).
  return MakeLogical(node.text == "ALL" ? ExprKind::kAnd : ExprKind::kOr, std::move(terms), node);
}

Result<ExprPtr> Binder::BindExtract(const AstNode& node, const BindScope& scope) {
  const char* fn = ExtractFunction(node.text);
  if (fn == nullptr) {
    return SqlError::At(
        node.pos, "INVALID_EXTRACT_FIELD", "42601",
        StrCat("Cannot extract ", node.text, " from ", AstPrinter::Print(*node.children[0]), "."));
  }
  LAKEML_ASSIGN_OR_RETURN(ExprPtr source, BindExpression(*node.children[0], scope));
  const bool interval = SqlType::IsInterval(source->type);  // interval-values
  std::vector<ExprPtr> args;
  args.push_back(std::move(source));
  if (interval) {
    const std::string part = StrCat("interval_", fn);
    if (FunctionRegistry::Builtin().FindScalar(part) == nullptr) {
      return SqlError::At(node.pos, "INVALID_EXTRACT_FIELD", "42601",
                          StrCat("Cannot extract ", node.text, " from ",
                                 AstPrinter::Print(*node.children[0]), "."));
    }
    return CallFunction(part, std::move(args), node);
  }
  return CallFunction(fn, std::move(args), node);
}

Result<ExprPtr> Binder::BindDecimalRounding(const std::string& name, std::vector<ExprPtr>* args,
                                            const AstNode& node) {
  if (!MathRounding::IsRounding(name) || args->empty() || args->size() > 2 ||
      (*args)[0]->type->id() != TypeId::kDecimal) {
    return ExprPtr();
  }
  int64_t scale = 0;
  if (args->size() == 2) {
    ExprPtr& d = (*args)[1];
    if (!d->IsConstant() || d->value.is_null || !SqlType::IsIntegral(d->type)) {
      return SqlError::DatatypeMismatch(
          node.pos, "NON_FOLDABLE_INPUT", AstPrinter::Print(node),
          StrCat("the input `scale` should be a foldable \"INT\" expression; however, got \"",
                 d->ToString(), "\"."));
    }
    scale = d->value.i;
  } else {
    args->push_back(IntConstant(SqlType::Int(), 0));
  }
  if (scale < -38 || scale > 38) {
    scale = scale < 0 ? -39 : 38;  // Rounding beyond 38 digits is the same as at the bound.
    (*args)[1] = IntConstant(SqlType::Int(), scale);
  }
  LAKEML_ASSIGN_OR_RETURN(
      auto fn, MathRounding::ResolveDecimal(name, (*args)[0]->type, static_cast<int>(scale)));
  LAKEML_ASSIGN_OR_RETURN((*args)[1], CastTo(std::move((*args)[1]), SqlType::Int(), node.pos));
  ExprPtr e = BoundExpression::Function(std::move(fn), std::move(*args));
  e->pos = node.pos;
  return Fold(std::move(e));
}

Result<ExprPtr> Binder::BindCurrentTime(const std::string& name, const AstNode& node) {
  if (name == "current_timezone") {
    ExprPtr zone = BoundExpression::Constant(columnar::Scalar::Bytes(SqlType::String(), "UTC"));
    zone->pos = node.pos;
    zone->nullable = false;
    return zone;
  }
  const bool date = name == "current_date" || name == "curdate";
  const bool seconds = name == "unix_timestamp";
  if (!date && !seconds && name != "current_timestamp" && name != "now" &&
      name != "localtimestamp") {
    return ExprPtr();
  }
  if (statement_micros_ == INT64_MIN) {
    statement_micros_ = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  }
  ExprPtr e;
  if (seconds) {
    e = IntConstant(SqlType::BigInt(), EpochTime::FloorDiv(statement_micros_, 1000000));
  } else if (date) {
    e = IntConstant(SqlType::Date(), EpochTime::DayOf(statement_micros_));
  } else {
    e = IntConstant(name == "localtimestamp" ? SqlType::TimestampNtz() : SqlType::Timestamp(),
                    statement_micros_);
  }
  e->pos = node.pos;
  e->nullable = false;
  return e;
}

}  // namespace lakeml::sql
