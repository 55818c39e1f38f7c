#include "conformance/delta/temp_table_copy.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "base/str_cat.h"

namespace lakeml::conformance {
namespace {

namespace fs = std::filesystem;

// Copies a tree with fresh, writable permissions (the shared data is read-only, and
// fs::copy would carry that over to the directories we need to write into).
Status CopyTree(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return Status::IOError(StrCat("Cannot create ", to.string(), ": ", ec.message()));
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    const fs::path target = to / entry.path().filename();
    if (entry.is_directory()) {
      LAKEML_RETURN_IF_ERROR(CopyTree(entry.path(), target));
    } else if (entry.is_regular_file()) {
      fs::copy_file(entry.path(), target, ec);
      if (ec) {
        return Status::IOError(StrCat("Cannot copy ", entry.path().string(), " to ",
                                      target.string(), ": ", ec.message()));
      }
      fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add,
                      ec);
    }
  }
  if (ec) return Status::IOError(StrCat("Cannot list ", from.string(), ": ", ec.message()));
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<TempTableCopy>> TempTableCopy::MakeEmpty() {
  std::error_code ec;
  std::string pattern = (fs::temp_directory_path(ec) / "lakeml-delta-conformance-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::IOError(StrCat("Cannot create a temporary directory: ", pattern));
  }
  std::unique_ptr<TempTableCopy> copy(new TempTableCopy());
  copy->base_ = pattern;
  copy->root_ = pattern;
  return copy;
}

Result<std::unique_ptr<TempTableCopy>> TempTableCopy::Make(const std::string& source_dir) {
  const fs::path source = fs::path(source_dir).lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(source, ec)) {
    return Status::NotFound(StrCat("Table directory not found: ", source_dir));
  }
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<TempTableCopy> copy, MakeEmpty());
  fs::path name = source.filename();
  if (name.empty()) name = source.parent_path().filename();
  copy->root_ = (fs::path(copy->base_) / name).string();
  LAKEML_RETURN_IF_ERROR(CopyTree(source, copy->root_));
  return copy;
}

Status TempTableCopy::AddTree(const std::string& source_dir, const std::string& relative_path) {
  std::error_code ec;
  if (!fs::is_directory(source_dir, ec)) {
    return Status::NotFound(StrCat("Directory not found: ", source_dir));
  }
  return CopyTree(source_dir, fs::path(root_) / relative_path);
}

TempTableCopy::~TempTableCopy() {
  if (base_.empty()) return;
  std::error_code ec;
  fs::remove_all(base_, ec);  // Best effort: a leftover temp dir is harmless.
}

Result<int> TempTableCopy::StripFileNamePrefix(std::string_view prefix) {
  std::vector<fs::path> matches;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file() && name.size() > prefix.size() && name.starts_with(prefix)) {
      matches.push_back(it->path());
    }
  }
  if (ec) return Status::IOError(StrCat("Cannot list ", root_, ": ", ec.message()));
  for (const fs::path& p : matches) {
    const fs::path target = p.parent_path() / p.filename().string().substr(prefix.size());
    fs::rename(p, target, ec);
    if (ec) return Status::IOError(StrCat("Cannot rename ", p.string(), ": ", ec.message()));
  }
  return static_cast<int>(matches.size());
}

Status TempTableCopy::ReplaceInFile(const std::string& relative_path, std::string_view from,
                                    std::string_view to) {
  const fs::path path = fs::path(root_) / relative_path;
  std::string text;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::IOError(StrCat("Cannot read ", path.string()));
    std::ostringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  size_t count = 0;
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
    ++count;
  }
  if (count == 0) {
    return Status::NotFound(StrCat("Text to replace not found: '", from, "' in ", path.string()));
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) return Status::IOError(StrCat("Cannot write ", path.string()));
  return Status::OK();
}

}  // namespace lakeml::conformance
