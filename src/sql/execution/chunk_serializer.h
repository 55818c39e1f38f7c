// ChunkSerializer: a simple self-describing binary layout of a Chunk, for spill files. Every
// vector is written as its type id, length, null count, and its buffers (validity, values,
// data: each a present flag, a byte count and the bytes) followed by its children, so every
// type works, strings, decimals and nested types included. Integers are little-endian, as the
// machine writes them; spill files never leave the process that wrote them.
//
// Reading takes the column types from the caller (the operator that wrote the chunk knows them)
// and checks each stored type id against them; corrupt or truncated input gives an error, never
// a crash. Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "columnar/data_type.h"
#include "sql/execution/chunk.h"

namespace lakeml::sql {

class ChunkSerializer {
 public:
  // Appends the serialized `chunk` (size, batch_index, columns) to `out`.
  static void Write(const Chunk& chunk, std::string* out);
  // Reads one chunk written by Write from the start of `data`; `*consumed` gets its byte count.
  static Result<Chunk> Read(std::string_view data, const std::vector<columnar::TypePtr>& types,
                            size_t* consumed);
  // The bytes of the chunk's buffers (shared buffers counted once per use), for memory
  // accounting.
  static int64_t MemoryBytes(const Chunk& chunk);
};

}  // namespace lakeml::sql
