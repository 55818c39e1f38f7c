#include "sql/planner/join_type.h"

namespace lakeml::sql {

std::string_view JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "INNER";
    case JoinType::kLeft:
      return "LEFT OUTER";
    case JoinType::kRight:
      return "RIGHT OUTER";
    case JoinType::kFull:
      return "FULL OUTER";
    case JoinType::kSemi:
      return "LEFT SEMI";
    case JoinType::kAnti:
      return "LEFT ANTI";
    case JoinType::kRightSemi:
      return "RIGHT SEMI";
    case JoinType::kRightAnti:
      return "RIGHT ANTI";
  }
  return "?";
}

JoinType FlipJoinType(JoinType type) {
  if (type == JoinType::kLeft) return JoinType::kRight;
  if (type == JoinType::kRight) return JoinType::kLeft;
  return type;
}

}  // namespace lakeml::sql
