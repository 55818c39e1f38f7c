// libFuzzer target for deletion vectors: arbitrary bytes as a serialized RoaringBitmapArray, as
// a deletion vector file, or as inline Z85 text. Must never crash, hang or over-allocate; errors
// are expected and ignored. Whatever parses must behave as a consistent set (checked with
// __builtin_trap, which the fuzzer reports).
//
// The first byte picks the mode: 1 (what every DV file starts with, so the conformance DV files
// are seeds) reads a DV file; any other odd value reads inline Z85; even values read the rest
// as a bitmap.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "delta/dv/deletion_vector_loader.h"
#include "delta/dv/roaring_bitmap_array.h"
#include "delta/dv/z85.h"
#include "io/memory_file_system.h"

namespace {

using lakeml::delta::RoaringBitmapArray;

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void Exercise(std::string_view bytes) {
  auto parsed = RoaringBitmapArray::Deserialize(bytes);
  if (!parsed.ok()) return;
  const RoaringBitmapArray& b = *parsed;
  const uint64_t cardinality = b.Cardinality();
  // Round trip.
  auto again = RoaringBitmapArray::Deserialize(b.Serialize());
  Check(again.ok() && *again == b && again->Cardinality() == cardinality);
  // Iteration agrees with the cardinality and is ascending (bounded work per input).
  if (cardinality <= (1u << 20)) {
    uint64_t n = 0, prev = 0;
    b.ForEach([&](uint64_t v) {
      Check(n == 0 || v > prev);
      Check(b.Contains(v));
      prev = v;
      ++n;
    });
    Check(n == cardinality);
  }
  // MarkRange around the start and the maximum agrees with Contains.
  std::vector<uint8_t> bits(1024);
  for (uint64_t start : {uint64_t{0}, b.Maximum().value_or(0) > 4000 ? *b.Maximum() - 4000 : 0}) {
    std::fill(bits.begin(), bits.end(), 0);
    b.MarkRange(start, 8192, bits.data());
    for (uint64_t i = 0; i < 8192; i += 7) {
      Check(((bits[i / 8] >> (i % 8)) & 1) == (b.Contains(start + i) ? 1 : 0));
    }
  }
  // Union with itself changes nothing.
  RoaringBitmapArray twice = b;
  twice.Merge(b);
  Check(twice.Cardinality() == cardinality);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lakeml;
  if (size < 1) return 0;
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  if (data[0] == 1) {
    // A DV file: the entry right after the version byte, with the size it declares.
    io::MemoryFileSystem fs;
    const std::string path = "/t/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin";
    if (!fs.WriteWhole(path, all).ok()) return 0;
    delta::DeletionVectorDescriptor dv;
    dv.storage_type = delta::DeletionVectorDescriptor::kUuid;
    dv.path_or_inline_dv = "^-aqEH.-t@S}K{vb[*k^";
    dv.offset = 1;
    if (size >= 5) {
      dv.size_in_bytes =
          static_cast<int32_t>((uint32_t{data[1]} << 24) | (uint32_t{data[2]} << 16) |
                               (uint32_t{data[3]} << 8) | data[4]);
    }
    auto loaded = delta::LoadDeletionVector(fs, "/t", dv);
    dv.cardinality = loaded.ok() ? static_cast<int64_t>(loaded->Cardinality()) : 0;
    // The CRC stops mutated entries early; parse the bitmap bytes without it as well.
    if (size > 9) Exercise(all.substr(5, size - 9));
    return 0;
  }
  if (data[0] % 2 == 1) {
    auto bytes = delta::Z85DecodeAllowingPaddedTail(all.substr(1));
    if (bytes.ok()) Exercise(*bytes);
    return 0;
  }
  Exercise(all.substr(1));
  return 0;
}
