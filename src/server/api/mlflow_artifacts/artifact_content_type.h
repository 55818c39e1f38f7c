// The Content-Type of an artifact download, guessed from its file name as MLflow's server does
// (mlflow/utils/mime_type_utils.py: MLmodel, MLproject and YAML files are text/plain, the rest
// by extension as Python's mimetypes module maps it, unknown ones application/octet-stream).
// Thread-safe (stateless).
#pragma once

#include <string_view>

namespace lakeml::server {

// REQUIRES: `file_name` is a file name or path (only the last segment is read).
std::string_view GuessArtifactContentType(std::string_view file_name);

}  // namespace lakeml::server
