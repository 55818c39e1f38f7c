// NestedKeyCodec: a byte encoding of ARRAY, MAP and STRUCT values (and of their atomic parts)
// that is equal exactly when the values are equal under GROUP BY semantics (NULL equals NULL,
// NaN equals NaN, -0.0 equals 0.0), and its decoding back into vectors. GroupKeyEncoder uses
// it for nested grouping keys.
//
// One value: a validity byte, then for a valid value a uint32 payload length and the payload:
// atomic types their fixed-width bytes (booleans one byte) or string bytes; lists a uint32
// count and the elements; maps a uint32 count and key, value pairs; structs the fields.
//
// Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/vector.h"

namespace lakeml::sql {

class NestedKeyCodec {
 public:
  // Appends the encoding of v[i] (validity byte first).
  static void Append(const columnar::Vector& v, int64_t i, std::string* out);
  // The vector of `type` whose row k is the value views[k] encodes.
  // REQUIRES: every view is one whole encoding produced by Append for `type`.
  static columnar::VectorPtr Decode(const columnar::TypePtr& type,
                                    const std::vector<std::string_view>& views);
  // The length of the encoding that starts at p (validity byte included).
  static size_t EncodedSize(const uint8_t* p);
};

}  // namespace lakeml::sql
