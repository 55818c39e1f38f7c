#include "sql/function/scalar/map_builder.h"

#include <algorithm>

#include "base/str_cat.h"
#include "columnar/scalar.h"
#include "sql/common/sql_error.h"
#include "sql/common/sql_type.h"
#include "sql/function/cast/cast_executor.h"
#include "sql/function/scalar/element_gather.h"

namespace lakeml::sql {

using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;
using columnar::Vector;
using columnar::VectorPtr;

bool MapBuilder::KeyTypeAllowed(const TypePtr& key) {
  if (key->id() == TypeId::kMap) return false;
  for (const columnar::Field& f : key->children()) {
    if (!KeyTypeAllowed(f.type)) return false;
  }
  return true;
}

Result<VectorPtr> MapBuilder::Make(const TypePtr& type, std::vector<int64_t> offsets,
                                   VectorPtr keys, VectorPtr values,
                                   const std::vector<bool>& null_rows) {
  const int64_t n = static_cast<int64_t>(offsets.size()) - 1;
  // Nested keys compare by their text (arrays and structs are rare keys).
  VectorPtr comparable = keys;
  if (keys->type()->is_nested()) {
    LAKEML_RETURN_IF_ERROR(
        CastExecutor::Cast(*keys, SqlType::String(), false, keys->length(), &comparable));
  }
  std::vector<Scalar> row_keys;
  std::vector<int64_t> order;
  for (int64_t i = 0; i < n; ++i) {
    if (i < static_cast<int64_t>(null_rows.size()) && null_rows[i]) continue;
    row_keys.clear();
    for (int64_t j = offsets[i]; j < offsets[i + 1]; ++j) {
      if (keys->IsNull(j)) {
        return SqlError::Make("NULL_MAP_KEY", "2200E", "Cannot use null as map key.");
      }
      row_keys.push_back(Scalar::FromVector(*comparable, j));
    }
    order.resize(row_keys.size());
    for (size_t j = 0; j < order.size(); ++j) order[j] = static_cast<int64_t>(j);
    std::sort(order.begin(), order.end(),
              [&](int64_t a, int64_t b) { return row_keys[a].Compare(row_keys[b]) < 0; });
    for (size_t j = 1; j < order.size(); ++j) {
      if (row_keys[order[j - 1]].Compare(row_keys[order[j]]) == 0) {
        return SqlError::Make(
            "DUPLICATED_MAP_KEY", "23505",
            StrCat("Duplicate map key ", row_keys[order[j]].ToString(),
                   " was found, please check the input data. If you want to remove the "
                   "duplicated keys, you can set \"spark.sql.mapKeyDedupPolicy\" to "
                   "\"LAST_WIN\" so that the key inserted at last takes precedence."));
      }
    }
  }
  // The map type's key field is non-nullable; keep the vectors' own types for the children.
  return ElementGather::MakeList(type, std::move(offsets), {std::move(keys), std::move(values)},
                                 null_rows);
}

}  // namespace lakeml::sql
