// JoinType: the kinds of join of a logical or physical join. RIGHT joins are kept as such in
// the logical plan; the physical planner may swap sides (LEFT <-> RIGHT) to build the smaller
// side. SEMI and ANTI output the left side's columns only (ANTI has NOT EXISTS semantics).
//
// Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace lakeml::sql {

enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull, kSemi, kAnti };

// "INNER", "LEFT OUTER", ..., for EXPLAIN.
std::string_view JoinTypeName(JoinType type);
// Whether the join outputs the right side's columns (not SEMI / ANTI).
inline bool JoinOutputsRight(JoinType type) {
  return type != JoinType::kSemi && type != JoinType::kAnti;
}
// The join type with the sides exchanged (LEFT <-> RIGHT); REQUIRES: not SEMI / ANTI.
JoinType FlipJoinType(JoinType type);

}  // namespace lakeml::sql
