#include "ml/tracking/tracking_enums.h"

#include <array>
#include <utility>

namespace lakeml::ml {
namespace {

// DO NOT CHANGE: MLflow's wire names; run statuses are also stored in lakeml.db.
constexpr std::array<std::pair<RunStatus, std::string_view>, 5> kRunStatusNames = {{
    {RunStatus::kRunning, "RUNNING"},
    {RunStatus::kScheduled, "SCHEDULED"},
    {RunStatus::kFinished, "FINISHED"},
    {RunStatus::kFailed, "FAILED"},
    {RunStatus::kKilled, "KILLED"},
}};
constexpr std::array<std::pair<ViewType, std::string_view>, 3> kViewTypeNames = {{
    {ViewType::kActiveOnly, "ACTIVE_ONLY"},
    {ViewType::kDeletedOnly, "DELETED_ONLY"},
    {ViewType::kAll, "ALL"},
}};

}  // namespace

std::string_view TrackingEnums::RunStatusName(RunStatus status) {
  for (const auto& [value, name] : kRunStatusNames) {
    if (value == status) return name;
  }
  return "RUNNING";
}

std::optional<RunStatus> TrackingEnums::ParseRunStatus(std::string_view name) {
  for (const auto& [value, wire] : kRunStatusNames) {
    if (wire == name) return value;
  }
  return std::nullopt;
}

std::string_view TrackingEnums::ViewTypeName(ViewType view_type) {
  for (const auto& [value, name] : kViewTypeNames) {
    if (value == view_type) return name;
  }
  return "ACTIVE_ONLY";
}

std::optional<ViewType> TrackingEnums::ParseViewType(std::string_view name) {
  for (const auto& [value, wire] : kViewTypeNames) {
    if (wire == name) return value;
  }
  return std::nullopt;
}

}  // namespace lakeml::ml
