#include "ml/tracking/filter_token_stream.h"

#include "ml/tracking/mlflow_error.h"

namespace lakeml::ml {

using Kind = FilterToken::Kind;

Result<FilterTokenStream::OrderByTerm> FilterTokenStream::ParseOrderByTerm(
    std::string_view order_by) {
  auto invalid = [&]() {
    return MlflowError::InvalidParameterValue("Invalid order_by clause '", order_by,
                                              "'. Could not be parsed.");
  };
  LAKEML_ASSIGN_OR_RETURN(std::vector<FilterToken> tokens,
                          FilterTokenizer::Tokenize(order_by, "order_by clause"));
  if (tokens.empty() || tokens.size() > 2 || tokens[0].kind != Kind::kIdentifier) return invalid();
  OrderByTerm term{std::move(tokens[0]), true};
  if (tokens.size() == 2) {
    if (tokens[1].kind != Kind::kOperator) return invalid();
    if (tokens[1].text == "DESC") {
      term.ascending = false;
    } else if (tokens[1].text != "ASC") {
      return invalid();
    }
  }
  return term;
}

Status FilterTokenStream::Invalid() const {
  return MlflowError::InvalidParameterValue("Invalid clause(s) in filter string: '", filter_, "'");
}

bool FilterTokenStream::IsKeyword(std::string_view keyword) const {
  return pos_ < tokens_.size() && tokens_[pos_].kind == Kind::kOperator &&
         tokens_[pos_].text == keyword;
}

Result<std::vector<FilterClause>> FilterTokenStream::ParseClauses(
    const std::function<Result<FilterClause>()>& parse_clause) {
  std::vector<FilterClause> clauses;
  while (pos_ < tokens_.size()) {
    LAKEML_ASSIGN_OR_RETURN(FilterClause clause, parse_clause());
    clauses.push_back(std::move(clause));
    if (pos_ == tokens_.size()) break;
    if (IsKeyword("OR")) {
      return MlflowError::InvalidParameterValue("Invalid clause(s) in filter string: '", filter_,
                                                "'. Search filter contained OR, which is not "
                                                "supported. Try using AND instead.");
    }
    if (!IsKeyword("AND")) return Invalid();
    ++pos_;
    if (pos_ == tokens_.size()) return Invalid();
  }
  return clauses;
}

Result<FilterOp> FilterTokenStream::ParseOp() {
  if (pos_ >= tokens_.size() || tokens_[pos_].kind != Kind::kOperator) return Invalid();
  const std::string& t = tokens_[pos_++].text;
  if (t == "=") return FilterOp::kEq;
  if (t == "!=") return FilterOp::kNe;
  if (t == "<") return FilterOp::kLt;
  if (t == "<=") return FilterOp::kLe;
  if (t == ">") return FilterOp::kGt;
  if (t == ">=") return FilterOp::kGe;
  if (t == "LIKE") return FilterOp::kLike;
  if (t == "ILIKE") return FilterOp::kILike;
  if (t == "IN") return FilterOp::kIn;
  if (t == "NOT" && IsKeyword("IN")) {
    ++pos_;
    return FilterOp::kNotIn;
  }
  if (t == "IS") {
    bool negated = false;
    if (IsKeyword("NOT")) {
      negated = true;
      ++pos_;
    }
    if (!IsKeyword("NULL")) return Invalid();
    ++pos_;
    return negated ? FilterOp::kIsNotNull : FilterOp::kIsNull;
  }
  return Invalid();
}

Status FilterTokenStream::ParseList(std::vector<std::string>* list) {
  if (!(pos_ < tokens_.size() && tokens_[pos_].kind == Kind::kLeftParen)) {
    return MlflowError::InvalidParameterValue(
        "While parsing a list in the query, expected a non-empty list of string values, but "
        "got ill-formed list. Filter: '",
        filter_, "'");
  }
  ++pos_;
  while (true) {
    if (pos_ >= tokens_.size() || tokens_[pos_].kind != Kind::kString) {
      return MlflowError::InvalidParameterValue(
          "While parsing a list in the query, expected string value, punctuation, or "
          "whitespace, but got different type in list. Filter: '",
          filter_, "'");
    }
    list->push_back(tokens_[pos_++].text);
    if (pos_ < tokens_.size() && tokens_[pos_].kind == Kind::kComma) {
      ++pos_;
      continue;
    }
    if (pos_ < tokens_.size() && tokens_[pos_].kind == Kind::kRightParen) {
      ++pos_;
      return Status::OK();
    }
    return Invalid();
  }
}

}  // namespace lakeml::ml
