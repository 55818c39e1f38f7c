// FilterTokenStream: a cursor over the tokens of one MLflow search filter, with the pieces that
// the tracking and model registry filter grammars share: `clause AND clause ...` (OR refused
// with MLflow's message), order_by terms, comparators (= != < <= > >= LIKE ILIKE IN, NOT IN, IS
// [NOT] NULL) and parenthesized lists of quoted strings. Each grammar parses its own clauses on
// top. Thread-safety: thread-compatible; refers to the filter text and tokens, which must outlive
// it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "ml/tracking/filter_tokenizer.h"
#include "ml/tracking/search_filter.h"

namespace lakeml::ml {

class FilterTokenStream {
 public:
  struct OrderByTerm {
    FilterToken identifier;
    bool ascending = true;
  };
  // An order_by clause `identifier [ASC|DESC]`; otherwise INVALID_PARAMETER_VALUE
  // "Invalid order_by clause '<order_by>'. Could not be parsed.".
  static Result<OrderByTerm> ParseOrderByTerm(std::string_view order_by);

  FilterTokenStream(std::string_view filter, const std::vector<FilterToken>& tokens)
      : filter_(filter), tokens_(tokens) {}

  // Calls `parse_clause` for each clause of `clause (AND clause)*`; an empty filter has none.
  Result<std::vector<FilterClause>> ParseClauses(
      const std::function<Result<FilterClause>()>& parse_clause);
  // The comparator at the cursor.
  Result<FilterOp> ParseOp();
  // A list `('a', 'b', ...)` at the cursor.
  Status ParseList(std::vector<std::string>* list);

  bool AtEnd() const { return pos_ >= tokens_.size(); }
  // The token at the cursor. REQUIRES: !AtEnd().
  const FilterToken& Peek() const { return tokens_[pos_]; }
  const FilterToken& Next() { return tokens_[pos_++]; }
  bool IsKeyword(std::string_view keyword) const;
  // INVALID_PARAMETER_VALUE "Invalid clause(s) in filter string: '<filter>'".
  Status Invalid() const;
  std::string_view filter() const { return filter_; }

 private:
  std::string_view filter_;
  const std::vector<FilterToken>& tokens_;
  size_t pos_ = 0;
};

}  // namespace lakeml::ml
