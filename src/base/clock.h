// Wall-clock time as the storage formats record it. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>

namespace lakeml {

// Milliseconds since the Unix epoch (Delta commit timestamps, modification times).
inline int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace lakeml
