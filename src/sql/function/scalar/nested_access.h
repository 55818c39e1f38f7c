// NestedAccess: the bindings of element and field access on nested values, which the binder
// builds for syntax rather than by name: `a[i]` (0-based, INVALID_ARRAY_INDEX when out of
// range), `m[k]` (null for a missing key), `s.f` / `s['f']` (a struct field). Also registers
// element_at, try_element_at and get (RegisterNestedAccess).
//
// Stateless; thread-safe.
#pragma once

#include <memory>

#include "base/result.h"
#include "sql/function/scalar_function.h"

namespace lakeml::sql {

class NestedAccess {
 public:
  using Ptr = std::shared_ptr<const ScalarFunctionBinding>;

  // a[i]: arguments (array, INT). REQUIRES: array is a kList type.
  static Ptr ArrayItem(const TypePtr& array);
  // m[k]: arguments (map, key of the map's key type). REQUIRES: map is a kMap type.
  static Ptr MapValue(const TypePtr& map);
  // s.f: arguments (struct, INT field position, constant). REQUIRES: 0 <= field < fields.
  static Ptr StructField(const TypePtr& strct, int field);
};

}  // namespace lakeml::sql
