// Reading deletion vectors (PROTOCOL.md, "Deletion Vectors" and "Deletion Vector File Storage
// Format"): resolving a descriptor to its file, and loading the bitmap it points at.
//
// A DV file is a version byte (1) followed by DVs, each stored as a 4-byte big-endian size, the
// serialized RoaringBitmapArray, and a 4-byte big-endian CRC-32 of that bitmap. A descriptor's
// offset points at the size field. LoadDeletionVector reads only that one entry, checks the
// size, CRC, version byte and cardinality against the descriptor, and names the DV file in
// every error.
//
// Free functions; thread-safe as far as the FileSystem is (all of ours are).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "delta/deletion_vector_descriptor.h"
#include "delta/dv/roaring_bitmap_array.h"
#include "io/file_system.h"

namespace lakeml::delta {

// DO NOT CHANGE: stored in deletion vector files.
inline constexpr uint8_t kDeletionVectorFileVersion = 1;

// The file a 'u' or 'p' descriptor points at.
// 'u': <table_root>/<random prefix>/deletion_vector_<uuid>.bin, where the last 20 characters of
//      pathOrInlineDv are the Z85-encoded UUID and anything before them is the prefix directory.
// 'p': pathOrInlineDv is an absolute URI: percent-escapes are decoded and a `file:` or
//      `file://` scheme is stripped; other schemes (s3://...) are returned decoded, as they are.
// InvalidArgument for inline descriptors and malformed paths.
Result<std::string> ResolveDeletionVectorPath(std::string_view table_root,
                                              const DeletionVectorDescriptor& dv);

// The UUID text of a 'u' descriptor's file name, and its prefix directory (may be empty).
struct DeletionVectorFileName {
  std::string prefix;
  std::string uuid;  // Canonical 36-character form.
};
Result<DeletionVectorFileName> ParseDeletionVectorFileName(std::string_view path_or_inline_dv);

// Loads the DV a descriptor names: from its file through `fs` ('u', 'p'), or from the log
// itself ('i'). Corruption when the stored bytes disagree with the descriptor or the format.
Result<RoaringBitmapArray> LoadDeletionVector(io::FileSystem& fs, std::string_view table_root,
                                              const DeletionVectorDescriptor& dv);

// Decodes an inline ('i') descriptor.
Result<RoaringBitmapArray> DecodeInlineDeletionVector(const DeletionVectorDescriptor& dv);

}  // namespace lakeml::delta
