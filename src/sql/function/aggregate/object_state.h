// ObjectState<T>: the fixed state of an aggregate whose real state has no fixed size
// (collect_list's values, percentile's values, sketches): one pointer to a T that the table's
// StringArena owns, created on the first value. An empty state is a null pointer, so init is a
// memset and a state copied with memcpy (the window evaluator does so) shares the object, which
// is only read from then on. Combine never shares: it copies into the destination's own object.
#pragma once

#include <cstdint>
#include <cstring>

#include "sql/function/aggregate/string_arena.h"

namespace lakeml::sql {

template <typename T>
class ObjectState {
 public:
  static constexpr size_t kSize = sizeof(T*);
  static void Init(uint8_t* state) { std::memset(state, 0, kSize); }
  // The object, or nullptr when no value arrived.
  static const T* Peek(const uint8_t* state) {
    T* p;
    std::memcpy(&p, state, kSize);
    return p;
  }
  // The object, created in `arena` if the state is empty.
  static T* Get(uint8_t* state, StringArena* arena) {
    T* p;
    std::memcpy(&p, state, kSize);
    if (p == nullptr) {
      p = arena->Make<T>();
      std::memcpy(state, &p, kSize);
    }
    return p;
  }
};

}  // namespace lakeml::sql
