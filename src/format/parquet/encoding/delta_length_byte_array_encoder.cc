#include "format/parquet/encoding/delta_length_byte_array_encoder.h"

#include <algorithm>

#include "base/check.h"

namespace lakeml::parquet {

void DeltaLengthByteArrayEncoder::PutByteArrays(const int64_t* offsets, const uint8_t* data,
                                                int64_t n) {
  uint32_t chunk[256];
  for (int64_t done = 0; done < n;) {
    const int64_t c = std::min<int64_t>(n - done, 256);
    for (int64_t i = 0; i < c; ++i) {
      const int64_t len = offsets[done + i + 1] - offsets[done + i];
      LAKEML_CHECK(len >= 0 && len <= INT32_MAX);
      chunk[i] = static_cast<uint32_t>(len);
    }
    lengths_.Put(chunk, c);
    done += c;
  }
  // The values are contiguous in data.
  bytes_.append(reinterpret_cast<const char*>(data + offsets[0]), offsets[n] - offsets[0]);
}

void DeltaLengthByteArrayEncoder::FinishTo(std::string* out) {
  lengths_.FinishTo(out);
  out->append(bytes_);
  bytes_.clear();
}

}  // namespace lakeml::parquet
