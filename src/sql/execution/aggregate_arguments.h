// AggregateArguments: how an aggregate with several arguments (corr(y, x), max_by(x, y),
// count(DISTINCT a, b)) receives them: one struct vector whose children are the arguments in
// order and whose row is NULL when any argument is NULL (Spark skips those rows in corr,
// covar_*, regr_* and count). Functions that treat NULLs per argument (max_by) read the
// children. Stateless; thread-safe.
#pragma once

#include <vector>

#include "columnar/data_type.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class AggregateArguments {
 public:
  // The struct type packing `types` (fields a0, a1, ...).
  static columnar::TypePtr PackedType(const std::vector<columnar::TypePtr>& types);
  // Packs `args` (n rows each) into one vector of PackedType.
  static columnar::VectorPtr Pack(const columnar::TypePtr& packed,
                                  std::vector<columnar::VectorPtr> args, int64_t n);
  // The argument vectors of `arg`: its children when `arity` > 1, else {arg}.
  static std::vector<const columnar::Vector*> Unpack(const columnar::Vector* arg, size_t arity);
};

}  // namespace lakeml::sql
