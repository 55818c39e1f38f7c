#include "ml/tracking/search_filter.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "ml/tracking/filter_token_stream.h"
#include "ml/tracking/filter_tokenizer.h"
#include "ml/tracking/mlflow_error.h"

namespace lakeml::ml {
namespace {

using Kind = FilterToken::Kind;
using Target = SearchFilter::Target;

// DO NOT CHANGE: MLflow's search grammar (mlflow/utils/search_utils.py).
constexpr std::array<std::string_view, 5> kRunStringAttributes = {"run_id", "run_name", "status",
                                                                  "user_id", "artifact_uri"};
constexpr std::array<std::string_view, 3> kRunNumericAttributes = {"start_time", "end_time",
                                                                   "created"};
constexpr std::array<std::string_view, 1> kExperimentStringAttributes = {"name"};
constexpr std::array<std::string_view, 2> kExperimentNumericAttributes = {"creation_time",
                                                                          "last_update_time"};
constexpr std::array<std::string_view, 3> kDatasetKeys = {"name", "digest", "context"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& values, std::string_view v) {
  for (std::string_view x : values) {
    if (x == v) return true;
  }
  return false;
}

template <size_t N>
std::string QuotedList(const std::array<std::string_view, N>& values) {
  std::string out = "[";
  for (size_t i = 0; i < N; ++i) out += StrCat(i ? ", '" : "'", values[i], "'");
  return out + "]";
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Result<FilterEntity> EntityOf(std::string_view entity, Target target) {
  const std::string e = LowerAscii(entity);
  if (e.empty() || e == "attribute" || e == "attributes" || e == "attr" || e == "run") {
    return FilterEntity::kAttribute;
  }
  if (e == "tag" || e == "tags") return FilterEntity::kTag;
  if (target == Target::kRuns) {
    if (e == "metric" || e == "metrics") return FilterEntity::kMetric;
    if (e == "param" || e == "params" || e == "parameter" || e == "parameters") {
      return FilterEntity::kParam;
    }
    if (e == "dataset" || e == "datasets") return FilterEntity::kDataset;
    return MlflowError::InvalidParameterValue(
        "Invalid entity type '", entity,
        "'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']");
  }
  return MlflowError::InvalidParameterValue("Invalid entity type '", entity,
                                            "'. Valid values are ['tag', 'attribute']");
}

Status CheckAttributeKey(std::string_view key, Target target) {
  if (target == Target::kRuns) {
    if (Contains(kRunStringAttributes, key) || Contains(kRunNumericAttributes, key)) {
      return Status::OK();
    }
    return MlflowError::InvalidParameterValue(
        "Invalid attribute key '", key, "' specified. Valid keys are '",
        "['run_id', 'run_name', 'status', 'user_id', 'artifact_uri', 'start_time', 'end_time', "
        "'created']'");
  }
  if (Contains(kExperimentStringAttributes, key) || Contains(kExperimentNumericAttributes, key)) {
    return Status::OK();
  }
  return MlflowError::InvalidParameterValue(
      "Invalid attribute key '", key,
      "' specified. Valid keys are '['name', 'creation_time', 'last_update_time']'");
}

bool ParseNumber(std::string_view text, double* out) {
  if (text.empty() || text.size() > 64) return false;
  const std::string copy(text);
  char* end = nullptr;
  *out = std::strtod(copy.c_str(), &end);
  return end == copy.c_str() + copy.size() && std::isfinite(*out);
}

// Comparator sets, MLflow's names for them in messages.
constexpr std::string_view kNumericOps = "{'>', '>=', '!=', '=', '<', '<='}";
constexpr std::string_view kKeyValueOps = "{'!=', '=', 'LIKE', 'ILIKE'}";
constexpr std::string_view kStringAttributeOps = "{'!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}";

bool IsNumericOp(FilterOp op) {
  return op == FilterOp::kEq || op == FilterOp::kNe || op == FilterOp::kLt || op == FilterOp::kLe ||
         op == FilterOp::kGt || op == FilterOp::kGe;
}

class FilterParser {
 public:
  FilterParser(std::string_view filter, const std::vector<FilterToken>& tokens, Target target)
      : stream_(filter, tokens), target_(target) {}

  Result<std::vector<FilterClause>> Run() {
    return stream_.ParseClauses([this] { return ParseClause(); });
  }

 private:
  Status Invalid() const { return stream_.Invalid(); }

  Status ComparatorError(FilterOp op, std::string_view valid) const {
    return MlflowError::InvalidParameterValue("Invalid comparator '", SearchFilter::OpText(op),
                                              "' not one of '", valid, "'");
  }

  Result<FilterClause> ParseClause() {
    const FilterToken& ident = stream_.Next();
    if (ident.kind != Kind::kIdentifier) return Invalid();
    FilterClause clause;
    LAKEML_ASSIGN_OR_RETURN(clause.entity, EntityOf(ident.entity, target_));
    clause.key = ident.text;
    LAKEML_ASSIGN_OR_RETURN(clause.op, stream_.ParseOp());
    if (clause.op == FilterOp::kIsNull || clause.op == FilterOp::kIsNotNull) {
      if (clause.entity != FilterEntity::kParam && clause.entity != FilterEntity::kTag) {
        return ComparatorError(
            clause.op, clause.entity == FilterEntity::kMetric ? kNumericOps : kStringAttributeOps);
      }
      return clause;
    }
    if (clause.op == FilterOp::kIn || clause.op == FilterOp::kNotIn) {
      LAKEML_RETURN_IF_ERROR(stream_.ParseList(&clause.list));
    } else {
      if (stream_.AtEnd()) return Invalid();
      const FilterToken& value = stream_.Next();
      if (value.kind == Kind::kNumber) {
        clause.numeric = true;
        clause.text = value.text;
      } else if (value.kind == Kind::kString) {
        clause.text = value.text;
      } else {
        return Invalid();
      }
    }
    LAKEML_RETURN_IF_ERROR(Validate(&clause));
    return clause;
  }

  Status Validate(FilterClause* clause) const {
    switch (clause->entity) {
      case FilterEntity::kMetric:
        if (!IsNumericOp(clause->op)) return ComparatorError(clause->op, kNumericOps);
        if (!clause->numeric || !ParseNumber(clause->text, &clause->number)) {
          return MlflowError::InvalidParameterValue(
              "Expected numeric value type for metric. Found ", clause->text);
        }
        return Status::OK();
      case FilterEntity::kParam:
      case FilterEntity::kTag: {
        const bool ok_op = clause->op == FilterOp::kEq || clause->op == FilterOp::kNe ||
                           clause->op == FilterOp::kLike || clause->op == FilterOp::kILike;
        if (!ok_op) return ComparatorError(clause->op, kKeyValueOps);
        if (clause->numeric) {
          return MlflowError::InvalidParameterValue(
              "Expected a quoted string value for ",
              clause->entity == FilterEntity::kParam ? "param" : "tag",
              " (e.g. 'my-value'). Got value ", clause->text);
        }
        return Status::OK();
      }
      case FilterEntity::kDataset:
        if (!Contains(kDatasetKeys, clause->key)) {
          return MlflowError::InvalidParameterValue(
              "Invalid dataset key '", clause->key,
              "' specified. Valid keys are '['name', 'digest', 'context']'");
        }
        [[fallthrough]];
      case FilterEntity::kAttribute: {
        if (clause->entity == FilterEntity::kAttribute) {
          LAKEML_RETURN_IF_ERROR(CheckAttributeKey(clause->key, target_));
          if (clause->key == "created") clause->key = "start_time";
        }
        if (clause->entity == FilterEntity::kAttribute &&
            SearchFilter::IsNumericAttribute(clause->key, target_)) {
          if (!IsNumericOp(clause->op)) return ComparatorError(clause->op, kNumericOps);
          if (!clause->numeric || !ParseNumber(clause->text, &clause->number)) {
            return MlflowError::InvalidParameterValue(
                "Expected numeric value type for numeric attribute: ", clause->key, ". Found ",
                clause->text);
          }
          return Status::OK();
        }
        const bool list_op = clause->op == FilterOp::kIn || clause->op == FilterOp::kNotIn;
        const bool ok_op = clause->op == FilterOp::kEq || clause->op == FilterOp::kNe ||
                           clause->op == FilterOp::kLike || clause->op == FilterOp::kILike ||
                           (list_op && target_ == Target::kRuns);
        if (!ok_op) return ComparatorError(clause->op, kStringAttributeOps);
        if (clause->numeric) {
          return MlflowError::InvalidParameterValue(
              "Expected a quoted string value for attributes. Got value ", clause->text);
        }
        return Status::OK();
      }
    }
    return Invalid();
  }

  FilterTokenStream stream_;
  Target target_;
};

}  // namespace

std::string_view SearchFilter::OpText(FilterOp op) {
  switch (op) {
    case FilterOp::kEq:
      return "=";
    case FilterOp::kNe:
      return "!=";
    case FilterOp::kLt:
      return "<";
    case FilterOp::kLe:
      return "<=";
    case FilterOp::kGt:
      return ">";
    case FilterOp::kGe:
      return ">=";
    case FilterOp::kLike:
      return "LIKE";
    case FilterOp::kILike:
      return "ILIKE";
    case FilterOp::kIn:
      return "IN";
    case FilterOp::kNotIn:
      return "NOT IN";
    case FilterOp::kIsNull:
      return "IS NULL";
    case FilterOp::kIsNotNull:
      return "IS NOT NULL";
  }
  return "?";
}

bool SearchFilter::IsNumericAttribute(std::string_view key, Target target) {
  return target == Target::kRuns ? Contains(kRunNumericAttributes, key)
                                 : Contains(kExperimentNumericAttributes, key);
}

Result<std::vector<FilterClause>> SearchFilter::Parse(std::string_view filter, Target target) {
  LAKEML_ASSIGN_OR_RETURN(std::vector<FilterToken> tokens,
                          FilterTokenizer::Tokenize(filter, "filter"));
  return FilterParser(filter, tokens, target).Run();
}

Result<OrderByClause> SearchFilter::ParseOrderBy(std::string_view order_by, Target target) {
  LAKEML_ASSIGN_OR_RETURN(FilterTokenStream::OrderByTerm term,
                          FilterTokenStream::ParseOrderByTerm(order_by));
  OrderByClause clause;
  clause.ascending = term.ascending;
  LAKEML_ASSIGN_OR_RETURN(clause.entity, EntityOf(term.identifier.entity, target));
  clause.key = term.identifier.text;
  if (clause.entity == FilterEntity::kDataset) {
    return MlflowError::InvalidParameterValue("Invalid order_by clause '", order_by,
                                              "'. Could not be parsed.");
  }
  if (clause.entity == FilterEntity::kAttribute) {
    if (target == Target::kExperiments && clause.key == "experiment_id") return clause;
    if (CheckAttributeKey(clause.key, target).ok()) {
      if (clause.key == "created") clause.key = "start_time";
      return clause;
    }
    return MlflowError::InvalidParameterValue(
        "Invalid order_by key '", clause.key, "' specified. Valid keys are ",
        target == Target::kRuns
            ? QuotedList(kRunStringAttributes) + " and " + QuotedList(kRunNumericAttributes)
            : std::string("['name', 'experiment_id', "
                          "'creation_time', "
                          "'last_update_time']"));
  }
  return clause;
}

}  // namespace lakeml::ml
