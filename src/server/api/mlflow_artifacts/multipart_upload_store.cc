#include "server/api/mlflow_artifacts/multipart_upload_store.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "base/uuid.h"

namespace lakeml::server {
namespace {

namespace fs = std::filesystem;

// DO NOT CHANGE: file names inside an upload's staging directory.
constexpr const char* kTargetFile = "target";
constexpr const char* kNumPartsFile = "num_parts";

// Upload ids are UUIDs; anything else (a path, "..") is not an upload.
bool IsUploadId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-';
  });
}

Status WriteSmallFile(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) return Status::IOError("Cannot write multipart upload state: ", path.string());
  return Status::OK();
}

Status AppendFile(const fs::path& part, FileBodySink* out) {
  std::FILE* in = std::fopen(part.c_str(), "rb");
  if (in == nullptr) {
    return Status::IOError("Cannot read multipart upload part: ", std::strerror(errno), ": ",
                           part.string());
  }
  std::string buffer(1 << 20, '\0');
  Status status;
  while (status.ok()) {
    const size_t n = std::fread(buffer.data(), 1, buffer.size(), in);
    if (n > 0) status = out->Write(std::string_view(buffer.data(), n));
    if (n < buffer.size()) {
      if (std::ferror(in))
        status = Status::IOError("Cannot read multipart upload part: ", part.string());
      break;
    }
  }
  std::fclose(in);
  return status;
}

}  // namespace

Result<std::string> MultipartUploadStore::Create(std::string_view target_path,
                                                 int64_t num_parts) const {
  if (num_parts < 1 || num_parts > kMaxMultipartParts) {
    return Status::InvalidArgument("num_parts must be between 1 and ", kMaxMultipartParts, ": ",
                                   num_parts);
  }
  // Checked (and its directories created) now, so that a bad path fails before any part.
  LAKEML_RETURN_IF_ERROR(root_->ResolveForWrite(target_path).status());
  const std::string upload_id = NewUuid();
  const fs::path dir = root_->staging_dir() / upload_id;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    return Status::IOError("Cannot create multipart upload directory: ", ec.message(), ": ",
                           dir.string());
  }
  LAKEML_RETURN_IF_ERROR(WriteSmallFile(dir / kNumPartsFile, std::to_string(num_parts)));
  LAKEML_RETURN_IF_ERROR(WriteSmallFile(dir / kTargetFile, target_path));
  return upload_id;
}

Result<MultipartUploadStore::Upload> MultipartUploadStore::Find(std::string_view upload_id) const {
  if (!IsUploadId(upload_id)) return Status::NotFound("Multipart upload not found: ", upload_id);
  Upload upload;
  upload.dir = (root_->staging_dir() / std::string(upload_id)).string();
  std::ifstream target(fs::path(upload.dir) / kTargetFile, std::ios::binary);
  std::ifstream parts(fs::path(upload.dir) / kNumPartsFile);
  if (!target || !(parts >> upload.num_parts)) {
    return Status::NotFound("Multipart upload not found: ", upload_id);
  }
  upload.target_path.assign(std::istreambuf_iterator<char>(target),
                            std::istreambuf_iterator<char>());
  return upload;
}

Result<MultipartUploadStore::Upload> MultipartUploadStore::FindFor(
    std::string_view upload_id, std::string_view target_path) const {
  LAKEML_ASSIGN_OR_RETURN(Upload upload, Find(upload_id));
  if (upload.target_path != target_path) {
    return Status::InvalidArgument("Multipart upload ", upload_id,
                                   " is for another artifact: ", target_path);
  }
  return upload;
}

Result<std::unique_ptr<FileBodySink>> MultipartUploadStore::OpenPart(std::string_view upload_id,
                                                                     int64_t part_number) const {
  LAKEML_ASSIGN_OR_RETURN(Upload upload, Find(upload_id));
  if (part_number < 1 || part_number > upload.num_parts) {
    return Status::InvalidArgument("part_number must be between 1 and ", upload.num_parts, ": ",
                                   part_number);
  }
  return FileBodySink::Create((fs::path(upload.dir) / std::to_string(part_number)).string());
}

Status MultipartUploadStore::Complete(std::string_view upload_id, std::string_view target_path,
                                      std::vector<int64_t> part_numbers) const {
  LAKEML_ASSIGN_OR_RETURN(Upload upload, FindFor(upload_id, target_path));
  if (part_numbers.empty()) return Status::InvalidArgument("parts must not be empty");
  std::sort(part_numbers.begin(), part_numbers.end());
  if (std::adjacent_find(part_numbers.begin(), part_numbers.end()) != part_numbers.end()) {
    return Status::InvalidArgument("parts lists a part_number twice");
  }
  std::vector<fs::path> parts;
  for (int64_t number : part_numbers) {
    fs::path part = fs::path(upload.dir) / std::to_string(number);
    std::error_code ec;
    if (number < 1 || number > upload.num_parts || !fs::is_regular_file(part, ec)) {
      return Status::InvalidArgument("Multipart upload part was not uploaded: ", number);
    }
    parts.push_back(std::move(part));
  }
  LAKEML_ASSIGN_OR_RETURN(fs::path final_path, root_->ResolveForWrite(upload.target_path));
  LAKEML_ASSIGN_OR_RETURN(std::unique_ptr<FileBodySink> out,
                          FileBodySink::Create(final_path.string()));
  for (const fs::path& part : parts) LAKEML_RETURN_IF_ERROR(AppendFile(part, out.get()));
  LAKEML_RETURN_IF_ERROR(out->Commit());
  std::error_code ec;
  fs::remove_all(upload.dir, ec);  // The artifact is in place; leftovers only cost disk.
  return Status::OK();
}

Status MultipartUploadStore::Abort(std::string_view upload_id, std::string_view target_path) const {
  LAKEML_ASSIGN_OR_RETURN(Upload upload, FindFor(upload_id, target_path));
  std::error_code ec;
  fs::remove_all(upload.dir, ec);
  if (ec) {
    return Status::IOError("Cannot remove multipart upload: ", ec.message(), ": ", upload_id);
  }
  return Status::OK();
}

}  // namespace lakeml::server
