#include "io/file_system.h"

namespace lakeml::io {

Result<std::string> FileSystem::ReadFile(const std::string& path) {
  LAKEML_ASSIGN_OR_RETURN(auto file, OpenForRead(path));
  LAKEML_ASSIGN_OR_RETURN(int64_t size, file->Size());
  std::string out(size, '\0');
  LAKEML_RETURN_IF_ERROR(file->ReadAt(0, size, reinterpret_cast<uint8_t*>(out.data())));
  return out;
}

Result<bool> FileSystem::Exists(const std::string& path) {
  Result<FileInfo> info = GetFileInfo(path);
  if (info.ok()) return true;
  if (info.status().code() == StatusCode::kNotFound) return false;
  return info.status();
}

std::string JoinPath(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  std::string out(a);
  while (!out.empty() && out.back() == '/') out.pop_back();
  while (!b.empty() && b.front() == '/') b.remove_prefix(1);
  out += '/';
  out += b;
  return out;
}

}  // namespace lakeml::io
