// ArrayReshape: the ARRAY overloads of functions that are string functions by name: concat of
// arrays and reverse of an array. The string resolvers delegate here when the first argument
// is an ARRAY.
//
// Stateless; thread-safe.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sql/function/scalar_function.h"

namespace lakeml::sql {

class ArrayReshape {
 public:
  using Ptr = std::shared_ptr<const ScalarFunctionBinding>;
  // concat(a1, a2, ...): the elements of each in turn; null when any argument is null.
  static Result<Ptr> ResolveConcat(const std::vector<TypePtr>& in);
  // reverse(a): the elements in reverse order.
  static Result<Ptr> ResolveReverse(const std::vector<TypePtr>& in);
};

}  // namespace lakeml::sql
