// RegistryFilter: MLflow's search grammar for registered models and model versions
// (mlflow/utils/search_utils.py SearchModelUtils / SearchModelVersionUtils and the SQL store's
// checks), parsed into validated clauses on top of the tracking FilterTokenizer.
//
// Filter: `clause AND clause ...`, each `identifier comparator value`; an identifier is a bare
// attribute, `attribute.<key>`, or `tag.<key>` / `tags.<key>` (keys may be quoted).
//   registered models: name (= != LIKE ILIKE), tags (= != LIKE ILIKE) with quoted strings.
//   model versions:    name, source_path (= != LIKE ILIKE), run_id (also IN ('a', ...)),
//                      version_number (= != < <= > >= with an integer), tags (= != LIKE ILIKE).
// Order-by: `<key> [ASC|DESC]`; registered models: name, creation_timestamp,
// last_updated_timestamp (timestamp); model versions: name, version_number, creation_timestamp,
// last_updated_timestamp.
// Clause and order-by keys come back as the column names of the registry tables: name, version,
// run_id, source, creation_time, last_updated_time.
// Errors are INVALID_PARAMETER_VALUE with MLflow's messages. Thread-safety: stateless.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.h"
#include "ml/tracking/search_filter.h"

namespace lakeml::ml {

class RegistryFilter {
 public:
  enum class Target { kRegisteredModels, kModelVersions };

  // Entities are kAttribute or kTag.
  static Result<std::vector<FilterClause>> Parse(std::string_view filter, Target target);
  // Entity is kAttribute.
  static Result<OrderByClause> ParseOrderBy(std::string_view order_by, Target target);
};

}  // namespace lakeml::ml
