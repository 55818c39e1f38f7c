// DeletionVectorDescriptor: where a data file's deletion vector lives and how big it is, as
// stored in the `deletionVector` field of add and remove actions (PROTOCOL.md, "Deletion
// Vectors"). Plain value; thread-safe to read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace lakeml::delta {

struct DeletionVectorDescriptor {
  // DO NOT CHANGE: stored in Delta logs.
  static constexpr char kInline = 'i';    // pathOrInlineDv is the Z85-encoded bitmap.
  static constexpr char kUuid = 'u';      // pathOrInlineDv is <random prefix><Z85 UUID>.
  static constexpr char kAbsolute = 'p';  // pathOrInlineDv is an absolute path (URI).

  char storage_type = kUuid;
  std::string path_or_inline_dv;
  // Byte offset of the DV inside its file; absent for inline DVs (and means 0 otherwise).
  std::optional<int32_t> offset;
  int32_t size_in_bytes = 0;
  int64_t cardinality = 0;
  std::optional<int64_t> max_row_index;

  // The replay key part of the DV: storageType + pathOrInlineDv (+ "@" + offset when set).
  std::string UniqueId() const {
    std::string id(1, storage_type);
    id += path_or_inline_dv;
    if (offset) {
      id += '@';
      id += std::to_string(*offset);
    }
    return id;
  }

  bool operator==(const DeletionVectorDescriptor&) const = default;
};

}  // namespace lakeml::delta
