// Writes artifact listings as MLflow's ListArtifacts responses write FileInfo messages:
// "files": [{"path", "is_dir", "file_size" (files only)}], the key left out when the list is
// empty (protobuf JSON omits empty repeated fields, and MLflow's clients expect that).
// Thread-safe (stateless).
#pragma once

#include <string_view>
#include <vector>

#include "ml/artifacts/artifact_root.h"
#include "server/http/json_writer.h"

namespace lakeml::server {

// Writes the "files" key and array into the open object of `w`; each path is
// `path_prefix`/<name> (just <name> for an empty prefix).
void WriteFileInfos(const std::vector<ml::ArtifactFileInfo>& files, std::string_view path_prefix,
                    JsonWriter* w);

}  // namespace lakeml::server
