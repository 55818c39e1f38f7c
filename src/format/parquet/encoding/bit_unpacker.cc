#include "format/parquet/encoding/bit_unpacker.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "base/check.h"

namespace lakeml::parquet {
namespace {

// Kernels unpack one block of 32 values, which spans exactly bit_width 32-bit words (4 *
// bit_width bytes). Every shift and mask is a compile-time constant, so each kernel compiles
// to straight-line shift/or/and code with no branches.
constexpr int kBlock = 32;

template <typename Out, int kWidth, int kIndex>
inline Out UnpackOne(const uint32_t* w) {
  constexpr int kStart = kIndex * kWidth;
  constexpr int kWord = kStart / 32;
  constexpr int kShift = kStart % 32;
  if constexpr (sizeof(Out) == 4) {
    uint32_t v = w[kWord] >> kShift;
    if constexpr (kShift + kWidth > 32) v |= w[kWord + 1] << (32 - kShift);
    if constexpr (kWidth < 32) v &= (uint32_t{1} << kWidth) - 1;
    return v;
  } else {
    uint64_t v = uint64_t{w[kWord]} >> kShift;
    if constexpr (kShift + kWidth > 32) v |= uint64_t{w[kWord + 1]} << (32 - kShift);
    if constexpr (kShift + kWidth > 64) v |= uint64_t{w[kWord + 2]} << (64 - kShift);
    if constexpr (kWidth < 64) v &= (uint64_t{1} << kWidth) - 1;
    return v;
  }
}

template <typename Out, int kWidth, size_t... kIndex>
inline void UnpackBlockImpl(const uint32_t* w, Out* __restrict out,
                            std::index_sequence<kIndex...>) {
  ((out[kIndex] = UnpackOne<Out, kWidth, kIndex>(w)), ...);
}

template <typename Out, int kWidth>
void UnpackBlock(const uint8_t* in, Out* __restrict out) {
  if constexpr (kWidth == 0) {
    std::memset(out, 0, sizeof(Out) * kBlock);
  } else {
    // A local copy of the block's words: lets the compiler keep them in registers, since
    // stores to `out` can no longer alias them, and makes the loads alignment-safe.
    uint32_t w[kWidth];
    std::memcpy(w, in, sizeof(w));
    UnpackBlockImpl<Out, kWidth>(w, out, std::make_index_sequence<kBlock>());
  }
}

template <typename Out>
using BlockFn = void (*)(const uint8_t*, Out*);

template <typename Out, size_t... kWidth>
constexpr auto MakeTable(std::index_sequence<kWidth...>) {
  return std::array<BlockFn<Out>, sizeof...(kWidth)>{
      &UnpackBlock<Out, static_cast<int>(kWidth)>...};
}

constexpr auto kTable32 = MakeTable<uint32_t>(std::make_index_sequence<33>());
constexpr auto kTable64 = MakeTable<uint64_t>(std::make_index_sequence<65>());

template <typename Out, size_t N>
inline void Unpack(const std::array<BlockFn<Out>, N>& table, const uint8_t* in, int bit_width,
                   int64_t count, Out* out) {
  LAKEML_DCHECK(bit_width >= 0 && bit_width < static_cast<int>(N));
  const BlockFn<Out> fn = table[bit_width];
  const int64_t block_bytes = 4 * bit_width;
  while (count >= kBlock) {
    fn(in, out);
    in += block_bytes;
    out += kBlock;
    count -= kBlock;
  }
  if (count > 0) {
    // The tail: copy the bytes that exist into a zeroed block so the kernel never reads
    // past the input.
    uint8_t block[4 * 64] = {};
    const int64_t bytes = (count * bit_width + 7) / 8;
    if (bytes > 0) std::memcpy(block, in, bytes);
    Out tmp[kBlock];
    fn(block, tmp);
    std::memcpy(out, tmp, count * sizeof(Out));
  }
}

}  // namespace

void BitUnpack32(const uint8_t* in, int bit_width, int64_t count, uint32_t* out) {
  Unpack(kTable32, in, bit_width, count, out);
}

void BitUnpack64(const uint8_t* in, int bit_width, int64_t count, uint64_t* out) {
  Unpack(kTable64, in, bit_width, count, out);
}

}  // namespace lakeml::parquet
