#include "io/memory_file_system.h"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace lakeml::io {
namespace {

std::string Normalize(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// "" for a top-level relative name, "/" for a top-level absolute name.
std::string Parent(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

bool IsRoot(const std::string& dir) { return dir.empty() || dir == "." || dir == "/"; }

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class MemoryRandomAccessFile : public RandomAccessFile {
 public:
  MemoryRandomAccessFile(std::string path, std::shared_ptr<const std::string> data)
      : path_(std::move(path)), data_(std::move(data)) {}

  const std::string& path() const override { return path_; }
  Result<int64_t> Size() const override { return static_cast<int64_t>(data_->size()); }

  Status ReadAt(int64_t offset, int64_t n, uint8_t* out) const override {
    const int64_t size = static_cast<int64_t>(data_->size());
    if (offset < 0 || n < 0) {
      return Status::InvalidArgument("Negative read offset or length: ", path_, ", offset ", offset,
                                     ", length ", n);
    }
    if (offset > size || n > size - offset) {
      return Status::Corruption("Read past end of file: ", path_, ", offset ", offset, ", length ",
                                n, ", file size ", size);
    }
    if (n > 0) std::memcpy(out, data_->data() + offset, static_cast<size_t>(n));
    return Status::OK();
  }

 private:
  std::string path_;
  std::shared_ptr<const std::string> data_;
};

class MemoryWritableFile : public WritableFile {
 public:
  MemoryWritableFile(MemoryFileSystem* fs, std::string path) : fs_(fs), path_(std::move(path)) {}

  const std::string& path() const override { return path_; }

  Status Append(std::string_view data) override {
    if (closed_) return Status::InvalidArgument("Append to a closed file: ", path_);
    buffer_.append(data);
    return Status::OK();
  }
  int64_t Tell() const override { return static_cast<int64_t>(buffer_.size()); }
  Status Sync() override {
    if (closed_) return Status::InvalidArgument("Sync of a closed file: ", path_);
    return fs_->WriteWhole(path_, buffer_);
  }
  Status Close() override {
    if (closed_) return Status::OK();
    closed_ = true;
    return fs_->WriteWhole(path_, buffer_);
  }

 private:
  MemoryFileSystem* fs_;
  std::string path_;
  std::string buffer_;
  bool closed_ = false;
};

}  // namespace

Status MemoryFileSystem::AddDirsLocked(const std::string& dir) {
  std::string d = dir;
  std::vector<std::string> missing;
  while (!IsRoot(d) && dirs_.count(d) == 0) {
    if (files_.count(d) != 0)
      return Status::AlreadyExists("Path exists and is not a directory: ", d);
    missing.push_back(d);
    d = Parent(d);
  }
  for (std::string& m : missing) dirs_.insert(std::move(m));
  return Status::OK();
}

Status MemoryFileSystem::StoreLocked(const std::string& path,
                                     std::shared_ptr<const std::string> data) {
  if (dirs_.count(path) != 0) return Status::InvalidArgument("Path is a directory: ", path);
  LAKEML_RETURN_IF_ERROR(AddDirsLocked(Parent(path)));
  Entry& e = files_[path];
  e.data = std::move(data);
  e.modification_time_ms = NowMs();
  return Status::OK();
}

Status MemoryFileSystem::WriteWhole(const std::string& path, std::string_view data) {
  const std::string p = Normalize(path);
  auto contents = std::make_shared<const std::string>(data);
  std::lock_guard<std::mutex> lock(mu_);
  return StoreLocked(p, std::move(contents));
}

Result<std::unique_ptr<RandomAccessFile>> MemoryFileSystem::OpenForRead(const std::string& path) {
  const std::string p = Normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(p);
  if (it == files_.end()) {
    if (dirs_.count(p) != 0) {
      return Status::InvalidArgument("Cannot open a directory for reading: ", path);
    }
    return Status::NotFound("Cannot open file for reading: ", path, ": No such file or directory");
  }
  return std::unique_ptr<RandomAccessFile>(
      std::make_unique<MemoryRandomAccessFile>(path, it->second.data));
}

Result<std::unique_ptr<WritableFile>> MemoryFileSystem::OpenForWrite(const std::string& path) {
  const std::string p = Normalize(path);
  {
    std::lock_guard<std::mutex> lock(mu_);
    LAKEML_RETURN_IF_ERROR(StoreLocked(p, std::make_shared<const std::string>()));
  }
  return std::unique_ptr<WritableFile>(std::make_unique<MemoryWritableFile>(this, p));
}

Status MemoryFileSystem::PutIfAbsent(const std::string& path, std::string_view data) {
  const std::string p = Normalize(path);
  if (p.empty() || p == "/")
    return Status::InvalidArgument("PutIfAbsent needs a file name: ", path);
  auto contents = std::make_shared<const std::string>(data);
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.count(p) != 0 || dirs_.count(p) != 0) {
    return Status::AlreadyExists("File already exists: ", path);
  }
  return StoreLocked(p, std::move(contents));
}

Result<std::vector<FileInfo>> MemoryFileSystem::List(const std::string& dir) {
  const std::string d = Normalize(dir);
  std::string prefix;
  if (d == "/") {
    prefix = "/";
  } else if (!IsRoot(d)) {
    prefix = d + "/";
  }
  std::vector<FileInfo> out;
  std::lock_guard<std::mutex> lock(mu_);
  if (!IsRoot(d) && dirs_.count(d) == 0) {
    if (files_.count(d) != 0) return Status::InvalidArgument("Not a directory: ", dir);
    return Status::NotFound("Cannot list directory: ", dir, ": No such file or directory");
  }
  auto child_name = [&](const std::string& key) -> std::string_view {
    if (key.size() <= prefix.size() || key.compare(0, prefix.size(), prefix) != 0) return {};
    std::string_view rest(key);
    rest.remove_prefix(prefix.size());
    if (rest.find('/') != std::string_view::npos) return {};
    return rest;
  };
  for (auto it = files_.lower_bound(prefix); it != files_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    std::string_view name = child_name(it->first);
    if (name.empty()) continue;
    FileInfo info;
    info.path = IsRoot(d) && d != "/" ? std::string(name) : JoinPath(dir, name);
    info.size = static_cast<int64_t>(it->second.data->size());
    info.modification_time_ms = it->second.modification_time_ms;
    out.push_back(std::move(info));
  }
  for (auto it = dirs_.lower_bound(prefix); it != dirs_.end(); ++it) {
    if (it->compare(0, prefix.size(), prefix) != 0) break;
    std::string_view name = child_name(*it);
    if (name.empty()) continue;
    FileInfo info;
    info.path = IsRoot(d) && d != "/" ? std::string(name) : JoinPath(dir, name);
    info.is_directory = true;
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return out;
}

Result<FileInfo> MemoryFileSystem::GetFileInfo(const std::string& path) {
  const std::string p = Normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  FileInfo info;
  info.path = path;
  auto it = files_.find(p);
  if (it != files_.end()) {
    info.size = static_cast<int64_t>(it->second.data->size());
    info.modification_time_ms = it->second.modification_time_ms;
    return info;
  }
  if (IsRoot(p) || dirs_.count(p) != 0) {
    info.is_directory = true;
    return info;
  }
  return Status::NotFound("Cannot stat file: ", path, ": No such file or directory");
}

Status MemoryFileSystem::Delete(const std::string& path) {
  const std::string p = Normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  if (files_.erase(p) == 0) {
    if (dirs_.count(p) != 0)
      return Status::IOError("Cannot delete file: ", path, ": Is a directory");
    return Status::NotFound("Cannot delete file: ", path, ": No such file or directory");
  }
  return Status::OK();
}

Status MemoryFileSystem::CreateDirs(const std::string& path) {
  const std::string p = Normalize(path);
  std::lock_guard<std::mutex> lock(mu_);
  return AddDirsLocked(p);
}

}  // namespace lakeml::io
