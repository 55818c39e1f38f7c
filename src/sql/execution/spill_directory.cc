#include "sql/execution/spill_directory.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "base/str_cat.h"
#include "sql/execution/chunk_serializer.h"

namespace lakeml::sql {
namespace {

std::atomic<int64_t> spill_directory_counter{0};

Status SpillIoError(std::string_view what, const std::string& path) {
  return Status::IOError("Spill file ", what, " failed: ", std::strerror(errno), ": ", path);
}

}  // namespace

SpillFile::~SpillFile() {
  if (file_ != nullptr) std::fclose(file_);
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

Status SpillFile::Append(const Chunk& chunk) {
  scratch_.clear();
  ChunkSerializer::Write(chunk, &scratch_);
  const uint64_t size = scratch_.size();
  if (std::fwrite(&size, sizeof(size), 1, file_) != 1 ||
      std::fwrite(scratch_.data(), 1, size, file_) != size) {
    return SpillIoError("write", path_);
  }
  bytes_ += static_cast<int64_t>(size + sizeof(size));
  ++chunks_;
  return Status::OK();
}

Status SpillFile::FinishWriting() {
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) {
    return SpillIoError("flush", path_);
  }
  return Status::OK();
}

Result<bool> SpillFile::Next(const std::vector<columnar::TypePtr>& types, Chunk* out) {
  uint64_t size = 0;
  const size_t got = std::fread(&size, 1, sizeof(size), file_);
  if (got == 0 && std::feof(file_)) return false;
  if (got != sizeof(size) || size > static_cast<uint64_t>(bytes_)) {
    return Status::Corruption("Spill file truncated: ", path_);
  }
  scratch_.resize(size);
  if (std::fread(scratch_.data(), 1, size, file_) != size) return SpillIoError("read", path_);
  size_t consumed = 0;
  LAKEML_ASSIGN_OR_RETURN(*out, ChunkSerializer::Read(scratch_, types, &consumed));
  return true;
}

SpillDirectory::SpillDirectory(std::string base) : base_(std::move(base)) {
  if (base_.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base_ = tmp != nullptr && tmp[0] != '\0' ? tmp : "/tmp";
  }
}

SpillDirectory::~SpillDirectory() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string SpillDirectory::path() const {
  std::lock_guard<std::mutex> lock(mu_);
  return path_;
}

Result<std::unique_ptr<SpillFile>> SpillDirectory::NewFile() {
  std::string file_path;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (path_.empty()) {
      std::string dir = StrCat(base_, "/lakeml-spill-", static_cast<int64_t>(getpid()), "-",
                               spill_directory_counter.fetch_add(1));
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec) {
        return Status::IOError("Cannot create the spill directory: ", ec.message(), ": ", dir);
      }
      path_ = std::move(dir);
    }
    file_path = StrCat(path_, "/", next_file_++, ".spill");
  }
  std::FILE* f = std::fopen(file_path.c_str(), "w+b");
  if (f == nullptr) return SpillIoError("open", file_path);
  return std::make_unique<SpillFile>(std::move(file_path), f);
}

}  // namespace lakeml::sql
