// libFuzzer target for the page-level decoders: the first bytes choose an encoding, a physical
// type and a bit width; the rest is the encoded stream. Exercises RLE/bit-packed levels and
// dictionary indices, every value decoder, and page header parsing.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "columnar/buffer.h"
#include "format/parquet/encoding/rle_bit_packed_decoder.h"
#include "format/parquet/encoding/value_decoder.h"
#include "format/parquet/metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lakeml;
  using namespace lakeml::parquet;
  if (size < 4) return 0;
  const int selector = data[0] % 4;
  const Encoding encoding = static_cast<Encoding>(data[1] % 10);
  const Type type = static_cast<Type>(data[2] % 8);
  const int bit_width = data[3] % 33;
  const uint8_t* body = data + 4;
  const int64_t body_size = static_cast<int64_t>(size) - 4;
  const int64_t n = std::min<int64_t>(body_size * 8 + 1, 4096);  // Bounded work per input.

  if (selector == 0) {
    RleBitPackedDecoder rle;
    rle.Reset(body, body_size, bit_width);
    std::vector<uint32_t> out(n);
    rle.DecodeIndices(out.data(), n, 1u << (bit_width % 16)).IgnoreError();
    rle.Reset(body, body_size, bit_width % 16);
    std::vector<int16_t> levels(n);
    rle.Decode(levels.data(), n).IgnoreError();
    return 0;
  }
  if (selector == 1) {
    size_t header_size = 0;
    ParsePageHeader(body, body_size, &header_size).status().IgnoreError();
    ParseColumnIndex(body, body_size).status().IgnoreError();
    ParseOffsetIndex(body, body_size).status().IgnoreError();
    return 0;
  }
  const int type_length = 1 + data[3] % 20;
  auto decoder = MakeValueDecoder(encoding, type, type_length);
  if (!decoder.ok()) return 0;
  if (!(*decoder)->Reset(body, body_size, n).ok()) return 0;
  const int64_t chunk = 1 + data[3] % 64;
  for (int64_t done = 0; done < n; done += chunk) {
    const int64_t k = std::min(chunk, n - done);
    Status s;
    if (type == Type::kByteArray) {
      std::vector<int64_t> offsets(k + 1, 0);
      columnar::Buffer bytes;
      s = (*decoder)->DecodeByteArrays(k, offsets.data(), &bytes);
    } else if (type == Type::kBoolean) {
      std::vector<uint8_t> bits((k + 7) / 8 + 1);
      s = (*decoder)->DecodeBooleans(k, bits.data(), 0);
    } else {
      const int width = type == Type::kInt32 || type == Type::kFloat ? 4
                        : type == Type::kInt96                       ? 12
                        : type == Type::kFixedLenByteArray           ? type_length
                                                                     : 8;
      std::vector<uint8_t> out(k * width);
      s = (*decoder)->DecodeFixed(k, out.data());
    }
    if (!s.ok()) break;
  }
  return 0;
}
