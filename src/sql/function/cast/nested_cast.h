// NestedCast: CAST between ARRAY, MAP and STRUCT types (element-wise, field by position) and
// from any of them to STRING in Spark's text form: `[1, 2, null]`, `{a -> 1, b -> null}`,
// `{1, x}` (elements cast to STRING recursively, nulls as `null`).
//
// Stateless; thread-safe.
#pragma once

#include "base/result.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class NestedCast {
 public:
  // Whether `from` and `to` are both nested and their parts can be cast pairwise.
  static bool CanCast(const columnar::TypePtr& from, const columnar::TypePtr& to);
  // Casts the first `n` rows of `in` (a nested vector) to `to` (nested or STRING).
  // REQUIRES: CanCast(in.type(), to) or `to` is STRING.
  static Status Cast(const columnar::Vector& in, const columnar::TypePtr& to, bool try_mode,
                     int64_t n, columnar::VectorPtr* out);
};

}  // namespace lakeml::sql
