// RunArtifactLocation: where a run's artifacts are on this machine, from the run's artifact_uri.
//
//   mlflow-artifacts:/<experiment_id>/<run_id>/artifacts   the server's proxied artifact root
//   mlflow-artifacts://host:port/<...>                       (the authority is ignored)
//   file:///abs/dir, /abs/dir                                that directory
//
// Other schemes (s3://, gs://, ...) are kNotImplemented: lakeml serves local files only.
// Value type; thread-compatible.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "ml/artifacts/artifact_root.h"

namespace lakeml::ml {

// DO NOT CHANGE: MLflow's proxied artifact URI scheme.
inline constexpr std::string_view kMlflowArtifactsScheme = "mlflow-artifacts:";

struct RunArtifactLocation {
  // The directory the run's paths are relative to, as a root plus a prefix within it:
  // a proxied run is the server's root with prefix "<experiment_id>/<run_id>/artifacts"; a
  // local directory is its own root with an empty prefix.
  ArtifactRoot root;
  std::string prefix;
  // False when a local directory does not exist (yet): the run has no artifacts.
  bool exists = true;

  // `prefix` joined with a relative path ("" for the prefix itself).
  std::string Join(std::string_view relative_path) const;
};

// Maps `artifact_uri` to its location; mlflow-artifacts URIs map into `proxied_root`.
// kInvalidArgument for a proxied URI whose path is unsafe (see ArtifactRoot), kNotImplemented
// for remote schemes.
Result<RunArtifactLocation> ResolveRunArtifactUri(std::string_view artifact_uri,
                                                  const ArtifactRoot& proxied_root);

}  // namespace lakeml::ml
