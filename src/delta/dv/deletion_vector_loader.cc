#include "delta/dv/deletion_vector_loader.h"

#include <array>
#include <cstring>
#include <vector>

#include "base/crc32.h"
#include "base/uuid.h"
#include "delta/dv/z85.h"

namespace lakeml::delta {
namespace {

constexpr size_t kZ85UuidLength = 20;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    const int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument(
          "Invalid deletion vector path: bad percent-escape at position ", i, " in '", text, "'");
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return out;
}

// RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
bool HasScheme(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    const char c = text[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
      return false;
    }
  }
  return true;
}

Result<std::string> ResolveAbsolute(std::string_view uri) {
  std::string_view rest;
  if (uri.starts_with("file://")) {
    rest = uri.substr(7);
    if (rest.starts_with("localhost/")) rest.remove_prefix(9);
    if (!rest.starts_with('/')) {
      return Status::InvalidArgument(
          "Invalid deletion vector path: file URI with a remote host is not supported: ", uri);
    }
  } else if (uri.starts_with("file:")) {
    rest = uri.substr(5);
  } else if (HasScheme(uri)) {
    return PercentDecode(uri);  // Another store's URI: its FileSystem interprets it.
  } else {
    rest = uri;
  }
  if (!rest.starts_with('/')) {
    return Status::InvalidArgument(
        "Invalid deletion vector path: storage type 'p' needs an "
        "absolute path: ",
        uri);
  }
  return PercentDecode(rest);
}

uint32_t LoadBE32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

Status CheckCardinality(const RoaringBitmapArray& bitmap, const DeletionVectorDescriptor& dv,
                        std::string_view where) {
  const uint64_t actual = bitmap.Cardinality();
  if (dv.cardinality < 0 || actual != static_cast<uint64_t>(dv.cardinality)) {
    return Status::Corruption("Deletion vector cardinality mismatch: the bitmap holds ", actual,
                              " rows, the log says ", dv.cardinality, ", in ", where);
  }
  return Status::OK();
}

}  // namespace

Result<DeletionVectorFileName> ParseDeletionVectorFileName(std::string_view path_or_inline_dv) {
  if (path_or_inline_dv.size() < kZ85UuidLength) {
    return Status::InvalidArgument(
        "Invalid deletion vector path: shorter than the 20-character Z85 UUID: '",
        path_or_inline_dv, "'");
  }
  const size_t prefix_len = path_or_inline_dv.size() - kZ85UuidLength;
  DeletionVectorFileName name;
  name.prefix = std::string(path_or_inline_dv.substr(0, prefix_len));
  // Writers use random alphanumerics; refuse anything that could leave the table directory.
  if (name.prefix.find_first_of("/\\") != std::string::npos || name.prefix == "." ||
      name.prefix == "..") {
    return Status::InvalidArgument(
        "Invalid deletion vector path: random prefix is not a plain directory name: '", name.prefix,
        "'");
  }
  Result<std::string> bytes = Z85Decode(path_or_inline_dv.substr(prefix_len));
  if (!bytes.ok()) {
    return bytes.status().WithContext("Invalid deletion vector UUID in '", path_or_inline_dv, "'");
  }
  std::array<uint8_t, 16> uuid;
  std::memcpy(uuid.data(), bytes->data(), 16);
  name.uuid = UuidToString(uuid);
  return name;
}

Result<std::string> ResolveDeletionVectorPath(std::string_view table_root,
                                              const DeletionVectorDescriptor& dv) {
  switch (dv.storage_type) {
    case DeletionVectorDescriptor::kUuid: {
      LAKEML_ASSIGN_OR_RETURN(DeletionVectorFileName name,
                              ParseDeletionVectorFileName(dv.path_or_inline_dv));
      std::string file = StrCat("deletion_vector_", name.uuid, ".bin");
      if (name.prefix.empty()) return io::JoinPath(table_root, file);
      return io::JoinPath(io::JoinPath(table_root, name.prefix), file);
    }
    case DeletionVectorDescriptor::kAbsolute:
      return ResolveAbsolute(dv.path_or_inline_dv);
    case DeletionVectorDescriptor::kInline:
      return Status::InvalidArgument("Inline deletion vector has no file");
    default:
      return Status::InvalidArgument("Unknown deletion vector storage type: '",
                                     std::string(1, dv.storage_type), "'");
  }
}

Result<RoaringBitmapArray> DecodeInlineDeletionVector(const DeletionVectorDescriptor& dv) {
  // Delta pads the bytes with zeros to a multiple of 4; delta-kernel-rs may use the z85 crate's
  // padded tail instead.
  Result<std::string> bytes = Z85DecodeAllowingPaddedTail(dv.path_or_inline_dv);
  if (!bytes.ok()) return bytes.status().WithContext("Invalid inline deletion vector");
  if (dv.size_in_bytes < 0 || static_cast<size_t>(dv.size_in_bytes) > bytes->size() ||
      bytes->size() - static_cast<size_t>(dv.size_in_bytes) >= 4) {
    return Status::Corruption("Inline deletion vector size mismatch: sizeInBytes is ",
                              dv.size_in_bytes, " but the Z85 text decodes to ", bytes->size(),
                              " bytes");
  }
  Result<RoaringBitmapArray> bitmap =
      RoaringBitmapArray::Deserialize(std::string_view(*bytes).substr(0, dv.size_in_bytes));
  if (!bitmap.ok()) return bitmap.status().WithContext("Invalid inline deletion vector");
  LAKEML_RETURN_IF_ERROR(CheckCardinality(*bitmap, dv, "inline deletion vector"));
  return bitmap;
}

Result<RoaringBitmapArray> LoadDeletionVector(io::FileSystem& fs, std::string_view table_root,
                                              const DeletionVectorDescriptor& dv) {
  if (dv.storage_type == DeletionVectorDescriptor::kInline) return DecodeInlineDeletionVector(dv);
  LAKEML_ASSIGN_OR_RETURN(std::string path, ResolveDeletionVectorPath(table_root, dv));
  // PROTOCOL.md says an absent offset reads as 0, but byte 0 is the version byte; Delta and
  // delta-kernel-rs read the first DV right after it, at 1.
  const int64_t offset = dv.offset.value_or(1);
  if (offset < 1) {
    return Status::Corruption("Invalid deletion vector offset: ", offset,
                              " is before the first entry (byte 1) of ", path);
  }
  if (dv.size_in_bytes < 0) {
    return Status::Corruption("Invalid deletion vector size: sizeInBytes is ", dv.size_in_bytes,
                              " for ", path);
  }
  Result<std::unique_ptr<io::RandomAccessFile>> file = fs.OpenForRead(path);
  if (!file.ok()) return file.status().WithContext("Cannot open deletion vector file ", path);
  LAKEML_ASSIGN_OR_RETURN(const int64_t file_size, (*file)->Size());
  const int64_t size = dv.size_in_bytes;
  const int64_t entry_end = offset + 4 + size + 4;  // Size field, bitmap, CRC.
  if (entry_end > file_size) {
    return Status::Corruption("Truncated deletion vector file: the entry at offset ", offset,
                              " needs ", entry_end, " bytes, the file has ", file_size, ": ", path);
  }
  // One read when the entry follows the version byte (the usual case), two otherwise.
  const int64_t read_from = offset == 1 ? 0 : offset;
  std::vector<uint8_t> buf(static_cast<size_t>(entry_end - read_from));
  LAKEML_RETURN_IF_ERROR((*file)->ReadAt(read_from, static_cast<int64_t>(buf.size()), buf.data()));
  uint8_t version = buf[0];
  if (offset != 1) LAKEML_RETURN_IF_ERROR((*file)->ReadAt(0, 1, &version));
  if (version != kDeletionVectorFileVersion) {
    return Status::Corruption("Unsupported deletion vector file version: ", int{version},
                              " (expected 1) in ", path);
  }
  const uint8_t* entry = buf.data() + (offset - read_from);
  const uint32_t stored_size = LoadBE32(entry);
  if (stored_size != static_cast<uint32_t>(size)) {
    return Status::Corruption("Deletion vector size mismatch: the file says ", stored_size,
                              " bytes, the log says ", size, ", in ", path, " at offset ", offset);
  }
  const uint8_t* data = entry + 4;
  const uint32_t stored_crc = LoadBE32(data + size);
  const uint32_t crc = Crc32(0, data, static_cast<size_t>(size));
  if (stored_crc != crc) {
    return Status::Corruption("Deletion vector checksum mismatch: stored ", stored_crc,
                              ", computed ", crc, ", in ", path, " at offset ", offset);
  }
  Result<RoaringBitmapArray> bitmap = RoaringBitmapArray::Deserialize(
      std::string_view(reinterpret_cast<const char*>(data), static_cast<size_t>(size)));
  if (!bitmap.ok()) {
    return bitmap.status().WithContext("Invalid deletion vector in ", path, " at offset ", offset);
  }
  LAKEML_RETURN_IF_ERROR(CheckCardinality(*bitmap, dv, StrCat(path, " at offset ", offset)));
  return bitmap;
}

}  // namespace lakeml::delta
