// AstPrinter: prints an AST back to canonical SQL text. Operators are fully parenthesized,
// keywords upper-case, identifiers back-quoted when they are keywords or not plain words, and
// strings single-quoted with backslash escapes, so that Parser::Parse(Print(ast)) yields a tree
// that Equals `ast`. Used by round-trip tests, stored view text and (later) Spark's automatic
// column names.
//
// Stateless; all functions are thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/parser/ast_node.h"

namespace lakeml::sql {

class AstPrinter {
 public:
  // Canonical SQL for a statement, query, relation or expression.
  static std::string Print(const AstNode& node);
  // `name` back-quoted when it must be (keyword, non-word characters), else as is.
  static std::string QuoteIdentifier(std::string_view name);
  // A single-quoted string literal whose text decodes back to `value`.
  static std::string QuoteString(std::string_view value);
  // A dotted name, each part quoted when it must be.
  static std::string Name(const std::vector<std::string>& parts);

 private:
  // Expressions (ast_printer.cc).
  static std::string Expr(const AstNode& node);
  static std::string ExprList(const std::vector<AstPtr>& nodes, size_t begin = 0);
  static std::string NameList(const std::vector<std::string>& names);
  static std::string Function(const AstNode& node);
  static std::string WindowSpec(const AstNode& node);
  static std::string SortItems(const std::vector<AstPtr>& items);
  static std::string Type(const AstNode& node);
  static std::string Interval(const AstNode& node);
  // Queries, relations and statements (ast_printer_statement.cc).
  static std::string Query(const AstNode& node);
  static std::string QueryTerm(const AstNode& node);
  static std::string Select(const AstNode& node);
  static std::string Relation(const AstNode& node, bool nested);
  static std::string Alias(const AstNode& node);
  static std::string Clause(const AstNode& node);
  static std::string Statement(const AstNode& node);
  static std::string Ddl(const AstNode& node);
  static std::string Dml(const AstNode& node);
};

}  // namespace lakeml::sql
