// DeletionVectorWriter: writes one deletion vector file, deletion_vector_<uuid>.bin, holding
// one or more DVs (PROTOCOL.md, "Deletion Vector File Storage Format"), and hands out the
// descriptor ('u' storage) for each DV to put in the add action.
//
// The file is built in memory and published by Finish() with FileSystem::PutIfAbsent, so it
// appears whole or not at all and a UUID collision can never overwrite another writer's file.
// The descriptors are only valid once Finish() has returned OK.
//
// One owner; not thread-safe. The FileSystem must outlive the writer.
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "delta/deletion_vector_descriptor.h"
#include "delta/dv/roaring_bitmap_array.h"
#include "io/file_system.h"

namespace lakeml::delta {

class DeletionVectorWriter {
 public:
  // `random_prefix_length` > 0 puts the file in a directory of that many random alphanumeric
  // characters under the table root (spreads object-store keys); 0 writes it at the root.
  // REQUIRES: 0 <= random_prefix_length <= 64.
  DeletionVectorWriter(io::FileSystem* fs, std::string table_root, int random_prefix_length = 0);

  // Appends `dv` to the file and returns its descriptor. ResourceExhausted if the file would
  // pass 2^31 - 1 bytes (offsets and sizes are 32-bit in the log). An empty DV is stored as
  // given; callers normally drop the DV from the add action instead.
  // REQUIRES: Finish() not called yet.
  Result<DeletionVectorDescriptor> Add(const RoaringBitmapArray& dv);

  // Writes the file. Writes nothing when no DV was added. REQUIRES: called at most once.
  Status Finish();

  // The full path of the file (written by Finish()).
  const std::string& path() const { return path_; }
  // The prefix + Z85 UUID that 'u' descriptors carry.
  const std::string& path_or_inline_dv() const { return path_or_inline_dv_; }
  int num_deletion_vectors() const { return count_; }

 private:
  io::FileSystem* fs_;
  std::string path_;
  std::string path_or_inline_dv_;
  std::string content_;  // The file: version byte, then entries.
  int count_ = 0;
  bool finished_ = false;
};

// A descriptor that stores `dv` inline in the log ('i': Z85 of the serialized bitmap, padded
// with zero bytes to a multiple of 4; sizeInBytes is the unpadded size).
DeletionVectorDescriptor InlineDescriptor(const RoaringBitmapArray& dv);

}  // namespace lakeml::delta
