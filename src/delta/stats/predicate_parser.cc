// Predicate::Parse: a recursive-descent reader of the grammar documented in
// skipping_predicate.h. Every error names the character offset where it was found.
#include <strings.h>

#include <cctype>
#include <optional>
#include <string>
#include <utility>

#include "delta/stats/skipping_predicate.h"
#include "delta/stats/typed_literal.h"

namespace lakeml::delta {
namespace {

using columnar::Field;
using columnar::Scalar;
using columnar::TypePtr;

// Nesting deeper than this is refused rather than risking the stack.
constexpr int kMaxDepth = 200;

struct Literal {
  enum class Kind { kNumber, kString, kTrue, kFalse, kNull } kind;
  std::string text;
  size_t offset;
};

struct Column {
  ColumnPath path;
  TypePtr type;
};

class Parser {
 public:
  Parser(std::string_view text, const columnar::Schema& schema) : text_(text), schema_(schema) {}

  Result<Predicate> ParseAll() {
    LAKEML_ASSIGN_OR_RETURN(Predicate p, ParseOr(0));
    SkipSpace();
    if (pos_ != text_.size()) return Error(pos_, "unexpected text: ", Rest());
    return p;
  }

 private:
  template <typename... Args>
  Status Error(size_t offset, const Args&... args) const {
    return Status::InvalidArgument("Invalid predicate at offset ", offset, ": ", args...);
  }

  std::string_view Rest() const {
    std::string_view r = text_.substr(pos_);
    return r.size() > 20 ? r.substr(0, 20) : r;
  }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  static bool IsIdentStart(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
  }
  static bool IsIdentChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  }

  // True (and consumes it) if the next token is the keyword `kw` (case-insensitive).
  bool TryKeyword(std::string_view kw) {
    SkipSpace();
    if (pos_ + kw.size() > text_.size()) return false;
    if (strncasecmp(text_.data() + pos_, kw.data(), kw.size()) != 0) return false;
    if (pos_ + kw.size() < text_.size() && IsIdentChar(text_[pos_ + kw.size()])) return false;
    pos_ += kw.size();
    return true;
  }

  bool TryChar(char c) {
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  Result<Predicate> ParseOr(int depth) {
    if (depth > kMaxDepth) return Error(pos_, "nesting too deep");
    LAKEML_ASSIGN_OR_RETURN(Predicate left, ParseAnd(depth));
    while (TryKeyword("or")) {
      LAKEML_ASSIGN_OR_RETURN(Predicate right, ParseAnd(depth));
      left = Predicate::Or(std::move(left), std::move(right));
    }
    return left;
  }

  Result<Predicate> ParseAnd(int depth) {
    LAKEML_ASSIGN_OR_RETURN(Predicate left, ParseNot(depth));
    while (TryKeyword("and")) {
      LAKEML_ASSIGN_OR_RETURN(Predicate right, ParseNot(depth));
      left = Predicate::And(std::move(left), std::move(right));
    }
    return left;
  }

  Result<Predicate> ParseNot(int depth) {
    if (depth > kMaxDepth) return Error(pos_, "nesting too deep");
    if (TryKeyword("not")) {
      LAKEML_ASSIGN_OR_RETURN(Predicate inner, ParseNot(depth + 1));
      return Predicate::Not(std::move(inner));
    }
    return ParsePrimary(depth);
  }

  Result<Predicate> ParsePrimary(int depth) {
    SkipSpace();
    if (pos_ >= text_.size()) return Error(pos_, "expected a condition, got the end of the text");
    if (TryChar('(')) {
      LAKEML_ASSIGN_OR_RETURN(Predicate inner, ParseOr(depth + 1));
      if (!TryChar(')')) return Error(pos_, "expected ')', got: ", Rest());
      return inner;
    }
    const size_t start = pos_;
    // A literal first: "5 < a" (but TRUE/FALSE alone are conditions).
    if (!IsIdentStart(text_[pos_]) && text_[pos_] != '`') {
      LAKEML_ASSIGN_OR_RETURN(Literal lit, ParseLiteral());
      std::optional<Predicate::Op> op = TryOperator();
      if (!op) return Error(pos_, "expected a comparison operator, got: ", Rest());
      LAKEML_ASSIGN_OR_RETURN(Column col, ParseColumn());
      LAKEML_ASSIGN_OR_RETURN(Scalar value, Typed(lit, col.type));
      return Predicate::Compare(std::move(col.path), Predicate::Flip(*op), std::move(value));
    }
    if (TryKeyword("true")) return Predicate::AlwaysTrue();
    if (TryKeyword("false")) return Predicate::Not(Predicate::AlwaysTrue());
    pos_ = start;
    LAKEML_ASSIGN_OR_RETURN(Column col, ParseColumn());
    if (std::optional<Predicate::Op> op = TryOperator()) {
      LAKEML_ASSIGN_OR_RETURN(Literal lit, ParseLiteral());
      LAKEML_ASSIGN_OR_RETURN(Scalar value, Typed(lit, col.type));
      return Predicate::Compare(std::move(col.path), *op, std::move(value));
    }
    if (TryKeyword("is")) {
      const bool negated = TryKeyword("not");
      if (!TryKeyword("null")) return Error(pos_, "expected NULL after IS, got: ", Rest());
      return negated ? Predicate::IsNotNull(std::move(col.path))
                     : Predicate::IsNull(std::move(col.path));
    }
    const bool negated = TryKeyword("not");
    if (TryKeyword("in")) {
      if (!TryChar('(')) return Error(pos_, "expected '(' after IN, got: ", Rest());
      std::vector<Scalar> values;
      do {
        LAKEML_ASSIGN_OR_RETURN(Literal lit, ParseLiteral());
        LAKEML_ASSIGN_OR_RETURN(Scalar value, Typed(lit, col.type));
        values.push_back(std::move(value));
      } while (TryChar(','));
      if (!TryChar(')')) return Error(pos_, "expected ',' or ')' in the IN list, got: ", Rest());
      Predicate in = Predicate::In(std::move(col.path), std::move(values));
      return negated ? Predicate::Not(std::move(in)) : in;
    }
    if (TryKeyword("between")) {
      LAKEML_ASSIGN_OR_RETURN(Literal lo_lit, ParseLiteral());
      LAKEML_ASSIGN_OR_RETURN(Scalar lo, Typed(lo_lit, col.type));
      if (!TryKeyword("and")) return Error(pos_, "expected AND in BETWEEN, got: ", Rest());
      LAKEML_ASSIGN_OR_RETURN(Literal hi_lit, ParseLiteral());
      LAKEML_ASSIGN_OR_RETURN(Scalar hi, Typed(hi_lit, col.type));
      Predicate between =
          Predicate::And(Predicate::Compare(col.path, Predicate::Op::kGe, std::move(lo)),
                         Predicate::Compare(col.path, Predicate::Op::kLe, std::move(hi)));
      return negated ? Predicate::Not(std::move(between)) : between;
    }
    return Error(pos_, "expected an operator, IS, IN or BETWEEN after the column, got: ", Rest());
  }

  std::optional<Predicate::Op> TryOperator() {
    SkipSpace();
    std::string_view r = text_.substr(pos_);
    using Op = Predicate::Op;
    struct {
      std::string_view symbol;
      Op op;
    } static constexpr kOps[] = {{"==", Op::kEq}, {"!=", Op::kNe}, {"<>", Op::kNe},
                                 {"<=", Op::kLe}, {">=", Op::kGe}, {"=", Op::kEq},
                                 {"<", Op::kLt},  {">", Op::kGt}};
    for (const auto& o : kOps) {
      if (r.substr(0, o.symbol.size()) == o.symbol) {
        pos_ += o.symbol.size();
        return o.op;
      }
    }
    return std::nullopt;
  }

  // One name segment: an identifier or a `quoted name` (`` escapes a backquote).
  Result<std::string> ParseName() {
    SkipSpace();
    const size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '`') {
      ++pos_;
      std::string name;
      while (true) {
        if (pos_ >= text_.size()) return Error(start, "unterminated quoted name");
        if (text_[pos_] == '`') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '`') {
            name.push_back('`');
            pos_ += 2;
            continue;
          }
          ++pos_;
          return name;
        }
        name.push_back(text_[pos_++]);
      }
    }
    if (pos_ >= text_.size() || !IsIdentStart(text_[pos_])) {
      return Error(start, "expected a column name, got: ", Rest());
    }
    while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  static const Field* FindField(const std::vector<Field>& fields, std::string_view name) {
    for (const Field& f : fields) {
      if (f.name == name) return &f;
    }
    for (const Field& f : fields) {
      if (f.name.size() == name.size() &&
          strncasecmp(f.name.data(), name.data(), name.size()) == 0) {
        return &f;
      }
    }
    return nullptr;
  }

  Result<Column> ParseColumn() {
    SkipSpace();
    const size_t start = pos_;
    Column col;
    const std::vector<Field>* fields = &schema_.fields();
    while (true) {
      const size_t name_start = pos_;
      LAKEML_ASSIGN_OR_RETURN(std::string name, ParseName());
      if (fields == nullptr) {
        return Error(name_start, "not a struct, cannot select a field of: ",
                     std::string(text_.substr(start, name_start - start - 1)));
      }
      const Field* f = FindField(*fields, name);
      if (f == nullptr) return Error(name_start, "unknown column: ", name);
      col.path.push_back(f->name);
      col.type = f->type;
      fields = f->type->id() == columnar::TypeId::kStruct && !f->type->is_variant()
                   ? &f->type->children()
                   : nullptr;
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        continue;
      }
      return col;
    }
  }

  Result<Literal> ParseLiteral() {
    SkipSpace();
    Literal lit{Literal::Kind::kNull, "", pos_};
    if (pos_ >= text_.size()) return Error(pos_, "expected a literal, got the end of the text");
    // Typed literal prefixes are accepted and ignored: the column decides the type.
    for (std::string_view prefix : {"date", "timestamp_ntz", "timestamp"}) {
      const size_t save = pos_;
      if (TryKeyword(prefix)) {
        SkipSpace();
        if (pos_ < text_.size() && text_[pos_] == '\'') break;
        pos_ = save;
      }
    }
    lit.offset = pos_;
    const char c = text_[pos_];
    if (c == '\'') {
      lit.kind = Literal::Kind::kString;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) return Error(lit.offset, "unterminated string literal");
        if (text_[pos_] == '\'') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
            lit.text.push_back('\'');
            pos_ += 2;
            continue;
          }
          ++pos_;
          return lit;
        }
        lit.text.push_back(text_[pos_++]);
      }
    }
    if (c == '-' || c == '+' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
      lit.kind = Literal::Kind::kNumber;
      const size_t start = pos_;
      ++pos_;
      while (pos_ < text_.size()) {
        const char d = text_[pos_];
        const bool exp_sign = (d == '-' || d == '+') && (text_[pos_ - 1] == 'e' ||
                                                         text_[pos_ - 1] == 'E');
        if (!(std::isdigit(static_cast<unsigned char>(d)) || d == '.' || d == 'e' || d == 'E' ||
              exp_sign)) {
          break;
        }
        ++pos_;
      }
      lit.text = std::string(text_.substr(start, pos_ - start));
      return lit;
    }
    if (TryKeyword("true")) {
      lit.kind = Literal::Kind::kTrue;
      lit.text = "true";
      return lit;
    }
    if (TryKeyword("false")) {
      lit.kind = Literal::Kind::kFalse;
      lit.text = "false";
      return lit;
    }
    if (TryKeyword("null")) return lit;
    return Error(pos_, "expected a literal, got: ", Rest());
  }

  Result<Scalar> Typed(const Literal& lit, const TypePtr& type) {
    if (!IsComparableType(*type)) {
      return Error(lit.offset, "cannot compare a column of type ", type->ToString());
    }
    if (lit.kind == Literal::Kind::kNull) return Scalar::Null(type);
    if ((lit.kind == Literal::Kind::kTrue || lit.kind == Literal::Kind::kFalse) &&
        type->id() != columnar::TypeId::kBoolean) {
      return Error(lit.offset, "a boolean literal does not fit ", type->ToString());
    }
    Result<Scalar> v = LiteralFromText(lit.text, lit.kind == Literal::Kind::kString, type);
    if (!v.ok()) return Error(lit.offset, v.status().message());
    return std::move(v).value();
  }

  std::string_view text_;
  const columnar::Schema& schema_;
  size_t pos_ = 0;
};

}  // namespace

Result<Predicate> Predicate::Parse(std::string_view text, const columnar::Schema& schema) {
  return Parser(text, schema).ParseAll();
}

}  // namespace lakeml::delta
