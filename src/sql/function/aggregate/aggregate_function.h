// AggregateFunctionBinding: one resolved overload of an aggregate function: argument types
// (the binder casts arguments to exactly these), result type, and the state callbacks that
// the aggregate operators drive:
//   init      writes an empty state (state_size bytes, 16-byte aligned, trivially copyable)
//   update    folds `n` rows of the argument into the states, one state pointer per row (rows
//             of one group share a pointer), so a chunk costs one call, not one per row
//   combine   merges the state `src` into `dst` (thread-local tables into the global one)
//   finalize  writes the results of `n` states into a new vector of return_type
// States that keep strings point into the StringArena passed to update and combine.
// Empty input: count gives 0, everything else NULL.
// Several arguments (corr(y, x), max_by(x, y), count(DISTINCT a, b)) reach update as ONE struct
// vector whose children are the arguments in order. Constant parameters (the percentage of
// percentile, the accuracy of approx_percentile) are not arguments: a binding with `configure`
// takes the arguments past arg_types.size() as foldable constants, and configure stores them
// in `params` at bind time.
//
// Bindings are immutable and shared between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "columnar/data_type.h"
#include "columnar/scalar.h"
#include "columnar/vector.h"
#include "sql/function/aggregate/string_arena.h"

namespace lakeml::sql {

struct AggregateFunctionBinding;

// `arg` is null for count(*).
using AggregateInit = void (*)(uint8_t* state);
using AggregateUpdate = Status (*)(const AggregateFunctionBinding& fn, const columnar::Vector* arg,
                                   int64_t n, uint8_t* const* states, StringArena* arena);
using AggregateCombine = Status (*)(const AggregateFunctionBinding& fn, const uint8_t* src,
                                    uint8_t* dst, StringArena* arena);
using AggregateFinalize = Status (*)(const AggregateFunctionBinding& fn, uint8_t* const* states,
                                     int64_t n, columnar::VectorPtr* out);
// Checks the constant parameters and stores them in fn->params. An error's message becomes the
// text of DATATYPE_MISMATCH.<*subclass> (VALUE_OUT_OF_RANGE, UNEXPECTED_INPUT_TYPE, ...).
using AggregateConfigure = Status (*)(AggregateFunctionBinding* fn,
                                      const std::vector<columnar::Scalar>& constants,
                                      std::string* subclass);

struct AggregateFunctionBinding {
  std::string name;
  std::vector<columnar::TypePtr> arg_types;  // empty for count(*)
  columnar::TypePtr return_type;
  size_t state_size = 0;
  AggregateInit init = nullptr;
  AggregateUpdate update = nullptr;
  AggregateCombine combine = nullptr;
  AggregateFinalize finalize = nullptr;
  // Constant parameters (sql-aggjson): null when the function takes none.
  AggregateConfigure configure = nullptr;
  std::vector<double> params;
};

}  // namespace lakeml::sql
