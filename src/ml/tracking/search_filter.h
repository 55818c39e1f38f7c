// SearchFilter: MLflow's search filter and order_by grammar, parsed into validated clauses.
//
// Filter: `clause AND clause ...` (MLflow has no OR), each `identifier comparator value`:
//   metrics.<key>   = != < <= > >=                 with a number
//   params.<key>    = != LIKE ILIKE, IS [NOT] NULL with a quoted string
//   tags.<key>      = != LIKE ILIKE, IS [NOT] NULL with a quoted string
//   attributes.<k>  string attributes: = != LIKE ILIKE IN NOT IN; numeric ones: = != < <= > >=
//   datasets.<k>    (name, digest, context)   = != LIKE ILIKE IN NOT IN
// Entity aliases and attribute keys are MLflow's (mlflow/utils/search_utils.py); a bare key is
// an attribute; keys may be `backquoted` or "double-quoted". Experiment filters allow
// attributes (name, creation_time, last_update_time) and tags only.
// Errors are INVALID_PARAMETER_VALUE with MLflow's messages.
// Thread-safety: stateless.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace lakeml::ml {

enum class FilterEntity { kMetric, kParam, kTag, kAttribute, kDataset };
enum class FilterOp {
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kLike,
  kILike,
  kIn,
  kNotIn,
  kIsNull,
  kIsNotNull
};

struct FilterClause {
  FilterEntity entity;
  std::string key;  // Attribute keys are canonical: "created" becomes "start_time".
  FilterOp op;
  bool numeric = false;  // Compare `number`; otherwise `text` (or `list` for IN / NOT IN).
  double number = 0;
  std::string text;
  std::vector<std::string> list;
};

struct OrderByClause {
  FilterEntity entity;  // kMetric, kParam, kTag or kAttribute.
  std::string key;
  bool ascending = true;
};

class SearchFilter {
 public:
  enum class Target { kRuns, kExperiments };

  static Result<std::vector<FilterClause>> Parse(std::string_view filter, Target target);
  static Result<OrderByClause> ParseOrderBy(std::string_view order_by, Target target);

  // True for attributes compared as numbers (start_time, end_time, creation_time, ...).
  static bool IsNumericAttribute(std::string_view key, Target target);
  static std::string_view OpText(FilterOp op);
};

}  // namespace lakeml::ml
