// Interval literals and interval operators (decision 0024): INTERVAL literals bind to typed
// constants of Spark's ANSI interval types; + - * / and unary minus on interval-typed operands
// bind to the interval functions (function/scalar/interval_arithmetic.cc) and date/timestamp
// shifts; date - date and timestamp - timestamp give day-time intervals. Literals of Spark's
// legacy CalendarInterval type (units inside the string, WEEK/MILLISECOND/MICROSECOND units,
// mixed families) still shift dates and timestamps but are not values.
#include <algorithm>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/interval_parser.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/scalar/epoch_time.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

ExprPtr IntervalIntConstant(const TypePtr& type, int64_t v) {
  return BoundExpression::Constant(columnar::Scalar::Int(type, v));
}

// An interval literal: its value and, for ANSI literals, its type.
struct IntervalLiteral {
  IntervalParser::Value value;
  bool year_month = false;
  bool calendar = false;  // Spark's legacy CalendarIntervalType: no ANSI type
  TypePtr type;           // null when calendar
};

Status BadIntervalLiteral(const AstNode& node, std::string_view why) {
  return SqlError::At(
      node.pos, "INVALID_INTERVAL_FORMAT", "22006",
      StrCat("Error parsing '", AstPrinter::Print(node), "' to interval, ", why, "."));
}

Result<IntervalLiteral> ParseIntervalLiteral(const AstNode& node) {
  IntervalLiteral lit;
  IntervalParser::Value& v = lit.value;
  bool day_time = false;
  int ym_min = 9, ym_max = -1, dt_min = 9, dt_max = -1;
  auto text_of = [](const AstNode& c, int* sign) -> const AstNode* {
    const AstNode* p = &c;
    while (p->kind == NodeKind::kUnary && (p->op == "-" || p->op == "+")) {
      if (p->op == "-") *sign = -*sign;
      p = p->children[0].get();
    }
    return p->kind == NodeKind::kLiteral && (p->op == "NUMBER" || p->op == "STRING") ? p : nullptr;
  };
  auto note_unit = [&](const std::string& u) {
    const int ym = IntervalParser::YearMonthField(u);
    const int dt = IntervalParser::DayTimeField(u);
    if (ym >= 0) {
      lit.year_month = true;
      ym_min = std::min(ym_min, ym);
      ym_max = std::max(ym_max, ym);
    } else {
      day_time = true;
      if (dt < 0) lit.calendar = true;  // WEEK, MILLISECOND, MICROSECOND
      dt_min = std::min(dt_min, dt);
      dt_max = std::max(dt_max, dt);
    }
  };
  if (node.names.empty()) {
    // INTERVAL '1 day 2 hours': number and unit pairs inside the string (a CalendarInterval).
    lit.calendar = true;
    int sign = 1;
    const AstNode* text = node.children.empty() ? nullptr : text_of(*node.children[0], &sign);
    if (text == nullptr) return BadIntervalLiteral(node, "the value is not a literal");
    std::string_view s = text->text;
    size_t i = 0;
    auto word = [&]() {
      while (i < s.size() && s[i] == ' ') ++i;
      size_t b = i;
      while (i < s.size() && s[i] != ' ') ++i;
      return s.substr(b, i - b);
    };
    if (s.substr(0, 9) == "interval " || s.substr(0, 9) == "INTERVAL ") i = 9;
    for (std::string_view num = word(); !num.empty(); num = word()) {
      std::string unit(word());
      for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (unit.size() > 1 && unit.back() == 'S') unit.pop_back();
      note_unit(unit);
      if (!IntervalParser::AddUnit(num, unit, sign, &v)) {
        return BadIntervalLiteral(node, "the unit or number is invalid");
      }
    }
  } else if (node.Has(AstNode::kFlagIntervalTo)) {
    int sign = 1;
    const AstNode* text = text_of(*node.children[0], &sign);
    note_unit(node.names[0]);
    note_unit(node.names[1]);
    if (text == nullptr || sign < 0 || text->op != "STRING" || lit.year_month == day_time ||
        !IntervalParser::AddRange(text->text, node.names[0], node.names[1], &v)) {
      return BadIntervalLiteral(
          node, StrCat("the value does not match ", node.names[0], " TO ", node.names[1]));
    }
  } else {
    for (size_t k = 0; k < node.children.size() && k < node.names.size(); ++k) {
      int sign = 1;
      const AstNode* text = text_of(*node.children[k], &sign);
      note_unit(node.names[k]);
      if (text == nullptr || !IntervalParser::AddUnit(text->text, node.names[k], sign, &v)) {
        return BadIntervalLiteral(node, StrCat("the ", node.names[k], " value is invalid"));
      }
    }
  }
  if (lit.year_month && day_time) {
    // Spark types such literals as CalendarInterval; only date shifts accept them here.
    lit.calendar = true;
  }
  const __int128 total_micros = v.TotalMicros();
  if (v.months > INT32_MAX || v.months < -INT32_MAX || total_micros > INT64_MAX ||
      total_micros < -INT64_MAX) {
    return BadIntervalLiteral(node, "the value is out of range");
  }
  if (!lit.calendar) {
    lit.type = lit.year_month ? SqlType::YearMonthInterval(ym_min, ym_max)
                              : SqlType::DayTimeInterval(dt_min, dt_max);
  }
  return lit;
}

ExprPtr IntervalConstant(const IntervalLiteral& lit) {
  return IntervalIntConstant(
      lit.type, static_cast<int64_t>(lit.year_month ? lit.value.months : lit.value.TotalMicros()));
}

}  // namespace

Result<ExprPtr> Binder::BindIntervalLiteral(const AstNode& node) {
  LAKEML_ASSIGN_OR_RETURN(IntervalLiteral lit, ParseIntervalLiteral(node));
  if (lit.calendar) {
    return SqlError::Unsupported(
        node.pos,
        StrCat("CALENDAR INTERVAL values (", AstPrinter::Print(node),
               "): write an ANSI interval such as INTERVAL '3' DAY or INTERVAL '1-2' YEAR TO "
               "MONTH, without mixing year-month and day-time units"));
  }
  ExprPtr e = IntervalConstant(lit);
  e->pos = node.pos;
  return e;
}

Result<ExprPtr> Binder::BindIntervalArithmetic(const AstNode& node, const BindScope& scope) {
  const bool right = node.children[1]->kind == NodeKind::kInterval;
  const bool left = node.children[0]->kind == NodeKind::kInterval;
  if (!right && !(left && node.op == "+")) return ExprPtr();
  const AstNode& interval_node = right ? *node.children[1] : *node.children[0];
  LAKEML_ASSIGN_OR_RETURN(IntervalLiteral iv, ParseIntervalLiteral(interval_node));
  // ANSI literals bind as typed values through BindIntervalOperator.
  if (!iv.calendar) return ExprPtr();
  if (iv.year_month && iv.value.TotalMicros() != 0) {
    return BadIntervalLiteral(interval_node, "year-month and day-time fields cannot be mixed");
  }
  LAKEML_ASSIGN_OR_RETURN(ExprPtr base, BindExpression(*node.children[right ? 0 : 1], scope));
  const int sign = node.op == "-" ? -1 : 1;
  if (base->type->id() == TypeId::kString || base->type->id() == TypeId::kNull) {
    LAKEML_ASSIGN_OR_RETURN(
        base, CastTo(std::move(base),
                     iv.year_month || iv.value.micros != 0 ? SqlType::Timestamp() : SqlType::Date(),
                     node.pos));
  }
  const bool is_date = base->type->id() == TypeId::kDate32;
  if (!is_date && base->type->id() != TypeId::kTimestamp) {
    return SqlError::DatatypeMismatch(
        node.pos, "BINARY_OP_WRONG_TYPE", AstPrinter::Print(node),
        StrCat("the binary operator requires a DATE or TIMESTAMP operand beside an interval, "
               "not \"",
               SqlType::SqlName(base->type), "\"."));
  }
  std::vector<ExprPtr> args;
  if (iv.year_month) {
    args.push_back(std::move(base));
    args.push_back(
        IntervalIntConstant(SqlType::Int(), static_cast<int64_t>(iv.value.months) * sign));
    return CallFunction(is_date ? "add_months" : "timestamp_add_months", std::move(args), node);
  }
  if (is_date && iv.value.micros == 0) {
    args.push_back(std::move(base));
    args.push_back(IntervalIntConstant(SqlType::Int(), static_cast<int64_t>(iv.value.days) * sign));
    return CallFunction("date_add", std::move(args), node);
  }
  if (is_date) {
    LAKEML_ASSIGN_OR_RETURN(base, CastTo(std::move(base), SqlType::Timestamp(), node.pos));
  }
  args.push_back(std::move(base));
  args.push_back(
      IntervalIntConstant(SqlType::BigInt(), static_cast<int64_t>(iv.value.TotalMicros()) * sign));
  return CallFunction("timestamp_add_micros", std::move(args), node);
}

Result<ExprPtr> Binder::BindIntervalOperator(const std::string& op, std::vector<ExprPtr>* args,
                                             const AstNode& node) {
  if (args->size() != 2) return ExprPtr();
  ExprPtr& a = (*args)[0];
  ExprPtr& b = (*args)[1];
  const bool ia = SqlType::IsInterval(a->type), ib = SqlType::IsInterval(b->type);
  auto call = [&](const char* name, ExprPtr x, ExprPtr y) {
    std::vector<ExprPtr> call_args;
    call_args.push_back(std::move(x));
    call_args.push_back(std::move(y));
    return CallFunction(name, std::move(call_args), node);
  };
  auto wrong_type = [&](const TypePtr& t) {
    return SqlError::DatatypeMismatch(node.pos, "BINARY_OP_WRONG_TYPE", AstPrinter::Print(node),
                                      StrCat("the binary operator does not accept \"",
                                             SqlType::SqlName(t), "\" beside an interval."));
  };
  if (op == "*" || op == "/") {
    if (ia && ib) return wrong_type(b->type);
    if (ia && SqlType::IsNumeric(b->type)) {
      return call(op == "*" ? "interval_multiply" : "interval_divide", std::move(a), std::move(b));
    }
    if (ib && op == "*" && SqlType::IsNumeric(a->type)) {
      return call("interval_multiply", std::move(b), std::move(a));
    }
    if (ia || ib) return wrong_type(ia ? b->type : a->type);
    return ExprPtr();
  }
  if (op != "+" && op != "-") return ExprPtr();
  if (ia && ib) {
    TypePtr common = SqlType::CommonType(a->type, b->type);
    if (common == nullptr) {
      return SqlError::DatatypeMismatch(
          node.pos, "BINARY_OP_DIFF_TYPES", AstPrinter::Print(node),
          StrCat("the left and right operands of the binary operator have incompatible types (\"",
                 SqlType::SqlName(a->type), "\" and \"", SqlType::SqlName(b->type), "\")."));
    }
    LAKEML_ASSIGN_OR_RETURN(a, CastTo(std::move(a), common, node.pos));
    LAKEML_ASSIGN_OR_RETURN(b, CastTo(std::move(b), common, node.pos));
    return call(op == "+" ? "interval_add" : "interval_subtract", std::move(a), std::move(b));
  }
  if (ia || ib) {
    if (ia && op == "-") return wrong_type(b->type);
    ExprPtr base = std::move(ia ? b : a);
    ExprPtr iv = std::move(ia ? a : b);
    if (op == "-") {
      std::vector<ExprPtr> neg;
      neg.push_back(std::move(iv));
      LAKEML_ASSIGN_OR_RETURN(iv, CallFunction("interval_negate", std::move(neg), node));
    }
    const bool ym = iv->type->id() == TypeId::kYearMonthInterval;
    const bool whole_days = !ym && iv->type->interval_end() == SqlType::kDay;
    if (base->type->id() == TypeId::kString || base->type->id() == TypeId::kNull) {
      LAKEML_ASSIGN_OR_RETURN(
          base, CastTo(std::move(base), ym || whole_days ? SqlType::Date() : SqlType::Timestamp(),
                       node.pos));
    }
    const bool is_date = base->type->id() == TypeId::kDate32;
    if (!is_date && base->type->id() != TypeId::kTimestamp) return wrong_type(base->type);
    if (ym) {
      return call(is_date ? "date_add_ym_interval" : "timestamp_add_ym_interval", std::move(base),
                  std::move(iv));
    }
    if (is_date && whole_days) return call("date_add_day_interval", std::move(base), std::move(iv));
    if (is_date) {
      LAKEML_ASSIGN_OR_RETURN(base, CastTo(std::move(base), SqlType::Timestamp(), node.pos));
    }
    return call("timestamp_add_dt_interval", std::move(base), std::move(iv));
  }
  // date - date: INTERVAL DAY; timestamp - timestamp (or with a date): INTERVAL DAY TO SECOND.
  if (op == "-" && SqlType::IsTemporal(a->type) && SqlType::IsTemporal(b->type)) {
    if (a->type->id() == TypeId::kDate32 && b->type->id() == TypeId::kDate32) {
      return call("date_diff_interval", std::move(a), std::move(b));
    }
    LAKEML_ASSIGN_OR_RETURN(a, CastTo(std::move(a), SqlType::Timestamp(), node.pos));
    LAKEML_ASSIGN_OR_RETURN(b, CastTo(std::move(b), SqlType::Timestamp(), node.pos));
    return call("timestamp_diff_interval", std::move(a), std::move(b));
  }
  return ExprPtr();
}

}  // namespace lakeml::sql
