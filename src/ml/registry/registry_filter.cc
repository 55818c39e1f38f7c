#include "ml/registry/registry_filter.h"

#include "ml/registry/registry_limits.h"
#include "ml/tracking/filter_tokenizer.h"
#include "ml/tracking/mlflow_error.h"

namespace lakeml::ml {
namespace {

using Kind = FilterToken::Kind;
using Target = RegistryFilter::Target;

// DO NOT CHANGE: MLflow's key sets, as its messages print them.
constexpr std::string_view kModelFilterKeys = "{'name'}";
constexpr std::string_view kVersionFilterKeys =
    "{'name', 'version_number', 'run_id', 'source_path'}";
constexpr std::string_view kModelOrderKeys =
    "['name', 'creation_timestamp', 'last_updated_timestamp']";
constexpr std::string_view kVersionOrderKeys =
    "{'name', 'version_number', 'creation_timestamp', 'last_updated_timestamp'}";

// The column of a filter attribute, or "" when `key` is not one for `target`.
std::string_view FilterColumn(std::string_view key, Target target) {
  if (key == "name") return "name";
  if (target == Target::kRegisteredModels) return "";
  if (key == "version_number") return "version";
  if (key == "run_id") return "run_id";
  if (key == "source_path") return "source";
  return "";
}

// The column of an order-by key, or "".
std::string_view OrderColumn(std::string_view key, Target target) {
  if (key == "name") return "name";
  if (key == "creation_timestamp") return "creation_time";
  if (key == "last_updated_timestamp") return "last_updated_time";
  if (target == Target::kRegisteredModels && key == "timestamp") return "last_updated_time";
  if (target == Target::kModelVersions && key == "version_number") return "version";
  return "";
}

// kAttribute or kTag for the identifier's entity part.
Result<FilterEntity> RegistryEntityOf(std::string_view entity) {
  if (entity.empty() || entity == "attribute") return FilterEntity::kAttribute;
  if (entity == "tag" || entity == "tags") return FilterEntity::kTag;
  return MlflowError::InvalidParameterValue(
      "Invalid entity type '", entity, "'. Valid entity types are ('attribute', 'tag', 'tags')");
}

bool IsStringOp(FilterOp op) {
  return op == FilterOp::kEq || op == FilterOp::kNe || op == FilterOp::kLike ||
         op == FilterOp::kILike;
}

bool IsOrderingOp(FilterOp op) {
  return op == FilterOp::kEq || op == FilterOp::kNe || op == FilterOp::kLt ||
         op == FilterOp::kLe || op == FilterOp::kGt || op == FilterOp::kGe;
}

class RegistryFilterParser {
 public:
  RegistryFilterParser(std::string_view filter, const std::vector<FilterToken>& tokens,
                       Target target)
      : filter_(filter), tokens_(tokens), target_(target) {}

  Result<std::vector<FilterClause>> Run() {
    std::vector<FilterClause> clauses;
    while (pos_ < tokens_.size()) {
      LAKEML_ASSIGN_OR_RETURN(FilterClause clause, ParseClause());
      clauses.push_back(std::move(clause));
      if (pos_ == tokens_.size()) break;
      if (!IsKeyword("AND")) return Invalid();
      ++pos_;
      if (pos_ == tokens_.size()) return Invalid();
    }
    return clauses;
  }

 private:
  Status Invalid() const {
    return MlflowError::InvalidParameterValue("Invalid clause(s) in filter string: '", filter_,
                                              "'");
  }
  bool IsKeyword(std::string_view k) const {
    return pos_ < tokens_.size() && tokens_[pos_].kind == Kind::kOperator &&
           tokens_[pos_].text == k;
  }

  Result<FilterOp> ParseOp() {
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
    return Invalid();
  }

  Result<FilterClause> ParseClause() {
    const FilterToken& ident = tokens_[pos_];
    if (ident.kind != Kind::kIdentifier) return Invalid();
    ++pos_;
    FilterClause clause;
    LAKEML_ASSIGN_OR_RETURN(clause.entity, RegistryEntityOf(ident.entity));
    clause.key = ident.text;
    if (clause.entity == FilterEntity::kAttribute) {
      const std::string_view column = FilterColumn(clause.key, target_);
      if (column.empty()) {
        return MlflowError::InvalidParameterValue(
            "Invalid attribute key '", clause.key, "' specified. Valid keys are '",
            target_ == Target::kRegisteredModels ? kModelFilterKeys : kVersionFilterKeys, "'");
      }
      clause.key = std::string(column);
    }
    LAKEML_ASSIGN_OR_RETURN(clause.op, ParseOp());
    if (pos_ >= tokens_.size()) return Invalid();
    const FilterToken& value = tokens_[pos_];
    if (value.kind == Kind::kLeftParen) {
      if (clause.entity == FilterEntity::kTag) return QuotedValueError("tag", value);
      if (clause.key != "run_id") {
        return MlflowError::InvalidParameterValue(
            "Only the 'run_id' attribute supports comparison with a list of quoted string "
            "values.");
      }
      LAKEML_RETURN_IF_ERROR(ParseList(&clause.list));
    } else if (value.kind == Kind::kString || value.kind == Kind::kNumber) {
      ++pos_;
      clause.text = value.text;
      clause.numeric = value.kind == Kind::kNumber;
    } else {
      return Invalid();
    }
    LAKEML_RETURN_IF_ERROR(Validate(&clause));
    return clause;
  }

  Status QuotedValueError(std::string_view what, const FilterToken& value) const {
    return MlflowError::InvalidParameterValue("Expected a quoted string value for ", what,
                                              " (e.g. 'my-value'). Got value ", value.text);
  }

  Status ParseList(std::vector<std::string>* list) {
    ++pos_;  // (
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

  Status Validate(FilterClause* clause) const {
    const std::string_view op = SearchFilter::OpText(clause->op);
    if (clause->entity == FilterEntity::kTag) {
      if (!IsStringOp(clause->op)) {
        return MlflowError::InvalidParameterValue("Invalid comparator for tag: ", op);
      }
      if (clause->numeric) {
        return MlflowError::InvalidParameterValue(
            "Expected a quoted string value for tag (e.g. 'my-value'). Got value ", clause->text);
      }
      return Status::OK();
    }
    if (clause->key == "version") {
      if (!IsOrderingOp(clause->op)) {
        return MlflowError::InvalidParameterValue("Invalid comparator for attribute ",
                                                  "version_number: ", op);
      }
      // A quoted integer compares as the number, as MLflow's SQL store does.
      auto version = RegistryLimits::ParseVersion(clause->text);
      if (!version.ok()) {
        return MlflowError::InvalidParameterValue(
            "Expected numeric value type for numeric attribute: version_number. Found ",
            clause->text);
      }
      clause->numeric = true;
      clause->number = static_cast<double>(*version);
      return Status::OK();
    }
    const bool in_ok = clause->op == FilterOp::kIn && clause->key == "run_id";
    if (!IsStringOp(clause->op) && !in_ok) {
      return MlflowError::InvalidParameterValue("Invalid comparator for attribute: ", op);
    }
    if (clause->op == FilterOp::kIn && clause->list.empty()) return Invalid();
    if (clause->op != FilterOp::kIn && clause->numeric) {
      return MlflowError::InvalidParameterValue(
          "Expected a quoted string value or a list of quoted string values for attributes. "
          "Got value ",
          clause->text);
    }
    return Status::OK();
  }

  std::string_view filter_;
  const std::vector<FilterToken>& tokens_;
  Target target_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::vector<FilterClause>> RegistryFilter::Parse(std::string_view filter, Target target) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<FilterToken> tokens,
                          FilterTokenizer::Tokenize(filter, "filter"));
  return RegistryFilterParser(filter, tokens, target).Run();
}

Result<OrderByClause> RegistryFilter::ParseOrderBy(std::string_view order_by, Target target) {
  auto invalid = [&]() {
    return MlflowError::InvalidParameterValue("Invalid order_by clause '", order_by,
                                              "'. Could not be parsed.");
  };
  LAKEML_ASSIGN_OR_RETURN(std::vector<FilterToken> tokens,
                          FilterTokenizer::Tokenize(order_by, "order_by clause"));
  if (tokens.empty() || tokens.size() > 2 || tokens[0].kind != Kind::kIdentifier) return invalid();
  OrderByClause clause;
  clause.entity = FilterEntity::kAttribute;
  if (tokens.size() == 2) {
    if (tokens[1].kind != Kind::kOperator) return invalid();
    if (tokens[1].text == "DESC") {
      clause.ascending = false;
    } else if (tokens[1].text != "ASC") {
      return invalid();
    }
  }
  const std::string& entity = tokens[0].entity;
  const std::string_view column =
      entity.empty() || entity == "attribute" ? OrderColumn(tokens[0].text, target) : "";
  if (column.empty()) {
    return MlflowError::InvalidParameterValue(
        "Invalid order by key '", tokens[0].text, "' specified. Valid keys are ",
        target == Target::kRegisteredModels ? kModelOrderKeys : kVersionOrderKeys);
  }
  clause.key = std::string(column);
  return clause;
}

}  // namespace lakeml::ml
