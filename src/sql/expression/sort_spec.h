// SortSpec: the direction and NULL placement of one ORDER BY key. Spark's defaults: ASC puts
// NULLs first, DESC puts them last. Plain value.
#pragma once

namespace lakeml::sql {

struct SortSpec {
  bool descending = false;
  bool nulls_first = true;
};

}  // namespace lakeml::sql
