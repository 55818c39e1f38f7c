#include "ml/artifacts/artifact_root.h"

#include <algorithm>
#include <system_error>

namespace lakeml::ml {
namespace {

namespace fs = std::filesystem;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when `path` still holds an escape for a character that matters to path resolution
// after the HTTP layer decoded it once: a double-encoded "..", "/", "\", NUL or '%'.
bool HasEncodedSeparatorOrDot(std::string_view path) {
  for (size_t i = 0; i + 2 < path.size(); ++i) {
    if (path[i] != '%') continue;
    const int hi = HexValue(path[i + 1]);
    const int lo = HexValue(path[i + 2]);
    if (hi < 0 || lo < 0) continue;
    const char c = static_cast<char>(hi * 16 + lo);
    if (c == '.' || c == '/' || c == '\\' || c == '\0' || c == '%') return true;
  }
  return false;
}

// "a/b/c" -> ("a/b", "c"); "c" -> ("", "c"). Trailing slashes are ignored.
std::pair<std::string_view, std::string_view> SplitLast(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {std::string_view(), path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

Status InvalidPath(std::string_view why, std::string_view path) {
  return Status::InvalidArgument("Invalid path (", why, "): ", path);
}

}  // namespace

Result<ArtifactRoot> ArtifactRoot::Open(const std::string& dir, bool create) {
  std::error_code ec;
  if (create) {
    fs::create_directories(dir, ec);
    if (ec) return Status::IOError("Cannot create artifact directory: ", ec.message(), ": ", dir);
  } else if (!fs::exists(dir, ec)) {
    return Status::NotFound("Artifact directory not found: ", dir);
  }
  fs::path canonical = fs::canonical(dir, ec);
  if (ec) return Status::IOError("Cannot resolve artifact directory: ", ec.message(), ": ", dir);
  if (!fs::is_directory(canonical)) {
    return Status::InvalidArgument("Artifact root is not a directory: ", dir);
  }
  return ArtifactRoot(std::move(canonical));
}

Status ArtifactRoot::ValidateRelativePath(std::string_view path) {
  if (path.find('\0') != std::string_view::npos) return InvalidPath("NUL", path);
  if (path.find('\\') != std::string_view::npos) return InvalidPath("backslash", path);
  if (path.find('#') != std::string_view::npos) return InvalidPath("'#'", path);
  if (!path.empty() && path.front() == '/') return InvalidPath("absolute", path);
  if (path.size() >= 2 && path[1] == ':') return InvalidPath("drive letter", path);
  if (HasEncodedSeparatorOrDot(path)) return InvalidPath("encoded separator or dot", path);
  size_t start = 0;
  bool first = true;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return InvalidPath("'.' or '..' segment", path);
    if (!segment.empty()) {
      if (first && segment == kMultipartStagingDir) return InvalidPath("reserved name", path);
      first = false;
    }
    start = end + 1;
  }
  return Status::OK();
}

bool ArtifactRoot::Contains(const fs::path& canonical) const {
  const std::string& root = dir_.native();
  const std::string& p = canonical.native();
  if (p.size() < root.size() || p.compare(0, root.size(), root) != 0) return false;
  return p.size() == root.size() || p[root.size()] == '/' || root == "/";
}

Result<fs::path> ArtifactRoot::Resolve(std::string_view relative_path) const {
  LAKEML_RETURN_IF_ERROR(ValidateRelativePath(relative_path));
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(dir_ / fs::path(relative_path), ec);
  if (ec) {
    return Status::IOError("Cannot resolve artifact path: ", ec.message(), ": ", relative_path);
  }
  // weakly_canonical keeps a trailing separator of "dir/"; drop it for comparisons.
  if (!resolved.has_filename() && resolved.has_parent_path()) resolved = resolved.parent_path();
  if (!Contains(resolved)) return InvalidPath("leaves the artifact root", relative_path);
  return resolved;
}

Result<fs::path> ArtifactRoot::ResolveForWrite(std::string_view relative_path) const {
  LAKEML_ASSIGN_OR_RETURN(fs::path target, Resolve(relative_path));
  if (target == dir_) return InvalidPath("no file name", relative_path);
  std::error_code ec;
  const fs::path parent = target.parent_path();
  fs::create_directories(parent, ec);
  if (ec || !fs::is_directory(parent)) {
    return Status::InvalidArgument("Cannot create the artifact's directory",
                                   ec ? StrCat(" (", ec.message(), ")") : std::string(), ": ",
                                   relative_path);
  }
  if (fs::is_directory(fs::symlink_status(target))) {
    return Status::InvalidArgument("Artifact path is a directory: ", relative_path);
  }
  return target;
}

Result<fs::path> ArtifactRoot::ResolveFile(std::string_view relative_path) const {
  LAKEML_ASSIGN_OR_RETURN(fs::path target, Resolve(relative_path));
  std::error_code ec;
  if (!fs::is_regular_file(target, ec)) {
    return Status::NotFound("Artifact not found: ", relative_path);
  }
  return target;
}

Result<std::vector<ArtifactFileInfo>> ArtifactRoot::List(std::string_view relative_path) const {
  LAKEML_ASSIGN_OR_RETURN(fs::path dir, Resolve(relative_path));
  std::vector<ArtifactFileInfo> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    if (dir == dir_ && name == kMultipartStagingDir) continue;
    std::error_code entry_ec;
    if (entry.is_symlink(entry_ec)) {
      // Symlinks out of the root are not artifacts (and must not leak their targets' sizes).
      const fs::path target = fs::canonical(entry.path(), entry_ec);
      if (entry_ec || !Contains(target)) continue;
    }
    ArtifactFileInfo info;
    info.name = std::move(name);
    info.is_dir = entry.is_directory(entry_ec);
    if (!info.is_dir) {
      const uintmax_t size = entry.file_size(entry_ec);
      if (entry_ec) continue;  // Vanished or unreadable while listing.
      info.file_size = static_cast<int64_t>(size);
    }
    files.push_back(std::move(info));
  }
  if (ec) {
    return Status::IOError("Cannot list artifact directory: ", ec.message(), ": ", relative_path);
  }
  std::sort(files.begin(), files.end(),
            [](const ArtifactFileInfo& a, const ArtifactFileInfo& b) { return a.name < b.name; });
  return files;
}

Status ArtifactRoot::Delete(std::string_view relative_path) const {
  LAKEML_RETURN_IF_ERROR(ValidateRelativePath(relative_path));
  const auto [parent, name] = SplitLast(relative_path);
  if (name.empty()) return InvalidPath("cannot delete the artifact root", relative_path);
  // The parent is resolved (symlinks followed, checked); the last segment is not, so that a
  // symlink is removed itself rather than its target.
  LAKEML_ASSIGN_OR_RETURN(fs::path parent_dir, Resolve(parent));
  const fs::path target = parent_dir / std::string(name);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(target, ec))) return Status::OK();
  fs::remove_all(target, ec);
  if (ec) {
    return Status::IOError("Cannot delete artifact: ", ec.message(), ": ", relative_path);
  }
  return Status::OK();
}

}  // namespace lakeml::ml
