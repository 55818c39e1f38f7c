#include "io/local_file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

namespace lakeml::io {
namespace {

constexpr int64_t kWriteBufferSize = 1 << 20;

// Maps an errno value to a Status: "<what>: <path>: <strerror>".
Status ErrnoStatus(int err, std::string_view what, std::string_view path) {
  std::string msg = StrCat(what, ": ", path, ": ", std::strerror(err));
  switch (err) {
    case ENOENT:
      return Status(StatusCode::kNotFound, std::move(msg));
    case EEXIST:
      return Status(StatusCode::kAlreadyExists, std::move(msg));
    case ENOSPC:
    case EDQUOT:
      return Status(StatusCode::kResourceExhausted, std::move(msg));
    default:
      return Status(StatusCode::kIOError, std::move(msg));
  }
}

// The directory part of `path` ("." when there is none).
std::string ParentDir(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

int64_t MtimeMs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

// Writes all of [data, data + n) to fd, retrying on EINTR and short writes.
Status WriteAll(int fd, const char* data, int64_t n, const std::string& path) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, static_cast<size_t>(std::min<int64_t>(n, 1 << 30)));
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "Cannot write file", path);
    }
    data += w;
    n -= w;
  }
  return Status::OK();
}

Status FsyncFd(int fd, const std::string& path) {
  while (::fsync(fd) != 0) {
    if (errno != EINTR) return ErrnoStatus(errno, "Cannot fsync", path);
  }
  return Status::OK();
}

Status FsyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "Cannot open directory for fsync", dir);
  Status s = FsyncFd(fd, dir);
  ::close(fd);
  return s;
}

// A random 64-bit value for temp-file names; distinct across threads and processes.
uint64_t RandomToken() {
  static std::atomic<uint64_t> counter{0};
  thread_local std::mt19937_64 rng([] {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd() ^ static_cast<uint64_t>(::getpid()) << 16;
  }());
  return rng() ^ (counter.fetch_add(1, std::memory_order_relaxed) * 0x9E3779B97F4A7C15ull);
}

class LocalRandomAccessFile : public RandomAccessFile {
 public:
  LocalRandomAccessFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~LocalRandomAccessFile() override { ::close(fd_); }

  const std::string& path() const override { return path_; }

  Result<int64_t> Size() const override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return ErrnoStatus(errno, "Cannot stat file", path_);
    return static_cast<int64_t>(st.st_size);
  }

  std::string Identity() const override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return std::string();
    return StrCat(st.st_dev, ":", st.st_ino, ":", st.st_size, ":", st.st_mtim.tv_sec, ".",
                  st.st_mtim.tv_nsec, ":", st.st_ctim.tv_sec, ".", st.st_ctim.tv_nsec);
  }

  Status ReadAt(int64_t offset, int64_t n, uint8_t* out) const override {
    if (offset < 0 || n < 0) {
      return Status::InvalidArgument("Negative read offset or length: ", path_, ", offset ", offset,
                                     ", length ", n);
    }
    if (n == 0) {
      // Nothing to read, but an offset past the end is still a caller error.
      LAKEML_ASSIGN_OR_RETURN(int64_t size, Size());
      if (offset > size) {
        return Status::Corruption("Read past end of file: ", path_, ", offset ", offset,
                                  ", length 0, file size ", size);
      }
      return Status::OK();
    }
    int64_t done = 0;
    while (done < n) {
      size_t want = static_cast<size_t>(std::min<int64_t>(n - done, 1 << 30));
      ssize_t r = ::pread(fd_, out + done, want, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus(errno, "Cannot read file", path_);
      }
      if (r == 0) {
        int64_t size = -1;
        Result<int64_t> s = Size();
        if (s.ok()) size = *s;
        return Status::Corruption("Read past end of file: ", path_, ", offset ", offset,
                                  ", length ", n, ", file size ", size);
      }
      done += r;
    }
    return Status::OK();
  }

 private:
  std::string path_;
  int fd_;
};

class LocalWritableFile : public WritableFile {
 public:
  LocalWritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~LocalWritableFile() override {
    if (fd_ >= 0) {
      FlushBuffer().IgnoreError();  // Best effort; callers that care call Close().
      ::close(fd_);
    }
  }

  const std::string& path() const override { return path_; }

  Status Append(std::string_view data) override {
    if (fd_ < 0) return Status::InvalidArgument("Append to a closed file: ", path_);
    written_ += static_cast<int64_t>(data.size());
    if (buffer_.size() + data.size() <= static_cast<size_t>(kWriteBufferSize)) {
      buffer_.append(data);
      return Status::OK();
    }
    LAKEML_RETURN_IF_ERROR(FlushBuffer());
    if (data.size() >= static_cast<size_t>(kWriteBufferSize)) {
      return WriteAll(fd_, data.data(), static_cast<int64_t>(data.size()), path_);
    }
    buffer_.append(data);
    return Status::OK();
  }

  int64_t Tell() const override { return written_; }

  Status Sync() override {
    if (fd_ < 0) return Status::InvalidArgument("Sync of a closed file: ", path_);
    LAKEML_RETURN_IF_ERROR(FlushBuffer());
    return FsyncFd(fd_, path_);
  }

  Status Close() override {
    if (fd_ < 0) return Status::OK();
    Status s = FlushBuffer();
    if (::close(fd_) != 0 && s.ok()) s = ErrnoStatus(errno, "Cannot close file", path_);
    fd_ = -1;
    return s;
  }

 private:
  Status FlushBuffer() {
    if (buffer_.empty()) return Status::OK();
    Status s = WriteAll(fd_, buffer_.data(), static_cast<int64_t>(buffer_.size()), path_);
    buffer_.clear();
    return s;
  }

  std::string path_;
  int fd_;
  int64_t written_ = 0;
  std::string buffer_;
};

}  // namespace

Result<std::unique_ptr<RandomAccessFile>> LocalFileSystem::OpenForRead(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return ErrnoStatus(errno, "Cannot open file for reading", path);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus(err, "Cannot stat file", path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument("Cannot open a directory for reading: ", path);
  }
  return std::unique_ptr<RandomAccessFile>(std::make_unique<LocalRandomAccessFile>(path, fd));
}

Result<std::unique_ptr<WritableFile>> LocalFileSystem::OpenForWrite(const std::string& path) {
  LAKEML_RETURN_IF_ERROR(CreateDirs(ParentDir(path)));
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return ErrnoStatus(errno, "Cannot open file for writing", path);
  return std::unique_ptr<WritableFile>(std::make_unique<LocalWritableFile>(path, fd));
}

Status LocalFileSystem::PutIfAbsent(const std::string& path, std::string_view data) {
  const std::string dir = ParentDir(path);
  const std::string name = BaseName(path);
  if (name.empty()) return Status::InvalidArgument("PutIfAbsent needs a file name: ", path);
  // Cheap early answer; the link() below is what makes the check atomic.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return Status::AlreadyExists("File already exists: ", path);
  LAKEML_RETURN_IF_ERROR(CreateDirs(dir));

  char token[17];
  std::snprintf(token, sizeof(token), "%016llx", static_cast<unsigned long long>(RandomToken()));
  const std::string tmp = JoinPath(dir, StrCat(".", name, ".", token, ".tmp"));
  int fd;
  do {
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return ErrnoStatus(errno, "Cannot create temporary file", tmp);
  Status s = WriteAll(fd, data.data(), static_cast<int64_t>(data.size()), tmp);
  if (s.ok()) s = FsyncFd(fd, tmp);
  if (::close(fd) != 0 && s.ok()) s = ErrnoStatus(errno, "Cannot close file", tmp);
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  int link_rc = ::link(tmp.c_str(), path.c_str());
  int link_err = errno;
  ::unlink(tmp.c_str());
  if (link_rc != 0) {
    if (link_err == EEXIST) return Status::AlreadyExists("File already exists: ", path);
    return ErrnoStatus(link_err, "Cannot link temporary file into place", path);
  }
  return FsyncDir(dir);
}

Result<std::vector<FileInfo>> LocalFileSystem::List(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return ErrnoStatus(errno, "Cannot list directory", dir);
  std::vector<FileInfo> out;
  Status status;
  while (true) {
    errno = 0;
    struct dirent* e = ::readdir(d);
    if (e == nullptr) {
      if (errno != 0) status = ErrnoStatus(errno, "Cannot list directory", dir);
      break;
    }
    std::string_view name(e->d_name);
    if (name == "." || name == "..") continue;
    FileInfo info;
    info.path = JoinPath(dir, name);
    struct stat st;
    // Relative to the open directory: no path walk per entry (a Delta log lists 10,000s).
    if (::fstatat(::dirfd(d), e->d_name, &st, 0) != 0) {
      if (errno == ENOENT) continue;  // Deleted (or a dangling link) since readdir.
      status = ErrnoStatus(errno, "Cannot stat file", info.path);
      break;
    }
    info.size = S_ISDIR(st.st_mode) ? 0 : static_cast<int64_t>(st.st_size);
    info.modification_time_ms = MtimeMs(st);
    info.is_directory = S_ISDIR(st.st_mode);
    out.push_back(std::move(info));
  }
  ::closedir(d);
  LAKEML_RETURN_IF_ERROR(status);
  std::sort(out.begin(), out.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return out;
}

Result<FileInfo> LocalFileSystem::GetFileInfo(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, "Cannot stat file", path);
  FileInfo info;
  info.path = path;
  info.size = S_ISDIR(st.st_mode) ? 0 : static_cast<int64_t>(st.st_size);
  info.modification_time_ms = MtimeMs(st);
  info.is_directory = S_ISDIR(st.st_mode);
  return info;
}

Status LocalFileSystem::Delete(const std::string& path) {
  if (::unlink(path.c_str()) != 0) return ErrnoStatus(errno, "Cannot delete file", path);
  return Status::OK();
}

Status LocalFileSystem::CreateDirs(const std::string& path) {
  if (path.empty() || path == "." || path == "/") return Status::OK();
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::OK();
    return Status::AlreadyExists("Path exists and is not a directory: ", path);
  }
  std::string parent = ParentDir(path);
  if (parent != path) LAKEML_RETURN_IF_ERROR(CreateDirs(parent));
  if (::mkdir(path.c_str(), 0755) != 0) {
    int err = errno;
    // Another thread or process may have created it meanwhile.
    if (err == EEXIST && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      return Status::OK();
    }
    return ErrnoStatus(err, "Cannot create directory", path);
  }
  return Status::OK();
}

FileSystem* LocalFs() {
  static LocalFileSystem fs;  // Stateless, so destruction order at exit does not matter.
  return &fs;
}

}  // namespace lakeml::io
