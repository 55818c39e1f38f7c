#include "delta/dv/deletion_vector_writer.h"

#include <limits>
#include <random>

#include "base/check.h"
#include "base/crc32.h"
#include "base/uuid.h"
#include "delta/dv/deletion_vector_loader.h"
#include "delta/dv/z85.h"

namespace lakeml::delta {
namespace {

void AppendBE32(std::string* out, uint32_t v) {
  const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(b, 4);
}

std::string RandomPrefix(int length) {
  static constexpr char kChars[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::random_device device;
  std::string out;
  for (int i = 0; i < length; ++i) out.push_back(kChars[device() % 62]);
  return out;
}

}  // namespace

DeletionVectorWriter::DeletionVectorWriter(io::FileSystem* fs, std::string table_root,
                                           int random_prefix_length)
    : fs_(fs) {
  LAKEML_CHECK(random_prefix_length >= 0 && random_prefix_length <= 64);
  const std::array<uint8_t, 16> uuid = NewUuidBytes();
  const std::string prefix = RandomPrefix(random_prefix_length);
  path_or_inline_dv_ =
      prefix + Z85Encode(std::string_view(reinterpret_cast<const char*>(uuid.data()), 16));
  const std::string file = StrCat("deletion_vector_", UuidToString(uuid), ".bin");
  path_ = prefix.empty() ? io::JoinPath(table_root, file)
                         : io::JoinPath(io::JoinPath(table_root, prefix), file);
  content_.push_back(static_cast<char>(kDeletionVectorFileVersion));
}

Result<DeletionVectorDescriptor> DeletionVectorWriter::Add(const RoaringBitmapArray& dv) {
  LAKEML_CHECK(!finished_);
  const std::string bitmap = dv.Serialize();
  constexpr uint64_t kMax = std::numeric_limits<int32_t>::max();
  if (content_.size() + 8 + bitmap.size() > kMax) {
    return Status::ResourceExhausted("Deletion vector file too large: adding a ", bitmap.size(),
                                     "-byte DV would pass 2^31 - 1 bytes: ", path_);
  }
  DeletionVectorDescriptor descriptor;
  descriptor.storage_type = DeletionVectorDescriptor::kUuid;
  descriptor.path_or_inline_dv = path_or_inline_dv_;
  descriptor.offset = static_cast<int32_t>(content_.size());
  descriptor.size_in_bytes = static_cast<int32_t>(bitmap.size());
  descriptor.cardinality = static_cast<int64_t>(dv.Cardinality());
  AppendBE32(&content_, static_cast<uint32_t>(bitmap.size()));
  content_ += bitmap;
  AppendBE32(&content_, Crc32(0, bitmap.data(), bitmap.size()));
  ++count_;
  return descriptor;
}

Status DeletionVectorWriter::Finish() {
  LAKEML_CHECK(!finished_);
  finished_ = true;
  if (count_ == 0) return Status::OK();
  Status s = fs_->PutIfAbsent(path_, content_);
  if (!s.ok()) return s.WithContext("Cannot write deletion vector file ", path_);
  content_ = {};
  return Status::OK();
}

DeletionVectorDescriptor InlineDescriptor(const RoaringBitmapArray& dv) {
  const std::string bitmap = dv.Serialize();
  DeletionVectorDescriptor descriptor;
  descriptor.storage_type = DeletionVectorDescriptor::kInline;
  descriptor.path_or_inline_dv = PadAndZ85Encode(bitmap);
  descriptor.size_in_bytes = static_cast<int32_t>(bitmap.size());
  descriptor.cardinality = static_cast<int64_t>(dv.Cardinality());
  return descriptor;
}

}  // namespace lakeml::delta
