// LAKEML_CHECK: aborts the process when an internal invariant is broken.
//
// Only for bugs in lakeml itself: bad input from users or files gets a Status, never a CHECK.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace lakeml::check_internal {
[[noreturn]] inline void Fail(const char* file, int line, const char* expr) {
  std::fprintf(stderr, "lakeml: invariant violated at %s:%d: %s\n", file, line, expr);
  std::abort();
}
}  // namespace lakeml::check_internal

#define LAKEML_CHECK(cond)                                                                       \
  do {                                                                                           \
    if (__builtin_expect(!(cond), 0)) ::lakeml::check_internal::Fail(__FILE__, __LINE__, #cond); \
  } while (0)

#ifdef NDEBUG
#define LAKEML_DCHECK(cond) \
  do {                      \
  } while (0)
#else
#define LAKEML_DCHECK(cond) LAKEML_CHECK(cond)
#endif
