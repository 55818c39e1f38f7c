// JoinType: the kinds of join of a logical or physical join. RIGHT joins are kept as such in
// the logical plan; the physical planner may swap sides (LEFT <-> RIGHT) to build the smaller
// side. SEMI and ANTI output the left side's columns only (ANTI has NOT EXISTS semantics).
//
// Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace lakeml::sql {

// kRightSemi / kRightAnti exist in physical plans only: the physical planner turns a SEMI or
// ANTI join whose left side is much smaller into one that builds the left side, probes with
// the right side and then outputs the build rows that matched (or did not).
enum class JoinType : uint8_t {
  kInner,
  kLeft,
  kRight,
  kFull,
  kSemi,
  kAnti,
  kRightSemi,
  kRightAnti
};

// "INNER", "LEFT OUTER", ..., for EXPLAIN.
std::string_view JoinTypeName(JoinType type);
// Whether the join outputs the right side's columns (not SEMI / ANTI).
inline bool JoinOutputsRight(JoinType type) {
  return type != JoinType::kSemi && type != JoinType::kAnti && type != JoinType::kRightSemi &&
         type != JoinType::kRightAnti;
}
// The join type with the sides exchanged (LEFT <-> RIGHT); REQUIRES: not SEMI / ANTI.
JoinType FlipJoinType(JoinType type);

}  // namespace lakeml::sql
