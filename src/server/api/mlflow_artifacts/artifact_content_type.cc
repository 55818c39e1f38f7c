#include "server/api/mlflow_artifacts/artifact_content_type.h"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace lakeml::server {
namespace {

// DO NOT CHANGE without checking Python's mimetypes table: clients and browsers rely on them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 26> kByExtension = {{
    {"txt", "text/plain"},        {"yaml", "text/plain"},
    {"yml", "text/plain"},        {"json", "application/json"},
    {"csv", "text/csv"},          {"tsv", "text/tab-separated-values"},
    {"md", "text/markdown"},      {"html", "text/html"},
    {"htm", "text/html"},         {"css", "text/css"},
    {"js", "text/javascript"},    {"py", "text/x-python"},
    {"xml", "text/xml"},          {"png", "image/png"},
    {"jpg", "image/jpeg"},        {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},         {"svg", "image/svg+xml"},
    {"bmp", "image/bmp"},         {"webp", "image/webp"},
    {"pdf", "application/pdf"},   {"zip", "application/zip"},
    {"tar", "application/x-tar"}, {"gz", "application/gzip"},
    {"mp4", "video/mp4"},         {"wav", "audio/x-wav"},
}};

constexpr std::string_view kOctetStream = "application/octet-stream";

}  // namespace

std::string_view GuessArtifactContentType(std::string_view file_name) {
  const size_t slash = file_name.rfind('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const size_t dot = file_name.rfind('.');
  // Files without an extension are matched by name (MLflow's MLmodel and MLproject).
  const std::string_view extension =
      dot == std::string_view::npos ? file_name : file_name.substr(dot + 1);
  if (dot == std::string_view::npos) {
    return extension == "MLmodel" || extension == "MLproject" ? "text/plain" : kOctetStream;
  }
  std::string lower(extension);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& entry : kByExtension) {
    if (entry.first == lower) return entry.second;
  }
  return kOctetStream;
}

}  // namespace lakeml::server
