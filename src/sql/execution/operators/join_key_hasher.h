// JoinKeyHasher: vectorized hashing and equality of join key columns (a hash join's keys):
// fixed-width integers, dates, timestamps, decimals, floating point (0.0 = -0.0, NaN = NaN as
// Spark normalizes join keys), booleans, strings and binaries. A row with a NULL key never
// matches. Both sides' keys have the same type (the binder coerces them).
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/vector.h"

namespace lakeml::sql {

class JoinKeyHasher {
 public:
  // Whether values of `type` can be hash-join keys.
  static bool Supports(const columnar::TypePtr& type);
  // hashes[i] and valid[i] (0 when a key is NULL) for rows [0, n) of the key columns.
  // REQUIRES: keys non-empty, each of length >= n and a Supports() type.
  static void Hash(const std::vector<columnar::VectorPtr>& keys, int64_t n, uint64_t* hashes,
                   uint8_t* valid);
  // Hash for rows [begin, end) only (writes hashes[begin, end) and valid[begin, end)).
  static void HashRange(const std::vector<columnar::VectorPtr>& keys, int64_t begin, int64_t end,
                        uint64_t* hashes, uint8_t* valid);
  // Keeps the pairs (a row probe_rows[i] of `probe`, row build_rows[i] of `build`) whose
  // values are equal: compacts both arrays in place and returns the new count.
  static int64_t KeepEqual(const columnar::Vector& probe, const columnar::Vector& build,
                           uint32_t* probe_rows, uint32_t* build_rows, int64_t count);
};

}  // namespace lakeml::sql
