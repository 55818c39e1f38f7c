#include "ml/artifacts/run_artifact_location.h"

namespace lakeml::ml {

std::string RunArtifactLocation::Join(std::string_view relative_path) const {
  if (prefix.empty()) return std::string(relative_path);
  if (relative_path.empty()) return prefix;
  return StrCat(prefix, "/", relative_path);
}

Result<RunArtifactLocation> ResolveRunArtifactUri(std::string_view artifact_uri,
                                                  const ArtifactRoot& proxied_root) {
  std::string_view rest = artifact_uri;
  if (rest.substr(0, kMlflowArtifactsScheme.size()) == kMlflowArtifactsScheme) {
    rest.remove_prefix(kMlflowArtifactsScheme.size());
    if (rest.substr(0, 2) == "//") {
      const size_t path_start = rest.find('/', 2);
      rest = path_start == std::string_view::npos ? std::string_view() : rest.substr(path_start);
    }
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    LAKEML_RETURN_IF_ERROR(ArtifactRoot::ValidateRelativePath(rest));
    return RunArtifactLocation{proxied_root, std::string(rest), true};
  }
  constexpr std::string_view kFileScheme = "file://";
  if (rest.substr(0, kFileScheme.size()) == kFileScheme) {
    rest.remove_prefix(kFileScheme.size());
    if (rest.substr(0, 9) == "localhost") rest.remove_prefix(9);
  }
  if (rest.empty() || rest.front() != '/') {
    return Status::NotImplemented(
        "Artifact URI not served by lakeml (use mlflow-artifacts:/, file:// or an absolute "
        "path): ",
        artifact_uri);
  }
  Result<ArtifactRoot> local = ArtifactRoot::Open(std::string(rest), /*create=*/false);
  if (local.status().code() == StatusCode::kNotFound) {
    return RunArtifactLocation{proxied_root, std::string(), false};
  }
  LAKEML_RETURN_IF_ERROR(local.status());
  return RunArtifactLocation{std::move(local).value(), std::string(), true};
}

}  // namespace lakeml::ml
