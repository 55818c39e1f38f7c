// GroupKeyEncoder: encodes the values of one row of several columns into a byte string such
// that two rows have equal bytes exactly when their values are equal under GROUP BY semantics
// (NULL equals NULL, NaN equals NaN, -0.0 equals 0.0), and decodes such strings back into
// vectors. Layout per column: a validity byte, then for a valid value its fixed-width bytes
// (booleans one byte) or a uint32 length and the bytes of a string.
//
// Immutable after construction; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "columnar/data_type.h"
#include "columnar/vector.h"

namespace lakeml::sql {

class GroupKeyEncoder {
 public:
  explicit GroupKeyEncoder(std::vector<columnar::TypePtr> types);

  // True when the type has an encoding (nested types through NestedKeyCodec).
  static bool Supports(const columnar::TypePtr& type);
  const std::vector<columnar::TypePtr>& types() const { return types_; }

  // Encodes rows [0, n) of `columns` (one per type) into `bytes`; row i is
  // bytes[offsets[i], offsets[i + 1]). Replaces the contents of both outputs.
  void Encode(const std::vector<const columnar::Vector*>& columns, int64_t n,
              std::vector<uint8_t>* bytes, std::vector<uint32_t>* offsets) const;
  // The columns of the encoded rows `keys`, in order.
  std::vector<columnar::VectorPtr> Decode(const std::vector<std::string_view>& keys) const;

  // A hash of encoded bytes.
  static uint64_t Hash(const uint8_t* p, size_t n);

 private:
  std::vector<columnar::TypePtr> types_;
  std::vector<int> widths_;  // fixed bytes of a valid value; -1 for strings
};

}  // namespace lakeml::sql
