#include "server/api/mlflow_artifacts/file_info_json.h"

#include "base/str_cat.h"

namespace lakeml::server {

void WriteFileInfos(const std::vector<ml::ArtifactFileInfo>& files, std::string_view path_prefix,
                    JsonWriter* w) {
  if (files.empty()) return;
  w->Key("files");
  w->BeginArray();
  for (const ml::ArtifactFileInfo& file : files) {
    w->BeginObject();
    w->Key("path");
    w->String(path_prefix.empty() ? file.name : StrCat(path_prefix, "/", file.name));
    w->Key("is_dir");
    w->Bool(file.is_dir);
    if (file.file_size.has_value()) {
      w->Key("file_size");
      w->Int(*file.file_size);
    }
    w->EndObject();
  }
  w->EndArray();
}

}  // namespace lakeml::server
