// MapBuilder: builds MAP result vectors from gathered keys and values, enforcing Spark's map
// key rules: a null key raises NULL_MAP_KEY and a key repeated within one map raises
// DUPLICATED_MAP_KEY (spark.sql.mapKeyDedupPolicy = EXCEPTION, the default).
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class MapBuilder {
 public:
  // A map of `type` with offsets.size() - 1 rows over `keys` and `values` (same length);
  // rows with null_rows[i] are null and not checked.
  static Result<columnar::VectorPtr> Make(const columnar::TypePtr& type,
                                          std::vector<int64_t> offsets, columnar::VectorPtr keys,
                                          columnar::VectorPtr values,
                                          const std::vector<bool>& null_rows);
  // The map's key type must be comparable (not a MAP and no MAP inside).
  static bool KeyTypeAllowed(const columnar::TypePtr& key);
};

}  // namespace lakeml::sql
