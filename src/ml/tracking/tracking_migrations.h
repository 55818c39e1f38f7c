// TrackingMigrations: the "tracking" component's schema steps in lakeml.db (see
// metastore::Migrations). Steps are only appended; a released step never changes.
//
// Tables (prefix mlflow_): experiments, experiment_tags, runs, metrics (every point),
// latest_metrics (one row per run and key, for search), params, tags, datasets, inputs,
// input_tags. Runs have an internal integer key (run_key) that child tables reference, so that
// the hot tables do not repeat the 32-character run id per row; the run id stays unique.
// Thread-safety: stateless.
#pragma once

#include <string_view>
#include <vector>

namespace lakeml::ml {

class TrackingMigrations {
 public:
  static constexpr std::string_view kComponent = "tracking";
  static const std::vector<std::string_view>& Steps();
};

}  // namespace lakeml::ml
