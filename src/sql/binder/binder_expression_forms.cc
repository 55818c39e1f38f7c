// Expression forms with their own syntax: [NOT] LIKE / ILIKE [ANY|ALL] ... [ESCAPE],
// RLIKE / REGEXP, EXTRACT(field FROM x), date/timestamp +/- INTERVAL literals, and the niladic
// current_date / current_timestamp / now / unix_timestamp() (one instant per statement) and
// current_timezone() (the session time zone is UTC).
#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "base/str_cat.h"
#include "sql/binder/binder.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/scalar/epoch_time.h"
#include "sql/function/scalar/math_rounding.h"
#include "sql/parser/ast_printer.h"

namespace lakeml::sql {
namespace {

ExprPtr IntConstant(const TypePtr& type, int64_t v) {
  return BoundExpression::Constant(columnar::Scalar::Int(type, v));
}

// An interval literal's value: year-month intervals have only months; day-time intervals
// have days and micros.
struct IntervalValue {
  bool year_month = false;
  __int128 months = 0;
  __int128 days = 0;
  __int128 micros = 0;
};

Status BadInterval(const AstNode& node, std::string_view why) {
  return SqlError::At(
      node.pos, "INVALID_INTERVAL_FORMAT", "22006",
      StrCat("Error parsing '", AstPrinter::Print(node), "' to interval, ", why, "."));
}

// Adds `text` (an optionally signed decimal number) of `unit` to `v`.
bool AddIntervalUnit(std::string_view text, const std::string& unit, int sign, IntervalValue* v) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    if (text[0] == '-') sign = -sign;
    text.remove_prefix(1);
  }
  __int128 whole = 0;
  __int128 frac_micros = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > (__int128{1} << 62)) return false;
  }
  if (i == 0) return false;
  if (i < text.size()) {
    if (text[i] != '.' || unit != "SECOND") return false;
    int digits = 0;
    for (++i; i < text.size(); ++i, ++digits) {
      if (text[i] < '0' || text[i] > '9' || digits >= 9) return false;
      if (digits < 6) frac_micros = frac_micros * 10 + (text[i] - '0');
    }
    for (int k = std::min(digits, 6); k < 6; ++k) frac_micros *= 10;
  }
  whole *= sign;
  frac_micros *= sign;
  if (unit == "YEAR") {
    v->months += whole * 12;
  } else if (unit == "MONTH") {
    v->months += whole;
  } else if (unit == "WEEK") {
    v->days += whole * 7;
  } else if (unit == "DAY") {
    v->days += whole;
  } else if (unit == "HOUR") {
    v->micros += whole * 3600 * 1000000;
  } else if (unit == "MINUTE") {
    v->micros += whole * 60 * 1000000;
  } else if (unit == "SECOND") {
    v->micros += whole * 1000000 + frac_micros;
  } else if (unit == "MILLISECOND") {
    v->micros += whole * 1000;
  } else {
    v->micros += whole;
  }
  return true;
}

// 'y-m' YEAR TO MONTH, 'd h:m:s' DAY TO SECOND and their sub-ranges.
bool ParseIntervalRange(std::string_view text, const std::string& from, const std::string& to,
                        IntervalValue* v) {
  static const std::vector<std::string> kYm = {"YEAR", "MONTH"};
  static const std::vector<std::string> kDt = {"DAY", "HOUR", "MINUTE", "SECOND"};
  const std::vector<std::string>& units = from == "YEAR" || from == "MONTH" ? kYm : kDt;
  auto first = std::find(units.begin(), units.end(), from);
  auto last = std::find(units.begin(), units.end(), to);
  if (first == units.end() || last == units.end() || last <= first) return false;
  int sign = 1;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  for (auto u = first; u <= last; ++u) {
    size_t end = text.size();
    if (u != last) end = text.find_first_of(units == kYm ? "-" : (*u == "DAY" ? " " : ":"));
    if (end == std::string_view::npos) return false;
    if (!AddIntervalUnit(text.substr(0, end), *u, sign, v)) return false;
    text.remove_prefix(std::min(text.size(), end + (u != last ? 1 : 0)));
  }
  return true;
}

Result<IntervalValue> ParseIntervalNode(const AstNode& node) {
  IntervalValue v;
  bool day_time = false;
  auto text_of = [](const AstNode& c, int* sign) -> const AstNode* {
    const AstNode* p = &c;
    while (p->kind == NodeKind::kUnary && (p->op == "-" || p->op == "+")) {
      if (p->op == "-") *sign = -*sign;
      p = p->children[0].get();
    }
    return p->kind == NodeKind::kLiteral && (p->op == "NUMBER" || p->op == "STRING") ? p : nullptr;
  };
  auto note_unit = [&](const std::string& u) {
    if (u == "YEAR" || u == "MONTH") {
      v.year_month = true;
    } else {
      day_time = true;
    }
  };
  if (node.names.empty()) {
    // INTERVAL '1 day 2 hours': number and unit pairs inside the string.
    int sign = 1;
    const AstNode* lit = node.children.empty() ? nullptr : text_of(*node.children[0], &sign);
    if (lit == nullptr) return BadInterval(node, "the value is not a literal");
    std::string_view s = lit->text;
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
      static const std::string_view kUnits[] = {
          "YEAR", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND"};
      if (std::find(std::begin(kUnits), std::end(kUnits), std::string_view(unit)) ==
              std::end(kUnits) ||
          !AddIntervalUnit(num, unit, sign, &v)) {
        return BadInterval(node, "the unit or number is invalid");
      }
    }
  } else if (node.Has(AstNode::kFlagIntervalTo)) {
    int sign = 1;
    const AstNode* lit = text_of(*node.children[0], &sign);
    note_unit(node.names[0]);
    if (lit == nullptr || sign < 0 || lit->op != "STRING" ||
        !ParseIntervalRange(lit->text, node.names[0], node.names[1], &v)) {
      return BadInterval(node,
                         StrCat("the value does not match ", node.names[0], " TO ", node.names[1]));
    }
  } else {
    for (size_t k = 0; k < node.children.size() && k < node.names.size(); ++k) {
      int sign = 1;
      const AstNode* lit = text_of(*node.children[k], &sign);
      note_unit(node.names[k]);
      if (lit == nullptr || !AddIntervalUnit(lit->text, node.names[k], sign, &v)) {
        return BadInterval(node, StrCat("the ", node.names[k], " value is invalid"));
      }
    }
  }
  if (v.year_month && day_time) {
    return BadInterval(node, "year-month and day-time fields cannot be mixed");
  }
  const __int128 total_micros = v.days * EpochTime::kMicrosPerDay + v.micros;
  if (v.months > INT32_MAX || v.months < -INT32_MAX || total_micros > INT64_MAX ||
      total_micros < -INT64_MAX) {
    return BadInterval(node, "the value is out of range");
  }
  return v;
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
  std::vector<ExprPtr> args;
  args.push_back(std::move(source));
  return CallFunction(fn, std::move(args), node);
}

Result<ExprPtr> Binder::BindIntervalArithmetic(const AstNode& node, const BindScope& scope) {
  const bool right = node.children[1]->kind == NodeKind::kInterval;
  const bool left = node.children[0]->kind == NodeKind::kInterval;
  if (!right && !(left && node.op == "+")) return ExprPtr();
  const AstNode& interval_node = right ? *node.children[1] : *node.children[0];
  LAKEML_ASSIGN_OR_RETURN(IntervalValue iv, ParseIntervalNode(interval_node));
  LAKEML_ASSIGN_OR_RETURN(ExprPtr base, BindExpression(*node.children[right ? 0 : 1], scope));
  const int sign = node.op == "-" ? -1 : 1;
  if (base->type->id() == TypeId::kString || base->type->id() == TypeId::kNull) {
    LAKEML_ASSIGN_OR_RETURN(
        base,
        CastTo(std::move(base),
               iv.year_month || iv.micros != 0 ? SqlType::Timestamp() : SqlType::Date(), node.pos));
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
    args.push_back(IntConstant(SqlType::Int(), static_cast<int64_t>(iv.months) * sign));
    return CallFunction(is_date ? "add_months" : "timestamp_add_months", std::move(args), node);
  }
  if (is_date && iv.micros == 0) {
    args.push_back(std::move(base));
    args.push_back(IntConstant(SqlType::Int(), static_cast<int64_t>(iv.days) * sign));
    return CallFunction("date_add", std::move(args), node);
  }
  if (is_date) {
    LAKEML_ASSIGN_OR_RETURN(base, CastTo(std::move(base), SqlType::Timestamp(), node.pos));
  }
  args.push_back(std::move(base));
  args.push_back(
      IntConstant(SqlType::BigInt(),
                  static_cast<int64_t>(iv.days * EpochTime::kMicrosPerDay + iv.micros) * sign));
  return CallFunction("timestamp_add_micros", std::move(args), node);
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
