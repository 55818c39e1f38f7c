#include "format/parquet/encoding/bit_packer.h"

#include <cstring>

namespace lakeml::parquet {
namespace {

template <typename In>
void Pack(const In* in, int bit_width, int64_t count, uint8_t* out) {
  if (bit_width == 0 || count == 0) return;
  const unsigned __int128 mask = bit_width == 64 ? ~uint64_t{0} : (uint64_t{1} << bit_width) - 1;
  // Invariant: fewer than 64 bits pending in `acc`, so adding up to 64 more fits in 128.
  unsigned __int128 acc = 0;
  int bits = 0;
  for (int64_t i = 0; i < count; ++i) {
    acc |= (static_cast<unsigned __int128>(in[i]) & mask) << bits;
    bits += bit_width;
    if (bits >= 64) {
      const uint64_t word = static_cast<uint64_t>(acc);
      std::memcpy(out, &word, 8);
      out += 8;
      acc >>= 64;
      bits -= 64;
    }
  }
  const uint64_t word = static_cast<uint64_t>(acc);
  std::memcpy(out, &word, (bits + 7) / 8);
}

}  // namespace

void BitPack32(const uint32_t* in, int bit_width, int64_t count, uint8_t* out) {
  Pack(in, bit_width, count, out);
}

void BitPack64(const uint64_t* in, int bit_width, int64_t count, uint8_t* out) {
  Pack(in, bit_width, count, out);
}

}  // namespace lakeml::parquet
