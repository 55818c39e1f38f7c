#include "sql/main/query_parameters.h"

#include <strings.h>

#include <cmath>
#include <cstdio>

#include "base/str_cat.h"
#include "sql/common/sql_error.h"
#include "sql/parser/parser.h"

namespace lakeml::sql {
namespace {

void CollectParameterMarkers(AstNode* n, std::vector<AstPtr*>* out, AstPtr* self) {
  if (n->kind == NodeKind::kParameter) {
    out->push_back(self);
    return;
  }
  for (auto& c : n->children) {
    if (c != nullptr) CollectParameterMarkers(c.get(), out, &c);
  }
}

// Parameter values may reference no column and no subquery: constants only.
bool IsConstantParameter(const AstNode& n) {
  if (n.kind == NodeKind::kColumnRef || n.kind == NodeKind::kStar ||
      n.kind == NodeKind::kSubquery || n.kind == NodeKind::kExists ||
      n.kind == NodeKind::kParameter || n.kind == NodeKind::kQuery) {
    return false;
  }
  for (const auto& c : n.children) {
    if (c != nullptr && !IsConstantParameter(*c)) return false;
  }
  return true;
}

void PlaceParameterAt(AstNode* n, SourcePosition pos) {
  n->pos = pos;
  for (auto& c : n->children) {
    if (c != nullptr) PlaceParameterAt(c.get(), pos);
  }
}

}  // namespace

std::string QueryParameters::IntLiteral(int64_t v) {
  // -9223372036854775808 does not parse as a negated literal; write it as an expression.
  if (v == INT64_MIN) return "(-9223372036854775807L - 1L)";
  return StrCat(v, "L");
}

std::string QueryParameters::DoubleLiteral(double v) {
  if (std::isnan(v)) return "CAST('NaN' AS DOUBLE)";
  if (std::isinf(v)) return v > 0 ? "CAST('Infinity' AS DOUBLE)" : "CAST('-Infinity' AS DOUBLE)";
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.17gD", v);
  return buf;
}

std::string QueryParameters::StringLiteral(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

Status QueryParameters::Substitute(AstNode* statement) const {
  std::vector<AstPtr*> markers;
  for (auto& c : statement->children) {
    if (c != nullptr) CollectParameterMarkers(c.get(), &markers, &c);
  }
  if (markers.empty()) return Status::OK();
  bool named = false;
  bool positional = false;
  for (AstPtr* m : markers) ((*m)->text == "?" ? positional : named) = true;
  if (named && positional) {
    return SqlError::At((*markers[0])->pos, "INVALID_QUERY_MIXED_QUERY_PARAMETERS", "42613",
                        "Parameterized query must either use positional, or named parameters, "
                        "but not both.");
  }
  size_t next_positional = 0;
  for (AstPtr* m : markers) {
    const SourcePosition pos = (*m)->pos;
    const std::string& name = (*m)->text;
    const std::string* value = nullptr;
    if (name == "?") {
      if (next_positional < positional_.size()) value = &positional_[next_positional];
      ++next_positional;
    } else {
      for (const auto& [k, v] : named_) {
        if (strcasecmp(k.c_str(), name.c_str()) == 0) value = &v;
      }
    }
    if (value == nullptr) {
      const std::string shown = name == "?" ? StrCat("_", pos.offset) : name;
      return SqlError::At(pos, "UNBOUND_SQL_PARAMETER", "42P02",
                          StrCat("Found the unbound parameter: ", shown,
                                 ". Please, fix `args` and provide a mapping of the parameter to "
                                 "either a SQL literal or collection constructor functions such "
                                 "as `map()`, `array()`, `struct()`."));
    }
    Result<AstPtr> parsed = Parser::ParseExpression(*value);
    if (!parsed.ok() || !IsConstantParameter(**parsed)) {
      return SqlError::At(
          pos, "INVALID_SQL_ARG", "42K08",
          StrCat("The argument ", name == "?" ? "?" : name, " of `sql()` is invalid: ", *value,
                 " is not a constant expression. Consider to replace it either "
                 "by a SQL literal or by collection constructor functions such "
                 "as `map()`, `array()`, `struct()`."));
    }
    PlaceParameterAt(parsed->get(), pos);
    *m = std::move(*parsed);
  }
  return Status::OK();
}

}  // namespace lakeml::sql
