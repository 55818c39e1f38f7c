// Parser: a hand-written recursive-descent parser for the Databricks SQL dialect (Spark SQL,
// ANSI mode) that builds AstNode trees. Expressions use precedence climbing with Spark's
// operator precedence. Keywords are contextual (see KeywordTable).
//
// Parse and ParseExpression are static and thread-safe; a Parser object holds the state of one
// parse and is used by one thread. Its implementation is split by grammar area over
// parser.cc (statements and utility commands), parser_query.cc (queries), parser_relation.cc
// (FROM items and joins), parser_expression.cc (operators), parser_primary.cc (primary
// expressions, functions, windows), parser_type.cc (types, CAST, intervals) and
// parser_ddl.cc / parser_dml.cc (issue-5 statements).
//
// Nesting deeper than kMaxDepth (parentheses, subqueries, operator chains) is a
// PARSE_SYNTAX_ERROR, so that no input can overflow the stack here or in the recursive
// consumers of the tree (printer, Equals, destructors).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/parser/ast_node.h"
#include "sql/parser/token.h"

namespace lakeml::sql {

class Parser {
 public:
  static constexpr int kMaxDepth = 1000;

  // The statements of `sql`, separated by `;` (empty statements between `;` are skipped, but
  // input with no statement at all is PARSE_EMPTY_STATEMENT).
  static Result<std::vector<std::unique_ptr<Statement>>> Parse(std::string_view sql);
  // One expression, the whole input.
  static Result<AstPtr> ParseExpression(std::string_view sql);

 private:
  // Counts nesting levels entered in one function and gives them back when it returns.
  class DepthScope {
   public:
    explicit DepthScope(Parser* parser) : parser_(parser) {}
    ~DepthScope() { parser_->depth_ -= count_; }
    DepthScope(const DepthScope&) = delete;
    DepthScope& operator=(const DepthScope&) = delete;
    Status Push();

   private:
    Parser* parser_;
    int count_ = 0;
  };

  Parser(std::string_view sql, std::vector<Token> tokens) : sql_(sql), tokens_(std::move(tokens)) {}
  Status CloseAngle();  // Consumes one '>' (splitting '>>' and '>>>' tokens in type syntax).

  // Tokens.
  const Token& Peek(size_t k = 0) const;
  const Token& Next();
  bool IsKw(std::string_view kw, size_t k = 0) const { return Peek(k).IsKeyword(kw); }
  bool IsKws(std::initializer_list<std::string_view> kws) const;
  bool AcceptKw(std::string_view kw);
  bool AcceptKws(std::initializer_list<std::string_view> kws);
  Status ExpectKw(std::string_view kw);
  bool IsOp(std::string_view op, size_t k = 0) const { return Peek(k).IsOperator(op); }
  bool AcceptOp(std::string_view op);
  Status ExpectOp(std::string_view op);
  Status Error() const;
  AstPtr Node(NodeKind kind) const;
  bool IsIdentifier(size_t k = 0) const;
  Result<std::string> ParseIdentifier();
  Result<std::vector<std::string>> ParseQualifiedName();
  Result<std::vector<std::string>> ParseIdentifierList();  // ( a, b, ... )
  Result<std::string> ParseStringLiteral();

  // Statements (parser.cc).
  Result<AstPtr> ParseStatement();
  Result<AstPtr> ParseExplain();
  Result<AstPtr> ParseUse();
  Result<AstPtr> ParseShow();
  Result<AstPtr> ParseDescribe();
  Result<AstPtr> ParseSetConfig();
  Result<AstPtr> ParseResetConfig();
  std::string RawTextUntilEnd();

  // Queries and relations (parser_query.cc).
  Result<AstPtr> ParseQuery();
  Result<AstPtr> ParseWith();
  Result<AstPtr> ParseSetOperation(int min_precedence);
  Result<AstPtr> ParseQueryPrimary();
  Result<AstPtr> ParseSelect();
  Result<AstPtr> ParseSelectItem();
  Result<AstPtr> ParseValues();
  Result<AstPtr> ParseGroupBy();
  Result<AstPtr> ParseOrderByList();
  Result<AstPtr> ParseSortItem();
  Result<AstPtr> ParseRelation();
  Result<AstPtr> ParseRelationPrimary();
  Result<AstPtr> ParseTableName();
  Result<AstPtr> ParseRelationSuffixes(AstPtr relation);
  Result<AstPtr> ParsePivot(AstPtr source);
  Result<AstPtr> ParseUnpivot(AstPtr source);
  Result<AstPtr> ParseLateralView();
  Status ParseRelationAlias(AstNode* relation);
  bool StartsQuery(size_t k = 0) const;

  // Expressions (parser_expression.cc).
  Result<AstPtr> ParseExpr();
  Result<AstPtr> ParseOr();
  Result<AstPtr> ParseAnd();
  Result<AstPtr> ParseNot();
  Result<AstPtr> ParsePredicate();
  Result<AstPtr> ParseBinary(int min_precedence);
  Result<AstPtr> ParseUnary();
  Result<AstPtr> ParsePostfix();
  Result<std::vector<AstPtr>> ParseExprList();       // e1, e2, ...
  Result<AstPtr> ParseNamedExprList(NodeKind kind);  // kList of kSelectItem with aliases.

  // Primary expressions (parser_primary.cc).
  Result<AstPtr> ParsePrimary();
  Result<AstPtr> ParseLiteral();
  Result<AstPtr> ParseInterval();
  Result<AstPtr> ParseCase();
  Result<AstPtr> ParseCast();
  Result<AstPtr> ParseFunction(std::vector<std::string> name);
  Result<AstPtr> ParseFunctionArgument();
  Result<AstPtr> ParseWindowSpec();
  Result<AstPtr> ParseFrameBound();
  Result<AstPtr> ParseType();
  Result<AstPtr> ParseParenthesized();
  bool StartsIntervalPart() const;  // sql-syntax
  Result<AstPtr> ParseTrim();  // sql-syntax
  Result<AstPtr> ParseSpecialFunction();
  bool StartsLambda() const;
  // Interval units in canonical (singular, upper-case) form; empty when `t` is not one.
  static std::string IntervalUnitOf(const Token& t);

  // DDL (parser_ddl.cc).
  Result<AstPtr> ParseCreate();
  Result<AstPtr> ParseCreateTable(uint32_t flags);
  Result<AstPtr> ParseCreateView(uint32_t flags);
  Result<AstPtr> ParseColumnDef();
  Result<AstPtr> ParseTableClause();
  Result<AstPtr> ParsePropertyList(std::string clause);
  Result<AstPtr> ParseDrop();
  Result<AstPtr> ParseAlter();

  // DML (parser_dml.cc).
  Result<AstPtr> ParseInsert();
  Result<AstPtr> ParseUpdate();
  Result<AstPtr> ParseDelete();
  Result<AstPtr> ParseMerge();
  Result<AstPtr> ParseMergeClause();
  Result<AstPtr> ParseAssignment();
  Result<AstPtr> ParseCopyInto();
  Result<AstPtr> ParseOptimize();
  Result<AstPtr> ParseVacuum();
  Result<AstPtr> ParseRestore();
  Result<AstPtr> ParseTimeTravel();
  Result<AstPtr> ParseWhereClause();
  // EXECUTE IMMEDIATE (parser_execute_immediate.cc, sql-gaps).
  Result<AstPtr> ParseExecuteImmediate();

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  int backtrack_budget_ = 64;  // Query-or-expression retries left (ParseParenthesized).
  // sql-gaps: parameters of the lambdas being parsed; inside a lambda body they are column
  // names even when they are reserved words (`(left, right) -> left < right`, as in Spark).
  std::vector<std::string> lambda_params_;
};

}  // namespace lakeml::sql
