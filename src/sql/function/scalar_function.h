// ScalarFunctionBinding: one resolved overload of a scalar function: its argument types (the
// binder casts arguments to exactly these), result type and vectorized kernel.
//
// A kernel computes `n` output rows from `n`-row flat argument vectors. Nulls propagate by
// default: the output is null where any argument is null, and the kernel must not raise an
// error for such rows (their values are arbitrary). Errors are SQL errors (sql_error.h); in
// try mode (KernelContext::null_on_error) the kernel sets the row to null instead.
//
// Bindings are immutable and shared between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/data_type.h"
#include "columnar/vector.h"

namespace lakeml::sql {

using columnar::TypeId;
using columnar::TypePtr;

struct ScalarFunctionBinding;

struct KernelContext {
  const ScalarFunctionBinding* function = nullptr;
  bool null_on_error = false;
  // Bit i: argument i holds one value in every row (a constant), so a kernel may read row 0
  // only (LIKE compiles its pattern once). Zero when unknown.
  uint64_t constant_args = 0;
};

using ScalarKernel = Status (*)(const KernelContext& ctx,
                                const std::vector<const columnar::Vector*>& args, int64_t n,
                                columnar::VectorPtr* out);

struct ScalarFunctionBinding {
  std::string name;
  std::vector<TypePtr> arg_types;
  TypePtr return_type;
  ScalarKernel kernel = nullptr;
  // False for functions that see nulls themselves (coalesce, isnull, <=>, ...).
  bool propagates_nulls = true;
  // True when the kernel can raise (overflow, division by zero, bad input): such calls are
  // never constant-folded at bind time.
  bool can_raise = false;
  // try_ functions: a row that would raise becomes null instead.
  bool null_on_error = false;
  // An operator symbol ("+", "=") printed infix by ToString; empty for calls.
  std::string infix;
};

}  // namespace lakeml::sql
