#include "delta/stats/skipping_predicate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include "format/value_text/decimal_text.h"
#include "format/value_text/temporal_text.h"

namespace lakeml::delta {
namespace {

using columnar::Scalar;
using columnar::TypeId;

bool IsPlainIdentifier(std::string_view s) {
  if (s.empty()) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  // Keywords of the grammar must be quoted to be read back as names.
  static constexpr std::string_view kKeywords[] = {"and", "or",   "not",  "is",    "null",
                                                   "in",  "true", "false", "between"};
  std::string lower(s);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::find(std::begin(kKeywords), std::end(kKeywords), lower) == std::end(kKeywords);
}

void AppendColumn(const ColumnPath& path, std::string* out) {
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out->push_back('.');
    if (IsPlainIdentifier(path[i])) {
      out->append(path[i]);
    } else {
      out->push_back('`');
      for (char c : path[i]) {
        if (c == '`') out->push_back('`');
        out->push_back(c);
      }
      out->push_back('`');
    }
  }
}

void AppendQuoted(std::string_view s, std::string* out) {
  out->push_back('\'');
  for (char c : s) {
    if (c == '\'') out->push_back('\'');
    out->push_back(c);
  }
  out->push_back('\'');
}

void AppendLiteral(const Scalar& v, std::string* out) {
  if (v.is_null || !v.type) {
    out->append("NULL");
    return;
  }
  switch (v.type->id()) {
    case TypeId::kFloat16:
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      if (std::isnan(v.d)) {
        out->append("'NaN'");
      } else if (std::isinf(v.d)) {
        out->append(v.d > 0 ? "'Infinity'" : "'-Infinity'");
      } else {
        out->append(StrCat(v.d));
      }
      return;
    case TypeId::kDecimal:
      format::AppendDecimal(v.dec, v.type->scale(), out);
      return;
    case TypeId::kDate32: {
      std::string text;
      format::AppendDate(v.i, &text);
      AppendQuoted(text, out);
      return;
    }
    case TypeId::kTimestamp: {
      std::string text;
      format::AppendTimestamp(v.i, v.type->unit(), v.type->utc(), &text);
      AppendQuoted(text, out);
      return;
    }
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kFixedSizeBinary:
      AppendQuoted(v.bytes, out);
      return;
    default:
      out->append(v.ToString());
      return;
  }
}

}  // namespace

Predicate Predicate::AlwaysTrue() { return Predicate(); }

Predicate Predicate::Compare(ColumnPath column, Op op, columnar::Scalar value) {
  Predicate p;
  p.kind_ = Kind::kCompare;
  p.op_ = op;
  p.column_ = std::move(column);
  p.values_.push_back(std::move(value));
  return p;
}

Predicate Predicate::IsNull(ColumnPath column) {
  Predicate p;
  p.kind_ = Kind::kIsNull;
  p.column_ = std::move(column);
  return p;
}

Predicate Predicate::IsNotNull(ColumnPath column) {
  Predicate p;
  p.kind_ = Kind::kIsNotNull;
  p.column_ = std::move(column);
  return p;
}

Predicate Predicate::In(ColumnPath column, std::vector<columnar::Scalar> values) {
  Predicate p;
  p.kind_ = Kind::kIn;
  p.column_ = std::move(column);
  p.values_ = std::move(values);
  return p;
}

Predicate Predicate::And(Predicate a, Predicate b) {
  Predicate p;
  p.kind_ = Kind::kAnd;
  p.left_ = std::make_shared<const Predicate>(std::move(a));
  p.right_ = std::make_shared<const Predicate>(std::move(b));
  return p;
}

Predicate Predicate::Or(Predicate a, Predicate b) {
  Predicate p;
  p.kind_ = Kind::kOr;
  p.left_ = std::make_shared<const Predicate>(std::move(a));
  p.right_ = std::make_shared<const Predicate>(std::move(b));
  return p;
}

Predicate Predicate::Not(Predicate a) {
  Predicate p;
  p.kind_ = Kind::kNot;
  p.left_ = std::make_shared<const Predicate>(std::move(a));
  return p;
}

std::vector<ColumnPath> Predicate::Columns() const {
  std::vector<ColumnPath> out;
  std::vector<const Predicate*> stack = {this};
  while (!stack.empty()) {
    const Predicate* p = stack.back();
    stack.pop_back();
    switch (p->kind_) {
      case Kind::kAlwaysTrue:
        break;
      case Kind::kAnd:
      case Kind::kOr:
        stack.push_back(p->right_.get());
        stack.push_back(p->left_.get());
        break;
      case Kind::kNot:
        stack.push_back(p->left_.get());
        break;
      default:
        if (std::find(out.begin(), out.end(), p->column_) == out.end()) {
          out.push_back(p->column_);
        }
        break;
    }
  }
  return out;
}

std::string_view Predicate::OpSymbol(Op op) {
  switch (op) {
    case Op::kEq:
      return "=";
    case Op::kNe:
      return "<>";
    case Op::kLt:
      return "<";
    case Op::kLe:
      return "<=";
    case Op::kGt:
      return ">";
    case Op::kGe:
      return ">=";
  }
  return "?";
}

Predicate::Op Predicate::Flip(Op op) {
  switch (op) {
    case Op::kLt:
      return Op::kGt;
    case Op::kLe:
      return Op::kGe;
    case Op::kGt:
      return Op::kLt;
    case Op::kGe:
      return Op::kLe;
    default:
      return op;
  }
}

Predicate::Op Predicate::Negate(Op op) {
  switch (op) {
    case Op::kEq:
      return Op::kNe;
    case Op::kNe:
      return Op::kEq;
    case Op::kLt:
      return Op::kGe;
    case Op::kLe:
      return Op::kGt;
    case Op::kGt:
      return Op::kLe;
    case Op::kGe:
      return Op::kLt;
  }
  return op;
}

std::string Predicate::ToString() const {
  std::string out;
  AppendTo(&out);
  return out;
}

void Predicate::AppendTo(std::string* out) const {
  switch (kind_) {
    case Kind::kAlwaysTrue:
      out->append("TRUE");
      return;
    case Kind::kCompare:
      AppendColumn(column_, out);
      out->push_back(' ');
      out->append(OpSymbol(op_));
      out->push_back(' ');
      AppendLiteral(values_[0], out);
      return;
    case Kind::kIsNull:
      AppendColumn(column_, out);
      out->append(" IS NULL");
      return;
    case Kind::kIsNotNull:
      AppendColumn(column_, out);
      out->append(" IS NOT NULL");
      return;
    case Kind::kIn:
      AppendColumn(column_, out);
      out->append(" IN (");
      for (size_t i = 0; i < values_.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendLiteral(values_[i], out);
      }
      out->push_back(')');
      return;
    case Kind::kAnd:
    case Kind::kOr:
      out->push_back('(');
      left_->AppendTo(out);
      out->append(kind_ == Kind::kAnd ? " AND " : " OR ");
      right_->AppendTo(out);
      out->push_back(')');
      return;
    case Kind::kNot:
      out->append("NOT ");
      // Leaves bind tighter than NOT only with parentheses ("NOT a = 1" would read fine, but
      // "NOT a IS NULL" is clearer as "NOT (a IS NULL)").
      if (left_->kind_ == Kind::kAnd || left_->kind_ == Kind::kOr ||
          left_->kind_ == Kind::kNot || left_->kind_ == Kind::kAlwaysTrue) {
        left_->AppendTo(out);
      } else {
        out->push_back('(');
        left_->AppendTo(out);
        out->push_back(')');
      }
      return;
  }
}

}  // namespace lakeml::delta
