// Wire names of the tracking enums (RunStatus, ViewType), as MLflow's JSON carries them.
// Thread-safety: stateless.
#pragma once

#include <optional>
#include <string_view>

#include "ml/tracking/tracking_entities.h"

namespace lakeml::ml {

class TrackingEnums {
 public:
  // "RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED".
  static std::string_view RunStatusName(RunStatus status);
  // The status named `name` (the wire name), or nullopt.
  static std::optional<RunStatus> ParseRunStatus(std::string_view name);
  // "ACTIVE_ONLY", "DELETED_ONLY", "ALL".
  static std::string_view ViewTypeName(ViewType view_type);
  static std::optional<ViewType> ParseViewType(std::string_view name);
};

}  // namespace lakeml::ml
