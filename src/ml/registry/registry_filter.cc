#include "ml/registry/registry_filter.h"

#include "ml/registry/registry_limits.h"
#include "ml/tracking/filter_token_stream.h"
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
  return op == FilterOp::kEq || op == FilterOp::kNe || op == FilterOp::kLt || op == FilterOp::kLe ||
         op == FilterOp::kGt || op == FilterOp::kGe;
}

class RegistryFilterParser {
 public:
  RegistryFilterParser(std::string_view filter, const std::vector<FilterToken>& tokens,
                       Target target)
      : stream_(filter, tokens), target_(target) {}

  Result<std::vector<FilterClause>> Run() {
    return stream_.ParseClauses([this] { return ParseClause(); });
  }

 private:
  Status Invalid() const { return stream_.Invalid(); }

  Result<FilterClause> ParseClause() {
    const FilterToken& ident = stream_.Next();
    if (ident.kind != Kind::kIdentifier) return Invalid();
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
    LAKEML_ASSIGN_OR_RETURN(clause.op, stream_.ParseOp());
    // IS [NOT] NULL takes no value; Validate() refuses it with MLflow's comparator message.
    if (clause.op != FilterOp::kIsNull && clause.op != FilterOp::kIsNotNull) {
      if (stream_.AtEnd()) return Invalid();
      const FilterToken& value = stream_.Peek();
      if (value.kind == Kind::kLeftParen) {
        if (clause.entity == FilterEntity::kTag) return QuotedValueError("tag", value);
        if (clause.key != "run_id") {
          return MlflowError::InvalidParameterValue(
              "Only the 'run_id' attribute supports comparison with a list of quoted string "
              "values.");
        }
        LAKEML_RETURN_IF_ERROR(stream_.ParseList(&clause.list));
      } else if (value.kind == Kind::kString || value.kind == Kind::kNumber) {
        stream_.Next();
        clause.text = value.text;
        clause.numeric = value.kind == Kind::kNumber;
      } else {
        return Invalid();
      }
    }
    LAKEML_RETURN_IF_ERROR(Validate(&clause));
    return clause;
  }

  Status QuotedValueError(std::string_view what, const FilterToken& value) const {
    return MlflowError::InvalidParameterValue("Expected a quoted string value for ", what,
                                              " (e.g. 'my-value'). Got value ", value.text);
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

  FilterTokenStream stream_;
  Target target_;
};

}  // namespace

Result<std::vector<FilterClause>> RegistryFilter::Parse(std::string_view filter, Target target) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<FilterToken> tokens,
                          FilterTokenizer::Tokenize(filter, "filter"));
  return RegistryFilterParser(filter, tokens, target).Run();
}

Result<OrderByClause> RegistryFilter::ParseOrderBy(std::string_view order_by, Target target) {
  LAKEML_ASSIGN_OR_RETURN(FilterTokenStream::OrderByTerm term,
                          FilterTokenStream::ParseOrderByTerm(order_by));
  OrderByClause clause;
  clause.entity = FilterEntity::kAttribute;
  clause.ascending = term.ascending;
  const std::string& entity = term.identifier.entity;
  const std::string_view column =
      entity.empty() || entity == "attribute" ? OrderColumn(term.identifier.text, target) : "";
  if (column.empty()) {
    return MlflowError::InvalidParameterValue(
        "Invalid order by key '", term.identifier.text, "' specified. Valid keys are ",
        target == Target::kRegisteredModels ? kModelOrderKeys : kVersionOrderKeys);
  }
  clause.key = std::string(column);
  return clause;
}

}  // namespace lakeml::ml
