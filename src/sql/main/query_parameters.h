// QueryParameters: values for the parameter markers of a statement (sql-syntax): named
// markers (:name) and positional markers (?), as Spark's parameterized queries
// (spark.sql(sql, args)) bind them.
//
// Each value is a SQL constant expression kept as text ("42", "'it''s'", "DATE'2024-01-01'",
// "array(1, 2)"); the typed setters write that text. Substitute() replaces every marker of a
// parsed statement by the parsed value, so a value is an expression of its own, never spliced
// into the statement's text. A plain value type; not thread-safe to mutate.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "sql/parser/ast_node.h"

namespace lakeml::sql {

class QueryParameters {
 public:
  // Named values; names match markers case-insensitively.
  void SetExpression(const std::string& name, std::string sql) { named_[name] = std::move(sql); }
  void SetInt(const std::string& name, int64_t v) { SetExpression(name, IntLiteral(v)); }
  void SetDouble(const std::string& name, double v) { SetExpression(name, DoubleLiteral(v)); }
  void SetString(const std::string& name, std::string_view v) {
    SetExpression(name, StringLiteral(v));
  }
  void SetBool(const std::string& name, bool v) { SetExpression(name, v ? "TRUE" : "FALSE"); }
  void SetNull(const std::string& name) { SetExpression(name, "NULL"); }
  // Positional values, bound to the ? markers in order.
  void AddExpression(std::string sql) { positional_.push_back(std::move(sql)); }

  // The literal texts the typed setters use.
  static std::string IntLiteral(int64_t v);
  static std::string DoubleLiteral(double v);
  static std::string StringLiteral(std::string_view v);

  bool empty() const { return named_.empty() && positional_.empty(); }

  // Replaces the markers of `statement` by their values. Errors (Spark's classes):
  // UNBOUND_SQL_PARAMETER for a marker without a value, INVALID_QUERY_MIXED_QUERY_PARAMETERS
  // for a statement with both kinds, INVALID_SQL_ARG for a value that is not a constant
  // expression.
  Status Substitute(AstNode* statement) const;

 private:
  std::map<std::string, std::string> named_;
  std::vector<std::string> positional_;
};

}  // namespace lakeml::sql
