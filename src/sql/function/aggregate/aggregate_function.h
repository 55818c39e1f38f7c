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

struct AggregateFunctionBinding {
  std::string name;
  std::vector<columnar::TypePtr> arg_types;  // empty for count(*)
  columnar::TypePtr return_type;
  size_t state_size = 0;
  AggregateInit init = nullptr;
  AggregateUpdate update = nullptr;
  AggregateCombine combine = nullptr;
  AggregateFinalize finalize = nullptr;
};

}  // namespace lakeml::sql
